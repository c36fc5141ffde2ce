// Debug checks behind the `REQUIRES:` lines of the headers (S2 backs its REQUIRES with DCHECKs).
//
//   LEOTWIN_DCHECK(index < size());
//   LEOTWIN_DCHECK_MSG(step_ns > 0, "a time grid needs a positive step");
//
// Active when LEOTWIN_DCHECKS is 1: the `dev` preset sets it (and any build without NDEBUG gets it
// by default). A failed check prints "file:line: contract violated: <condition>" (and the message)
// on stderr and aborts. In release builds (NDEBUG, no LEOTWIN_DCHECKS) the condition is still
// type-checked but never evaluated, so a check costs nothing and its side effects never happen.
//
// A contract is a promise of the caller, not input validation: anything that can come from
// outside (files, HTTP, the command line) is checked with a Status instead.
#pragma once

#include <cstdio>
#include <cstdlib>

#ifndef LEOTWIN_DCHECKS
#ifdef NDEBUG
#define LEOTWIN_DCHECKS 0
#else
#define LEOTWIN_DCHECKS 1
#endif
#endif

namespace leotwin::internal_check {

[[noreturn]] inline void ContractViolated(const char* file, int line, const char* condition,
                                          const char* message) {
  std::fprintf(stderr, "%s:%d: contract violated: %s%s%s\n", file, line, condition,
               message[0] ? ": " : "", message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace leotwin::internal_check

#if LEOTWIN_DCHECKS
#define LEOTWIN_DCHECK_MSG(condition, message)                                                \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      ::leotwin::internal_check::ContractViolated(__FILE__, __LINE__, #condition, (message)); \
    }                                                                                         \
  } while (false)
#else
// `if constexpr (false)` keeps the condition compiled (names checked, variables used) but never
// evaluated.
#define LEOTWIN_DCHECK_MSG(condition, message) \
  do {                                         \
    if constexpr (false) {                     \
      static_cast<void>(condition);            \
      static_cast<void>(message);              \
    }                                          \
  } while (false)
#endif

#define LEOTWIN_DCHECK(condition) LEOTWIN_DCHECK_MSG(condition, "")
