// One error vocabulary for leotwin: absl::Status / absl::StatusOr at every module and API boundary.
// Mapped to HTTP codes only in api/. No exceptions on hot paths.
#pragma once

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"

namespace leotwin {

using absl::Status;
using absl::StatusOr;

// Prefixes `context` to the message of a failed `status` ("reading ground.csv: <message>"),
// keeping its code and payloads, so a NotFound stays a NotFound (and maps to the same HTTP code)
// however many layers add where it happened. An OK status is returned unchanged.
inline Status WithContext(const Status& status, std::string_view context) {
  if (status.ok()) return status;
  std::string message(context);
  message += ": ";
  message.append(status.message().data(), status.message().size());
  Status out(status.code(), message);
  status.ForEachPayload([&out](absl::string_view type_url, const absl::Cord& payload) {
    out.SetPayload(type_url, payload);
  });
  return out;
}

// The same for a StatusOr: the value passes through untouched.
template <typename T>
StatusOr<T> WithContext(StatusOr<T> status_or, std::string_view context) {
  if (status_or.ok()) return status_or;
  return WithContext(status_or.status(), context);
}

// A failed system call as a Status, "<context>: <the OS error text>", with the one errno -> code
// mapping of the project (files read by base/input.h, outputs written by the CLI):
// absl::ErrnoToStatusCode, except that a path that names no usable file (ENOTDIR, EISDIR) is
// NotFound like ENOENT, a file-size limit (EFBIG) is ResourceExhausted like a full disk, and what
// absl leaves Unknown (EIO, ELOOP, ...) is Unavailable.
inline Status ErrnoError(int error_number, std::string_view context) {
  absl::StatusCode code = absl::ErrnoToStatusCode(error_number);
  switch (error_number) {
    case ENOTDIR:
    case EISDIR:
      code = absl::StatusCode::kNotFound;
      break;
    case EFBIG:
      code = absl::StatusCode::kResourceExhausted;
      break;
    default:
      if (code == absl::StatusCode::kUnknown) code = absl::StatusCode::kUnavailable;
      break;
  }
  std::string message(context);
  message += ": ";
  message += std::strerror(error_number);
  return Status(code, message);
}

}  // namespace leotwin

#define LEOTWIN_STATUS_CONCAT_INNER(a, b) a##b
#define LEOTWIN_STATUS_CONCAT(a, b) LEOTWIN_STATUS_CONCAT_INNER(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define LEOTWIN_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status leotwin_status_ = (expr);           \
    if (!leotwin_status_.ok()) return leotwin_status_; \
  } while (0)

// LEOTWIN_ASSIGN_OR_RETURN(auto x, MakeX()): assigns the value or returns the error.
#define LEOTWIN_ASSIGN_OR_RETURN(lhs, expr) \
  LEOTWIN_ASSIGN_OR_RETURN_IMPL(LEOTWIN_STATUS_CONCAT(leotwin_statusor_, __LINE__), lhs, expr)
#define LEOTWIN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

// As LEOTWIN_RETURN_IF_ERROR, with `context` (anything convertible to std::string_view, evaluated
// only on error) prefixed to the message and the code kept: see WithContext.
#define LEOTWIN_RETURN_IF_ERROR_WITH_CONTEXT(expr, context)                             \
  do {                                                                                  \
    ::absl::Status leotwin_status_ = (expr);                                            \
    if (!leotwin_status_.ok()) return ::leotwin::WithContext(leotwin_status_, context); \
  } while (0)

// As LEOTWIN_ASSIGN_OR_RETURN, with `context` prefixed to the message on error (code kept).
#define LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT(lhs, expr, context)                                \
  LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT_IMPL(LEOTWIN_STATUS_CONCAT(leotwin_statusor_, __LINE__), \
                                             lhs, expr, context)
#define LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT_IMPL(tmp, lhs, expr, context)       \
  auto tmp = (expr);                                                              \
  if (!tmp.ok()) return ::leotwin::WithContext(std::move(tmp).status(), context); \
  lhs = std::move(tmp).value()
