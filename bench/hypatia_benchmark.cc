// leotwin doing Hypatia's satgenpy work on Hypatia's own inputs, for bench/hypatia_compare.sh:
// reads a Hypatia folder's tles.txt, ground_stations.txt, isls.txt and description.txt (max GSL
// and ISL lengths), builds the network with Hypatia's rules (ground link iff its length is at most
// the max GSL length, no elevation mask; the lasers as listed; ground stations never relay) and
// writes Hypatia's dynamic state into OUT_DIR (net/hypatia_state.h), plain files as satgenpy
// writes them. Prints the CPU time per step and a digest of the fstate files.
//
//   hypatia_benchmark IN_DIR OUT_DIR [STEP_MS (100)] [DURATION_S (200)] [KNOT_S (10; 0 = SGP4
//   at every step)]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/net/hypatia_input.h"
#include "leotwin/net/hypatia_state.h"
#include "leotwin/net/propagator_ephemeris.h"

namespace {

using namespace leotwin;

double DescriptionValue(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "=", 0) == 0) return std::stod(line.substr(key.size() + 1));
  }
  return 0.0;
}

// FNV-1a over the bytes of every file written.
uint64_t digest = 1469598103934665603ull;

Status WritePlain(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  std::ostringstream buf;
  LEOTWIN_RETURN_IF_ERROR(write(buf));
  const std::string bytes = buf.str();
  if (path.find("/fstate_") != std::string::npos) {
    for (const unsigned char c : bytes) digest = (digest ^ c) * 1099511628211ull;
  }
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) return absl::DataLossError("cannot write " + path);
  return absl::OkStatus();
}

Status Run(int argc, char** argv) {
  if (argc < 3) {
    return absl::InvalidArgumentError(
        "usage: hypatia_benchmark IN_DIR OUT_DIR [STEP_MS] [DURATION_S] [KNOT_S]");
  }
  const std::string in = argv[1], out = argv[2];
  const int64_t step_ms = argc > 3 ? std::stoll(argv[3]) : 100;
  const int64_t duration_s = argc > 4 ? std::stoll(argv[4]) : 200;
  const double knot_s = argc > 5 ? std::stod(argv[5]) : 10.0;
  LEOTWIN_ASSIGN_OR_RETURN(orbit::Constellation c, net::ReadHypatiaTlesFile(in + "/tles.txt"));
  LEOTWIN_ASSIGN_OR_RETURN(std::string gs_text,
                           ReadFileBounded(in + "/ground_stations.txt", kDefaultMaxInputBytes));
  LEOTWIN_ASSIGN_OR_RETURN(auto ground,
                           net::ParseHypatiaGroundStations(gs_text, in + "/ground_stations.txt"));
  LEOTWIN_ASSIGN_OR_RETURN(std::string desc,
                           ReadFileBounded(in + "/description.txt", kDefaultMaxInputBytes));
  net::NetworkOptions o;
  o.SetMinElevation(0.0);
  for (auto& r : o.ground) r.max_slant_range_km = DescriptionValue(desc, "max_gsl_length_m") * 1e-3;
  o.lasers.max_range_km = DescriptionValue(desc, "max_isl_length_m") * 1e-3;
  o.lasers.topology = net::LaserOptions::Topology::kExplicit;
  LEOTWIN_ASSIGN_OR_RETURN(o.lasers.explicit_links,
                           net::ReadHypatiaIslsFile(in + "/isls.txt", c.size()));
  o.egress = net::Egress::kSatellite;
  LEOTWIN_ASSIGN_OR_RETURN(net::Network network, net::Network::Create(c, ground, o));
  LEOTWIN_ASSIGN_OR_RETURN(auto eph, net::PropagatorEphemeris::Create(c.elements));
  net::HypatiaStateOptions so;
  so.start = c.elements[0].epoch;
  so.step_ns = step_ms * 1'000'000;
  so.duration_ns = duration_s * 1'000'000'000;
  so.interpolation_knot_ns = static_cast<int64_t>(knot_s * 1e9);
  std::filesystem::create_directories(out);
  LEOTWIN_ASSIGN_OR_RETURN(auto report,
                           net::WriteHypatiaState(c, eph, network, so, out, WritePlain));
  fmt::print(
      "leotwin: {} satellites, {} ground stations, {} lasers; {} steps in {:.2f} s CPU ({:.2f} s "
      "wall): {:.2f} ms CPU per step; {} fstate lines, digest {:016x}\n",
      network.satellite_count(), network.ground_count(), network.isls().size(), report.steps,
      report.cpu_seconds, report.seconds, 1e3 * report.cpu_seconds / report.steps,
      report.fstate_lines, digest);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  const Status s = Run(argc, argv);
  if (!s.ok()) {
    std::fprintf(stderr, "hypatia_benchmark: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  return 0;
}
