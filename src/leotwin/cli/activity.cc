// `leotwin activity`: a synthetic terminal population around the world's cities, its sessions
// over a window (subject to the policy), aggregated per S2 cell and hour with k-anonymity.
//
//   leotwin activity --terminals 100000 --seed 1 --window 1h --k 10 --out activity.geojson
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
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

int Run(const ActivityFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  auto start = SimTime::Parse(f.at);
  if (!start.ok()) {
    return Fail(
        absl::InvalidArgumentError(fmt::format("--at: {}", std::string(start.status().message()))));
  }
  auto window = ParseDuration(f.window);
  auto bucket = ParseDuration(f.bucket);
  if (!window.ok())
    return Fail(absl::InvalidArgumentError(
        fmt::format("--window: {}", std::string(window.status().message()))));
  if (!bucket.ok())
    return Fail(absl::InvalidArgumentError(
        fmt::format("--bucket: {}", std::string(bucket.status().message()))));
  const SimTime end = *start + *window;

  auto nodes = f.cities.empty() ? net::LoadBundledCities()
                                : net::ReadGroundFile(f.cities, net::GroundKind::kCity);
  if (!nodes.ok()) return Fail(nodes.status());
  activity::PopulationOptions po;
  po.terminals = f.terminals;
  po.seed = f.seed;
  auto pop = activity::GeneratePopulation(activity::CitiesFromGroundNodes(*nodes), po);
  if (!pop.ok()) return Fail(pop.status());

  std::optional<policy::Policy> pol;
  std::string policy_source = "no policy (every session allowed)";
  if (f.policy == "default") {
    auto p = policy::Policy::CreateDefault();
    if (!p.ok()) return Fail(p.status());
    pol.emplace(std::move(*p));
    policy_source = "bundled defaults (no ledger: every territory 'service date unknown')";
  } else if (f.policy == "ledger") {
    auto ledger = ledger::Ledger::OpenReadOnly(f.db.empty() ? ledger::DefaultLedgerPath() : f.db);
    if (!ledger.ok()) return Fail(ledger.status());
    auto p = ledger->PolicyAt(*start);
    if (!p.ok()) return Fail(p.status());
    pol.emplace(std::move(*p));
    policy_source = "ledger " + (f.db.empty() ? ledger::DefaultLedgerPath() : f.db);
  } else if (f.policy != "none") {
    return Fail(absl::InvalidArgumentError(
        fmt::format("--policy {}: expected none, default or ledger", f.policy)));
  }
  activity::SessionOptions so;
  so.sessions_per_day = f.sessions_per_day;
  auto sessions = activity::SimulateSessions(*pop, *start, end, so, pol ? &*pol : nullptr);
  if (!sessions.ok()) return Fail(sessions.status());
  activity::PrivacyConfig privacy{f.base_level, *bucket, f.k};
  auto report = activity::Aggregate(*pop, sessions->sessions, *start, end, privacy, f.level);
  if (!report.ok()) return Fail(report.status());

  fmt::print("population: {} synthetic terminals around {} cities (seed {})\n",
             pop->terminals.size(), pop->cities.size(), f.seed);
  fmt::print("window {} .. {}, policy: {}\n", start->ToIso8601(), end.ToIso8601(), policy_source);
  fmt::print(
      "sessions: {} attempted, {} allowed, {} denied; {} terminals active, {} denied "
      "every session\n",
      sessions->attempted, sessions->sessions.size(), sessions->denied,
      sessions->terminals_with_sessions, sessions->terminals_denied);
  for (int r = 0; r < 16; ++r) {
    if (sessions->denied_by_reason[r] > 0) {
      fmt::print("  denied {}: {}\n", policy::ReasonCodeName(static_cast<policy::ReasonCode>(r)),
                 sessions->denied_by_reason[r]);
    }
  }
  const auto& rp = *report;
  fmt::print("k-anonymity: k = {}, base level {}, bucket {} s; output level {}\n", f.k,
             f.base_level, *bucket / SimTime::kNanosPerSecond, rp.level);
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
        busiest->mean_concurrent(*bucket));
  }
  if (!f.out.empty()) {
    auto out = OpenOutput(f.out);
    if (!out.ok()) return Fail(out.status());
    const bool geojson = IsGeoJsonPath(f.out);
    auto rows =
        geojson ? activity::WriteActivityGeoJson(*out, rp) : activity::WriteActivityCsv(*out, rp);
    if (!rows.ok()) return Fail(rows.status());
    fmt::print("wrote {} ({} rows, {})\n", f.out, *rows, geojson ? "GeoJSON" : "CSV");
  }
  PrintElapsed(t0);
  return 0;
}

LEOTWIN_REGISTER_COMMAND(75, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "activity",
      "Synthetic terminals around cities, their sessions, per-cell activity with k-anonymity.\n"
      "Example: leotwin activity --terminals 100000 --seed 1 --window 1h --k 10 "
      "--out activity.geojson");
  auto f = std::make_shared<ActivityFlags>();
  cmd->add_option("--terminals", f->terminals, "Synthetic terminals")->capture_default_str();
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
  cmd->add_option("--level", f->level, "Output level (<= base level; default: base level)");
  cmd->add_option("--cities", f->cities, "Cities file (CSV/GeoJSON, net/ground.h format)");
  cmd->add_option("--policy", f->policy, "none | default | ledger (with --db)")
      ->capture_default_str();
  cmd->add_option("--db", f->db, "Ledger file for --policy ledger");
  cmd->add_option("--sessions-per-day", f->sessions_per_day, "Mean sessions per terminal per day")
      ->capture_default_str();
  cmd->add_option("--out", f->out, "Write rows: .csv, or .geojson/.json (GeoJSON)");
  cmd->callback([f] { SetExitCode(Run(*f)); });
});

}  // namespace
}  // namespace leotwin::cli
