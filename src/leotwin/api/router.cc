#include "leotwin/api/router.h"

#include <exception>

#include "fmt/format.h"
#include "leotwin/api/http_error.h"

namespace leotwin::api {

std::string DumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse ErrorResponse(const Status& status) {
  HttpResponse r;
  r.status = HttpStatusFor(status);
  r.body = DumpJson(ErrorBody(status));
  return r;
}

HttpResponse ErrorResponse(int http_status, const std::string& code, const std::string& message) {
  HttpResponse r;
  r.status = http_status;
  r.body = DumpJson(ErrorBody(http_status, code, message));
  return r;
}

void Router::Add(std::string method, std::string path, std::string summary, std::string params,
                 ApiHandler handler) {
  for (const Route& r : routes_) {
    if (r.method == method && r.path == path) {
      // A programming error at startup, not a request error.
      throw std::logic_error(fmt::format("route {} {} added twice", method, path));
    }
  }
  routes_.push_back({std::move(method), std::move(path), std::move(summary), std::move(params),
                     std::move(handler)});
}

HttpResponse Router::Handle(const std::string& method, const std::string& target, std::string body,
                            const std::string& client) const {
  const auto [path_view, raw_query] = QueryParams::SplitTarget(target);
  std::string path(path_view);
  // "/api/v1/satellites/" and "/api/v1/satellites" are the same resource.
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const std::string lookup_method = method == "HEAD" ? "GET" : method;

  const Route* match = nullptr;
  std::string allow;
  for (const Route& r : routes_) {
    if (r.path != path) continue;
    if (!allow.empty()) allow += ", ";
    allow += r.method;
    if (r.method == lookup_method) match = &r;
  }
  if (match == nullptr) {
    if (allow.empty()) {
      return ErrorResponse(404, "not_found",
                           fmt::format("no endpoint {} (GET /api/v1 lists them)", path));
    }
    HttpResponse r = ErrorResponse(
        405, "method_not_allowed",
        fmt::format("{} does not accept {} (allowed: {})", path, method.substr(0, 16), allow));
    r.headers.emplace_back("Allow", allow);
    return r;
  }

  StatusOr<QueryParams> query = QueryParams::Parse(raw_query, limits_);
  if (!query.ok()) return ErrorResponse(query.status());

  ApiRequest request{lookup_method, path, *std::move(query), std::move(body), client};
  try {
    StatusOr<ApiReply> reply = match->handler(request);
    if (!reply.ok()) {
      if (reply.status().ok()) return ErrorResponse(500, "internal", "handler returned no value");
      return ErrorResponse(reply.status());
    }
    HttpResponse r;
    r.status = reply->http_status;
    r.content_type = reply->content_type;
    r.body = reply->raw_body.empty() ? DumpJson(reply->body) : std::move(reply->raw_body);
    return r;
  } catch (const std::exception& e) {
    return ErrorResponse(500, "internal", fmt::format("internal error: {}", e.what()));
  } catch (...) {
    return ErrorResponse(500, "internal", "internal error");
  }
}

nlohmann::json Router::Describe() const {
  nlohmann::json out = nlohmann::json::array();
  for (const Route& r : routes_) {
    out.push_back(
        {{"method", r.method}, {"path", r.path}, {"summary", r.summary}, {"params", r.params}});
  }
  return out;
}

}  // namespace leotwin::api
