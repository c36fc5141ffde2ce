// `leotwin summary`: propagate a constellation over a time grid and print a per-shell summary
// (count, altitude and latitude range, share of successful propagations, a digest of the
// positions). The main job of scripts/run.sh until `leotwin serve` takes over.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/base/progress.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/constellation_source.h"
#include "leotwin/orbit/frames.h"
#include "nlohmann/json.hpp"

namespace leotwin::cli {
namespace {

struct ShellStats {
  std::string name;
  int64_t satellites = 0;
  int64_t ok = 0, failed = 0;
  double min_alt = std::numeric_limits<double>::infinity(), max_alt = -min_alt;
  double min_lat = std::numeric_limits<double>::infinity(), max_lat = -min_lat;
  uint64_t digest = 1469598103934665603ULL;  // FNV-1a 64 offset basis.

  void Mix(int64_t v) {
    for (int b = 0; b < 8; ++b) {
      digest ^= static_cast<uint64_t>(v >> (8 * b)) & 0xff;
      digest *= 1099511628211ULL;  // FNV-1a 64 prime.
    }
  }
};

struct SummaryArgs {
  std::string constellation = "starlink-gen1";
  std::string start = "2025-09-23T00:00:00Z";
  std::string duration = "1d";
  std::string step = "1m";
  bool json = false;
};

// Propagations one summary may run (~minutes on two cores); more is refused up front.
constexpr int64_t kMaxPropagations = 2'000'000'000;

// One group per shell; element files (no shells) group by inclination to the nearest degree.
std::vector<ShellStats> GroupByShell(const orbit::Constellation& constellation,
                                     std::vector<int>* group) {
  group->assign(constellation.size(), 0);
  std::vector<ShellStats> stats;
  std::map<long, int> by_inclination;
  for (size_t i = 0; i < constellation.size(); ++i) {
    const int shell = constellation.slots[i].shell;
    if (shell >= 0) {
      if (stats.size() < constellation.shells.size()) {
        stats.resize(constellation.shells.size());
        for (size_t s = 0; s < constellation.shells.size(); ++s)
          stats[s].name = constellation.shells[s].name;
      }
      (*group)[i] = shell;
    } else {
      const long key = std::lround(constellation.elements[i].inclination_deg);
      auto [it, inserted] = by_inclination.try_emplace(key, static_cast<int>(stats.size()));
      if (inserted) stats.push_back(ShellStats{.name = fmt::format("inclination {} deg", key)});
      (*group)[i] = it->second;
    }
    ++stats[(*group)[i]].satellites;
  }
  return stats;
}

void Accumulate(const orbit::SatelliteStates& states, const std::vector<int>& group,
                std::vector<ShellStats>* stats) {
  for (size_t i = 0; i < states.size(); ++i) {
    ShellStats& s = (*stats)[group[i]];
    if (states.error[i] != 0) {
      ++s.failed;
      continue;
    }
    ++s.ok;
    const orbit::Geodetic g =
        orbit::EcefToGeodetic(EcefVector{states.x[i], states.y[i], states.z[i]});
    s.min_alt = std::min(s.min_alt, g.height_km);
    s.max_alt = std::max(s.max_alt, g.height_km);
    s.min_lat = std::min(s.min_lat, g.latitude_deg);
    s.max_lat = std::max(s.max_lat, g.latitude_deg);
    // Positions rounded to the metre: the digest changes iff an answer changes by >= 1 m.
    s.Mix(std::llround(states.x[i] * 1e3));
    s.Mix(std::llround(states.y[i] * 1e3));
    s.Mix(std::llround(states.z[i] * 1e3));
  }
}

void PrintJson(const orbit::Constellation& constellation, const TimeGrid& grid,
               const std::vector<ShellStats>& stats) {
  nlohmann::json out = {{"constellation", constellation.name}, {"satellites", constellation.size()},
                        {"start", grid.start.ToIso8601()},     {"steps", grid.count},
                        {"step_seconds", grid.step_ns / 1e9},  {"shells", nlohmann::json::array()}};
  for (const ShellStats& s : stats) {
    const nlohmann::json altitude =
        s.ok ? nlohmann::json{s.min_alt, s.max_alt} : nlohmann::json(nullptr);
    const nlohmann::json latitude =
        s.ok ? nlohmann::json{s.min_lat, s.max_lat} : nlohmann::json(nullptr);
    out["shells"].push_back({{"name", s.name},
                             {"satellites", s.satellites},
                             {"propagations_ok", s.ok},
                             {"propagations_failed", s.failed},
                             {"altitude_km", altitude},
                             {"latitude_deg", latitude},
                             {"digest", fmt::format("{:016x}", s.digest)}});
  }
  fmt::print("{}\n", out.dump(2));
}

void PrintTable(const orbit::Constellation& constellation, const TimeGrid& grid,
                const std::string& step, const std::vector<ShellStats>& stats) {
  fmt::print("{}: {} satellites, {} instants from {} every {}\n", constellation.name,
             constellation.size(), grid.count, grid.start.ToIso8601(), step);
  fmt::print("{:<28} {:>6} {:>19} {:>17} {:>9}  {}\n", "shell", "sats", "altitude km",
             "latitude deg", "failed", "digest");
  for (const ShellStats& s : stats) {
    if (s.ok == 0) {  // Every propagation failed (e.g. decayed objects): no ranges to show.
      fmt::print("{:<28} {:>6} {:>19} {:>17} {:>9}  {:016x}\n", s.name, s.satellites, "-", "-",
                 s.failed, s.digest);
      continue;
    }
    fmt::print("{:<28} {:>6} {:>8.1f} .. {:>7.1f} {:>7.2f} .. {:>6.2f} {:>9}  {:016x}\n", s.name,
               s.satellites, s.min_alt, s.max_alt, s.min_lat, s.max_lat, s.failed, s.digest);
  }
}

Status RunSummary(const SummaryArgs& args) {
  LEOTWIN_ASSIGN_OR_RETURN(const TimeGrid grid,
                           ParseTimeGrid(args.start, args.duration, args.step));
  orbit::ConstellationSourceOptions source_options;
  source_options.preset_epoch = grid.start;
  LEOTWIN_ASSIGN_OR_RETURN(const auto loaded,
                           orbit::LoadConstellation(args.constellation, source_options));
  ReportSkipped(args.constellation, loaded.skipped_count, loaded.skipped);
  const orbit::Constellation& constellation = loaded.constellation;
  LEOTWIN_RETURN_IF_ERROR(
      CheckWorkBound(grid.count * static_cast<int64_t>(constellation.size()), kMaxPropagations,
                     fmt::format("--duration {} at --step {} ({} instants) x {} satellites",
                                 args.duration, args.step, grid.count, constellation.size())));
  LEOTWIN_ASSIGN_OR_RETURN(auto propagator, orbit::BatchPropagator::Create(constellation.elements));
  std::vector<int> group;
  std::vector<ShellStats> stats = GroupByShell(constellation, &group);
  ProgressBar progress("propagating", grid.count);
  orbit::SatelliteStates states;
  for (int64_t k = 0; k < grid.count; ++k) {
    propagator.PropagateEcef(grid.At(k), &states);
    Accumulate(states, group, &stats);
    progress.Advance();
  }
  progress.Finish();
  if (args.json) {
    PrintJson(constellation, grid, stats);
  } else {
    PrintTable(constellation, grid, args.step, stats);
  }
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(10, [](CLI::App& app) {
  auto args = std::make_shared<SummaryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "summary",
      "Propagate a constellation over a time grid and print a per-shell summary.\n"
      "Example: leotwin summary --constellation starlink-gen1 --duration 1d --step 1m");
  cmd->add_option("-c,--constellation", args->constellation,
                  "Preset name (starlink-gen1, starlink-gen2a, kuiper, oneweb, handley2018) or "
                  "a TLE/OMM file")
      ->capture_default_str();
  cmd->add_option("--start", args->start, "First instant (ISO 8601, UTC)")->capture_default_str();
  cmd->add_option("--duration", args->duration, "Length of the window (e.g. 1d, 6h, 600s)")
      ->capture_default_str();
  cmd->add_option("--step", args->step, "Time step (e.g. 1m, 10s)")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  cmd->callback(Runs([args] { return RunSummary(*args); }));
});

}  // namespace
}  // namespace leotwin::cli
