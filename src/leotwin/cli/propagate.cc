// `leotwin propagate`: positions and velocities of a constellation (preset or TLE/OMM file) over a
// time grid, in TEME, ECEF or WGS84 geodetic coordinates, as CSV or JSON lines.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "fmt/format.h"
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

// Rows one run may write (~16 GB of CSV); more is refused before any work.
constexpr int64_t kMaxRows = 200'000'000;

template <typename... T>
void Emit(std::ostream& out, fmt::format_string<T...> format, T&&... args) {
  fmt::format_to(std::ostreambuf_iterator<char>(out), format, std::forward<T>(args)...);
}

void WriteState(const PropagateArgs& args, const std::string& iso, const orbit::ElementSet& e,
                const orbit::SatelliteStates& states, size_t i, std::ostream& out) {
  const int error = states.error[i];
  const bool csv = args.format == "csv";
  if (args.frame == "geodetic") {
    const orbit::Geodetic g =
        orbit::EcefToGeodetic(EcefVector{states.x[i], states.y[i], states.z[i]});
    if (csv) {
      Emit(out, "{},{},\"{}\",{:.6f},{:.6f},{:.4f},{}\n", iso, e.catalog_number, e.name,
           g.latitude_deg, g.longitude_deg, g.height_km, error);
    } else {
      Emit(out,
           "{{\"time\":\"{}\",\"catalog_number\":{},\"latitude_deg\":{:.6f},"
           "\"longitude_deg\":{:.6f},\"height_km\":{:.4f},\"error\":{}}}\n",
           iso, e.catalog_number, g.latitude_deg, g.longitude_deg, g.height_km, error);
    }
  } else if (csv) {
    Emit(out, "{},{},\"{}\",{:.6f},{:.6f},{:.6f},{:.9f},{:.9f},{:.9f},{}\n", iso, e.catalog_number,
         e.name, states.x[i], states.y[i], states.z[i], states.vx[i], states.vy[i], states.vz[i],
         error);
  } else {
    Emit(out,
         "{{\"time\":\"{}\",\"catalog_number\":{},\"frame\":\"{}\",\"position_km\":[{:.6f},"
         "{:.6f},{:.6f}],\"velocity_km_s\":[{:.9f},{:.9f},{:.9f}],\"error\":{}}}\n",
         iso, e.catalog_number, args.frame, states.x[i], states.y[i], states.z[i], states.vx[i],
         states.vy[i], states.vz[i], error);
  }
}

Status CheckChoices(const PropagateArgs& args) {
  if (args.frame != "teme" && args.frame != "ecef" && args.frame != "geodetic") {
    return absl::InvalidArgumentError(
        fmt::format("--frame \"{}\": expected teme, ecef or geodetic", args.frame));
  }
  if (args.format != "csv" && args.format != "json") {
    return absl::InvalidArgumentError(
        fmt::format("--format \"{}\": expected csv or json", args.format));
  }
  return absl::OkStatus();
}

StatusOr<std::vector<orbit::ElementSet>> ChooseElements(const PropagateArgs& args,
                                                        const TimeGrid& grid) {
  orbit::ConstellationSourceOptions source_options;
  source_options.preset_epoch = grid.start;
  source_options.load.strict = args.strict;
  LEOTWIN_ASSIGN_OR_RETURN(const auto loaded,
                           orbit::LoadConstellation(args.constellation, source_options));
  ReportSkipped(args.constellation, loaded.skipped_count, loaded.skipped);
  std::vector<orbit::ElementSet> elements;
  for (const orbit::ElementSet& e : loaded.constellation.elements) {
    if (args.catalog_numbers.empty() ||
        std::find(args.catalog_numbers.begin(), args.catalog_numbers.end(), e.catalog_number) !=
            args.catalog_numbers.end()) {
      elements.push_back(e);
    }
  }
  if (elements.empty()) {
    return absl::NotFoundError("no satellite matches --catalog in that constellation");
  }
  return elements;
}

Status RunPropagate(const PropagateArgs& args) {
  LEOTWIN_ASSIGN_OR_RETURN(const TimeGrid grid, ParseTimeGrid(args.start, args.duration, args.step,
                                                              /*max_steps=*/10'000'000));
  LEOTWIN_RETURN_IF_ERROR(CheckChoices(args));
  LEOTWIN_ASSIGN_OR_RETURN(const auto elements, ChooseElements(args, grid));
  LEOTWIN_RETURN_IF_ERROR(
      CheckWorkBound(grid.count * static_cast<int64_t>(elements.size()), kMaxRows,
                     fmt::format("--duration {} at --step {} ({} instants) x {} satellites",
                                 args.duration, args.step, grid.count, elements.size())));
  LEOTWIN_ASSIGN_OR_RETURN(auto propagator, orbit::BatchPropagator::Create(elements));
  LEOTWIN_ASSIGN_OR_RETURN(auto file, OutputFile::Open(args.out));
  std::ostream& out = file->stream();
  if (args.format == "csv") {
    out << (args.frame == "geodetic"
                ? "time,catalog_number,name,latitude_deg,longitude_deg,height_km,error\n"
                : "time,catalog_number,name,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error\n");
  }
  ProgressBar progress("propagating", grid.count);
  orbit::SatelliteStates states;
  for (int64_t k = 0; k < grid.count && out; ++k) {
    const SimTime t = grid.At(k);
    if (args.frame == "teme") {
      propagator.PropagateTeme(t, &states);
    } else {
      propagator.PropagateEcef(t, &states);
    }
    const std::string iso = t.ToIso8601();
    for (size_t i = 0; i < states.size(); ++i) WriteState(args, iso, elements[i], states, i, out);
    progress.Advance();
  }
  return file->Commit();  // A failed write stopped the loop above; Commit names it.
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
      ->capture_default_str()
      ->check(kNonEmptyPath);
  cmd->add_option("--catalog", args->catalog_numbers, "Only these NORAD catalog numbers");
  cmd->add_flag("--strict", args->strict, "Stop at the first bad element record");
  cmd->callback(Runs([args] { return RunPropagate(*args); }));
});

}  // namespace
}  // namespace leotwin::cli
