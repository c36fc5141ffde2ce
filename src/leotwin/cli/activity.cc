// `leotwin activity`: a synthetic terminal population around the world's cities, its sessions
// over a window (subject to the policy), aggregated per S2 cell and hour with k-anonymity.
//
//   leotwin activity --terminals 100000 --seed 1 --window 1h --k 10 --out activity.geojson
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/activity/aggregate.h"
#include "leotwin/activity/export.h"
#include "leotwin/activity/population.h"
#include "leotwin/activity/sessions.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/net/ground.h"
#include "leotwin/policy/policy.h"
#include "s2/s2latlng.h"

namespace leotwin::cli {
namespace {

struct ActivityFlags {
  int64_t terminals = 100'000;
  uint64_t seed = 1;
  std::string at = "2025-09-23T18:00:00Z";
  std::string window = "1h";
  std::string bucket = "1h";
  int k = activity::kDefaultK;
  int base_level = activity::kDefaultActivityLevel;
  int level = -1;
  std::string cities;           // "" = bundled data/cities/cities.csv
  std::string policy = "none";  // none | default | ledger
  std::string db;
  std::string out;
  double sessions_per_day = 6.0;
};

// The policy the sessions are subject to, and a line saying where it came from.
StatusOr<std::optional<policy::Policy>> LoadPolicy(const ActivityFlags& f, SimTime start,
                                                   std::string* source) {
  if (f.policy == "none") {
    *source = "no policy (every session allowed)";
    return std::optional<policy::Policy>();
  }
  if (f.policy == "default") {
    *source = "bundled defaults (no ledger: every territory 'service date unknown')";
    LEOTWIN_ASSIGN_OR_RETURN(auto p, policy::Policy::CreateDefault());
    return std::optional<policy::Policy>(std::move(p));
  }
  const std::string db = f.db.empty() ? ledger::DefaultLedgerPath() : f.db;
  *source = "ledger " + db;
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, ledger::Ledger::OpenReadOnly(db));
  LEOTWIN_ASSIGN_OR_RETURN(auto p, ledger.PolicyAt(start));
  return std::optional<policy::Policy>(std::move(p));
}

void PrintSessions(const activity::SessionReport& sessions) {
  fmt::print(
      "sessions: {} attempted, {} allowed, {} denied; {} terminals active, {} denied "
      "every session\n",
      sessions.attempted, sessions.sessions.size(), sessions.denied,
      sessions.terminals_with_sessions, sessions.terminals_denied);
  for (int r = 0; r < 16; ++r) {
    if (sessions.denied_by_reason[r] > 0) {
      fmt::print("  denied {}: {}\n", policy::ReasonCodeName(static_cast<policy::ReasonCode>(r)),
                 sessions.denied_by_reason[r]);
    }
  }
}

void PrintReport(const ActivityFlags& f, int64_t bucket, const activity::ActivityReport& rp) {
  fmt::print("k-anonymity: k = {}, base level {}, bucket {} s; output level {}\n", f.k,
             f.base_level, bucket / SimTime::kNanosPerSecond, rp.level);
  fmt::print(
      "  base cells published {} (terminal-buckets {}), suppressed {} (terminal-buckets "
      "{}, {:.1f} %)\n",
      rp.base_cells_published, rp.terminal_buckets_published, rp.base_cells_suppressed,
      rp.terminal_buckets_suppressed,
      100.0 * rp.terminal_buckets_suppressed /
          std::max<int64_t>(1, rp.terminal_buckets_published + rp.terminal_buckets_suppressed));
  const activity::ActivityRow* busiest = nullptr;
  double gb = 0;
  for (const auto& r : rp.rows) {
    gb += r.gigabytes;
    if (!busiest || r.terminals > busiest->terminals) busiest = &r;
  }
  fmt::print("rows: {} (cell, bucket) rows, {:.1f} GB in published rows\n", rp.rows.size(), gb);
  if (busiest) {
    const S2LatLng c = busiest->cell.ToLatLng();
    fmt::print(
        "  busiest: cell {} ({:+.2f}, {:+.2f}) at {}: {} terminals, {} sessions, "
        "{:.1f} concurrent\n",
        busiest->cell.ToToken(), c.lat().degrees(), c.lng().degrees(),
        busiest->bucket_start.ToIso8601(), busiest->terminals, busiest->sessions,
        busiest->mean_concurrent(bucket));
  }
}

Status RunActivity(const ActivityFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime start, ParseInstantFlag("--at", f.at));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t window, ParseDurationFlag("--window", f.window));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t bucket, ParseDurationFlag("--bucket", f.bucket));
  const SimTime end = start + window;
  LEOTWIN_ASSIGN_OR_RETURN(
      const auto nodes, f.cities.empty() ? net::LoadBundledCities()
                                         : net::ReadGroundFile(f.cities, net::GroundKind::kCity));
  activity::PopulationOptions po;
  po.terminals = f.terminals;
  po.seed = f.seed;
  LEOTWIN_ASSIGN_OR_RETURN(
      const auto pop, activity::GeneratePopulation(activity::CitiesFromGroundNodes(nodes), po));
  std::string policy_source;
  LEOTWIN_ASSIGN_OR_RETURN(const auto pol, LoadPolicy(f, start, &policy_source));
  activity::SessionOptions so;
  so.sessions_per_day = f.sessions_per_day;
  LEOTWIN_ASSIGN_OR_RETURN(const auto sessions,
                           activity::SimulateSessions(pop, start, end, so, pol ? &*pol : nullptr));
  activity::PrivacyConfig privacy{f.base_level, bucket, f.k};
  LEOTWIN_ASSIGN_OR_RETURN(
      const auto report, activity::Aggregate(pop, sessions.sessions, start, end, privacy, f.level));
  fmt::print("population: {} synthetic terminals around {} cities (seed {})\n",
             pop.terminals.size(), pop.cities.size(), f.seed);
  fmt::print("window {} .. {}, policy: {}\n", start.ToIso8601(), end.ToIso8601(), policy_source);
  PrintSessions(sessions);
  PrintReport(f, bucket, report);
  if (!f.out.empty()) {
    const bool geojson = IsGeoJsonPath(f.out);
    int64_t rows = 0;
    LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.out, [&](std::ostream& out) -> Status {
      LEOTWIN_ASSIGN_OR_RETURN(rows, geojson ? activity::WriteActivityGeoJson(out, report)
                                             : activity::WriteActivityCsv(out, report));
      return absl::OkStatus();
    }));
    fmt::print("wrote {} ({} rows, {})\n", f.out, rows, geojson ? "GeoJSON" : "CSV");
  }
  PrintElapsed(t0);
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(75, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "activity",
      "Synthetic terminals around cities, their sessions, per-cell activity with k-anonymity.\n"
      "Example: leotwin activity --terminals 100000 --seed 1 --window 1h --k 10 "
      "--out activity.geojson");
  auto f = std::make_shared<ActivityFlags>();
  cmd->add_option("--terminals", f->terminals, "Synthetic terminals")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  cmd->add_option("--seed", f->seed, "Random seed (population and sessions)")
      ->capture_default_str();
  cmd->add_option("--at", f->at, "Window start (ISO 8601 UTC, on a bucket boundary)")
      ->capture_default_str();
  cmd->add_option("--window", f->window, "Window length (a whole number of buckets)")
      ->capture_default_str();
  cmd->add_option("--bucket", f->bucket, "Time bucket of the release (privacy constant)")
      ->capture_default_str();
  cmd->add_option("--k", f->k, "Minimum distinct terminals per published (cell, bucket)")
      ->capture_default_str()
      ->check(CLI::Range(2, 1'000'000));
  cmd->add_option("--base-level", f->base_level,
                  "S2 level at which k is enforced (privacy constant; 6 ~ 20,600 km2)")
      ->capture_default_str()
      ->check(CLI::Range(0, 12));
  cmd->add_option("--level", f->level, "Output level (<= base level; default: base level)")
      ->check(CLI::Range(0, 12));
  cmd->add_option("--cities", f->cities, "Cities file (CSV/GeoJSON, net/ground.h format)")
      ->check(kNonEmptyPath);
  cmd->add_option("--policy", f->policy, "none | default | ledger (with --db)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "default", "ledger"}));
  cmd->add_option("--db", f->db, "Ledger file for --policy ledger")->check(kNonEmptyPath);
  cmd->add_option("--sessions-per-day", f->sessions_per_day, "Mean sessions per terminal per day")
      ->capture_default_str()
      ->check(FiniteIn(0.0, 1000.0));
  cmd->add_option("--out", f->out, "Write rows: .csv, or .geojson/.json (GeoJSON)")
      ->check(kNonEmptyPath);
  cmd->callback(Runs([f] { return RunActivity(*f); }));
});

}  // namespace
}  // namespace leotwin::cli
