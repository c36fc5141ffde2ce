// Satellite states as net/ consumes them: ECEF positions (km) and velocities (km/s), struct of
// arrays, one entry per satellite in constellation order (the same order as
// orbit::Constellation::elements and orbit::SatelliteStates). net/ never propagates by itself:
// callers hand it states from the batch propagator (see ephemeris.h) or hand-made geometries.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace leotwin::net {

// A read-only view. x, y, z are required and of equal size. vx, vy, vz may be empty (then the
// "longest remaining visibility" satellite choice falls back to highest elevation). `error` may be
// empty (all valid); a non-zero error marks a satellite with no valid state (decayed, SGP4 error):
// it takes part in no link.
struct EcefStatesView {
  std::span<const double> x, y, z;     // km, ECEF (WGS84 axes)
  std::span<const double> vx, vy, vz;  // km/s, ECEF (rate of change of the ECEF position)
  std::span<const int> error;          // 0 = valid

  size_t size() const { return x.size(); }
  bool has_velocity() const { return vx.size() == x.size() && !vx.empty(); }
  bool valid(size_t i) const { return error.empty() || error[i] == 0; }
};

// Owning storage with the same layout.
struct EcefStatesBuffer {
  std::vector<double> x, y, z, vx, vy, vz;
  std::vector<int> error;

  void resize(size_t n) {
    x.resize(n), y.resize(n), z.resize(n), vx.resize(n), vy.resize(n), vz.resize(n);
    error.assign(n, 0);
  }
  size_t size() const { return x.size(); }
  EcefStatesView view() const { return {x, y, z, vx, vy, vz, error}; }
};

}  // namespace leotwin::net
