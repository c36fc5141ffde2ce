// One error vocabulary for leotwin: absl::Status / absl::StatusOr at every module and API boundary.
// Mapped to HTTP codes only in api/. No exceptions on hot paths.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace leotwin {

using absl::Status;
using absl::StatusOr;

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
