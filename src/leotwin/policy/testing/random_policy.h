// Seeded random policies and query points for differential tests and benchmarks.
// Header-only test support (not part of the leotwin_policy library).
#pragma once

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/policy.h"
#include "s2/s2edge_distances.h"
#include "s2/s2latlng.h"
#include "s2/s2loop.h"

namespace leotwin::policy::testing {

inline constexpr double kEarthRadiusM = 6371008.8;

// The point at `distance_km` along the great circle from (lat, lon) with initial `bearing_deg`.
inline std::pair<double, double> Destination(double lat_deg, double lon_deg, double bearing_deg,
                                             double distance_km) {
  const double d = distance_km / 6371.0088;
  const double lat = lat_deg * M_PI / 180, lon = lon_deg * M_PI / 180;
  const double b = bearing_deg * M_PI / 180;
  const double lat2 =
      std::asin(std::sin(lat) * std::cos(d) + std::cos(lat) * std::sin(d) * std::cos(b));
  const double lon2 = lon + std::atan2(std::sin(b) * std::sin(d) * std::cos(lat),
                                       std::cos(d) - std::sin(lat) * std::sin(lat2));
  double lon_deg2 = std::remainder(lon2 * 180 / M_PI, 360.0);
  if (lon_deg2 < -180) lon_deg2 += 360;
  if (lon_deg2 > 180) lon_deg2 -= 360;
  return {lat2 * 180 / M_PI, lon_deg2};
}

// A star-shaped ring (simple by construction): vertices at increasing bearings around a centre.
inline nlohmann::json StarRing(std::mt19937_64& rng, double lat, double lon, double radius_km,
                               int vertices) {
  std::uniform_real_distribution<double> jitter(0.55, 1.0);
  nlohmann::json ring = nlohmann::json::array();
  for (int i = 0; i < vertices; ++i) {
    const double bearing = 360.0 * i / vertices;
    const auto [la, lo] = Destination(lat, lon, bearing, radius_km * jitter(rng));
    // Round to 1e-7 degree (about 1 cm) as real GeoJSON would be.
    ring.push_back({std::round(lo * 1e7) / 1e7, std::round(la * 1e7) / 1e7});
  }
  ring.push_back(ring[0]);
  return ring;
}

inline double UniformLat(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  return std::asin(u(rng)) * 180.0 / M_PI;
}

// Adds `count` random geofences (entries first_entry, first_entry+1, ...) to `policy`: deny and
// allow, some with holes, windows and speed caps, some across the antimeridian; half centred on
// land borders (at territory vertices) so fences and borders interleave.
inline void AddRandomGeofences(Policy& policy, std::mt19937_64& rng, int count, int64_t first_entry,
                               SimTime approved_at) {
  const geo::TerritorySet& set = policy.territories();
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::uniform_real_distribution<double> lon_dist(-180.0, 180.0);
  int64_t entry = first_entry;
  for (int i = 0; i < count;) {
    double lat, lon;
    if (i % 2 == 0) {
      const geo::Territory& t = set.at(static_cast<int>(rng() % set.size()));
      const S2Loop& loop = *t.region->polygon().loop(0);
      const S2LatLng ll(loop.vertex(static_cast<int>(rng() % loop.num_vertices())));
      lat = ll.lat().degrees();
      lon = ll.lng().degrees();
    } else if (i % 17 == 1) {
      lat = UniformLat(rng) * 0.5;
      lon = 179.5 + u01(rng);  // across the antimeridian
      if (lon > 180) lon -= 360;
    } else {
      lat = UniformLat(rng);
      lon = lon_dist(rng);
    }
    if (std::abs(lat) > 80) continue;
    const double radius = 5 + 495 * u01(rng) * u01(rng);
    const int vertices = 3 + static_cast<int>(rng() % 30);
    AddGeofence g;
    g.id = fmt::format("fence-{:03d}", i);
    g.name = fmt::format("random fence {}", i);
    g.effect = (rng() % 3 == 0) ? GeofenceEffect::kAllow : GeofenceEffect::kDeny;
    nlohmann::json rings = nlohmann::json::array();
    rings.push_back(StarRing(rng, lat, lon, radius, vertices));
    if (rng() % 5 == 0) {
      // A hole well inside the star (its inner radius is >= 0.55 r).
      nlohmann::json hole = StarRing(rng, lat, lon, radius * 0.3, 3 + static_cast<int>(rng() % 8));
      rings.push_back(hole);
    }
    g.geometry = {{"type", "Polygon"}, {"coordinates", rings}};
    if (rng() % 4 == 0) {
      g.active_from = approved_at + static_cast<int64_t>(rng() % 10) * SimTime::kNanosPerDay;
      g.active_until =
          *g.active_from + (1 + static_cast<int64_t>(rng() % 10)) * SimTime::kNanosPerDay;
    }
    if (rng() % 4 == 0) g.speed_cap_kmh = 10.0 + static_cast<double>(rng() % 200);
    const Status s = policy.Apply(g, entry, approved_at);
    if (!s.ok()) continue;  // e.g. a degenerate random ring: draw again
    ++entry;
    ++i;
  }
}

// Random territory states for every territory (entries from first_entry).
inline int64_t SetRandomStates(Policy& policy, std::mt19937_64& rng, int64_t first_entry,
                               SimTime approved_at) {
  int64_t entry = first_entry;
  for (int i = 0; i < policy.territories().size(); ++i) {
    const auto state = static_cast<TerritoryState>(rng() % 5);
    SetTerritoryState c{policy.territories().at(i).iso_a2, state, std::nullopt, std::nullopt};
    if (rng() % 3 == 0)
      c.effective_at = approved_at + static_cast<int64_t>(rng() % 10) * SimTime::kNanosPerDay;
    if (policy.Apply(c, entry, approved_at).ok()) ++entry;
  }
  return entry;
}

// Query points: a mix of uniform points on the sphere, points within 1 m of territory and
// geofence boundaries (on an edge, then moved by < 1 m in a random direction), and exact
// boundary vertices. Returned as (lat, lon) degrees.
class PointSampler {
 public:
  PointSampler(const Policy& policy, uint64_t seed) : rng_(seed) {
    for (const geo::Territory& t : policy.territories().territories()) Collect(t.region->polygon());
    for (const auto& [id, g] : policy.geofences()) Collect(g.region->polygon());
  }

  std::pair<double, double> Next() {
    const uint64_t kind = rng_() % 10;
    S2Point p;
    if (kind < 4) {
      p = geo::PointFromDegrees(UniformLat(rng_), lon_(rng_));
    } else {
      const auto& [a, b] = edges_[rng_() % edges_.size()];
      if (kind == 9) {
        p = a;  // exactly on a vertex
      } else {
        p = S2::Interpolate(a, b, u01_(rng_));
        // Move by < 1 m in a random tangent direction.
        S2Point t = p.CrossProd(S2Point(u11_(rng_), u11_(rng_), u11_(rng_))).Normalize();
        p = (p + t * (u01_(rng_) / kEarthRadiusM)).Normalize();
      }
    }
    const S2LatLng ll(p);
    return {ll.lat().degrees(), ll.lng().degrees()};
  }

 private:
  void Collect(const S2Polygon& polygon) {
    for (int i = 0; i < polygon.num_loops(); ++i) {
      const S2Loop& loop = *polygon.loop(i);
      for (int j = 0; j < loop.num_vertices(); ++j)
        edges_.emplace_back(loop.vertex(j), loop.vertex(j + 1));
    }
  }
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> u01_{0.0, 1.0};
  std::uniform_real_distribution<double> u11_{-1.0, 1.0};
  std::uniform_real_distribution<double> lon_{-180.0, 180.0};
  std::vector<std::pair<S2Point, S2Point>> edges_;
};

}  // namespace leotwin::policy::testing
