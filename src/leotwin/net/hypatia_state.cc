#include "leotwin/net/hypatia_state.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <numeric>
#include <system_error>
#include <vector>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/net/hypatia.h"

namespace leotwin::net {
namespace {

Status MakeDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec)) {
    return absl::FailedPreconditionError(
        fmt::format("cannot create folder {}: {}", dir, ec ? ec.message() : "not a folder"));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<HypatiaStateReport> WriteHypatiaState(const orbit::Constellation& constellation,
                                               const Ephemeris& ephemeris, const Network& network,
                                               const HypatiaStateOptions& options,
                                               const std::string& dir,
                                               const HypatiaFileWriter& write) {
  LEOTWIN_DCHECK(ephemeris.size() == network.satellite_count());
  LEOTWIN_DCHECK(static_cast<int>(constellation.size()) == network.satellite_count());
  HypatiaStateReport report;
  LEOTWIN_ASSIGN_OR_RETURN(report.dynamic_dir,
                           HypatiaDynamicStateDir(options.step_ns, options.duration_ns));
  const int64_t steps = HypatiaStepCount(options.step_ns, options.duration_ns);
  const std::string dyn = dir + "/" + report.dynamic_dir;
  LEOTWIN_RETURN_IF_ERROR(MakeDirectory(dyn));
  auto simple = [&](const std::string& name, const std::function<void(std::ostream&)>& f) {
    return write(dir + "/" + name, [&](std::ostream& out) {
      f(out);
      return absl::OkStatus();
    });
  };
  // Static files.
  Status tles = write(dir + "/tles.txt",
                      [&](std::ostream& out) { return WriteHypatiaTles(constellation, out); });
  if (absl::IsFailedPrecondition(tles)) {
    report.tles_note = std::string(tles.message());
  } else {
    LEOTWIN_RETURN_IF_ERROR(tles);
    if (constellation.size() > 0 && constellation.elements[0].epoch != options.start) {
      report.tles_note = fmt::format(
          "note: tles.txt has epoch {} but the state starts at {}; Hypatia's time 0 is the epoch",
          constellation.elements[0].epoch.ToIso8601(), options.start.ToIso8601());
    }
  }
  LEOTWIN_RETURN_IF_ERROR(
      simple("isls.txt", [&](std::ostream& out) { WriteHypatiaIsls(network, out); }));
  LEOTWIN_RETURN_IF_ERROR(simple(
      "ground_stations.txt", [&](std::ostream& out) { WriteHypatiaGroundStations(network, out); }));
  LEOTWIN_RETURN_IF_ERROR(simple("description.txt", [&](std::ostream& out) {
    WriteHypatiaDescription(HypatiaMaxGslLengthM(network, constellation),
                            network.options().lasers.max_range_km * 1e3, out);
  }));
  LEOTWIN_RETURN_IF_ERROR(simple("gsl_interfaces_info.txt", [&](std::ostream& out) {
    WriteHypatiaGslInterfacesInfo(network, out);
  }));
  // Dynamic state.
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  std::vector<int> destinations(network.ground_count());
  std::iota(destinations.begin(), destinations.end(), 0);
  ForwardingStateBuilder builder(network, destinations, options.method);
  HermiteCursor cursor(ephemeris, options.interpolation_knot_ns);
  EcefStatesBuffer states;
  Snapshot snap;
  std::vector<ForwardingEntry> prev, cur;
  const size_t D = destinations.size();
  for (int64_t k = 0; k < steps; ++k) {
    const int64_t t_ns = k * options.step_ns;
    const SimTime t = options.start + t_ns;
    LEOTWIN_RETURN_IF_ERROR(cursor.StatesAt(t, &states));
    BuildSnapshot(network, t, states.view(), &snap);
    builder.Compute(snap, &cur);
    LEOTWIN_RETURN_IF_ERROR(
        write(fmt::format("{}/fstate_{}.txt", dyn, t_ns), [&](std::ostream& out) {
          WriteHypatiaFstate(network, destinations, cur, k ? &prev : nullptr, out);
          return absl::OkStatus();
        }));
    LEOTWIN_RETURN_IF_ERROR(
        write(fmt::format("{}/gsl_if_bandwidth_{}.txt", dyn, t_ns), [&](std::ostream& out) {
          if (k == 0) WriteHypatiaGslIfBandwidth(network, out);
          return absl::OkStatus();
        }));
    for (size_t i = 0; i < cur.size(); ++i) {
      if (static_cast<int>(i / D) == network.GroundNodeId(destinations[i % D])) continue;
      if (k == 0 || !(prev[i] == cur[i])) ++report.fstate_lines;
    }
    std::swap(prev, cur);
    ++report.steps;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.cpu_seconds = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  return report;
}

}  // namespace leotwin::net
