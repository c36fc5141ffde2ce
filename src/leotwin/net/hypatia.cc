#include "leotwin/net/hypatia.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/constants.h"
#include "leotwin/orbit/tle.h"

namespace leotwin::net {
namespace {

// Hypatia's ground-station Cartesian convention: WGS72 semi-major axis and flattening.
constexpr double kWgs72AM = 6378135.0;
constexpr double kWgs72F = 1.0 / 298.26;
// WGS72 gravitational parameter, km^3/s^2 (SGP4's), for apogee heights from mean motion.
constexpr double kWgs72MuKm3PerS2 = 398600.8;

std::string OneToken(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (u <= 0x20 || u == 0x7f) ? '-' : c;
  }
  return out.empty() ? "leotwin" : out;
}

std::string HypatiaName(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += (c == ',' || u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return out;
}

}  // namespace

ForwardingStateBuilder::ForwardingStateBuilder(const Network& network,
                                               std::vector<int> destinations, RoutingMethod method)
    : network_(&network),
      destinations_(std::move(destinations)),
      router_(network, destinations_, std::vector<std::vector<int>>(destinations_.size()), method) {
  const int S = network.satellite_count();
  // Interface numbers: walking the laser list in order, each link takes the next free number on
  // both of its satellites (Hypatia's numbering); a satellite's ground-link interface follows.
  isl_count_.assign(S, 0);
  std::vector<int32_t> if_a(network.isls().size()), if_b(network.isls().size());
  for (size_t e = 0; e < network.isls().size(); ++e) {
    const auto& l = network.isls()[e];
    if_a[e] = isl_count_[l.a]++;
    if_b[e] = isl_count_[l.b]++;
  }
  const auto& slot_link = network.isl_slot_link();
  slot_if_.resize(slot_link.size());
  for (int v = 0; v < S; ++v) {
    for (int32_t k = network.IslSlotBegin(v); k < network.IslSlotBegin(v + 1); ++k) {
      const int e = slot_link[k];
      slot_if_[k] = network.isls()[e].a == v ? if_a[e] : if_b[e];
    }
  }
}

void ForwardingStateBuilder::Compute(const Snapshot& snapshot,
                                     std::vector<ForwardingEntry>* state) {
  const Network& network = *network_;
  const int S = network.satellite_count();
  const int n = network.node_count();
  auto isl_if = [&](int from, int to) {
    const auto& nodes = network.isl_slot_node();
    for (int32_t k = network.IslSlotBegin(from); k < network.IslSlotBegin(from + 1); ++k) {
      if (nodes[k] == to) return slot_if_[k];
    }
    return -1;
  };
  auto fiber_if = [&](int from_g, int to_g) {
    const auto to = network.FiberTargets(from_g);
    for (size_t k = 0; k < to.size(); ++k) {
      if (to[k] == to_g) return 1 + static_cast<int>(k);
    }
    return -1;
  };
  // Trees rooted at each destination: the parent of v is v's next hop toward the destination.
  router_.Route(snapshot);
  const size_t D = destinations_.size();
  state->assign(static_cast<size_t>(n) * D, ForwardingEntry{});
  for (size_t d = 0; d < D; ++d) {
    const auto& parent = router_.Parents(static_cast<int>(d));
    for (int v = 0; v < n; ++v) {
      const int hop = parent[v];
      if (hop < 0) continue;
      ForwardingEntry& f = (*state)[static_cast<size_t>(v) * D + d];
      f.next_hop = hop;
      if (v < S && hop < S) {
        f.current_if = isl_if(v, hop);
        f.next_hop_if = isl_if(hop, v);
      } else if (v < S) {
        f.current_if = isl_count_[v];
        f.next_hop_if = 0;
      } else if (hop < S) {
        f.current_if = 0;
        f.next_hop_if = isl_count_[hop];
      } else {
        f.current_if = fiber_if(v - S, hop - S);
        f.next_hop_if = fiber_if(hop - S, v - S);
      }
    }
  }
}

std::vector<ForwardingEntry> ComputeForwardingState(const Network& network,
                                                    const Snapshot& snapshot,
                                                    const std::vector<int>& destinations) {
  ForwardingStateBuilder builder(network, destinations, RoutingMethod::kReference);
  std::vector<ForwardingEntry> state;
  builder.Compute(snapshot, &state);
  return state;
}

void WriteHypatiaFstate(const Network& network, const std::vector<int>& destinations,
                        const std::vector<ForwardingEntry>& state,
                        const std::vector<ForwardingEntry>* previous, std::ostream& out) {
  const int S = network.satellite_count();
  const size_t D = destinations.size();
  std::string buf;
  for (int v = 0; v < network.node_count(); ++v) {
    for (size_t d = 0; d < D; ++d) {
      const int dst = S + destinations[d];
      if (v == dst) continue;
      const size_t k = static_cast<size_t>(v) * D + d;
      if (previous && (*previous)[k] == state[k]) continue;
      const auto& f = state[k];
      fmt::format_to(std::back_inserter(buf), "{},{},{},{},{}\n", v, dst, f.next_hop, f.current_if,
                     f.next_hop_if);
    }
    if (buf.size() > (1 << 16)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf;
}

void WriteHypatiaIsls(const Network& network, std::ostream& out) {
  for (const auto& l : network.isls())
    out << std::min(l.a, l.b) << ' ' << std::max(l.a, l.b) << '\n';
}

Status WriteHypatiaTles(const orbit::Constellation& c, std::ostream& out) {
  const size_t n = c.size();
  if (n == 0) return absl::FailedPreconditionError("tles.txt: the constellation is empty");
  for (size_t i = 1; i < n; ++i) {
    if (c.elements[i].epoch != c.elements[0].epoch) {
      return absl::FailedPreconditionError(fmt::format(
          "tles.txt not written: Hypatia's tles.txt has one epoch (its time 0), but satellite {} "
          "has epoch {} and satellite 0 {}",
          i, c.elements[i].epoch.ToIso8601(), c.elements[0].epoch.ToIso8601()));
    }
  }
  // One shell, orbit-major in constellation order?
  int64_t planes = 1, per_plane = static_cast<int64_t>(n);
  if (c.slots.size() == n && c.slots[0].shell >= 0 &&
      static_cast<size_t>(c.slots[0].shell) < c.shells.size()) {
    const auto& shell = c.shells[c.slots[0].shell];
    const int64_t P = shell.planes, S = shell.sats_per_plane;
    bool grid = P * S == static_cast<int64_t>(n) && S > 0;
    for (size_t i = 0; grid && i < n; ++i) {
      const auto& s = c.slots[i];
      grid = s.shell == c.slots[0].shell && s.plane == static_cast<int64_t>(i) / S &&
             s.index_in_plane == static_cast<int64_t>(i) % S;
    }
    if (grid) planes = P, per_plane = S;
  }
  const std::string name = OneToken(c.name);
  std::string buf = fmt::format("{} {}\n", planes, per_plane);
  for (size_t i = 0; i < n; ++i) {
    auto lines = orbit::FormatTle(c.elements[i]);
    if (!lines.ok()) {
      return absl::FailedPreconditionError(
          fmt::format("tles.txt: satellite {} does not fit a TLE: {}", i,
                      std::string(lines.status().message())));
    }
    fmt::format_to(std::back_inserter(buf), "{} {}\n{}\n{}\n", name, i, lines->line1, lines->line2);
  }
  out << buf;
  return absl::OkStatus();
}

void WriteHypatiaGroundStations(const Network& network, std::ostream& out) {
  const double e2 = 2.0 * kWgs72F - kWgs72F * kWgs72F;
  std::string buf;
  for (int g = 0; g < network.ground_count(); ++g) {
    const GroundNode& node = network.ground()[g];
    const double lat = node.lat_deg * kDegToRad, lon = node.lon_deg * kDegToRad;
    const double v = kWgs72AM / std::sqrt(1.0 - e2 * std::sin(lat) * std::sin(lat));
    const double x = (v + node.alt_m) * std::cos(lat) * std::cos(lon);
    const double y = (v + node.alt_m) * std::cos(lat) * std::sin(lon);
    const double z = (v * (1.0 - e2) + node.alt_m) * std::sin(lat);
    fmt::format_to(std::back_inserter(buf), "{},{},{:f},{:f},{:f},{:f},{:f},{:f}\n", g,
                   HypatiaName(node.name), node.lat_deg, node.lon_deg, node.alt_m, x, y, z);
  }
  out << buf;
}

void WriteHypatiaDescription(double max_gsl_length_m, double max_isl_length_m, std::ostream& out) {
  out << fmt::format("max_gsl_length_m={:.10f}\nmax_isl_length_m={:.10f}\n", max_gsl_length_m,
                     max_isl_length_m);
}

double HypatiaMaxGslLengthM(const Network& network, const orbit::Constellation& constellation) {
  double max_range_km = 0.0, mask_deg = 90.0;
  bool all_ranged = true, any = false;
  auto consider = [&](const GroundLinkRules& r) {
    if (!r.satellite_links) return;
    any = true;
    if (r.max_slant_range_km > 0.0) {
      max_range_km = std::max(max_range_km, r.max_slant_range_km);
    } else {
      all_ranged = false;
    }
    mask_deg = std::min(mask_deg, std::max(0.0, r.min_elevation_deg));
  };
  if (network.ground_count() > 0) {
    for (int g = 0; g < network.ground_count(); ++g) consider(network.rules(g));
  } else {
    for (const auto& r : network.options().ground) consider(r);
  }
  if (any && all_ranged) return max_range_km * 1e3;
  double apogee_km = 0.0;
  for (const auto& e : constellation.elements) {
    const double n_rad_s = e.mean_motion_rev_per_day * kTwoPi / 86400.0;
    if (!(n_rad_s > 0.0)) continue;
    const double a = std::cbrt(kWgs72MuKm3PerS2 / (n_rad_s * n_rad_s));
    apogee_km = std::max(apogee_km, a * (1.0 + e.eccentricity));
  }
  const double r_earth = kWgs84EquatorialRadiusKm * (1.0 - kWgs84Flattening);
  const double el = (any ? mask_deg : 0.0) * kDegToRad;
  if (apogee_km <= r_earth) return 0.0;
  const double c = r_earth * std::cos(el);
  const double slant = std::sqrt(apogee_km * apogee_km - c * c) - r_earth * std::sin(el);
  return (any && max_range_km > 0.0 ? std::max(slant, max_range_km) : slant) * 1e3;
}

void WriteHypatiaGslInterfacesInfo(const Network& network, std::ostream& out) {
  std::string buf;
  for (int v = 0; v < network.node_count(); ++v) {
    fmt::format_to(std::back_inserter(buf), "{},1,{:f}\n", v, 1.0);
  }
  out << buf;
}

void WriteHypatiaGslIfBandwidth(const Network& network, std::ostream& out) {
  const int S = network.satellite_count();
  std::vector<int32_t> isl_count(S, 0);
  for (const auto& l : network.isls()) ++isl_count[l.a], ++isl_count[l.b];
  std::string buf;
  for (int v = 0; v < network.node_count(); ++v) {
    fmt::format_to(std::back_inserter(buf), "{},{},{:f}\n", v, v < S ? isl_count[v] : 0, 1.0);
  }
  out << buf;
}

StatusOr<std::string> HypatiaDynamicStateDir(int64_t step_ns, int64_t duration_ns) {
  constexpr int64_t kMs = 1'000'000, kS = 1'000'000'000;
  if (step_ns <= 0 || step_ns % kMs != 0) {
    return absl::InvalidArgumentError(fmt::format(
        "Hypatia's dynamic state needs a step of whole milliseconds, got {} ns", step_ns));
  }
  if (duration_ns < 0 || duration_ns % kS != 0) {
    return absl::InvalidArgumentError(fmt::format(
        "Hypatia's dynamic state needs a duration of whole seconds, got {} ns", duration_ns));
  }
  return fmt::format("dynamic_state_{}ms_for_{}s", step_ns / kMs, duration_ns / kS);
}

int64_t HypatiaStepCount(int64_t step_ns, int64_t duration_ns) {
  if (step_ns <= 0 || duration_ns <= 0) return 1;
  return (duration_ns + step_ns - 1) / step_ns;
}

}  // namespace leotwin::net
