// Helpers shared by the CLI subcommands: error reporting and common option parsing.
#pragma once

#include <chrono>
#include <fstream>
#include <string>
#include <string_view>

#include "leotwin/base/status.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::cli {

// Prints "leotwin: <message>" to stderr and returns the exit code for `status` (2 for invalid
// arguments and not-found inputs, 1 otherwise).
int Fail(const Status& status);

// A time grid from a start instant, a window length and a step, with their parse errors naming
// the option. REQUIRES: nothing; errors if the grid would exceed `max_steps` instants.
StatusOr<TimeGrid> ParseTimeGrid(const std::string& start, const std::string& duration,
                                 const std::string& step, int64_t max_steps = 100'000'000);

// Opens `path` for writing (truncating it), or an error naming the path.
StatusOr<std::ofstream> OpenOutput(const std::string& path);

// Whether an output path names GeoJSON (.geojson, .json) rather than CSV.
bool IsGeoJsonPath(std::string_view path);

// Seconds of wall time since `start`; PrintElapsed prints them as the commands' last line.
double SecondsSince(std::chrono::steady_clock::time_point start);
void PrintElapsed(std::chrono::steady_clock::time_point start);

}  // namespace leotwin::cli
