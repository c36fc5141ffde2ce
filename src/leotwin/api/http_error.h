// Mapping from the project's error vocabulary (absl::Status) to HTTP. This is the only place in
// leotwin where a Status becomes an HTTP status code; every error response body has the shape
//   {"error": {"code": "<canonical code name>", "status": <HTTP code>, "message": "<text>"}}
#pragma once

#include <string>

#include "leotwin/base/status.h"
#include "nlohmann/json.hpp"

namespace leotwin::api {

// HTTP status code for a non-OK Status:
//   InvalidArgument, OutOfRange, FailedPrecondition(*) -> 400 / 409 (see .cc), NotFound -> 404,
//   AlreadyExists/Aborted -> 409, PermissionDenied -> 403, Unauthenticated -> 401,
//   ResourceExhausted -> 429, Unimplemented -> 501, Unavailable -> 503, DeadlineExceeded -> 504,
//   everything else (Internal, Unknown, DataLoss, Cancelled) -> 500. OK -> 200.
int HttpStatusFor(const Status& status);

// "invalid_argument", "not_found", ... (the absl canonical code name in snake case).
std::string ErrorCodeName(absl::StatusCode code);

// The JSON error body for `status` (REQUIRES: !status.ok()).
nlohmann::json ErrorBody(const Status& status);

// An error body for HTTP-level failures that have no Status (payload too large, unknown route
// outside the API, ...): code is a snake_case name such as "payload_too_large".
nlohmann::json ErrorBody(int http_status, const std::string& code, const std::string& message);

}  // namespace leotwin::api
