#include "leotwin/cli/common.h"

#include <cstdio>

#include "fmt/format.h"

namespace leotwin::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "leotwin: %s\n", std::string(status.message()).c_str());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kOutOfRange:
      return 2;
    default:
      return 1;
  }
}

StatusOr<TimeGrid> ParseTimeGrid(const std::string& start, const std::string& duration,
                                 const std::string& step, int64_t max_steps) {
  auto t0 = SimTime::Parse(start);
  if (!t0.ok())
    return absl::InvalidArgumentError(
        fmt::format("--start: {}", std::string(t0.status().message())));
  auto length = ParseDuration(duration, /*allow_zero=*/true);
  if (!length.ok())
    return absl::InvalidArgumentError(
        fmt::format("--duration: {}", std::string(length.status().message())));
  auto dt = ParseDuration(step);
  if (!dt.ok())
    return absl::InvalidArgumentError(
        fmt::format("--step: {}", std::string(dt.status().message())));
  const TimeGrid grid = TimeGrid::Over(*t0, *length, *dt);
  if (grid.count > max_steps) {
    return absl::OutOfRangeError(
        fmt::format("--duration {} at --step {} gives {} instants; the limit is {}", duration, step,
                    grid.count, max_steps));
  }
  return grid;
}

}  // namespace leotwin::cli
