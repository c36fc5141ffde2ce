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
#include <memory>
#include <optional>
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

// What the window needs: its cells, an engine over them and the propagator.
struct CoverageSetup {
  orbit::LoadedConstellation loaded;
  std::optional<orbit::BatchPropagator> propagator;
  std::shared_ptr<const geo::TerritorySet> territories;
  std::optional<coverage::CellGrid> grid;
  std::optional<coverage::CoverageEngine> engine;
};

StatusOr<coverage::CellGrid> BuildCells(const CoverageFlags& f,
                                        const geo::TerritorySet* territories) {
  if (f.cells == "global") return coverage::CellGrid::Global(f.level);
  if (f.cells == "land") return coverage::LandGrid(f.level, *territories);
  if (f.cells == "box") {
    if (f.box.size() != 4) {
      return absl::InvalidArgumentError("--cells box needs --box LAT_LO LON_LO LAT_HI LON_HI");
    }
    return coverage::CellGrid::InBox(f.box[0], f.box[1], f.box[2], f.box[3], f.level);
  }
  return absl::InvalidArgumentError(
      fmt::format("--cells {}: expected global, land or box (with --box)", f.cells));
}

StatusOr<std::unique_ptr<CoverageSetup>> Setup(const CoverageFlags& f, SimTime at) {
  auto setup = std::make_unique<CoverageSetup>();
  orbit::ConstellationSourceOptions source;
  source.preset_epoch = at;
  LEOTWIN_ASSIGN_OR_RETURN(setup->loaded, orbit::LoadConstellation(f.constellation, source));
  ReportSkipped(f.constellation, setup->loaded.skipped_count, setup->loaded.skipped);
  LEOTWIN_ASSIGN_OR_RETURN(setup->propagator,
                           orbit::BatchPropagator::Create(setup->loaded.constellation.elements));
  if (f.cells == "land" || f.availability) {
    LEOTWIN_ASSIGN_OR_RETURN(setup->territories, geo::TerritorySet::Default());
  }
  LEOTWIN_ASSIGN_OR_RETURN(setup->grid, BuildCells(f, setup->territories.get()));
  LEOTWIN_ASSIGN_OR_RETURN(setup->engine,
                           coverage::CoverageEngine::Create(&*setup->grid, {f.mask_deg}));
  return setup;
}

void PrintWindowSummary(const CoverageFlags& f, const TimeGrid& times, double seconds,
                        const coverage::CoverageSummary& s) {
  fmt::print("window {} + {}, step {}: {} instants ({:.2f} s)\n", times.start.ToIso8601(),
             Hms(times.end() - times.start), Hms(times.step_ns), times.count, seconds);
  fmt::print(
      "{}cells: {}; area-weighted time covered {:.2f} %; always covered {} ({:.1f} %), "
      "never covered {}\n",
      f.summary_lat < 90 ? fmt::format("|lat| <= {:g}: ", f.summary_lat) : "", s.cells,
      100 * s.covered_area_share, s.cells_always_covered, 100.0 * s.cells_always_covered / s.cells,
      s.cells_never_covered);
  fmt::print("satellites in view: mean {:.2f} (area-weighted), min {}, max {}\n", s.mean_in_view,
             s.min_in_view, s.max_in_view);
  if (s.worst_gaps.empty()) {
    fmt::print("worst gaps: none\n");
    return;
  }
  fmt::print("worst gaps:\n");
  for (const auto& g : s.worst_gaps) {
    fmt::print("  {} ({:+.3f}, {:+.3f}): {}\n", g.cell.ToToken(), g.lat_deg, g.lon_deg,
               Hms(g.gap_ns));
  }
}

StatusOr<coverage::AvailabilityMap> Availability(const CoverageFlags& f,
                                                 const coverage::CellGrid& grid, SimTime at) {
  std::optional<policy::Policy> policy;
  std::string policy_source = "bundled defaults (no ledger)";
  if (!f.db.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(auto ledger, ledger::Ledger::OpenReadOnly(f.db));
    LEOTWIN_ASSIGN_OR_RETURN(policy, ledger.PolicyAt(at));
    policy_source = "ledger " + f.db;
  } else {
    LEOTWIN_ASSIGN_OR_RETURN(policy, policy::Policy::CreateDefault());
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto map, coverage::ComputeAvailability(grid, *policy, at));
  fmt::print("availability at {} from {}:", at.ToIso8601(), policy_source);
  for (int k = 0; k < coverage::kNumAvailabilityStates; ++k) {
    fmt::print(" {} {}", coverage::AvailabilityName(static_cast<coverage::Availability>(k)),
               map.count[k]);
  }
  fmt::print("\n");
  return map;
}

Status WriteCells(const CoverageFlags& f, const CoverageSetup& setup, const TimeGrid& times,
                  const coverage::CellCounts& snapshot, const coverage::WindowAccumulator& window,
                  const coverage::AvailabilityMap* availability) {
  coverage::CellColumns columns;
  if (times.count > 1) {
    columns.window = &window;
  } else {
    columns.in_view = &snapshot;
  }
  if (availability) {
    columns.availability = availability;
    columns.territories = setup.territories.get();
  }
  if (f.only != "all") {
    const bool want = f.only == "covered";
    columns.keep = [&, want](size_t i) {
      const bool covered = times.count > 1 ? window.Stats(i).covered_share > 0 : snapshot[i] > 0;
      return covered == want;
    };
  }
  const bool geojson = IsGeoJsonPath(f.out);
  int64_t rows = 0;
  LEOTWIN_RETURN_IF_ERROR(WriteOutput(f.out, [&](std::ostream& out) -> Status {
    LEOTWIN_ASSIGN_OR_RETURN(rows, geojson ? coverage::WriteCellsGeoJson(out, *setup.grid, columns)
                                           : coverage::WriteCellsCsv(out, *setup.grid, columns));
    return absl::OkStatus();
  }));
  fmt::print("wrote {} ({} cells, {})\n", f.out, rows, geojson ? "GeoJSON" : "CSV");
  return absl::OkStatus();
}

Status RunCoverage(const CoverageFlags& f) {
  const auto t0 = std::chrono::steady_clock::now();
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime at, ParseInstantFlag("--at", f.at));
  TimeGrid times{at, SimTime::kNanosPerMinute, 1};
  if (!f.window.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(times, ParseTimeGrid(f.at, f.window, f.step, 100'000,
                                                  {.start = "--at", .duration = "--window"}));
  }
  if (f.only != "all" && f.only != "covered" && f.only != "uncovered") {
    return absl::InvalidArgumentError(
        fmt::format("--only {}: expected all, covered or uncovered", f.only));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const auto setup, Setup(f, at));
  const double setup_s = SecondsSince(t0);
  const auto& grid = *setup->grid;
  fmt::print("constellation {}: {} satellites\n", setup->loaded.constellation.name,
             setup->loaded.constellation.size());
  fmt::print("cells: {} at S2 level {} ({}), mask {:g} deg\n", grid.size(), f.level, f.cells,
             f.mask_deg);
  const auto t1 = std::chrono::steady_clock::now();
  coverage::CellCounts snapshot;
  coverage::PositionBuffer positions;
  positions.Update(*setup->propagator, times.start);
  LEOTWIN_RETURN_IF_ERROR(setup->engine->Snapshot(positions.view(), &snapshot));
  const double snapshot_s = SecondsSince(t1);
  if (positions.invalid() > 0) {
    fmt::print("satellites with SGP4 errors at {} (not counted): {}\n", times.start.ToIso8601(),
               positions.invalid());
  }
  size_t covered_now = 0;
  uint64_t in_view_now = 0;
  for (uint16_t c : snapshot) covered_now += c > 0, in_view_now += c;
  const double cells = static_cast<double>(std::max<size_t>(grid.size(), 1));
  fmt::print(
      "snapshot {}: {} of {} cells covered ({:.1f} %), mean {:.2f} satellites in view, "
      "max {} ({:.3f} s)\n",
      times.start.ToIso8601(), covered_now, grid.size(), 100.0 * covered_now / cells,
      in_view_now / cells, *std::max_element(snapshot.begin(), snapshot.end()), snapshot_s);
  const auto t2 = std::chrono::steady_clock::now();
  coverage::WindowAccumulator window(grid.size(), times.step_ns);
  if (times.count > 1) {
    LEOTWIN_ASSIGN_OR_RETURN(window,
                             coverage::ComputeWindow(*setup->engine, *setup->propagator, times));
  } else {
    LEOTWIN_RETURN_IF_ERROR(window.Add(snapshot));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const auto summary,
                           coverage::Summarize(grid, window, f.worst, f.summary_lat));
  if (times.count > 1) PrintWindowSummary(f, times, SecondsSince(t2), summary);
  std::optional<coverage::AvailabilityMap> availability;
  if (f.availability) {
    LEOTWIN_ASSIGN_OR_RETURN(availability, Availability(f, grid, times.start));
  }
  if (!f.out.empty()) {
    LEOTWIN_RETURN_IF_ERROR(
        WriteCells(f, *setup, times, snapshot, window, availability ? &*availability : nullptr));
  }
  fmt::print("elapsed {:.2f} s (setup {:.2f} s)\n", SecondsSince(t0), setup_s);
  return absl::OkStatus();
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
      ->capture_default_str()
      ->check(FiniteIn(0.0, 89.9));
  cmd->add_option("--cells", f->cells, "global | land (territory polygons) | box")
      ->capture_default_str();
  cmd->add_option("--box", f->box, "LAT_LO LON_LO LAT_HI LON_HI for --cells box")
      ->expected(4)
      ->check(FiniteIn(-180.0, 360.0));
  cmd->add_flag("--availability", f->availability,
                "Join each cell with the policy (territory state, geofences) at --at");
  cmd->add_option("--db", f->db, "Ledger file for --availability (default: bundled defaults)")
      ->check(kNonEmptyPath);
  cmd->add_option("--out", f->out, "Write cells: .csv, or .geojson/.json (GeoJSON)")
      ->check(kNonEmptyPath);
  cmd->add_option("--only", f->only, "Rows to write: all | covered | uncovered")
      ->capture_default_str();
  cmd->add_option("--summary-lat", f->summary_lat,
                  "Summarize only cells with |latitude| <= this (degrees)")
      ->capture_default_str()
      ->check(FiniteIn(0.0, 90.0));
  cmd->add_option("--worst", f->worst, "How many worst gaps to list")
      ->capture_default_str()
      ->check(CLI::Range(0, 10'000));
  cmd->callback(Runs([f] { return RunCoverage(*f); }));
});

}  // namespace
}  // namespace leotwin::cli
