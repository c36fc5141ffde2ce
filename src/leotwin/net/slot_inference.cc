#include "leotwin/net/slot_inference.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"
#include "leotwin/orbit/walker.h"

namespace leotwin::net {
namespace {

// Circular mean of angles, degrees in [0, 360).
double CircularMeanDeg(const std::vector<double>& deg) {
  double s = 0.0, c = 0.0;
  for (double d : deg) s += std::sin(d * kDegToRad), c += std::cos(d * kDegToRad);
  return Wrap360(std::atan2(s, c) * kRadToDeg);
}

// Splits the angles (indices into `deg`) into runs around the circle: sorted, starting after the
// largest gap, cut wherever consecutive angles are more than `gap` apart.
std::vector<std::vector<int>> CircularRuns(const std::vector<double>& deg, std::vector<int> ids,
                                           double gap) {
  std::vector<std::vector<int>> runs;
  if (ids.empty()) return runs;
  std::sort(ids.begin(), ids.end(),
            [&](int a, int b) { return deg[a] != deg[b] ? deg[a] < deg[b] : a < b; });
  const size_t n = ids.size();
  size_t start = 0;
  double widest = -1.0;
  for (size_t k = 0; k < n; ++k) {
    const double g = Wrap360(deg[ids[(k + 1) % n]] - deg[ids[k]]);
    const double d = n == 1 ? 360.0 : g;
    if (d > widest) widest = d, start = (k + 1) % n;
  }
  std::vector<int> cur;
  for (size_t j = 0; j < n; ++j) {
    const int id = ids[(start + j) % n];
    if (!cur.empty() && Wrap360(deg[id] - deg[cur.back()]) > gap) {
      runs.push_back(std::move(cur));
      cur.clear();
    }
    cur.push_back(id);
  }
  runs.push_back(std::move(cur));
  return runs;
}

struct ShellDraft {
  std::vector<std::vector<int>> planes;  // Satellites of each plane, in RAAN-run order.
  double inclination_deg = 0.0, altitude_km = 0.0;
};

}  // namespace

MeanState MeanStateAt(const orbit::ElementSet& e, SimTime t) {
  MeanState m;
  if (!(e.mean_motion_rev_per_day > 0.0) || !(e.eccentricity >= 0.0 && e.eccentricity < 1.0) ||
      !(e.inclination_deg >= 0.0 && e.inclination_deg <= 180.0) || !std::isfinite(e.raan_deg) ||
      !std::isfinite(e.arg_perigee_deg) || !std::isfinite(e.mean_anomaly_deg) ||
      !std::isfinite(e.mean_motion_dot)) {
    return m;
  }
  const double a =
      orbit::Sgp4MeanSemiMajorAxisKm(e.mean_motion_rev_per_day, e.inclination_deg, e.eccentricity);
  if (!(a > 0.0) || !std::isfinite(a)) return m;
  const double n = std::sqrt(orbit::kWalkerMuKm3PerS2 / (a * a * a));  // Brouwer, rad/s.
  const double ecc2 = e.eccentricity * e.eccentricity;
  const double p = a * (1.0 - ecc2);
  const double k =
      orbit::kWalkerJ2 * (orbit::kWalkerEarthRadiusKm / p) * (orbit::kWalkerEarthRadiusKm / p);
  const double c = std::cos(e.inclination_deg * kDegToRad);
  const double raan_dot = -1.5 * n * k * c;
  const double argp_dot = 0.75 * n * k * (5.0 * c * c - 1.0);
  const double m_dot = n * (1.0 + 0.75 * k * std::sqrt(1.0 - ecc2) * (3.0 * c * c - 1.0));
  const double dt = (t - e.epoch) * 1e-9;  // s
  const double dt_days = dt / 86400.0;
  m.ok = true;
  m.inclination_deg = e.inclination_deg;
  m.raan_deg = Wrap360(e.raan_deg + raan_dot * dt * kRadToDeg);
  m.arg_latitude_deg =
      Wrap360(e.arg_perigee_deg + e.mean_anomaly_deg + (argp_dot + m_dot) * dt * kRadToDeg +
              360.0 * e.mean_motion_dot * dt_days * dt_days);
  m.altitude_km = a - orbit::kWalkerEarthRadiusKm;
  return m;
}

SimTime LatestEpoch(const std::vector<orbit::ElementSet>& elements) {
  LEOTWIN_DCHECK(!elements.empty());
  SimTime latest = elements.at(0).epoch;
  for (const auto& e : elements) latest = std::max(latest, e.epoch);
  return latest;
}

int SlotInference::total_planes() const {
  int n = 0;
  for (const auto& s : plane_sizes) n += static_cast<int>(s.size());
  return n;
}

namespace {

Status CheckOptions(const SlotInferenceOptions& o) {
  if (!(o.shell_inclination_tol_deg > 0.0) || !(o.shell_altitude_tol_km > 0.0) ||
      !(o.plane_gap_deg > 0.0) || o.shell_core_neighbours < 1 || o.min_plane_satellites < 1 ||
      o.min_shell_planes < 1 || o.min_shell_satellites < 1) {
    return absl::InvalidArgumentError("slot inference: tolerances and minimum counts must be > 0");
  }
  return absl::OkStatus();
}

// Step 1. Fills `states` (every satellite's mean state at r->epoch) and returns the satellites
// eligible for a slot (near-circular, in the altitude band); counts the others in r.
std::vector<int> EligibleSatellites(const orbit::Constellation& constellation,
                                    const SlotInferenceOptions& o, std::vector<MeanState>* states,
                                    SlotInference* r) {
  const int n = static_cast<int>(constellation.size());
  std::vector<MeanState>& st = *states;
  st.assign(n, MeanState{});
  std::vector<int> eligible;
  for (int i = 0; i < n; ++i) {
    const auto& e = constellation.elements[i];
    st[i] = MeanStateAt(e, r->epoch);
    if (st[i].ok && e.eccentricity <= o.max_eccentricity &&
        st[i].altitude_km >= o.min_altitude_km && st[i].altitude_km <= o.max_altitude_km) {
      eligible.push_back(i);
    } else {
      ++r->not_eligible;
    }
  }
  return eligible;
}

// Step 2. DBSCAN in (inclination, altitude), neighbours found in a window of the inclination
// order. Returns the satellites of each shell; counts the satellites in no shell in r.
std::vector<std::vector<int>> ClusterShells(const std::vector<MeanState>& st,
                                            std::vector<int> eligible,
                                            const SlotInferenceOptions& o, SlotInference* r) {
  std::sort(eligible.begin(), eligible.end(), [&](int a, int b) {
    return st[a].inclination_deg != st[b].inclination_deg
               ? st[a].inclination_deg < st[b].inclination_deg
               : a < b;
  });
  const int m = static_cast<int>(eligible.size());
  auto for_neighbours = [&](int x, auto&& fn) {
    const double inc = st[eligible[x]].inclination_deg, alt = st[eligible[x]].altitude_km;
    int lo = x;
    while (lo > 0 && inc - st[eligible[lo - 1]].inclination_deg <= o.shell_inclination_tol_deg) {
      --lo;
    }
    for (int y = lo; y < m; ++y) {
      const auto& s = st[eligible[y]];
      if (s.inclination_deg - inc > o.shell_inclination_tol_deg) break;
      if (std::fabs(s.altitude_km - alt) <= o.shell_altitude_tol_km) fn(y);
    }
  };
  std::vector<char> core(m, 0);
  for (int x = 0; x < m; ++x) {
    int count = 0;
    for_neighbours(x, [&](int) { ++count; });
    core[x] = count >= o.shell_core_neighbours;
  }
  std::vector<int> label(m, -1);
  int clusters = 0;
  for (int x = 0; x < m; ++x) {
    if (!core[x] || label[x] >= 0) continue;
    std::vector<int> stack = {x};
    label[x] = clusters;
    while (!stack.empty()) {
      const int y = stack.back();
      stack.pop_back();
      for_neighbours(y, [&](int z) {
        if (label[z] >= 0) return;
        label[z] = clusters;
        if (core[z]) stack.push_back(z);
      });
    }
    ++clusters;
  }
  std::vector<std::vector<int>> members(clusters);
  for (int x = 0; x < m; ++x) {
    if (label[x] >= 0) {
      members[label[x]].push_back(eligible[x]);
    } else {
      ++r->not_in_shell;
    }
  }
  return members;
}

// Steps 3-4. Planes of each shell by RAAN runs; drops small planes, then small shells (counted in
// r). The shells come back ordered by inclination, then altitude.
std::vector<ShellDraft> PlanesOfShells(const std::vector<std::vector<int>>& members,
                                       const std::vector<MeanState>& st,
                                       const std::vector<double>& raan,
                                       const SlotInferenceOptions& o, SlotInference* r) {
  std::vector<ShellDraft> drafts;
  for (const auto& sats : members) {
    ShellDraft d;
    int kept = 0;
    for (auto& run : CircularRuns(raan, sats, o.plane_gap_deg)) {
      if (static_cast<int>(run.size()) < o.min_plane_satellites) {
        r->small_plane += static_cast<int64_t>(run.size());
        continue;
      }
      kept += static_cast<int>(run.size());
      d.planes.push_back(std::move(run));
    }
    if (static_cast<int>(d.planes.size()) < o.min_shell_planes || kept < o.min_shell_satellites) {
      r->small_shell += kept;
      continue;
    }
    for (const auto& p : d.planes) {
      for (int i : p)
        d.inclination_deg += st[i].inclination_deg, d.altitude_km += st[i].altitude_km;
    }
    d.inclination_deg /= kept;
    d.altitude_km /= kept;
    drafts.push_back(std::move(d));
  }
  std::sort(drafts.begin(), drafts.end(), [](const ShellDraft& a, const ShellDraft& b) {
    return a.inclination_deg != b.inclination_deg ? a.inclination_deg < b.inclination_deg
                                                  : a.altitude_km < b.altitude_km;
  });
  return drafts;
}

// Step 5. Numbers shell `k`: planes in RAAN order starting after the widest gap between them,
// satellites in argument-of-latitude order within each plane. Appends the shell to r.
void NumberShell(int k, const ShellDraft& d, const std::vector<double>& raan,
                 const std::vector<double>& u, const SlotInferenceOptions& o, SlotInference* r) {
  const int P = static_cast<int>(d.planes.size());
  std::vector<double> centre(P);
  for (int p = 0; p < P; ++p) {
    std::vector<double> a;
    for (int i : d.planes[p]) a.push_back(raan[i]);
    centre[p] = CircularMeanDeg(a);
  }
  std::vector<int> order(P);
  std::iota(order.begin(), order.end(), 0);
  // One run per plane (gap 0 never merges distinct centres); the run starts after the widest
  // gap between planes.
  const auto runs = CircularRuns(centre, order, 0.0);
  order.clear();
  for (const auto& run : runs) order.insert(order.end(), run.begin(), run.end());
  std::vector<double> gaps;
  for (int p = 0; p < P; ++p) {
    gaps.push_back(Wrap360(centre[order[(p + 1) % P]] - centre[order[p]]));
  }
  const double widest = P > 1 ? *std::max_element(gaps.begin(), gaps.end()) : 360.0;
  std::vector<double> sorted_gaps = gaps;
  std::sort(sorted_gaps.begin(), sorted_gaps.end());
  const double spacing = sorted_gaps[sorted_gaps.size() / 2];
  orbit::ShellInfo info;
  info.name = fmt::format("{:.0f}km-{:.2f}deg", d.altitude_km, d.inclination_deg);
  info.planes = P;
  info.phasing = 0;
  info.altitude_km = d.altitude_km;
  info.inclination_deg = d.inclination_deg;
  info.raan_spread_deg =
      widest <= o.max_seam_gap_deg ? 360.0 : std::min(359.0, 360.0 - widest + spacing);
  std::vector<int> sizes;
  for (int p = 0; p < P; ++p) {
    std::vector<int> sats = d.planes[order[p]];
    std::sort(sats.begin(), sats.end(),
              [&](int a, int b) { return u[a] != u[b] ? u[a] < u[b] : a < b; });
    for (size_t s = 0; s < sats.size(); ++s) {
      r->slots[sats[s]] = {k, p, static_cast<int>(s)};
    }
    sizes.push_back(static_cast<int>(sats.size()));
    info.sats_per_plane = std::max(info.sats_per_plane, static_cast<int>(sats.size()));
  }
  r->shells.push_back(std::move(info));
  r->plane_sizes.push_back(std::move(sizes));
}

}  // namespace

StatusOr<SlotInference> InferSlots(const orbit::Constellation& constellation,
                                   const SlotInferenceOptions& o) {
  const int n = static_cast<int>(constellation.size());
  if (n == 0) {
    return absl::InvalidArgumentError(
        fmt::format("constellation '{}' has no satellites to infer slots for", constellation.name));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckOptions(o));
  SlotInference r;
  r.epoch = o.epoch.value_or(LatestEpoch(constellation.elements));
  r.slots.assign(n, orbit::SatelliteSlot{});

  std::vector<MeanState> st;
  std::vector<int> eligible = EligibleSatellites(constellation, o, &st, &r);
  const std::vector<std::vector<int>> members = ClusterShells(st, std::move(eligible), o, &r);
  std::vector<double> raan(n), u(n);
  for (int i = 0; i < n; ++i) raan[i] = st[i].raan_deg, u[i] = st[i].arg_latitude_deg;
  const std::vector<ShellDraft> drafts = PlanesOfShells(members, st, raan, o, &r);
  for (size_t k = 0; k < drafts.size(); ++k) {
    NumberShell(static_cast<int>(k), drafts[k], raan, u, o, &r);
  }
  r.unslotted = r.not_eligible + r.not_in_shell + r.small_plane + r.small_shell;
  return r;
}

StatusOr<SlotInference> AssignInferredSlots(orbit::Constellation* constellation,
                                            const SlotInferenceOptions& options) {
  LEOTWIN_ASSIGN_OR_RETURN(SlotInference r, InferSlots(*constellation, options));
  constellation->slots = r.slots;
  constellation->shells = r.shells;
  return r;
}

}  // namespace leotwin::net
