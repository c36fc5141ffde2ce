#include "leotwin/api/request_router.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>

#include "fmt/format.h"
#include "leotwin/api/admission.h"
#include "leotwin/api/http_error.h"

namespace leotwin::api {
namespace {

// A 5xx keeps its detail (exception texts, SQLite messages with file paths) in the server log;
// the client gets a reference to find it there.
std::string LogInternal(std::string_view detail) {
  static std::atomic<uint64_t> next{1};
  const uint64_t ref = next.fetch_add(1);
  std::fprintf(stderr, "leotwin: internal error %llu: %.*s\n", static_cast<unsigned long long>(ref),
               static_cast<int>(std::min<size_t>(detail.size(), 2000)), detail.data());
  return fmt::format("internal error (reference {}; the details are in the server log)", ref);
}

}  // namespace

Status CheckDeadline(const ApiRequest& request) {
  if (std::chrono::steady_clock::now() < request.deadline) return absl::OkStatus();
  return absl::DeadlineExceededError(
      "the request ran past its deadline (heavy work is bounded in time: ask for fewer steps, a "
      "coarser level or a shorter window)");
}

std::string DumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse ErrorResponse(const Status& status) {
  HttpResponse r;
  r.status = HttpStatusFor(status);
  // Our own 501 and 504 messages say what to change; any other 5xx is internal.
  if (r.status >= 500 && status.code() != absl::StatusCode::kUnimplemented &&
      status.code() != absl::StatusCode::kDeadlineExceeded) {
    r.body =
        DumpJson(ErrorBody(r.status, ErrorCodeName(status.code()), LogInternal(status.ToString())));
    return r;
  }
  r.body = DumpJson(ErrorBody(status));
  return r;
}

HttpResponse ErrorResponse(int http_status, const std::string& code, const std::string& message) {
  HttpResponse r;
  r.status = http_status;
  r.body = DumpJson(ErrorBody(http_status, code, message));
  return r;
}

void RequestRouter::Add(std::string method, std::string path, std::string summary,
                        std::string params, ApiHandler handler, CostFn cost) {
  for (const Route& r : routes_) {
    if (r.method == method && r.path == path) {
      // A programming error at startup, not a request error.
      throw std::logic_error(fmt::format("route {} {} added twice", method, path));
    }
  }
  routes_.push_back({std::move(method), std::move(path), std::move(summary), std::move(params),
                     std::move(handler), std::move(cost)});
}

HttpResponse RequestRouter::Handle(const std::string& method, const std::string& target,
                                   std::string body, const std::string& client,
                                   Access access) const {
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

  ApiRequest request{lookup_method, path, *std::move(query), std::move(body), client, access};
  if (match->cost && admission_) {
    StatusOr<Cost> cost;
    try {
      cost = match->cost(request);
    } catch (...) {
      cost = absl::InternalError("cost function threw");
    }
    if (!cost.ok()) return ErrorResponse(cost.status());
    return RunHeavy(*match, std::move(request), *cost);
  }
  return Run(*match, request);
}

HttpResponse RequestRouter::Run(const Route& route, const ApiRequest& request) const {
  try {
    StatusOr<ApiReply> reply = route.handler(request);
    if (!reply.ok()) return ErrorResponse(reply.status());
    HttpResponse r;
    r.status = reply->http_status;
    r.content_type = reply->content_type;
    r.body = reply->raw_body.empty() ? DumpJson(reply->body) : std::move(reply->raw_body);
    r.headers = std::move(reply->headers);
    return r;
  } catch (const std::exception& e) {
    return ErrorResponse(500, "internal", LogInternal(e.what()));
  } catch (...) {
    return ErrorResponse(500, "internal", LogInternal("unknown exception"));
  }
}

HttpResponse RequestRouter::RunHeavy(const Route& route, ApiRequest request,
                                     const Cost& cost) const {
  Admission& admission = *admission_;
  const AdmissionOptions& o = admission.options();
  if (cost.units > o.max_request_units) {
    nlohmann::json body = ErrorBody(
        422, "request_too_expensive",
        fmt::format("{} {} would cost {} work units ({}), above the limit of {} per request: ask "
                    "for fewer steps, a coarser level or a shorter window",
                    request.method, request.path, cost.units, cost.what, o.max_request_units));
    body["error"]["cost_units"] = cost.units;
    body["error"]["limit_units"] = o.max_request_units;
    HttpResponse r;
    r.status = 422;
    r.body = DumpJson(body);
    return r;
  }
  if (cost.units < o.heavy_threshold_units) return Run(route, request);
  const auto start = std::chrono::steady_clock::now();
  if (!admission.Acquire(cost.units, start + o.queue_wait)) {
    HttpResponse r = ErrorResponse(
        429, "busy",
        fmt::format("heavy work is at capacity ({} of {} units admitted; this request costs {}): "
                    "retry later",
                    admission.in_flight_units(), o.capacity_units, cost.units));
    r.headers.emplace_back("Retry-After", "2");
    return r;
  }
  request.deadline = start + o.deadline;
  // Shared with the pool: the work may outlive this call when the deadline passes first.
  struct Result {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    HttpResponse response;
  };
  auto result = std::make_shared<Result>();
  auto shared_request = std::make_shared<const ApiRequest>(std::move(request));
  // `this` and `route` outlive the work: the router owns the Admission, which runs its queue to
  // the end before the routes are destroyed.
  admission.Run(cost.units, [this, &route, shared_request, result] {
    HttpResponse r = Run(route, *shared_request);
    std::lock_guard<std::mutex> lock(result->mutex);
    result->response = std::move(r);
    result->done = true;
    result->done_cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(result->mutex);
  // A little past the deadline, so work that checks it can answer its own 504 first.
  if (!result->done_cv.wait_until(lock, shared_request->deadline + std::chrono::milliseconds(200),
                                  [&] { return result->done; })) {
    return ErrorResponse(
        absl::DeadlineExceededError(fmt::format("{} did not finish within its deadline of {} ms",
                                                shared_request->path, o.deadline.count())));
  }
  return std::move(result->response);
}

nlohmann::json RequestRouter::Describe() const {
  nlohmann::json out = nlohmann::json::array();
  for (const Route& r : routes_) {
    out.push_back(
        {{"method", r.method}, {"path", r.path}, {"summary", r.summary}, {"params", r.params}});
  }
  return out;
}

}  // namespace leotwin::api
