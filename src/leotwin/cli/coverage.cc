// `leotwin coverage`: satellites in view per S2 cell at an instant, or per-cell coverage
// statistics over a window, optionally joined with the availability map, with a summary.
//
//   leotwin coverage --constellation starlink-gen1 --at 2025-09-23T00:00:00Z --level 9
//   leotwin coverage --constellation starlink-gen1 --window 1h --step 1m --out cells.csv
//   leotwin coverage --constellation starlink_20250923.tle --cells land --availability
//                    --db leotwin.db --out cells.geojson
#include "leotwin/coverage/coverage.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/coverage/availability.h"
#include "leotwin/coverage/export.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/orbit/constellation_source.h"
#include "leotwin/policy/policy.h"

namespace leotwin::cli {
namespace {

struct CoverageFlags {
  std::string constellation = "starlink-gen1";
  std::string at = "2025-09-23T00:00:00Z";
  std::string window;  // empty: snapshot only
  std::string step = "1m";
  int level = coverage::kDefaultCellLevel;
  double mask_deg = 25.0;
  std::string cells = "global";  // global | land | box
  std::vector<double> box;       // lat_lo lon_lo lat_hi lon_hi
  bool availability = false;
  std::string db;  // ledger for --availability ("" = bundled defaults, no ledger)
  std::string out;
  std::string only = "all";  // all | covered | uncovered
  double summary_lat = 90.0;
  int worst = 5;
};

std::string Hms(int64_t ns) {
  const int64_t s = ns / SimTime::kNanosPerSecond;
  return s >= 3600 ? fmt::format("{}h{:02}m{:02}s", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}m{:02}s", s / 60, s % 60);
}

int Run(const CoverageFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  auto at = SimTime::Parse(f.at);
  if (!at.ok())
    return Fail(
        absl::InvalidArgumentError(fmt::format("--at: {}", std::string(at.status().message()))));
  TimeGrid times{*at, SimTime::kNanosPerMinute, 1};
  if (!f.window.empty()) {
    auto grid = ParseTimeGrid(f.at, f.window, f.step, 100'000);
    if (!grid.ok()) return Fail(grid.status());
    times = *grid;
  }
  if (f.only != "all" && f.only != "covered" && f.only != "uncovered") {
    return Fail(absl::InvalidArgumentError(
        fmt::format("--only {}: expected all, covered or uncovered", f.only)));
  }
  orbit::ConstellationSourceOptions source;
  source.preset_epoch = *at;
  auto loaded = orbit::LoadConstellation(f.constellation, source);
  if (!loaded.ok()) return Fail(loaded.status());
  const orbit::Constellation& constellation = loaded->constellation;
  auto propagator = orbit::BatchPropagator::Create(constellation.elements);
  if (!propagator.ok()) return Fail(propagator.status());

  std::shared_ptr<const geo::TerritorySet> territories;
  if (f.cells == "land" || f.availability) {
    auto t = geo::TerritorySet::Default();
    if (!t.ok()) return Fail(t.status());
    territories = *t;
  }
  StatusOr<coverage::CellGrid> grid = absl::InvalidArgumentError(
      fmt::format("--cells {}: expected global, land or box (with --box)", f.cells));
  if (f.cells == "global") {
    grid = coverage::CellGrid::Global(f.level);
  } else if (f.cells == "land") {
    grid = coverage::LandGrid(f.level, *territories);
  } else if (f.cells == "box") {
    if (f.box.size() != 4) {
      return Fail(
          absl::InvalidArgumentError("--cells box needs --box LAT_LO LON_LO LAT_HI LON_HI"));
    }
    grid = coverage::CellGrid::InBox(f.box[0], f.box[1], f.box[2], f.box[3], f.level);
  }
  if (!grid.ok()) return Fail(grid.status());
  auto engine = coverage::CoverageEngine::Create(&*grid, {f.mask_deg});
  if (!engine.ok()) return Fail(engine.status());
  const double setup_s = SecondsSince(t0);

  fmt::print("constellation {}: {} satellites\n", constellation.name, constellation.size());
  fmt::print("cells: {} at S2 level {} ({}), mask {:g} deg\n", grid->size(), f.level, f.cells,
             f.mask_deg);

  const auto t1 = std::chrono::steady_clock::now();
  coverage::CellCounts snapshot;
  coverage::PositionBuffer positions;
  positions.Update(*propagator, times.start);
  if (auto s = engine->Snapshot(positions.view(), &snapshot); !s.ok()) return Fail(s);
  const double snapshot_s = SecondsSince(t1);
  if (positions.invalid() > 0) {
    fmt::print("satellites with SGP4 errors at {} (not counted): {}\n", times.start.ToIso8601(),
               positions.invalid());
  }
  std::optional<coverage::WindowAccumulator> window;
  double window_s = 0;
  if (times.count > 1) {
    const auto t2 = std::chrono::steady_clock::now();
    auto w = coverage::ComputeWindow(*engine, *propagator, times);
    if (!w.ok()) return Fail(w.status());
    window.emplace(std::move(*w));
    window_s = SecondsSince(t2);
  } else {
    window.emplace(grid->size(), times.step_ns);
    if (auto s = window->Add(snapshot); !s.ok()) return Fail(s);
  }
  auto summary = coverage::Summarize(*grid, *window, f.worst, f.summary_lat);
  if (!summary.ok()) return Fail(summary.status());
  size_t covered_now = 0;
  uint64_t in_view_now = 0;
  for (uint16_t c : snapshot) covered_now += c > 0, in_view_now += c;
  fmt::print(
      "snapshot {}: {} of {} cells covered ({:.1f} %), mean {:.2f} satellites in view, "
      "max {} ({:.3f} s)\n",
      times.start.ToIso8601(), covered_now, grid->size(),
      100.0 * covered_now / std::max<size_t>(grid->size(), 1),
      static_cast<double>(in_view_now) / std::max<size_t>(grid->size(), 1),
      *std::max_element(snapshot.begin(), snapshot.end()), snapshot_s);
  if (times.count > 1) {
    const auto& s = *summary;
    fmt::print("window {} + {}, step {}: {} instants ({:.2f} s)\n", times.start.ToIso8601(),
               Hms(times.end() - times.start), Hms(times.step_ns), times.count, window_s);
    fmt::print(
        "{}cells: {}; area-weighted time covered {:.2f} %; always covered {} ({:.1f} %), "
        "never covered {}\n",
        f.summary_lat < 90 ? fmt::format("|lat| <= {:g}: ", f.summary_lat) : "", s.cells,
        100 * s.covered_area_share, s.cells_always_covered,
        100.0 * s.cells_always_covered / s.cells, s.cells_never_covered);
    fmt::print("satellites in view: mean {:.2f} (area-weighted), min {}, max {}\n", s.mean_in_view,
               s.min_in_view, s.max_in_view);
    if (s.worst_gaps.empty()) {
      fmt::print("worst gaps: none\n");
    } else {
      fmt::print("worst gaps:\n");
      for (const auto& g : s.worst_gaps) {
        fmt::print("  {} ({:+.3f}, {:+.3f}): {}\n", g.cell.ToToken(), g.lat_deg, g.lon_deg,
                   Hms(g.gap_ns));
      }
    }
  }

  std::optional<coverage::AvailabilityMap> availability;
  if (f.availability) {
    StatusOr<policy::Policy> policy = absl::UnknownError("");
    std::string policy_source = "bundled defaults (no ledger)";
    if (!f.db.empty()) {
      auto ledger = ledger::Ledger::OpenReadOnly(f.db);
      if (!ledger.ok()) return Fail(ledger.status());
      policy = ledger->PolicyAt(times.start);
      policy_source = "ledger " + f.db;
    } else {
      policy = policy::Policy::CreateDefault();
    }
    if (!policy.ok()) return Fail(policy.status());
    auto map = coverage::ComputeAvailability(*grid, *policy, times.start);
    if (!map.ok()) return Fail(map.status());
    availability.emplace(std::move(*map));
    fmt::print("availability at {} from {}:", times.start.ToIso8601(), policy_source);
    for (int k = 0; k < coverage::kNumAvailabilityStates; ++k) {
      fmt::print(" {} {}", coverage::AvailabilityName(static_cast<coverage::Availability>(k)),
                 availability->count[k]);
    }
    fmt::print("\n");
  }

  if (!f.out.empty()) {
    coverage::CellColumns columns;
    if (times.count > 1) {
      columns.window = &*window;
    } else {
      columns.in_view = &snapshot;
    }
    if (availability) {
      columns.availability = &*availability;
      columns.territories = territories.get();
    }
    if (f.only != "all") {
      const bool want = f.only == "covered";
      columns.keep = [&, want](size_t i) {
        const bool covered = times.count > 1 ? window->Stats(i).covered_share > 0 : snapshot[i] > 0;
        return covered == want;
      };
    }
    auto out = OpenOutput(f.out);
    if (!out.ok()) return Fail(out.status());
    const bool geojson = IsGeoJsonPath(f.out);
    auto rows = geojson ? coverage::WriteCellsGeoJson(*out, *grid, columns)
                        : coverage::WriteCellsCsv(*out, *grid, columns);
    if (!rows.ok()) return Fail(rows.status());
    fmt::print("wrote {} ({} cells, {})\n", f.out, *rows, geojson ? "GeoJSON" : "CSV");
  }
  fmt::print("elapsed {:.2f} s (setup {:.2f} s)\n", SecondsSince(t0), setup_s);
  return 0;
}

LEOTWIN_REGISTER_COMMAND(70, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "coverage",
      "Satellites in view per S2 cell at an instant, or coverage over a window, with a summary.\n"
      "Example: leotwin coverage --constellation starlink-gen1 --at 2025-09-23T00:00:00Z "
      "--window 1h --step 1m --level 9 --out cells.csv");
  auto f = std::make_shared<CoverageFlags>();
  cmd->add_option("--constellation", f->constellation,
                  "Preset name (starlink-gen1, kuiper, ...) or element file (TLE/OMM)")
      ->capture_default_str();
  cmd->add_option("--at", f->at, "Instant (ISO 8601 UTC); window start")->capture_default_str();
  cmd->add_option("--window", f->window, "Window length (e.g. 1h); omit for a snapshot");
  cmd->add_option("--step", f->step, "Step inside the window")->capture_default_str();
  cmd->add_option("--level", f->level, "S2 cell level (9 = ~324 km2 cells)")
      ->capture_default_str()
      ->check(CLI::Range(0, coverage::kMaxCellLevel));
  cmd->add_option("--mask", f->mask_deg, "Minimum elevation, degrees [0, 90)")
      ->capture_default_str();
  cmd->add_option("--cells", f->cells, "global | land (territory polygons) | box")
      ->capture_default_str();
  cmd->add_option("--box", f->box, "LAT_LO LON_LO LAT_HI LON_HI for --cells box")->expected(4);
  cmd->add_flag("--availability", f->availability,
                "Join each cell with the policy (territory state, geofences) at --at");
  cmd->add_option("--db", f->db, "Ledger file for --availability (default: bundled defaults)");
  cmd->add_option("--out", f->out, "Write cells: .csv, or .geojson/.json (GeoJSON)");
  cmd->add_option("--only", f->only, "Rows to write: all | covered | uncovered")
      ->capture_default_str();
  cmd->add_option("--summary-lat", f->summary_lat,
                  "Summarize only cells with |latitude| <= this (degrees)")
      ->capture_default_str();
  cmd->add_option("--worst", f->worst, "How many worst gaps to list")->capture_default_str();
  cmd->callback([f] { SetExitCode(Run(*f)); });
});

}  // namespace
}  // namespace leotwin::cli
