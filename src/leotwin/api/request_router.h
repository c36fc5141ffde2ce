// The API's request dispatch, independent of any HTTP library: a request (method, target, body,
// client) goes in, a complete response (status, content type, body) comes out. Route handlers are
// plain functions from a parsed ApiRequest to StatusOr<ApiReply>, so each one is unit-testable
// without sockets; errors become JSON bodies here (HttpStatusFor in http_error.h) and nowhere else.
// The httplib wiring (server.h) only copies bytes in and out of RequestRouter::Handle.
//
// Thread safety: routes are added before serving; Handle() is const and may run concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "leotwin/api/query.h"
#include "leotwin/base/status.h"
#include "nlohmann/json.hpp"

namespace leotwin::api {

class Admission;

// Who asks. Subscriber data (terminal service addresses, sponsors, per-terminal decisions) is
// served only to kAdmin: a request that presented the server's admin token (server.h).
enum class Access { kPublic, kAdmin };

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // Without the query, e.g. "/api/v1/satellites".
  QueryParams query;   // Parsed and percent-decoded.
  std::string body;    // Raw request body (POST), already bounded by the server.
  std::string client;  // Remote address (for logs; rate limiting happens before dispatch).
  Access access = Access::kPublic;
  // Heavy work (routes with a cost, admission.h) must stop at this instant: loops over instants
  // check it and return DeadlineExceeded.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Status DeadlineExceeded when `request.deadline` has passed.
Status CheckDeadline(const ApiRequest& request);

// The estimated work of a request (admission.h units) and what it is made of, for the message of
// a refusal ("86401 steps x (4408 satellites + 24 cells)").
struct Cost {
  int64_t units = 0;
  std::string what;
};
using CostFn = std::function<StatusOr<Cost>(const ApiRequest&)>;

struct ApiReply {
  nlohmann::json body;
  std::string content_type = "application/json";
  int http_status = 200;  // 200, or 201 for a created resource.
  // When non-empty, sent as the body instead of body.dump() (for large responses that a handler
  // serializes itself, such as positions of every satellite).
  std::string raw_body;
  // Extra headers (ETag, Cache-Control). A reply that sets Cache-Control replaces the API's
  // default "no-store"; one with an ETag is answered 304 to a matching If-None-Match (server.cc).
  std::vector<std::pair<std::string, std::string>> headers;
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

class RequestRouter {
 public:
  struct Route {
    std::string method;
    std::string path;
    std::string summary;  // One line for the endpoint index (GET /api/v1).
    std::string params;   // Human-readable parameter list, e.g. "at=ISO8601 [format=json|geojson]".
    ApiHandler handler;
    CostFn cost;  // Null: light (runs on the connection thread, no admission).
  };

  // A second route with the same method and path throws std::logic_error (a startup bug).
  void Add(std::string method, std::string path, std::string summary, std::string params,
           ApiHandler handler, CostFn cost = nullptr);
  void Get(std::string path, std::string summary, std::string params, ApiHandler handler,
           CostFn cost = nullptr) {
    Add("GET", std::move(path), std::move(summary), std::move(params), std::move(handler),
        std::move(cost));
  }
  void Post(std::string path, std::string summary, std::string params, ApiHandler handler,
            CostFn cost = nullptr) {
    Add("POST", std::move(path), std::move(summary), std::move(params), std::move(handler),
        std::move(cost));
  }

  // Admission of routes with a cost (admission.h). Without it every route runs inline, unbounded
  // by cost (unit tests). Call before serving.
  void SetAdmission(std::shared_ptr<Admission> admission) { admission_ = std::move(admission); }
  const std::shared_ptr<Admission>& admission() const { return admission_; }

  // Dispatches one request. `target` is the raw request target ("/api/v1/x?a=1"). An unknown path
  // -> 404, a known path with another method -> 405 with an Allow header, a malformed query
  // -> 400, a handler's error Status -> HttpStatusFor(status); a handler that throws -> 500.
  // Every 5xx carries a generic message (the detail goes to the server log on stderr), so
  // exception texts and storage errors never reach a client. A route with a cost: over the
  // per-request limit -> 422, no capacity within the queue wait -> 429, past the deadline -> 504.
  // HEAD is answered like GET (the HTTP layer drops the body).
  HttpResponse Handle(const std::string& method, const std::string& target, std::string body,
                      const std::string& client, Access access = Access::kPublic) const;

  // The endpoint index: [{"method","path","summary","params"}...].
  nlohmann::json Describe() const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  HttpResponse Run(const Route& route, const ApiRequest& request) const;
  HttpResponse RunHeavy(const Route& route, ApiRequest request, const Cost& cost) const;

  std::vector<Route> routes_;
  QueryLimits limits_;
  std::shared_ptr<Admission> admission_;
};

}  // namespace leotwin::api
