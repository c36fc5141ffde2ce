// Helpers shared by the CLI commands: flag parsing with errors that name the flag, value
// validators, outputs written through OutputFile, and reports of skipped input records.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "leotwin/base/status.h"
#include "leotwin/cli/output.h"
#include "leotwin/orbit/element_loader.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::cli {

// An instant or a duration flag, with the error naming the flag ("--start: ...").
StatusOr<SimTime> ParseInstantFlag(std::string_view flag, const std::string& value);
StatusOr<int64_t> ParseDurationFlag(std::string_view flag, const std::string& value,
                                    bool allow_zero = false);

// A time grid from a start instant, a window length and a step; errors name the flags (by default
// --start, --duration, --step) and refuse grids over `max_steps` instants.
struct GridFlagNames {
  std::string_view start = "--start", duration = "--duration", step = "--step";
};
StatusOr<TimeGrid> ParseTimeGrid(const std::string& start, const std::string& duration,
                                 const std::string& step, int64_t max_steps = 100'000'000,
                                 GridFlagNames names = {});

// Refuses work whose size (`units`, e.g. steps x pairs) exceeds `limit`, naming the request.
Status CheckWorkBound(int64_t units, int64_t limit, std::string_view what);

// CLI11 validators that, unlike CLI::Range, also refuse NaN and infinities.
CLI::Validator FiniteIn(double min, double max);
CLI::Validator FiniteAbove(double exclusive_min);
// Refuses an empty value for an option whose value is a path ("--csv ''").
extern const CLI::Validator kNonEmptyPath;

// Writes one output file through OutputFile (temporary file, checked, renamed into place).
Status WriteOutput(const std::string& path, const std::function<Status(std::ostream&)>& write);

// Prints "leotwin: skipped N bad records in SOURCE (first: ...)" on stderr when N > 0.
void ReportSkipped(std::string_view source, int64_t count,
                   const std::vector<orbit::SkippedRecord>& first);

// The ledger file a command other than `policy init` opens: it must exist and be a regular file
// (a missing path is NotFound naming `policy init`, a folder InvalidArgument); the store then
// refuses files that are not leotwin databases without writing to them.
Status CheckLedgerPath(const std::string& path);

// Whether an output path names GeoJSON (.geojson, .json) rather than CSV.
bool IsGeoJsonPath(std::string_view path);

// Seconds of wall time since `start`; PrintElapsed prints them as the commands' last line.
double SecondsSince(std::chrono::steady_clock::time_point start);
void PrintElapsed(std::chrono::steady_clock::time_point start);

}  // namespace leotwin::cli
