// A synthetic population of user terminals, placed around cities in proportion to their
// population. Seeded and deterministic: terminal i depends only on (seed, i) and the city list,
// so the first n terminals of a larger population are the same n terminals.
//
// Model (synthetic; documented, not fitted to real data -- real terminal locations are not
// public, and that is the point of the k-anonymity rule in aggregate.h):
//   - city c is chosen with probability population(c) / total population;
//   - a share `rural_share` of terminals is scattered widely around the city (isotropic Gaussian,
//     sigma `rural_sigma_km`), the rest close to it (sigma 2 + 4 sqrt(population / 1e6) km,
//     at most 30 km): satellite service is used well outside city centres;
//   - a share `roam_share` of terminals is of kind roam, the rest fixed; positions are fixed for
//     the simulated window (no motion model).
// Offsets are applied on a local tangent plane (north/east km over the mean Earth radius);
// latitude is clamped to [-89.9, 89.9] and longitude wrapped to [-180, 180).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/policy/change.h"
#include "s2/s2cell_id.h"

namespace leotwin::net {
struct GroundNode;
}

namespace leotwin::activity {

struct City {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2 when known.
  double lat_deg = 0;   // WGS84 geodetic.
  double lon_deg = 0;
  int64_t population = 0;  // > 0 to attract terminals.
};

// Cities from ground nodes (net/ground.h, e.g. net::LoadBundledCities()).
std::vector<City> CitiesFromGroundNodes(std::span<const net::GroundNode> nodes);

struct PopulationOptions {
  int64_t terminals = 100'000;  // [1, 10,000,000]
  uint64_t seed = 1;
  double rural_share = 0.3;      // [0, 1]
  double rural_sigma_km = 60.0;  // > 0
  double roam_share = 0.1;       // [0, 1]
  Status Check() const;
};

struct SyntheticTerminal {
  uint32_t index = 0;  // 0..terminals-1; the id is "syn-<seed>-<index>".
  int32_t city = -1;   // Index into the city list.
  double lat_deg = 0, lon_deg = 0;
  S2CellId leaf;  // Leaf S2 cell of the position (parent(level) gives any coarser cell).
  policy::TerminalKind kind = policy::TerminalKind::kFixed;
};

struct Population {
  PopulationOptions options;
  std::vector<City> cities;
  std::vector<SyntheticTerminal> terminals;
  std::string TerminalId(uint32_t index) const;
};

// InvalidArgument for bad options, no city with population > 0, or a city with a non-finite or
// out-of-range position.
StatusOr<Population> GeneratePopulation(std::vector<City> cities, const PopulationOptions& options);

}  // namespace leotwin::activity
