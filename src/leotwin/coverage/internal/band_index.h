// Private: the latitude-band index of a CellGrid used by CoverageEngine, and the candidate search
// for one satellite footprint in one band. See snapshot.h for the algorithm.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "leotwin/base/constants.h"
#include "leotwin/coverage/cell_grid.h"

namespace leotwin::coverage::internal {

// Cells re-ordered by (band, longitude); geometry copied in that order for locality.
struct BandIndex {
  int num_bands = 0;
  double band_height_rad = 0;
  std::vector<uint32_t> band_begin;      // num_bands + 1 offsets into the sorted arrays.
  std::vector<uint32_t> sorted_to_grid;  // Sorted position -> CellGrid index.
  std::vector<double> lon, px, py, pz, nx, ny, nz;

  static BandIndex Build(const CellGrid& grid);
  // Latitude range of band b, radians, widened by a rounding margin.
  double BandLo(int b) const { return -kPi / 2 + b * band_height_rad - 1e-9; }
  double BandHi(int b) const { return -kPi / 2 + (b + 1) * band_height_rad + 1e-9; }
};

// One satellite prepared for candidate search.
struct SatFootprint {
  double sx, sy, sz;  // ECEF, km.
  double lat, lon;    // Of the direction (sx, sy, sz)/|.|, radians (sphere latitude).
  double bound;       // FootprintBoundRad; < 0 means never in view.
};

SatFootprint PrepareFootprint(double sx, double sy, double sz, double min_elevation_rad);

// Largest longitude half-width (radians, <= pi) of the spherical cap of angular radius `theta`
// centred at latitude `lat_c` over latitudes [lo, hi]; 0 if they miss the cap; pi if the cap
// wraps all longitudes there. Conservative by 1e-9 rad.
double CapHalfWidth(double lat_c, double theta, double lo, double hi);

// Calls run(begin, end) for the (at most two) runs of sorted cell positions in band b that may see
// the satellite; a superset of the cells whose centre is within f.bound of its direction.
template <class Run>
inline void ForEachCandidateRun(const BandIndex& index, int b, const SatFootprint& f, Run&& run) {
  const uint32_t first = index.band_begin[b];
  const uint32_t last = index.band_begin[b + 1];
  if (first == last || f.bound < 0) return;
  const double lo = index.BandLo(b);
  const double hi = index.BandHi(b);
  if (f.lat - f.bound > hi || f.lat + f.bound < lo) return;
  const double w =
      CapHalfWidth(f.lat, f.bound, std::max(lo, f.lat - f.bound), std::min(hi, f.lat + f.bound));
  if (w >= kPi) {
    run(first, last);
    return;
  }
  const double* lon = index.lon.data();
  auto lower = [&](double v) {  // First position with lon >= v.
    uint32_t pos = first, n = last - first;
    while (n > 0) {
      const uint32_t half = n / 2;
      if (lon[pos + half] < v) {
        pos += half + 1;
        n -= half + 1;
      } else {
        n = half;
      }
    }
    return pos;
  };
  auto upper = [&](double v) {  // First position with lon > v.
    uint32_t pos = first, n = last - first;
    while (n > 0) {
      const uint32_t half = n / 2;
      if (!(v < lon[pos + half])) {
        pos += half + 1;
        n -= half + 1;
      } else {
        n = half;
      }
    }
    return pos;
  };
  // With w < pi the two pieces of a wrapped interval never overlap (a + 2 pi > z).
  const double a = f.lon - w;
  const double z = f.lon + w;
  if (a < -kPi) {
    const uint32_t e1 = upper(z);
    if (e1 > first) run(first, e1);
    const uint32_t b2 = lower(a + kTwoPi);
    if (b2 < last) run(b2, last);
  } else if (z > kPi) {
    const uint32_t e2 = upper(z - kTwoPi);
    if (e2 > first) run(first, e2);
    const uint32_t b1 = lower(a);
    if (b1 < last) run(b1, last);
  } else {
    const uint32_t b1 = lower(a);
    const uint32_t e1 = upper(z);
    if (e1 > b1) run(b1, e1);
  }
}

}  // namespace leotwin::coverage::internal
