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
#include <fstream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/net_flags.h"
#include "leotwin/net/hypatia.h"
#include "leotwin/net/scenario.h"

namespace leotwin::cli {
namespace {

std::string Ms(double v) { return v < net::kInfinity ? fmt::format("{:.2f} ms", v) : "-"; }

int RunRoute(const NetFlags& flags, const std::string& from, const std::string& to,
             const std::string& csv, const std::string& json, const std::string& fstate_dir) {
  const auto t0 = std::chrono::steady_clock::now();
  auto options = flags.Scenario();
  if (!options.ok()) {
    return Fail(options.status());
  }
  auto scenario = net::NetScenario::Load(*options);
  if (!scenario.ok()) {
    return Fail(scenario.status());
  }
  net::RouteRequest req;
  req.from = from;
  req.to = to;
  auto duration = ParseDuration(flags.duration, /*allow_zero=*/true);
  auto step = ParseDuration(flags.step);
  if (!duration.ok() || !step.ok()) {
    fmt::print(stderr, "error: {}\n",
               std::string((!duration.ok() ? duration.status() : step.status()).message()));
    return 2;
  }
  req.duration_ns = *duration;
  req.step_ns = *step;
  if (!flags.start.empty()) {
    auto start = SimTime::Parse(flags.start);
    if (!start.ok()) {
      fmt::print(stderr, "error: --start: {}\n", std::string(start.status().message()));
      return 2;
    }
    req.start = *start;
  }
  auto result = scenario->Route(req, flags.Run());
  if (!result.ok()) {
    return Fail(result.status());
  }
  const auto& s = result->series;
  const auto& net = *result->network;
  const auto& a = net.ground()[s.from];
  const auto& b = net.ground()[s.to];
  fmt::print("{} ({}{:.4f}, {:.4f}) -> {} ({}{:.4f}, {:.4f})\n", a.name,
             a.country.empty() ? "" : a.country + " ", a.lat_deg, a.lon_deg, b.name,
             b.country.empty() ? "" : b.country + " ", b.lat_deg, b.lon_deg);
  fmt::print("constellation {}: {} satellites, {}\n", scenario->constellation().name,
             net.satellite_count(),
             scenario->lasers()
                 ? fmt::format("+Grid lasers ({} links)", net.isls().size())
                 : fmt::format("bent pipe via {} ground nodes", scenario->infrastructure().size()));
  if (const auto& inf = scenario->inferred_slots()) {
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
  if (s.summary.reachable) {
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
  if (!csv.empty()) {
    auto opened = OpenOutput(csv);
    if (!opened.ok()) return Fail(opened.status());
    std::ofstream& out = *opened;
    net::WriteSeriesCsv(s, net, out);
    fmt::print("wrote {} ({} rows)\n", csv, s.samples.size());
  }
  if (!json.empty()) {
    auto opened = OpenOutput(json);
    if (!opened.ok()) return Fail(opened.status());
    std::ofstream& out = *opened;
    out << net::SeriesJson(s, net) << '\n';
    fmt::print("wrote {}\n", json);
  }
  if (!fstate_dir.empty()) {
    // Forwarding state toward both places at every step (first full, then changes), Hypatia style.
    net::HermiteCursor cursor(scenario->ephemeris(), scenario->interpolation_knot_ns());
    net::EcefStatesBuffer states;
    net::Snapshot snap;
    std::vector<net::ForwardingEntry> prev, cur;
    const std::vector<int> dst = {s.from, s.to};
    {
      auto isls = OpenOutput(fstate_dir + "/isls.txt");
      if (!isls.ok()) return Fail(isls.status());
      net::WriteHypatiaIsls(net, *isls);
    }
    for (int64_t k = 0; k < s.grid.count; ++k) {
      const SimTime t = s.grid.At(k);
      if (auto st = cursor.StatesAt(t, &states); !st.ok()) {
        fmt::print(stderr, "error: {}\n", std::string(st.message()));
        return 1;
      }
      net::BuildSnapshot(net, t, states.view(), &snap);
      cur = net::ComputeForwardingState(net, snap, dst);
      auto out = OpenOutput(fmt::format("{}/fstate_{}.txt", fstate_dir, t - s.grid.start));
      if (!out.ok()) return Fail(out.status());
      net::WriteHypatiaFstate(net, dst, cur, k ? &prev : nullptr, *out);
      std::swap(prev, cur);
    }
    fmt::print("wrote {} fstate files and isls.txt to {}\n", s.grid.count, fstate_dir);
  }
  PrintElapsed(t0);
  return 0;
}

LEOTWIN_REGISTER_COMMAND(60, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "route",
      "Round-trip time between two places over time, vs great-circle fiber.\n"
      "Example: leotwin route --from London --to \"New York\" --constellation starlink-gen1 "
      "--duration 600s --step 100ms --csv route.csv");
  auto flags = std::make_shared<NetFlags>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto csv = std::make_shared<std::string>();
  auto json = std::make_shared<std::string>();
  auto fstate = std::make_shared<std::string>();
  cmd->add_option("--from", *from, "Place name (\"London\", \"London, GB\") or \"lat,lon\"")
      ->required();
  cmd->add_option("--to", *to, "Place name or \"lat,lon\"")->required();
  flags->Add(cmd);
  cmd->add_option("--csv", *csv, "Write the series as CSV");
  cmd->add_option("--json", *json, "Write the series and summary as JSON");
  cmd->add_option("--fstate-dir", *fstate,
                  "Write Hypatia forwarding state (fstate_<ns>.txt, isls.txt) into this folder");
  cmd->callback([=] { SetExitCode(RunRoute(*flags, *from, *to, *csv, *json, *fstate)); });
});

}  // namespace
}  // namespace leotwin::cli
