// The API's request dispatch, independent of any HTTP library: a request (method, target, body,
// client) goes in, a complete response (status, content type, body) comes out. Route handlers are
// plain functions from a parsed ApiRequest to StatusOr<ApiReply>, so each one is unit-testable
// without sockets; errors become JSON bodies here (HttpStatusFor in http_error.h) and nowhere else.
// The httplib wiring (server.h) only copies bytes in and out of Router::Handle.
//
// Thread safety: routes are added before serving; Handle() is const and may run concurrently.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "leotwin/api/query.h"
#include "leotwin/base/status.h"
#include "nlohmann/json.hpp"

namespace leotwin::api {

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // Without the query, e.g. "/api/v1/satellites".
  QueryParams query;   // Parsed and percent-decoded.
  std::string body;    // Raw request body (POST), already bounded by the server.
  std::string client;  // Remote address (for logs; rate limiting happens before dispatch).
};

struct ApiReply {
  nlohmann::json body;
  std::string content_type = "application/json";
  int http_status = 200;  // 200, or 201 for a created resource.
  // When non-empty, sent as the body instead of body.dump() (for large responses that a handler
  // serializes itself, such as positions of every satellite).
  std::string raw_body;
};

using ApiHandler = std::function<StatusOr<ApiReply>(const ApiRequest&)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers (Allow, ...).
};

// Serializes JSON for the wire: compact, and any invalid UTF-8 (which may come from echoed user
// input) replaced by U+FFFD instead of throwing.
std::string DumpJson(const nlohmann::json& j);

// An error response with the JSON body of http_error.h.
HttpResponse ErrorResponse(const Status& status);
HttpResponse ErrorResponse(int http_status, const std::string& code, const std::string& message);

class Router {
 public:
  struct Route {
    std::string method;
    std::string path;
    std::string summary;  // One line for the endpoint index (GET /api/v1).
    std::string params;   // Human-readable parameter list, e.g. "at=ISO8601 [format=json|geojson]".
    ApiHandler handler;
  };

  // REQUIRES: no route with the same method and path yet.
  void Add(std::string method, std::string path, std::string summary, std::string params,
           ApiHandler handler);
  void Get(std::string path, std::string summary, std::string params, ApiHandler handler) {
    Add("GET", std::move(path), std::move(summary), std::move(params), std::move(handler));
  }
  void Post(std::string path, std::string summary, std::string params, ApiHandler handler) {
    Add("POST", std::move(path), std::move(summary), std::move(params), std::move(handler));
  }

  // Dispatches one request. `target` is the raw request target ("/api/v1/x?a=1"). An unknown path
  // -> 404, a known path with another method -> 405 with an Allow header, a malformed query
  // -> 400, a handler's error Status -> HttpStatusFor(status); a handler that throws -> 500.
  // HEAD is answered like GET (the HTTP layer drops the body).
  HttpResponse Handle(const std::string& method, const std::string& target, std::string body,
                      const std::string& client) const;

  // The endpoint index: [{"method","path","summary","params"}...].
  nlohmann::json Describe() const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  QueryLimits limits_;
};

}  // namespace leotwin::api
