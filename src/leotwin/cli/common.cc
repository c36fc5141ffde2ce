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

StatusOr<std::ofstream> OpenOutput(const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(fmt::format("cannot write {}", path));
  return out;
}

bool IsGeoJsonPath(std::string_view path) {
  return path.ends_with(".geojson") || path.ends_with(".json");
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void PrintElapsed(std::chrono::steady_clock::time_point start) {
  fmt::print("elapsed {:.2f} s\n", SecondsSince(start));
}

}  // namespace leotwin::cli
