// `leotwin propagate`: positions and velocities of a constellation (preset or TLE/OMM file) over a
// time grid, in TEME, ECEF or WGS84 geodetic coordinates, as CSV or JSON lines.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "fmt/os.h"
#include "leotwin/base/progress.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/constellation_source.h"
#include "leotwin/orbit/frames.h"

namespace leotwin::cli {
namespace {

struct PropagateArgs {
  std::string constellation = "starlink-gen1";
  std::string start = "2025-09-23T00:00:00Z";
  std::string duration = "0s";
  std::string step = "1m";
  std::string frame = "geodetic";
  std::string format = "csv";
  std::string out = "-";
  std::vector<int64_t> catalog_numbers;
  bool strict = false;
};

int RunPropagate(const PropagateArgs& args) {
  auto grid = ParseTimeGrid(args.start, args.duration, args.step, /*max_steps=*/10'000'000);
  if (!grid.ok()) return Fail(grid.status());
  if (args.frame != "teme" && args.frame != "ecef" && args.frame != "geodetic") {
    return Fail(absl::InvalidArgumentError(
        fmt::format("--frame \"{}\": expected teme, ecef or geodetic", args.frame)));
  }
  if (args.format != "csv" && args.format != "json") {
    return Fail(absl::InvalidArgumentError(
        fmt::format("--format \"{}\": expected csv or json", args.format)));
  }
  orbit::ConstellationSourceOptions source_options;
  source_options.preset_epoch = grid->start;
  source_options.load.strict = args.strict;
  auto loaded = orbit::LoadConstellation(args.constellation, source_options);
  if (!loaded.ok()) return Fail(loaded.status());
  if (loaded->skipped_count > 0) {
    fmt::print(stderr, "leotwin: skipped {} bad records in {} (first: {})\n", loaded->skipped_count,
               args.constellation, loaded->skipped.front().message);
  }
  std::vector<orbit::ElementSet> elements;
  for (const orbit::ElementSet& e : loaded->constellation.elements) {
    if (args.catalog_numbers.empty() ||
        std::find(args.catalog_numbers.begin(), args.catalog_numbers.end(), e.catalog_number) !=
            args.catalog_numbers.end()) {
      elements.push_back(e);
    }
  }
  if (elements.empty()) {
    return Fail(absl::NotFoundError("no satellite matches --catalog in that constellation"));
  }
  auto propagator = orbit::BatchPropagator::Create(elements);
  if (!propagator.ok()) return Fail(propagator.status());

  std::FILE* out = stdout;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
  if (args.out != "-") {
    file.reset(std::fopen(args.out.c_str(), "w"));
    if (!file) {
      return Fail(absl::PermissionDeniedError(fmt::format("--out {}: cannot write", args.out)));
    }
    out = file.get();
  }
  const bool geodetic = args.frame == "geodetic";
  const bool csv = args.format == "csv";
  if (csv) {
    std::fputs(geodetic ? "time,catalog_number,name,latitude_deg,longitude_deg,height_km,error\n"
                        : "time,catalog_number,name,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,"
                          "error\n",
               out);
  }
  ProgressBar progress("propagating", grid->count);
  orbit::SatelliteStates states;
  for (int64_t k = 0; k < grid->count; ++k) {
    const SimTime t = grid->At(k);
    if (args.frame == "teme") {
      propagator->PropagateTeme(t, &states);
    } else {
      propagator->PropagateEcef(t, &states);
    }
    const std::string iso = t.ToIso8601();
    for (size_t i = 0; i < states.size(); ++i) {
      const orbit::ElementSet& e = elements[i];
      const int error = states.error[i];
      if (geodetic) {
        const orbit::Geodetic g =
            orbit::EcefToGeodetic(EcefVector{states.x[i], states.y[i], states.z[i]});
        if (csv) {
          fmt::print(out, "{},{},\"{}\",{:.6f},{:.6f},{:.4f},{}\n", iso, e.catalog_number, e.name,
                     g.latitude_deg, g.longitude_deg, g.height_km, error);
        } else {
          fmt::print(out,
                     "{{\"time\":\"{}\",\"catalog_number\":{},\"latitude_deg\":{:.6f},"
                     "\"longitude_deg\":{:.6f},\"height_km\":{:.4f},\"error\":{}}}\n",
                     iso, e.catalog_number, g.latitude_deg, g.longitude_deg, g.height_km, error);
        }
      } else if (csv) {
        fmt::print(out, "{},{},\"{}\",{:.6f},{:.6f},{:.6f},{:.9f},{:.9f},{:.9f},{}\n", iso,
                   e.catalog_number, e.name, states.x[i], states.y[i], states.z[i], states.vx[i],
                   states.vy[i], states.vz[i], error);
      } else {
        fmt::print(
            out,
            "{{\"time\":\"{}\",\"catalog_number\":{},\"frame\":\"{}\",\"position_km\":[{:.6f},"
            "{:.6f},{:.6f}],\"velocity_km_s\":[{:.9f},{:.9f},{:.9f}],\"error\":{}}}\n",
            iso, e.catalog_number, args.frame, states.x[i], states.y[i], states.z[i], states.vx[i],
            states.vy[i], states.vz[i], error);
      }
    }
    progress.Advance();
  }
  return 0;
}

LEOTWIN_REGISTER_COMMAND(20, [](CLI::App& app) {
  auto args = std::make_shared<PropagateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "propagate",
      "Positions of a constellation over a time grid (SGP4/SDP4, batch propagator).\n"
      "Example: leotwin propagate --constellation starlink.tle --start 2025-09-23T00:00:00Z "
      "--duration 10m --step 1m --frame geodetic --format csv --out positions.csv");
  cmd->add_option("-c,--constellation", args->constellation,
                  "Preset name (starlink-gen1, kuiper, ...) or a TLE/OMM file")
      ->capture_default_str();
  cmd->add_option("--start", args->start, "First instant (ISO 8601, UTC)")->capture_default_str();
  cmd->add_option("--duration", args->duration, "Window length after --start (0s: one instant)")
      ->capture_default_str();
  cmd->add_option("--step", args->step, "Time step")->capture_default_str();
  cmd->add_option("--frame", args->frame, "teme, ecef or geodetic (WGS84)")->capture_default_str();
  cmd->add_option("--format", args->format, "csv or json (JSON lines)")->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Output file ('-' for standard output)")
      ->capture_default_str();
  cmd->add_option("--catalog", args->catalog_numbers, "Only these NORAD catalog numbers");
  cmd->add_flag("--strict", args->strict, "Stop at the first bad element record");
  cmd->callback([args] { SetExitCode(RunPropagate(*args)); });
});

}  // namespace
}  // namespace leotwin::cli
