// `leotwin routes`: RTT series for many pairs of places at once.
//
//   leotwin routes --pairs pairs.csv --constellation starlink-gen1 --duration 600s --step 1s
//                  --summary summary.csv --csv series.csv
//   leotwin routes --top-cities 10 ...      (every pair among the N most populous cities)
//
// The pairs file is CSV with columns `from` and `to` (place names or "lat,lon").
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/net_flags.h"
#include "leotwin/net/scenario.h"
#include "leotwin/net/series.h"

namespace leotwin::cli {
namespace {

std::string Ms(double v) { return v < net::kInfinity ? fmt::format("{:.2f}", v) : "-"; }

int RunRoutes(const NetFlags& flags, const std::string& pairs_file, int top_cities,
              const std::string& summary_csv, const std::string& series_csv,
              const std::string& json) {
  const auto t0 = std::chrono::steady_clock::now();
  auto options = flags.Scenario();
  if (!options.ok()) {
    return Fail(options.status());
  }
  auto scenario = net::NetScenario::Load(*options);
  if (!scenario.ok()) {
    return Fail(scenario.status());
  }
  std::vector<std::pair<std::string, std::string>> named;
  if (!pairs_file.empty()) {
    std::ifstream in(pairs_file, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "error: {}: cannot open file\n", pairs_file);
      return 1;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = net::ParsePlacePairsCsv(ss.str(), pairs_file);
    if (!parsed.ok()) {
      return Fail(parsed.status());
    }
    named = std::move(*parsed);
  }
  if (top_cities > 0) {
    const auto& cities = scenario->cities();
    const int n = std::min<int>(top_cities, static_cast<int>(cities.size()));
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        named.emplace_back(fmt::format("{}, {}", cities[i].name, cities[i].country),
                           fmt::format("{}, {}", cities[j].name, cities[j].country));
      }
    }
  }
  if (named.empty()) {
    fmt::print(stderr, "error: no pairs: give --pairs FILE and/or --top-cities N\n");
    return 2;
  }
  // One network holding every distinct place.
  std::vector<std::string> places;
  for (const auto& [a, b] : named) places.push_back(a), places.push_back(b);
  std::vector<int> idx;
  auto network = scenario->BuildNetwork(places, &idx);
  if (!network.ok()) {
    return Fail(network.status());
  }
  std::vector<std::pair<int, int>> pairs;
  for (size_t p = 0; p < named.size(); ++p) pairs.emplace_back(idx[2 * p], idx[2 * p + 1]);
  auto duration = ParseDuration(flags.duration, true);
  auto step = ParseDuration(flags.step);
  if (!duration.ok() || !step.ok()) {
    fmt::print(stderr, "error: {}\n",
               std::string((!duration.ok() ? duration.status() : step.status()).message()));
    return 2;
  }
  SimTime start = scenario->default_start();
  if (!flags.start.empty()) {
    auto s = SimTime::Parse(flags.start);
    if (!s.ok()) {
      fmt::print(stderr, "error: --start: {}\n", std::string(s.status().message()));
      return 2;
    }
    start = *s;
  }
  const TimeGrid grid = TimeGrid::Over(start, *duration, *step);
  auto run = flags.Run();
  run.interpolation_knot_ns = scenario->interpolation_knot_ns();
  auto series = net::RouteSeries(**network, scenario->ephemeris(), pairs, grid, run);
  if (!series.ok()) {
    return Fail(series.status());
  }
  const auto& net = **network;
  fmt::print("{} pairs, {} satellites ({}), window {} + {:g} s at {:g} s steps\n", series->size(),
             net.satellite_count(), scenario->lasers() ? "+Grid lasers" : "bent pipe",
             grid.start.ToIso8601(), (grid.end() - grid.start) * 1e-9, grid.step_ns * 1e-9);
  fmt::print("{:<22} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7}\n", "from", "to", "min ms",
             "median", "max", "fiber", "changes", "reach%");
  for (const auto& s : *series) {
    fmt::print("{:<22.22} {:<22.22} {:>9} {:>9} {:>9} {:>9.2f} {:>8} {:>7.1f}\n", s.from_name,
               s.to_name, Ms(s.summary.min_rtt_ms), Ms(s.summary.median_rtt_ms),
               Ms(s.summary.max_rtt_ms), s.fiber.rtt_ms, s.summary.path_changes,
               s.summary.samples ? 100.0 * s.summary.reachable / s.summary.samples : 0.0);
  }
  if (!summary_csv.empty()) {
    auto opened = OpenOutput(summary_csv);
    if (!opened.ok()) return Fail(opened.status());
    std::ofstream& out = *opened;
    out << "from,to,samples,reachable,min_rtt_ms,median_rtt_ms,max_rtt_ms,mean_rtt_ms,"
           "path_changes,unreachable_intervals,great_circle_km,fiber_rtt_ms,inflated_fiber_rtt_"
           "ms\n";
    auto q = [](const std::string& s) {
      return s.find(',') == std::string::npos ? s : "\"" + s + "\"";
    };
    for (const auto& s : *series) {
      const auto& m = s.summary;
      out << fmt::format("{},{},{},{},{},{},{},{},{},{},{:.3f},{:.4f},{:.4f}\n", q(s.from_name),
                         q(s.to_name), m.samples, m.reachable, Ms(m.min_rtt_ms),
                         Ms(m.median_rtt_ms), Ms(m.max_rtt_ms), Ms(m.mean_rtt_ms), m.path_changes,
                         m.unreachable.size(), s.fiber.great_circle_km, s.fiber.rtt_ms,
                         s.fiber.inflated_rtt_ms);
    }
    fmt::print("wrote {}\n", summary_csv);
  }
  if (!series_csv.empty()) {
    auto opened = OpenOutput(series_csv);
    if (!opened.ok()) return Fail(opened.status());
    std::ofstream& out = *opened;
    net::WriteSeriesLongCsv(*series, net, out);
    fmt::print("wrote {}\n", series_csv);
  }
  if (!json.empty()) {
    auto opened = OpenOutput(json);
    if (!opened.ok()) return Fail(opened.status());
    std::ofstream& out = *opened;
    out << "[";
    for (size_t k = 0; k < series->size(); ++k) {
      out << (k ? ",\n" : "\n") << net::SeriesJson((*series)[k], net, /*with_paths=*/false);
    }
    out << "\n]\n";
    fmt::print("wrote {}\n", json);
  }
  PrintElapsed(t0);
  return 0;
}

LEOTWIN_REGISTER_COMMAND(61, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "routes",
      "RTT series for many pairs of places at once (from a file, or all pairs of top cities).\n"
      "Example: leotwin routes --top-cities 5 --duration 300s --step 1s --summary s.csv");
  auto flags = std::make_shared<NetFlags>();
  auto pairs = std::make_shared<std::string>();
  auto top = std::make_shared<int>(0);
  auto summary = std::make_shared<std::string>();
  auto csv = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  cmd->add_option("--pairs", *pairs, "CSV file with columns from,to (place names or lat,lon)");
  cmd->add_option("--top-cities", *top, "Also route every pair among the N most populous cities")
      ->check(CLI::Range(0, 200));
  flags->Add(cmd);
  cmd->add_option("--summary", *summary, "Write one summary line per pair (CSV)");
  cmd->add_option("--csv", *csv, "Write every series in one long CSV");
  cmd->add_option("--json", *json, "Write the series (without paths) as a JSON array");
  cmd->callback([=] { SetExitCode(RunRoutes(*flags, *pairs, *top, *summary, *csv, *json)); });
});

}  // namespace
}  // namespace leotwin::cli
