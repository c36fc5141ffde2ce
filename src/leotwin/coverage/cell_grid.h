// A set of service cells: S2 cells, all at one level, in S2CellId order, with each cell's ground
// point and normal precomputed (see visibility.h for what those are).
//
// Level 9 is the default service grid: 1,572,864 cells worldwide, average area 324 km^2 (the real
// service publishes hexagons of about 253 km^2, H3 resolution 5). S2 cells are quadrilaterals on
// the sphere with curved (geodesic) edges; their area varies by a factor of about 2 over the globe.
// Poles and the antimeridian need no special care: S2 cells tile the sphere seamlessly.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "leotwin/base/status.h"
#include "s2/s2cell_id.h"
#include "s2/s2latlng_rect.h"
#include "s2/s2region.h"

namespace leotwin::coverage {

inline constexpr int kDefaultCellLevel = 9;
// Grids finer than this are refused (level 13 is ~1 km^2 and 400M cells worldwide).
inline constexpr int kMaxCellLevel = 13;

class CellGrid {
 public:
  // Every cell of `level` on the globe (6 * 4^level cells). InvalidArgument unless 0 <= level <= 11
  // for a global grid (level 11 is 25M cells, about 1.4 GB of precomputed geometry).
  static StatusOr<CellGrid> Global(int level);
  // The given cells (any order, duplicates removed). InvalidArgument unless all are valid and at
  // `level`.
  static StatusOr<CellGrid> FromCellIds(std::vector<S2CellId> ids, int level);
  // Every cell of `level` that intersects `region` (an S2 region: S2LatLngRect, S2Polygon,
  // S2CellUnion, S2Cap, ...). At most `max_cells` cells (error otherwise).
  static StatusOr<CellGrid> Covering(const S2Region& region, int level,
                                     int64_t max_cells = 8'000'000);
  // Cells whose centre lies in the latitude/longitude box (degrees; lon_lo > lon_hi crosses the
  // antimeridian). A convenience for map viewports.
  static StatusOr<CellGrid> InBox(double lat_lo_deg, double lon_lo_deg, double lat_hi_deg,
                                  double lon_hi_deg, int level, int64_t max_cells = 8'000'000);

  int level() const { return level_; }
  size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  S2CellId id(size_t i) const { return ids_[i]; }
  const std::vector<S2CellId>& ids() const { return ids_; }
  // Index of `id` in this grid, if present (binary search).
  std::optional<size_t> Find(S2CellId id) const;

  // Cell centre as geodetic latitude/longitude, degrees (longitude in [-180, 180]).
  double lat_deg(size_t i) const;
  double lon_deg(size_t i) const;
  // Ground point (ECEF km, on WGS84) and unit normal (= the S2 centre vector) of cell i.
  double px(size_t i) const { return px_[i]; }
  double py(size_t i) const { return py_[i]; }
  double pz(size_t i) const { return pz_[i]; }
  double nx(size_t i) const { return nx_[i]; }
  double ny(size_t i) const { return ny_[i]; }
  double nz(size_t i) const { return nz_[i]; }
  // Area of cell i on the unit sphere times the mean Earth radius squared, km^2.
  double AreaKm2(size_t i) const;

 private:
  CellGrid() = default;
  void Precompute();

  int level_ = kDefaultCellLevel;
  std::vector<S2CellId> ids_;
  std::vector<double> px_, py_, pz_, nx_, ny_, nz_;
};

}  // namespace leotwin::coverage
