#include "leotwin/net/lasers.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/constants.h"
#include "leotwin/net/slot_inference.h"

namespace leotwin::net {
namespace {

// Undirected links, each kept once, in the order first added.
class LinkSet {
 public:
  explicit LinkSet(std::vector<IslLink>* links) : links_(links) {}
  void Add(int a, int b) {
    if (a == b) return;
    if (seen_.insert(std::minmax(a, b)).second) links_->push_back({a, b});
  }

 private:
  std::vector<IslLink>* links_;
  std::set<std::pair<int, int>> seen_;
};

double WrapDeg(double d) {
  d = std::fmod(d, 360.0);
  if (d > 180.0) d -= 360.0;
  if (d < -180.0) d += 360.0;
  return d;
}

// Argument of latitude at epoch, degrees (exact for circular orbits, where it is what matters).
double ArgumentOfLatitude(const orbit::ElementSet& e) {
  return std::fmod(e.arg_perigee_deg + e.mean_anomaly_deg, 360.0);
}

// +Grid over inferred slots: planes of any size, satellites without a slot left out.
StatusOr<std::vector<IslLink>> InferredPlusGridLinks(const orbit::Constellation& constellation,
                                                     const LaserOptions& options) {
  std::vector<IslLink> links;
  const int n = static_cast<int>(constellation.size());
  if (constellation.slots.size() != constellation.elements.size()) {
    return absl::InvalidArgumentError(fmt::format("constellation '{}': {} slots for {} satellites",
                                                  constellation.name, constellation.slots.size(),
                                                  n));
  }
  if (n == 0) return links;
  // members[shell][plane] = satellites ordered by index in plane.
  std::vector<std::vector<std::vector<int>>> members;
  for (int i = 0; i < n; ++i) {
    const auto& s = constellation.slots[i];
    if (s.shell < 0 || s.plane < 0 || s.index_in_plane < 0) continue;
    if (members.size() <= static_cast<size_t>(s.shell)) members.resize(s.shell + 1);
    auto& shell = members[s.shell];
    if (shell.size() <= static_cast<size_t>(s.plane)) shell.resize(s.plane + 1);
    shell[s.plane].push_back(i);
  }
  for (auto& shell : members) {
    for (auto& plane : shell) {
      std::sort(plane.begin(), plane.end(), [&](int a, int b) {
        return constellation.slots[a].index_in_plane < constellation.slots[b].index_in_plane;
      });
      for (size_t k = 1; k < plane.size(); ++k) {
        const auto& s = constellation.slots[plane[k]];
        if (s.index_in_plane == constellation.slots[plane[k - 1]].index_in_plane) {
          return absl::InvalidArgumentError(fmt::format(
              "constellation '{}': satellites {} and {} share shell {} plane {} index {}",
              constellation.name, plane[k - 1], plane[k], s.shell, s.plane, s.index_in_plane));
        }
      }
    }
  }
  const SimTime epoch = LatestEpoch(constellation.elements);
  std::vector<double> u(n, 0.0);
  for (int i = 0; i < n; ++i) {
    if (constellation.slots[i].shell >= 0) {
      u[i] = MeanStateAt(constellation.elements[i], epoch).arg_latitude_deg;
    }
  }
  // next[i] = cross-plane partner of i in the next plane (-1: none). Greedy matching by increasing
  // |delta u|: each satellite gets at most one partner ahead and one behind (four lasers at most).
  std::vector<int> next(n, -1), taken(n, 0);
  for (size_t k = 0; k < members.size(); ++k) {
    const auto& shell = members[k];
    const int P = static_cast<int>(shell.size());
    const bool delta =
        k < constellation.shells.size() ? constellation.shells[k].raan_spread_deg >= 359.0 : true;
    for (int p = 0; p < P; ++p) {
      const int q = (p + 1) % P;
      if (P < 2 || (q == 0 && (P == 2 || !delta || !options.link_across_seam))) continue;
      const auto& a = shell[p];
      const auto& b = shell[q];
      if (a.empty() || b.empty()) continue;
      const double limit = 360.0 / static_cast<double>(std::max(a.size(), b.size()));
      std::vector<std::tuple<double, int, int>> pairs;
      for (int x : a) {
        for (int y : b) {
          const double d = std::fabs(WrapDeg(u[y] - u[x]));
          if (d <= limit) pairs.emplace_back(d, x, y);
        }
      }
      std::sort(pairs.begin(), pairs.end());
      for (const auto& [d, x, y] : pairs) {
        if (next[x] >= 0 || taken[y]) continue;
        next[x] = y;
        taken[y] = 1;
      }
    }
  }
  LinkSet link_set(&links);
  auto add = [&](int a, int b) { link_set.Add(a, b); };
  for (int i = 0; i < n; ++i) {
    const auto& s = constellation.slots[i];
    if (s.shell < 0 || s.plane < 0 || s.index_in_plane < 0) continue;
    const auto& plane = members[s.shell][s.plane];
    if (plane.size() >= 2) {
      const size_t at =
          static_cast<size_t>(std::find(plane.begin(), plane.end(), i) - plane.begin());
      add(i, plane[(at + 1) % plane.size()]);
    }
    if (next[i] >= 0) add(i, next[i]);
  }
  return links;
}

}  // namespace

StatusOr<std::vector<IslLink>> PlusGridLinks(const orbit::Constellation& constellation,
                                             const LaserOptions& options) {
  std::vector<IslLink> links;
  if (options.topology == LaserOptions::Topology::kNone) return links;
  if (options.inferred_slots) return InferredPlusGridLinks(constellation, options);
  const int n = static_cast<int>(constellation.size());
  if (constellation.slots.size() != constellation.elements.size()) {
    return absl::InvalidArgumentError(fmt::format(
        "constellation '{}': {} slots for {} satellites; +Grid lasers need every satellite's "
        "shell/plane/index (use a Walker preset, or lasers = none)",
        constellation.name, constellation.slots.size(), n));
  }
  // Grid size of each shell.
  int shells = 0;
  for (const auto& s : constellation.slots) shells = std::max(shells, s.shell + 1);
  std::vector<int> planes(shells, 0), per_plane(shells, 0);
  for (int i = 0; i < n; ++i) {
    const auto& s = constellation.slots[i];
    if (s.shell < 0 || s.plane < 0 || s.index_in_plane < 0) {
      return absl::InvalidArgumentError(fmt::format(
          "constellation '{}': satellite {} ('{}') has no Walker slot; +Grid lasers need one for "
          "every satellite (use a Walker preset, or lasers = none)",
          constellation.name, i, constellation.elements[i].name));
    }
    planes[s.shell] = std::max(planes[s.shell], s.plane + 1);
    per_plane[s.shell] = std::max(per_plane[s.shell], s.index_in_plane + 1);
  }
  // grid[shell][plane * S + index] = satellite.
  std::vector<std::vector<int>> grid(shells);
  for (int k = 0; k < shells; ++k) {
    grid[k].assign(static_cast<size_t>(planes[k]) * per_plane[k], -1);
  }
  for (int i = 0; i < n; ++i) {
    const auto& s = constellation.slots[i];
    int& cell = grid[s.shell][static_cast<size_t>(s.plane) * per_plane[s.shell] + s.index_in_plane];
    if (cell >= 0) {
      return absl::InvalidArgumentError(
          fmt::format("constellation '{}': satellites {} and {} share shell {} plane {} index {}",
                      constellation.name, cell, i, s.shell, s.plane, s.index_in_plane));
    }
    cell = i;
  }
  for (int k = 0; k < shells; ++k) {
    for (size_t c = 0; c < grid[k].size(); ++c) {
      if (grid[k][c] < 0) {
        return absl::InvalidArgumentError(fmt::format(
            "constellation '{}': shell {} has {} planes of {} but plane {} index {} is empty",
            constellation.name, k, planes[k], per_plane[k], c / per_plane[k], c % per_plane[k]));
      }
    }
  }
  if (options.hypatia_grid) {
    for (int k = 0; k < shells; ++k) {
      if (planes[k] < 3 || per_plane[k] < 3) {
        return absl::InvalidArgumentError(fmt::format(
            "constellation '{}': shell {} has {} planes of {}; Hypatia's +Grid needs at least 3 "
            "planes of at least 3 satellites (give the lasers as a list instead)",
            constellation.name, k, planes[k], per_plane[k]));
      }
    }
  }
  // Cross-plane shift for each (shell, plane -> plane+1): the index offset whose satellites are
  // nearest in argument of latitude, averaged over the plane (Hypatia's rule: 0).
  std::vector<std::vector<int>> shift(shells);
  for (int k = 0; k < shells; ++k) {
    const int P = planes[k], S = per_plane[k];
    shift[k].assign(P, 0);
    for (int p = 0; p < P && !options.hypatia_grid && !options.isl_shift; ++p) {
      const int q = (p + 1) % P;
      double best = 1e300;
      for (int off = 0; off < S; ++off) {
        double cost = 0.0;
        for (int s = 0; s < S; ++s) {
          const auto& a = constellation.elements[grid[k][static_cast<size_t>(p) * S + s]];
          const auto& b =
              constellation.elements[grid[k][static_cast<size_t>(q) * S + (s + off) % S]];
          cost += std::fabs(WrapDeg(ArgumentOfLatitude(b) - ArgumentOfLatitude(a)));
        }
        if (cost < best - 1e-9) {
          best = cost;
          shift[k][p] = off;
        }
      }
    }
    if (options.isl_shift) {
      for (int p = 0; p < P; ++p) shift[k][p] = ((*options.isl_shift % S) + S) % S;
    }
    if (options.seam_shift && P >= 2) {
      shift[k][P - 1] = ((*options.seam_shift % S) + S) % S;
    }
  }
  LinkSet link_set(&links);
  auto add = [&](int a, int b) {
    if (options.hypatia_grid && b < a) std::swap(a, b);  // Hypatia lists (min, max).
    link_set.Add(a, b);
  };
  for (int i = 0; i < n; ++i) {
    const auto& s = constellation.slots[i];
    const int k = s.shell, P = planes[k], S = per_plane[k];
    const bool delta = constellation.shells.size() > static_cast<size_t>(k)
                           ? constellation.shells[k].raan_spread_deg >= 359.0
                           : true;
    if (S >= 2) add(i, grid[k][static_cast<size_t>(s.plane) * S + (s.index_in_plane + 1) % S]);
    if (P >= 2) {
      const bool seam = s.plane == P - 1;
      if (!seam || (options.link_across_seam && delta)) {
        const int q = (s.plane + 1) % P;
        add(i, grid[k][static_cast<size_t>(q) * S + (s.index_in_plane + shift[k][s.plane]) % S]);
      }
    }
  }
  return links;
}

StatusOr<std::vector<IslLink>> LaserLinks(const orbit::Constellation& constellation,
                                          const LaserOptions& options) {
  if (options.topology != LaserOptions::Topology::kExplicit) {
    return PlusGridLinks(constellation, options);
  }
  const int64_t n = static_cast<int64_t>(constellation.size());
  std::set<std::pair<int, int>> seen;
  for (size_t e = 0; e < options.explicit_links.size(); ++e) {
    const IslLink& l = options.explicit_links[e];
    if (l.a < 0 || l.b < 0 || l.a >= n || l.b >= n || l.a == l.b) {
      return absl::InvalidArgumentError(
          fmt::format("laser link {} ({} - {}): satellites must be two different indices in "
                      "[0, {}) of constellation '{}'",
                      e, l.a, l.b, n, constellation.name));
    }
    if (!seen.insert(std::minmax(l.a, l.b)).second) {
      return absl::InvalidArgumentError(
          fmt::format("laser link {} ({} - {}) is listed twice", e, l.a, l.b));
    }
  }
  return options.explicit_links;
}

bool LineOfSightClears(const EcefVector& a, const EcefVector& b, double atmosphere_km) {
  const double ra = kWgs84EquatorialRadiusKm + atmosphere_km;
  const double rb = kWgs84EquatorialRadiusKm * (1.0 - kWgs84Flattening) + atmosphere_km;
  const double k = ra / rb;  // Stretch z so the ellipsoid becomes a sphere of radius ra.
  const EcefVector p{a.x, a.y, a.z * k};
  const EcefVector q{b.x, b.y, b.z * k};
  const EcefVector d = q - p;
  const double dd = d.Dot(d);
  double t = dd > 0.0 ? -p.Dot(d) / dd : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const EcefVector c = p + d * t;
  return c.Dot(c) > ra * ra;
}

}  // namespace leotwin::net
