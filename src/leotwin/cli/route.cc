// `leotwin route`: the round-trip time between two places over a constellation, step by step.
//
//   leotwin route --from London --to "New York" --constellation starlink-gen1
//                 --duration 600s --step 100ms --csv route.csv --json route.json
//
// Prints min/median/max RTT, path changes, unreachable time and the great-circle fiber baseline,
// and writes the series (CSV and/or JSON) and optionally Hypatia forwarding state.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/api/series_json.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/net_flags.h"
#include "leotwin/cli/route_hypatia.h"
#include "leotwin/net/hypatia.h"
#include "leotwin/net/scenario.h"

namespace leotwin::cli {
namespace {

std::string Ms(double v) { return v < net::kInfinity ? fmt::format("{:.2f} ms", v) : "-"; }

struct RouteFlags {
  NetFlags net;
  std::string from, to, csv, json, fstate_dir;
};

void PrintRouteSummary(const net::NetScenario& scenario, const net::RouteResult& result) {
  const auto& s = result.series;
  const auto& net = *result.network;
  const auto& a = net.ground()[s.from];
  const auto& b = net.ground()[s.to];
  fmt::print("{} ({}{:.4f}, {:.4f}) -> {} ({}{:.4f}, {:.4f})\n", a.name,
             a.country.empty() ? "" : a.country + " ", a.lat_deg, a.lon_deg, b.name,
             b.country.empty() ? "" : b.country + " ", b.lat_deg, b.lon_deg);
  fmt::print("constellation {}: {} satellites, {}\n", scenario.constellation().name,
             net.satellite_count(),
             !scenario.lasers()
                 ? fmt::format("bent pipe via {} ground nodes", scenario.infrastructure().size())
             : net.options().lasers.topology == net::LaserOptions::Topology::kExplicit
                 ? fmt::format("lasers as listed ({} links)", net.isls().size())
             : net.options().lasers.hypatia_grid
                 ? fmt::format("+Grid lasers, Hypatia's rule ({} links)", net.isls().size())
                 : fmt::format("+Grid lasers ({} links)", net.isls().size()));
  if (const auto& inf = scenario.inferred_slots()) {
    fmt::print("slots inferred: {} shells, {} planes; {} satellites without a slot get no lasers\n",
               inf->shells.size(), inf->total_planes(), inf->unslotted);
  }
  fmt::print("window {} + {:g} s, step {:g} s: {} samples\n", s.grid.start.ToIso8601(),
             (s.grid.end() - s.grid.start) * 1e-9, s.grid.step_ns * 1e-9, s.summary.samples);
  fmt::print("RTT: min {}, median {}, max {}  (reachable {:.1f} %)\n", Ms(s.summary.min_rtt_ms),
             Ms(s.summary.median_rtt_ms), Ms(s.summary.max_rtt_ms),
             s.summary.samples ? 100.0 * s.summary.reachable / s.summary.samples : 0.0);
  int min_hops = 1 << 30, max_hops = 0;
  for (const auto& x : s.samples) {
    if (x.rtt_ms < net::kInfinity)
      min_hops = std::min(min_hops, x.hops), max_hops = std::max(max_hops, x.hops);
  }
  fmt::print("path changes: {}; hops {}..{}\n", s.summary.path_changes, max_hops ? min_hops : 0,
             max_hops);
  fmt::print(
      "fiber baseline: great circle {:.0f} km -> RTT {} at c/1.47 ({} with x{:g} route "
      "inflation)\n",
      s.fiber.great_circle_km, Ms(s.fiber.rtt_ms), Ms(s.fiber.inflated_rtt_ms), s.fiber.inflation);
  if (s.summary.reachable && s.fiber.rtt_ms > 0) {
    fmt::print("median RTT vs great-circle fiber: {:+.1f} %\n",
               100.0 * (s.summary.median_rtt_ms / s.fiber.rtt_ms - 1.0));
  }
  if (s.summary.unreachable.empty()) {
    fmt::print("unreachable: never\n");
  } else {
    int64_t total = 0;
    for (const auto& u : s.summary.unreachable) total += u.samples;
    fmt::print("unreachable: {} interval(s), {} samples; first {} .. {}\n",
               s.summary.unreachable.size(), total, s.summary.unreachable[0].first.ToIso8601(),
               s.summary.unreachable[0].last.ToIso8601());
  }
}

// Hypatia's satellite network state folder for the route's network over its window.
Status WriteFstate(const net::NetScenario& scenario, const net::RouteResult& result,
                   const std::string& dir) {
  const auto& s = result.series;
  LEOTWIN_ASSIGN_OR_RETURN(const net::HypatiaStateReport report,
                           WriteHypatiaFolder(scenario, *result.network, s.grid.start,
                                              s.grid.step_ns, s.grid.end() - s.grid.start, dir));
  if (!report.tles_note.empty()) fmt::print("{}\n", report.tles_note);
  fmt::print(
      "wrote Hypatia state to {}: tles.txt, isls.txt ({} links), ground_stations.txt ({}), "
      "description.txt, gsl_interfaces_info.txt, {}/ ({} steps, {} fstate lines, {:.2f} s, "
      "{:.2f} s CPU)\n",
      dir, result.network->isls().size(), result.network->ground_count(), report.dynamic_dir,
      report.steps, report.fstate_lines, report.seconds, report.cpu_seconds);
  return absl::OkStatus();
}

Status RunRoute(const RouteFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  LEOTWIN_ASSIGN_OR_RETURN(const auto options, f.net.Scenario());
  net::RouteRequest req;
  req.from = f.from;
  req.to = f.to;
  LEOTWIN_ASSIGN_OR_RETURN(req.duration_ns,
                           ParseDurationFlag("--duration", f.net.duration, /*allow_zero=*/true));
  LEOTWIN_ASSIGN_OR_RETURN(req.step_ns, ParseDurationFlag("--step", f.net.step));
  if (!f.net.start.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(req.start, ParseInstantFlag("--start", f.net.start));
  }
  // Early copy of RouteSeries' own bound: fails before the scenario loads (seconds).
  LEOTWIN_RETURN_IF_ERROR(net::CheckRouteSeriesSize(1, req.duration_ns / req.step_ns + 1));
  LEOTWIN_ASSIGN_OR_RETURN(const auto scenario, net::NetScenario::Load(options));
  ReportSkipped(f.net.constellation, scenario.skipped_count(), scenario.skipped());
  LEOTWIN_ASSIGN_OR_RETURN(const auto result, scenario.Route(req, f.net.Run()));
  PrintRouteSummary(scenario, result);
  if (!f.csv.empty()) {
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.csv, [&](std::ostream& out) {
      net::WriteSeriesCsv(result.series, *result.network, out);
      return absl::OkStatus();
    }));
    fmt::print("wrote {} ({} rows)\n", f.csv, result.series.samples.size());
  }
  if (!f.json.empty()) {
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.json, [&](std::ostream& out) {
      out << api::RttSeriesJson(result.series, *result.network, {.paths = true}).dump() << '\n';
      return absl::OkStatus();
    }));
    fmt::print("wrote {}\n", f.json);
  }
  if (!f.fstate_dir.empty()) LEOTWIN_RETURN_IF_ERROR(WriteFstate(scenario, result, f.fstate_dir));
  PrintElapsed(t0);
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(60, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "route",
      "Round-trip time between two places over time, vs great-circle fiber.\n"
      "Example: leotwin route --from London --to \"New York\" --constellation starlink-gen1 "
      "--duration 600s --step 100ms --csv route.csv");
  auto f = std::make_shared<RouteFlags>();
  cmd->add_option("--from", f->from, "Place name (\"London\", \"London, GB\") or \"lat,lon\"")
      ->required();
  cmd->add_option("--to", f->to, "Place name or \"lat,lon\"")->required();
  f->net.Add(cmd);
  cmd->add_option("--csv", f->csv, "Write the series as CSV")->check(kNonEmptyPath);
  cmd->add_option("--json", f->json, "Write the series and summary as JSON")->check(kNonEmptyPath);
  cmd->add_option("--fstate-dir", f->fstate_dir,
                  "Write Hypatia's satellite network state folder here (tles.txt, isls.txt, "
                  "ground_stations.txt, description.txt, gsl_interfaces_info.txt, "
                  "dynamic_state_<step>ms_for_<duration>s/fstate_<ns>.txt; created if missing)")
      ->check(kNonEmptyPath);
  cmd->callback(Runs([f] { return RunRoute(*f); }));
});

}  // namespace
}  // namespace leotwin::cli
