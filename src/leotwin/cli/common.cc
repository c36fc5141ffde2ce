#include "leotwin/cli/common.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "fmt/format.h"

namespace leotwin::cli {

StatusOr<SimTime> ParseInstantFlag(std::string_view flag, const std::string& value) {
  auto t = SimTime::Parse(value);
  if (!t.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", flag, std::string(t.status().message())));
  }
  return *t;
}

StatusOr<int64_t> ParseDurationFlag(std::string_view flag, const std::string& value,
                                    bool allow_zero) {
  auto d = ParseDuration(value, allow_zero);
  if (!d.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", flag, std::string(d.status().message())));
  }
  return *d;
}

StatusOr<TimeGrid> ParseTimeGrid(const std::string& start, const std::string& duration,
                                 const std::string& step, int64_t max_steps, GridFlagNames names) {
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t0, ParseInstantFlag(names.start, start));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t length,
                           ParseDurationFlag(names.duration, duration, /*allow_zero=*/true));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t dt,
                           ParseDurationFlag(names.step.empty() ? "step" : names.step, step));
  const TimeGrid grid = TimeGrid::Over(t0, length, dt);
  if (grid.count > max_steps && names.step.empty()) {  // A fixed step: only the length helps.
    return absl::OutOfRangeError(
        fmt::format("{} {} gives {} instants; the limit is {} (shorten {})", names.duration,
                    duration, grid.count, max_steps, names.duration));
  }
  if (grid.count > max_steps) {
    return absl::OutOfRangeError(
        fmt::format("{} {} at {} {} gives {} instants; the limit is {} (shorten {} or lengthen {})",
                    names.duration, duration, names.step, step, grid.count, max_steps,
                    names.duration, names.step));
  }
  return grid;
}

Status CheckWorkBound(int64_t units, int64_t limit, std::string_view what) {
  if (units <= limit) return absl::OkStatus();
  return absl::OutOfRangeError(
      fmt::format("{} is {} units of work; the limit is {}", what, units, limit));
}

CLI::Validator FiniteIn(double min, double max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return fmt::format("{} is not a number", text);
        if (!std::isfinite(v) || v < min || v > max) {
          return fmt::format("{} is not a finite number in [{:g}, {:g}]", text, min, max);
        }
        return {};
      },
      fmt::format("FINITE in [{:g} - {:g}]", min, max));
}

CLI::Validator FiniteAbove(double exclusive_min) {
  return CLI::Validator(
      [exclusive_min](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return fmt::format("{} is not a number", text);
        if (!std::isfinite(v) || v <= exclusive_min) {
          return fmt::format("{} is not a finite number above {:g}", text, exclusive_min);
        }
        return {};
      },
      fmt::format("FINITE > {:g}", exclusive_min));
}

const CLI::Validator kNonEmptyPath(
    [](std::string& text) -> std::string { return text.empty() ? "the path is empty" : ""; },
    "PATH");

Status WriteOutput(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  LEOTWIN_ASSIGN_OR_RETURN(auto file, OutputFile::Open(path));
  if (Status written = write(file->stream()); !written.ok()) {
    // A writer that saw its stream fail knows no path or OS error; the file does.
    Status committed = file->Commit();
    return committed.ok() ? written : committed;
  }
  return file->Commit();
}

void ReportSkipped(std::string_view source, int64_t count,
                   const std::vector<orbit::SkippedRecord>& first) {
  if (count <= 0) return;
  fmt::print(stderr, "leotwin: skipped {} bad record{} in {}{}\n", count, count == 1 ? "" : "s",
             source, first.empty() ? "" : fmt::format(" (first: {})", first.front().message));
}

Status CheckLedgerPath(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    return absl::NotFoundError(
        fmt::format("no ledger at {} (create one with 'leotwin policy init --db {}')", path, path));
  }
  if (std::filesystem::is_directory(status)) {
    return absl::InvalidArgumentError(
        fmt::format("{} is a directory, expected a ledger file", path));
  }
  if (!std::filesystem::is_regular_file(status)) {
    return absl::InvalidArgumentError(fmt::format("{} is not a regular file", path));
  }
  return absl::OkStatus();
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
