// `leotwin passes`: when satellites rise above, culminate over and set below an elevation mask
// seen from a ground site.
#include "leotwin/orbit/passes.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/orbit/constellation_source.h"
#include "nlohmann/json.hpp"

namespace leotwin::cli {
namespace {

struct PassesArgs {
  std::string constellation;
  double latitude_deg = 0, longitude_deg = 0, height_m = 0;
  std::string start = "2025-09-23T00:00:00Z";
  std::string duration = "1d";
  double min_elevation_deg = 25.0;
  std::vector<int64_t> catalog_numbers;
  std::string name_contains;
  std::string format = "table";
  size_t max_satellites = 2000;
};

struct PassRow {
  const orbit::ElementSet* satellite;
  orbit::Pass pass;
};

// Pass searches one run may do (satellites x minutes of window).
constexpr int64_t kMaxSatelliteMinutes = 200'000'000;

StatusOr<std::vector<const orbit::ElementSet*>> ChooseSatellites(
    const PassesArgs& args, const orbit::Constellation& constellation) {
  std::vector<const orbit::ElementSet*> chosen;
  for (const orbit::ElementSet& e : constellation.elements) {
    const bool by_catalog = args.catalog_numbers.empty() ||
                            std::find(args.catalog_numbers.begin(), args.catalog_numbers.end(),
                                      e.catalog_number) != args.catalog_numbers.end();
    const bool by_name =
        args.name_contains.empty() || e.name.find(args.name_contains) != std::string::npos;
    if (by_catalog && by_name) chosen.push_back(&e);
  }
  if (chosen.empty()) return absl::NotFoundError("no satellite matches the filters");
  if (chosen.size() > args.max_satellites) {
    return absl::OutOfRangeError(fmt::format(
        "{} satellites match; narrow them with --catalog or --name, or raise --max-satellites",
        chosen.size()));
  }
  return chosen;
}

void PrintPassesJson(const std::vector<PassRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const PassRow& r : rows) {
    out.push_back({{"catalog_number", r.satellite->catalog_number},
                   {"name", r.satellite->name},
                   {"rise", r.pass.rise.ToIso8601()},
                   {"culmination", r.pass.culmination.ToIso8601()},
                   {"set", r.pass.set.ToIso8601()},
                   {"max_elevation_deg", r.pass.max_elevation_deg},
                   {"rise_azimuth_deg", r.pass.rise_azimuth_deg},
                   {"set_azimuth_deg", r.pass.set_azimuth_deg},
                   {"rise_before_window", r.pass.rise_before_window},
                   {"set_after_window", r.pass.set_after_window}});
  }
  fmt::print("{}\n", out.dump(2));
}

void PrintPassesText(const PassesArgs& args, const TimeGrid& grid,
                     const std::vector<PassRow>& rows) {
  const bool csv = args.format == "csv";
  if (csv) {
    fmt::print(
        "catalog_number,name,rise,culmination,set,max_elevation_deg,rise_azimuth_deg,"
        "set_azimuth_deg\n");
  } else {
    fmt::print("{} passes above {:.1f} deg from ({:.4f}, {:.4f}) between {} and {}\n", rows.size(),
               args.min_elevation_deg, args.latitude_deg, args.longitude_deg,
               grid.start.ToIso8601(), grid.end().ToIso8601());
    fmt::print("{:<24} {:<24} {:<24} {:<24} {:>7} {:>11}\n", "satellite", "rise", "culmination",
               "set", "max el", "az rise/set");
  }
  for (const PassRow& r : rows) {
    const std::string name = r.satellite->name.empty()
                                 ? fmt::format("{}", r.satellite->catalog_number)
                                 : r.satellite->name;
    if (csv) {
      fmt::print("{},\"{}\",{},{},{},{:.3f},{:.2f},{:.2f}\n", r.satellite->catalog_number, name,
                 r.pass.rise.ToIso8601(), r.pass.culmination.ToIso8601(), r.pass.set.ToIso8601(),
                 r.pass.max_elevation_deg, r.pass.rise_azimuth_deg, r.pass.set_azimuth_deg);
    } else {
      fmt::print("{:<24} {:<24} {:<24} {:<24} {:>7.2f} {:>5.0f}/{:<5.0f}\n", name.substr(0, 24),
                 r.pass.rise.ToIso8601().substr(0, 23) + (r.pass.rise_before_window ? "<" : ""),
                 r.pass.culmination.ToIso8601().substr(0, 23),
                 r.pass.set.ToIso8601().substr(0, 23) + (r.pass.set_after_window ? ">" : ""),
                 r.pass.max_elevation_deg, r.pass.rise_azimuth_deg, r.pass.set_azimuth_deg);
    }
  }
}

Status RunPasses(const PassesArgs& args) {
  LEOTWIN_ASSIGN_OR_RETURN(const TimeGrid grid, ParseTimeGrid(args.start, args.duration, "1m",
                                                              100'000'000, {.step = ""}));
  if (args.format != "table" && args.format != "csv" && args.format != "json") {
    return absl::InvalidArgumentError(
        fmt::format("--format \"{}\": expected table, csv or json", args.format));
  }
  orbit::ConstellationSourceOptions source_options;
  source_options.preset_epoch = grid.start;
  LEOTWIN_ASSIGN_OR_RETURN(const auto loaded,
                           orbit::LoadConstellation(args.constellation, source_options));
  ReportSkipped(args.constellation, loaded.skipped_count, loaded.skipped);
  LEOTWIN_ASSIGN_OR_RETURN(const auto chosen, ChooseSatellites(args, loaded.constellation));
  LEOTWIN_RETURN_IF_ERROR(CheckWorkBound(grid.count * static_cast<int64_t>(chosen.size()),
                                         kMaxSatelliteMinutes,
                                         fmt::format("--duration {} ({} minutes) x {} satellites",
                                                     args.duration, grid.count, chosen.size())));
  const orbit::Geodetic site{args.latitude_deg, args.longitude_deg, args.height_m / 1000.0};
  orbit::PassOptions options;
  options.min_elevation_deg = args.min_elevation_deg;
  std::vector<PassRow> rows;
  for (const orbit::ElementSet* e : chosen) {
    LEOTWIN_ASSIGN_OR_RETURN(const auto sgp4, orbit::Sgp4::Create(*e));
    LEOTWIN_ASSIGN_OR_RETURN(const auto passes,
                             orbit::FindPasses(sgp4, site, grid.start, grid.end(), options));
    for (const orbit::Pass& p : passes) rows.push_back({e, p});
  }
  std::sort(rows.begin(), rows.end(),
            [](const PassRow& a, const PassRow& b) { return a.pass.rise < b.pass.rise; });
  if (args.format == "json") {
    PrintPassesJson(rows);
  } else {
    PrintPassesText(args, grid, rows);
  }
  return absl::OkStatus();
}

LEOTWIN_REGISTER_COMMAND(30, [](CLI::App& app) {
  auto args = std::make_shared<PassesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "passes",
      "Passes of satellites over a site: rise, culmination, set and maximum elevation.\n"
      "Example: leotwin passes --constellation starlink.tle --lat 47.61 --lon -122.33 "
      "--name STARLINK-1008 --duration 1d --min-elevation 25");
  cmd->add_option("-c,--constellation", args->constellation, "Preset name or a TLE/OMM file")
      ->required();
  cmd->add_option("--lat", args->latitude_deg, "Site geodetic latitude, degrees")
      ->required()
      ->check(FiniteIn(-90.0, 90.0));
  cmd->add_option("--lon", args->longitude_deg, "Site longitude, degrees east")
      ->required()
      ->check(FiniteIn(-180.0, 360.0));
  // From the Dead Sea shore to a stratospheric balloon: anything else is a typo.
  cmd->add_option("--height", args->height_m, "Site height above the WGS84 ellipsoid, metres")
      ->check(FiniteIn(-500.0, 50'000.0));
  cmd->add_option("--start", args->start, "Window start (ISO 8601, UTC)")->capture_default_str();
  cmd->add_option("--duration", args->duration, "Window length")->capture_default_str();
  cmd->add_option("--min-elevation", args->min_elevation_deg, "Elevation mask, degrees")
      ->capture_default_str()
      ->check(FiniteIn(-90.0, 89.9));
  cmd->add_option("--catalog", args->catalog_numbers, "Only these NORAD catalog numbers");
  cmd->add_option("--name", args->name_contains, "Only satellites whose name contains this");
  cmd->add_option("--format", args->format, "table, csv or json")->capture_default_str();
  cmd->add_option("--max-satellites", args->max_satellites,
                  "Refuse to search more satellites than this")
      ->capture_default_str();
  cmd->callback(Runs([args] { return RunPasses(*args); }));
});

}  // namespace
}  // namespace leotwin::cli
