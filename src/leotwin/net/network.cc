#include "leotwin/net/network.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"
#include "leotwin/orbit/geodesy.h"

namespace leotwin::net {
namespace {

constexpr double kEarthRotationRadPerS = 7.292115e-5;  // WGS84 / IERS nominal.

// sin(elevation) of `sat` seen from ground point `g` with unit up `n`.
double SinElevation(const EcefVector& g, const EcefVector& n, const EcefVector& sat) {
  const EcefVector d = sat - g;
  const double r = d.Norm();
  return r > 0.0 ? d.Dot(n) / r : 1.0;
}

// Seconds until a satellite at ECEF position r with ECEF velocity v sinks below `sin_mask` seen
// from g (up n). Model: the satellite moves on the circle through r with its inertial velocity
// (v + w x r) at the rate |r x v_i| / |r|^2; the ground point turns with the Earth. Capped at 1 h.
double PredictSetSeconds(const EcefVector& g, const EcefVector& n, const EcefVector& r,
                         const EcefVector& v, double sin_mask) {
  const EcefVector w{0.0, 0.0, kEarthRotationRadPerS};
  const EcefVector vi = v + w.Cross(r);
  const EcefVector h = r.Cross(vi);
  const double rn = r.Norm(), hn = h.Norm();
  if (rn <= 0.0 || hn <= 0.0) return 0.0;
  const EcefVector rhat = r * (1.0 / rn);
  const EcefVector along = (h * (1.0 / hn)).Cross(rhat);
  const double rate = hn / (rn * rn);
  auto sin_el = [&](double tau) {
    const double th = rate * tau;
    const EcefVector s = rhat * (rn * std::cos(th)) + along * (rn * std::sin(th));
    // Rotate the satellite back by the Earth's turn instead of turning the ground point forward.
    const double a = -kEarthRotationRadPerS * tau;
    const EcefVector se{s.x * std::cos(a) - s.y * std::sin(a),
                        s.x * std::sin(a) + s.y * std::cos(a), s.z};
    return SinElevation(g, n, se);
  };
  constexpr double kStep = 2.0, kHorizon = 3600.0;
  if (sin_el(0.0) < sin_mask) return 0.0;
  double lo = 0.0;
  while (lo < kHorizon) {
    const double hi = lo + kStep;
    if (sin_el(hi) < sin_mask) {
      double a = lo, b = hi;
      for (int i = 0; i < 20; ++i) {
        const double m = 0.5 * (a + b);
        (sin_el(m) >= sin_mask ? a : b) = m;
      }
      return a;
    }
    lo = hi;
  }
  return kHorizon;
}

}  // namespace

std::string_view SatelliteChoiceName(SatelliteChoice c) {
  switch (c) {
    case SatelliteChoice::kHighestElevation:
      return "highest-elevation";
    case SatelliteChoice::kNearest:
      return "nearest";
    case SatelliteChoice::kLongestVisibility:
      return "longest-visibility";
  }
  return "?";
}

StatusOr<SatelliteChoice> ParseSatelliteChoice(std::string_view text) {
  if (text == "highest-elevation" || text == "elevation") return SatelliteChoice::kHighestElevation;
  if (text == "nearest") return SatelliteChoice::kNearest;
  if (text == "longest-visibility" || text == "longest") return SatelliteChoice::kLongestVisibility;
  return absl::InvalidArgumentError(fmt::format(
      "unknown satellite choice '{}': expected highest-elevation, nearest or longest-visibility",
      std::string(text)));
}

std::array<GroundLinkRules, kGroundKindCount> DefaultGroundRules() {
  std::array<GroundLinkRules, kGroundKindCount> rules;
  rules[static_cast<int>(GroundKind::kPop)].satellite_links = false;
  rules[static_cast<int>(GroundKind::kTerminal)].max_links = 1;
  return rules;
}

void NetworkOptions::SetMinElevation(double deg) {
  for (auto& r : ground) r.min_elevation_deg = deg;
}

StatusOr<Network> Network::Create(const orbit::Constellation& constellation,
                                  std::vector<GroundNode> ground, NetworkOptions options) {
  for (int k = 0; k < kGroundKindCount; ++k) {
    const auto& r = options.ground[k];
    if (!(r.min_elevation_deg >= -90.0 && r.min_elevation_deg <= 90.0)) {
      return absl::InvalidArgumentError(
          fmt::format("{}: min elevation {} outside [-90, 90] degrees",
                      GroundKindName(static_cast<GroundKind>(k)), r.min_elevation_deg));
    }
    if (!(r.max_slant_range_km >= 0.0) || r.max_links < 0) {
      return absl::InvalidArgumentError(
          fmt::format("{}: max slant range and max links must be >= 0",
                      GroundKindName(static_cast<GroundKind>(k))));
    }
  }
  if (!(options.fiber_inflation >= 1.0)) {
    return absl::InvalidArgumentError(
        fmt::format("fiber inflation {} must be >= 1", options.fiber_inflation));
  }
  if (!(options.lasers.max_range_km > 0.0) || !(options.lasers.atmosphere_km >= 0.0)) {
    return absl::InvalidArgumentError("laser max range must be > 0 and atmosphere height >= 0");
  }
  Network net;
  net.satellites_ = static_cast<int>(constellation.size());
  for (const auto& e : constellation.elements) net.satellite_names_.push_back(e.name);
  LEOTWIN_ASSIGN_OR_RETURN(net.isls_, LaserLinks(constellation, options.lasers));
  // Laser adjacency.
  const int S = net.satellites_;
  net.isl_adj_begin_.assign(S + 1, 0);
  for (const auto& l : net.isls_) {
    ++net.isl_adj_begin_[l.a + 1];
    ++net.isl_adj_begin_[l.b + 1];
  }
  std::partial_sum(net.isl_adj_begin_.begin(), net.isl_adj_begin_.end(),
                   net.isl_adj_begin_.begin());
  net.isl_adj_node_.resize(net.isl_adj_begin_[S]);
  net.isl_adj_link_.resize(net.isl_adj_begin_[S]);
  {
    std::vector<int32_t> fill(net.isl_adj_begin_.begin(), net.isl_adj_begin_.end() - 1);
    for (size_t e = 0; e < net.isls_.size(); ++e) {
      const auto& l = net.isls_[e];
      net.isl_adj_node_[fill[l.a]] = l.b;
      net.isl_adj_link_[fill[l.a]++] = static_cast<int32_t>(e);
      net.isl_adj_node_[fill[l.b]] = l.a;
      net.isl_adj_link_[fill[l.b]++] = static_cast<int32_t>(e);
    }
  }
  // Ground nodes.
  const int G = static_cast<int>(ground.size());
  for (const auto& g : ground) {
    net.ground_ecef_.push_back(orbit::GeodeticToEcef(g.lat_deg, g.lon_deg, g.alt_m * 1e-3));
    net.ground_up_.push_back(orbit::GeodeticUp(g.lat_deg, g.lon_deg));
    GroundLinkRules r = options.ground[static_cast<int>(g.kind)];
    if (g.max_links) r.max_links = *g.max_links;
    if (g.min_elevation_deg) r.min_elevation_deg = *g.min_elevation_deg;
    net.rules_.push_back(r);
    const bool relay =
        g.kind == GroundKind::kPop || (g.kind == GroundKind::kGateway && options.gateway_relays);
    net.relays_.push_back(relay ? 1 : 0);
  }
  net.nearest_pop_.assign(G, -1);
  std::vector<int> pops;
  for (int g = 0; g < G; ++g) {
    if (ground[g].kind == GroundKind::kPop) pops.push_back(g);
  }
  auto gc = [&](int a, int b) {
    return orbit::GreatCircleKm(ground[a].lat_deg, ground[a].lon_deg, ground[b].lat_deg,
                                ground[b].lon_deg);
  };
  for (int g = 0; g < G; ++g) {
    double best = kInfinity;
    for (int p : pops) {
      if (p == g) continue;
      const double d = gc(g, p);
      if (d < best) best = d, net.nearest_pop_[g] = p;
    }
  }
  // Fiber edges, collected per source node then packed in CSR.
  std::vector<std::vector<std::pair<int32_t, double>>> fiber(G);
  for (int g = 0; g < G; ++g) {
    if (ground[g].kind != GroundKind::kGateway || !options.gateway_relays) continue;
    for (int p : pops) {
      const double ms = FiberMs(gc(g, p) * options.fiber_inflation);
      fiber[g].push_back({p, ms});
      fiber[p].push_back({g, ms});
    }
  }
  if (options.egress == Egress::kPop) {
    for (int g = 0; g < G; ++g) {
      if (net.relays_[g] || net.nearest_pop_[g] < 0) continue;
      const int p = net.nearest_pop_[g];
      fiber[p].push_back({g, FiberMs(gc(g, p) * options.fiber_inflation)});
    }
  }
  net.fiber_begin_.assign(G + 1, 0);
  for (int g = 0; g < G; ++g) {
    std::sort(fiber[g].begin(), fiber[g].end());
    net.fiber_begin_[g + 1] = net.fiber_begin_[g] + static_cast<int32_t>(fiber[g].size());
    for (const auto& [to, ms] : fiber[g]) {
      net.fiber_to_.push_back(to);
      net.fiber_ms_.push_back(ms);
    }
  }
  net.ground_ = std::move(ground);
  net.options_ = std::move(options);
  return net;
}

std::string Network::NodeName(int node) const {
  if (node < 0 || node >= node_count()) return fmt::format("node {}", node);
  if (IsSatellite(node)) {
    const auto& n = satellite_names_[node];
    return n.empty() ? fmt::format("sat {}", node) : fmt::format("sat {} {}", node, n);
  }
  return ground_[node - satellites_].name;
}

double Snapshot::GroundLinkMs(int g, int sat) const {
  const auto sats = GroundSats(g);
  const auto it = std::lower_bound(sats.begin(), sats.end(), sat);
  if (it == sats.end() || *it != sat) return kInfinity;
  return GroundDelays(g)[it - sats.begin()];
}

LookAngle LookFrom(const EcefVector& ground, const EcefVector& up, const EcefVector& sat) {
  const EcefVector d = sat - ground;
  const double r = d.Norm();
  const double s = r > 0.0 ? std::clamp(d.Dot(up) / r, -1.0, 1.0) : 1.0;
  return {std::asin(s) * kRadToDeg, r};
}

void BuildSnapshot(const Network& network, SimTime t, const EcefStatesView& states,
                   Snapshot* snap) {
  LEOTWIN_DCHECK_MSG(states.size() == static_cast<size_t>(network.satellite_count()),
                     "one state per satellite of the network");
  const int S = network.satellite_count();
  const int G = network.ground_count();
  snap->time = t;
  snap->sat_valid.resize(S);
  for (int i = 0; i < S; ++i) snap->sat_valid[i] = states.valid(i) ? 1 : 0;
  // Lasers.
  const auto& isls = network.isls();
  const auto& lo = network.options().lasers;
  const double max_range2 = lo.max_range_km * lo.max_range_km;
  snap->isl_ms.resize(isls.size());
  for (size_t e = 0; e < isls.size(); ++e) {
    const int a = isls[e].a, b = isls[e].b;
    double ms = kInfinity;
    if (snap->sat_valid[a] && snap->sat_valid[b]) {
      const EcefVector pa{states.x[a], states.y[a], states.z[a]};
      const EcefVector pb{states.x[b], states.y[b], states.z[b]};
      const EcefVector d = pb - pa;
      const double r2 = d.Dot(d);
      if (r2 <= max_range2 && LineOfSightClears(pa, pb, lo.atmosphere_km)) {
        ms = VacuumMs(std::sqrt(r2));
      }
    }
    snap->isl_ms[e] = ms;
  }
  const auto& slot_link = network.isl_slot_link();
  snap->isl_slot_ms.resize(slot_link.size());
  for (size_t k = 0; k < slot_link.size(); ++k) snap->isl_slot_ms[k] = snap->isl_ms[slot_link[k]];
  // Ground links.
  struct Candidate {
    double key;
    int32_t sat;
    double r2;
  };
  std::vector<Candidate> cand;
  snap->gsl_begin.assign(G + 1, 0);
  snap->gsl_sat.clear();
  snap->gsl_ms.clear();
  for (int g = 0; g < G; ++g) {
    const GroundLinkRules& r = network.rules(g);
    snap->gsl_begin[g] = static_cast<int32_t>(snap->gsl_sat.size());
    if (!r.satellite_links) continue;
    const EcefVector& p = network.ground_ecef(g);
    const EcefVector& n = network.ground_up(g);
    const double sm = std::sin(r.min_elevation_deg * kDegToRad);
    const double s2 = sm * sm;
    const bool nonneg_mask = r.min_elevation_deg >= 0.0;
    const double range2 =
        r.max_slant_range_km > 0.0 ? r.max_slant_range_km * r.max_slant_range_km : kInfinity;
    cand.clear();
    for (int i = 0; i < S; ++i) {
      const double dx = states.x[i] - p.x, dy = states.y[i] - p.y, dz = states.z[i] - p.z;
      const double dn = dx * n.x + dy * n.y + dz * n.z;
      if (nonneg_mask && dn < 0.0) continue;
      const double r2 = dx * dx + dy * dy + dz * dz;
      // sin(el) = dn / sqrt(r2) >= sm, without the square root.
      const bool above = nonneg_mask ? dn * dn >= s2 * r2 : (dn >= 0.0 || dn * dn <= s2 * r2);
      if (!above || r2 > range2 || !snap->sat_valid[i]) continue;
      cand.push_back({0.0, i, r2});
    }
    if (r.max_links > 0 && static_cast<int>(cand.size()) > r.max_links) {
      SatelliteChoice choice = r.choice;
      if (choice == SatelliteChoice::kLongestVisibility && !states.has_velocity()) {
        choice = SatelliteChoice::kHighestElevation;
      }
      for (auto& c : cand) {
        const EcefVector sat{states.x[c.sat], states.y[c.sat], states.z[c.sat]};
        switch (choice) {
          case SatelliteChoice::kNearest:
            c.key = c.r2;
            break;
          case SatelliteChoice::kHighestElevation:
            c.key = -SinElevation(p, n, sat);
            break;
          case SatelliteChoice::kLongestVisibility: {
            const EcefVector v{states.vx[c.sat], states.vy[c.sat], states.vz[c.sat]};
            c.key = -PredictSetSeconds(p, n, sat, v, sm);
            break;
          }
        }
      }
      std::partial_sort(cand.begin(), cand.begin() + r.max_links, cand.end(),
                        [](const Candidate& a, const Candidate& b) {
                          return a.key < b.key || (a.key == b.key && a.sat < b.sat);
                        });
      cand.resize(r.max_links);
      std::sort(cand.begin(), cand.end(),
                [](const Candidate& a, const Candidate& b) { return a.sat < b.sat; });
    }
    for (const auto& c : cand) {
      snap->gsl_sat.push_back(c.sat);
      snap->gsl_ms.push_back(VacuumMs(std::sqrt(c.r2)));
    }
  }
  snap->gsl_begin[G] = static_cast<int32_t>(snap->gsl_sat.size());
  // The same links by satellite (counting sort keeps ground nodes in increasing order).
  snap->sat_gsl_begin.assign(S + 1, 0);
  for (int32_t s : snap->gsl_sat) ++snap->sat_gsl_begin[s + 1];
  std::partial_sum(snap->sat_gsl_begin.begin(), snap->sat_gsl_begin.end(),
                   snap->sat_gsl_begin.begin());
  snap->sat_gsl_ground.resize(snap->gsl_sat.size());
  snap->sat_gsl_ms.resize(snap->gsl_sat.size());
  std::vector<int32_t> fill(snap->sat_gsl_begin.begin(), snap->sat_gsl_begin.end() - 1);
  for (int g = 0; g < G; ++g) {
    for (int32_t k = snap->gsl_begin[g]; k < snap->gsl_begin[g + 1]; ++k) {
      const int32_t s = snap->gsl_sat[k];
      snap->sat_gsl_ground[fill[s]] = g;
      snap->sat_gsl_ms[fill[s]++] = snap->gsl_ms[k];
    }
  }
}

}  // namespace leotwin::net
