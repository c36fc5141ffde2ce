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
#include <memory>
#include <set>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/api/series_json.h"
#include "leotwin/base/input.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/net_flags.h"
#include "leotwin/net/scenario.h"
#include "leotwin/net/series.h"

namespace leotwin::cli {
namespace {

std::string Ms(double v) { return v < net::kInfinity ? fmt::format("{:.2f}", v) : "-"; }

struct RoutesFlags {
  NetFlags net;
  std::string pairs_file;
  int top_cities = 0;
  std::string summary_csv, series_csv, json;
};

using NamedPairs = std::vector<std::pair<std::string, std::string>>;

// The pairs file as read, before any scenario is loaded: its size is known before any work.
struct PairsFile {
  NamedPairs named;
  std::vector<CsvRecord> records;  // records[p + 1] holds pair p (record 0 is the header).
};

StatusOr<PairsFile> ReadPairsFile(const std::string& path) {
  PairsFile file;
  if (path.empty()) return file;
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  LEOTWIN_ASSIGN_OR_RETURN(file.named, net::ParsePlacePairsCsv(text, path));
  LEOTWIN_ASSIGN_OR_RETURN(file.records, ParseCsv(text, path));
  return file;
}

// The file's pairs (an unknown place reported at its line) followed by all pairs of top cities.
StatusOr<NamedPairs> CollectPairs(const RoutesFlags& f, PairsFile file,
                                  const net::NetScenario& scenario) {
  NamedPairs named = std::move(file.named);
  for (size_t p = 0; p < named.size() && p + 1 < file.records.size(); ++p) {
    for (const std::string* place : {&named[p].first, &named[p].second}) {
      if (Status s = scenario.CheckPlace(*place); !s.ok()) {
        return InputError(f.pairs_file, file.records[p + 1].line, 0, std::string(s.message()));
      }
    }
  }
  const auto& cities = scenario.cities();
  const int n = std::min<int>(f.top_cities, static_cast<int>(cities.size()));
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      named.emplace_back(fmt::format("{}, {}", cities[i].name, cities[i].country),
                         fmt::format("{}, {}", cities[j].name, cities[j].country));
    }
  }
  return named;
}

void PrintTable(const std::vector<net::PairSeries>& series, const net::Network& net,
                const net::NetScenario& scenario, const TimeGrid& grid) {
  fmt::print("{} pairs, {} satellites ({}), window {} + {:g} s at {:g} s steps\n", series.size(),
             net.satellite_count(), scenario.lasers() ? "+Grid lasers" : "bent pipe",
             grid.start.ToIso8601(), (grid.end() - grid.start) * 1e-9, grid.step_ns * 1e-9);
  fmt::print("{:<22} {:<22} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7}\n", "from", "to", "min ms",
             "median", "max", "fiber", "changes", "reach%");
  for (const auto& s : series) {
    fmt::print("{:<22.22} {:<22.22} {:>9} {:>9} {:>9} {:>9.2f} {:>8} {:>7.1f}\n", s.from_name,
               s.to_name, Ms(s.summary.min_rtt_ms), Ms(s.summary.median_rtt_ms),
               Ms(s.summary.max_rtt_ms), s.fiber.rtt_ms, s.summary.path_changes,
               s.summary.samples ? 100.0 * s.summary.reachable / s.summary.samples : 0.0);
  }
}

void WriteSummaryCsv(const std::vector<net::PairSeries>& series, std::ostream& out) {
  out << "from,to,samples,reachable,min_rtt_ms,median_rtt_ms,max_rtt_ms,mean_rtt_ms,"
         "path_changes,unreachable_intervals,great_circle_km,fiber_rtt_ms,inflated_fiber_rtt_"
         "ms\n";
  auto q = [](const std::string& s) {
    return s.find(',') == std::string::npos ? s : "\"" + s + "\"";
  };
  for (const auto& s : series) {
    const auto& m = s.summary;
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{:.3f},{:.4f},{:.4f}\n", q(s.from_name),
                       q(s.to_name), m.samples, m.reachable, Ms(m.min_rtt_ms), Ms(m.median_rtt_ms),
                       Ms(m.max_rtt_ms), Ms(m.mean_rtt_ms), m.path_changes, m.unreachable.size(),
                       s.fiber.great_circle_km, s.fiber.rtt_ms, s.fiber.inflated_rtt_ms);
  }
}

Status WriteOutputs(const RoutesFlags& f, const std::vector<net::PairSeries>& series,
                    const net::Network& net) {
  if (!f.summary_csv.empty()) {
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.summary_csv, [&](std::ostream& out) {
      WriteSummaryCsv(series, out);
      return absl::OkStatus();
    }));
    fmt::print("wrote {}\n", f.summary_csv);
  }
  if (!f.series_csv.empty()) {
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.series_csv, [&](std::ostream& out) {
      net::WriteSeriesLongCsv(series, net, out);
      return absl::OkStatus();
    }));
    fmt::print("wrote {}\n", f.series_csv);
  }
  if (!f.json.empty()) {
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.json, [&](std::ostream& out) {
      out << "[";
      for (size_t k = 0; k < series.size(); ++k) {
        out << (k ? ",\n" : "\n") << api::RttSeriesJson(series[k], net).dump();
      }
      out << "\n]\n";
      return absl::OkStatus();
    }));
    fmt::print("wrote {}\n", f.json);
  }
  return absl::OkStatus();
}

Status RunRoutes(const RoutesFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  LEOTWIN_ASSIGN_OR_RETURN(const auto options, f.net.Scenario());
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t duration,
                           ParseDurationFlag("--duration", f.net.duration, /*allow_zero=*/true));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t step, ParseDurationFlag("--step", f.net.step));
  // The series bound is checked once, before any work: the file's pairs and the top-cities
  // count are both known before the scenario is loaded (top cities may be fewer than asked).
  LEOTWIN_ASSIGN_OR_RETURN(PairsFile pairs_file, ReadPairsFile(f.pairs_file));
  const int64_t top_pairs = int64_t{f.top_cities} * (f.top_cities - 1) / 2;
  const int64_t pair_count = static_cast<int64_t>(pairs_file.named.size()) + top_pairs;
  if (pair_count == 0) {
    return absl::InvalidArgumentError("no pairs: give --pairs FILE and/or --top-cities N");
  }
  LEOTWIN_RETURN_IF_ERROR(net::CheckRouteSeriesSize(pair_count, duration / step + 1));
  LEOTWIN_ASSIGN_OR_RETURN(const auto scenario, net::NetScenario::Load(options));
  ReportSkipped(f.net.constellation, scenario.skipped_count(), scenario.skipped());
  SimTime start = scenario.default_start();
  if (!f.net.start.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(start, ParseInstantFlag("--start", f.net.start));
  }
  const TimeGrid grid = TimeGrid::Over(start, duration, step);
  LEOTWIN_ASSIGN_OR_RETURN(const NamedPairs named,
                           CollectPairs(f, std::move(pairs_file), scenario));
  if (named.empty()) {
    return absl::InvalidArgumentError("no pairs: give --pairs FILE and/or --top-cities N");
  }
  std::vector<std::string> places;  // One network holding every distinct place.
  for (const auto& [a, b] : named) places.push_back(a), places.push_back(b);
  std::vector<int> idx;
  LEOTWIN_ASSIGN_OR_RETURN(const auto network, scenario.BuildNetwork(places, &idx));
  std::vector<std::pair<int, int>> pairs;
  for (size_t p = 0; p < named.size(); ++p) pairs.emplace_back(idx[2 * p], idx[2 * p + 1]);
  auto run = f.net.Run();
  run.interpolation_knot_ns = scenario.interpolation_knot_ns();
  LEOTWIN_ASSIGN_OR_RETURN(const auto series,
                           net::RouteSeries(*network, scenario.ephemeris(), pairs, grid, run));
  PrintTable(series, *network, scenario, grid);
  LEOTWIN_RETURN_IF_ERROR(WriteOutputs(f, series, *network));
  PrintElapsed(t0);
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(61, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "routes",
      "RTT series for many pairs of places at once (from a file, or all pairs of top cities).\n"
      "Example: leotwin routes --top-cities 5 --duration 300s --step 1s --summary s.csv");
  auto f = std::make_shared<RoutesFlags>();
  cmd->add_option("--pairs", f->pairs_file,
                  "CSV file with columns from,to (place names or lat,lon)")
      ->check(kNonEmptyPath);
  cmd->add_option("--top-cities", f->top_cities,
                  "Also route every pair among the N most populous cities")
      ->check(CLI::Range(0, 200));
  f->net.Add(cmd);
  cmd->add_option("--summary", f->summary_csv, "Write one summary line per pair (CSV)")
      ->check(kNonEmptyPath);
  cmd->add_option("--csv", f->series_csv, "Write every series in one long CSV")
      ->check(kNonEmptyPath);
  cmd->add_option("--json", f->json, "Write the series (without paths) as a JSON array")
      ->check(kNonEmptyPath);
  cmd->callback(Runs([f] { return RunRoutes(*f); }));
});

}  // namespace
}  // namespace leotwin::cli
