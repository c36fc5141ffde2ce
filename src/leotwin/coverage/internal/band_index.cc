#include "leotwin/coverage/internal/band_index.h"

#include <algorithm>
#include <numeric>

#include "leotwin/orbit/geodesy.h"
#include "s2/s2cell.h"

namespace leotwin::coverage::internal {

BandIndex BandIndex::Build(const CellGrid& grid) {
  BandIndex index;
  // Bands about three cells tall: thin enough that the longitude interval of a footprint over a
  // band is close to the footprint's true width there, thick enough to keep the per-band work
  // (one bound and two binary searches per satellite) small.
  const double cell_edge_rad = std::sqrt(S2Cell::AverageArea(grid.level()));
  index.num_bands = std::clamp(static_cast<int>(kPi / (3.0 * cell_edge_rad)), 1, 4096);
  index.band_height_rad = kPi / index.num_bands;

  const size_t n = grid.size();
  std::vector<int> band(n);
  std::vector<double> lon(n);
  for (size_t i = 0; i < n; ++i) {
    const double lat = std::atan2(grid.nz(i), std::hypot(grid.nx(i), grid.ny(i)));
    lon[i] = std::atan2(grid.ny(i), grid.nx(i));
    band[i] = std::clamp(static_cast<int>(std::floor((lat + kPi / 2) / index.band_height_rad)), 0,
                         index.num_bands - 1);
  }
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (band[a] != band[b]) return band[a] < band[b];
    if (lon[a] != lon[b]) return lon[a] < lon[b];
    return a < b;
  });
  index.band_begin.assign(index.num_bands + 1, 0);
  for (size_t i = 0; i < n; ++i) ++index.band_begin[band[i] + 1];
  for (int b = 0; b < index.num_bands; ++b) index.band_begin[b + 1] += index.band_begin[b];
  index.sorted_to_grid = order;
  auto gather = [&](auto get, std::vector<double>* out) {
    out->resize(n);
    for (size_t k = 0; k < n; ++k) (*out)[k] = get(order[k]);
  };
  gather([&](uint32_t i) { return lon[i]; }, &index.lon);
  gather([&](uint32_t i) { return grid.px(i); }, &index.px);
  gather([&](uint32_t i) { return grid.py(i); }, &index.py);
  gather([&](uint32_t i) { return grid.pz(i); }, &index.pz);
  gather([&](uint32_t i) { return grid.nx(i); }, &index.nx);
  gather([&](uint32_t i) { return grid.ny(i); }, &index.ny);
  gather([&](uint32_t i) { return grid.nz(i); }, &index.nz);
  return index;
}

SatFootprint PrepareFootprint(double sx, double sy, double sz, double min_elevation_rad) {
  SatFootprint f;
  f.sx = sx;
  f.sy = sy;
  f.sz = sz;
  const double r = std::sqrt(sx * sx + sy * sy + sz * sz);
  f.lat = std::atan2(sz, std::hypot(sx, sy));
  f.lon = std::atan2(sy, sx);
  f.bound = std::isfinite(r) ? orbit::FootprintBoundRad(r, min_elevation_rad) : -1.0;
  return f;
}

double CapHalfWidth(double lat_c, double theta, double lo, double hi) {
  if (lo > hi) return 0.0;
  const double cos_c = std::cos(lat_c);
  const double sin_c = std::sin(lat_c);
  const double cos_t = std::cos(theta);
  if (cos_c < 1e-12) return kPi;            // Cap centred on a pole.
  if (theta >= kPi / 2 - 1e-6) return kPi;  // A hemisphere or more: no useful bound.
  // Half-width at latitude phi: cos(w) = (cos(theta) - sin(phi) sin(lat_c)) / (cos(phi)
  // cos(lat_c)). cos(w) has a single critical point in phi, at sin(phi) = sin(lat_c) / cos(theta),
  // so the maximum of w over [lo, hi] is at an end or there.
  auto width_at = [&](double phi) {
    const double cos_p = std::cos(phi);
    if (cos_p < 1e-12) return kPi;
    const double c = (cos_t - std::sin(phi) * sin_c) / (cos_p * cos_c);
    if (c <= -1.0) return kPi;
    if (c >= 1.0) return 0.0;
    return std::acos(c);
  };
  double w = std::max(width_at(lo), width_at(hi));
  const double s = sin_c / cos_t;
  if (s > -1.0 && s < 1.0) {
    const double phi_star = std::asin(s);
    if (phi_star > lo && phi_star < hi) w = std::max(w, width_at(phi_star));
  }
  return w >= kPi ? kPi : w + 1e-9;
}

}  // namespace leotwin::coverage::internal
