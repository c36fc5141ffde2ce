#include "leotwin/coverage/cell_grid.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"
#include "leotwin/base/constants.h"
#include "leotwin/orbit/geodesy.h"
#include "s2/s2cell.h"
#include "s2/s2latlng.h"
#include "s2/s2region_coverer.h"

namespace leotwin::coverage {

namespace {

Status CheckLevel(int level) {
  if (level < 0 || level > kMaxCellLevel) {
    return absl::InvalidArgumentError(
        fmt::format("cell level {} out of range: expected 0..{}", level, kMaxCellLevel));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<CellGrid> CellGrid::Global(int level) {
  LEOTWIN_RETURN_IF_ERROR(CheckLevel(level));
  if (level > 11) {
    return absl::InvalidArgumentError(
        fmt::format("a global grid at level {} is too large: expected level <= 11", level));
  }
  CellGrid grid;
  grid.level_ = level;
  grid.ids_.reserve(static_cast<size_t>(6) << (2 * level));
  for (S2CellId id = S2CellId::Begin(level); id != S2CellId::End(level); id = id.next()) {
    grid.ids_.push_back(id);
  }
  grid.Precompute();
  return grid;
}

StatusOr<CellGrid> CellGrid::FromCellIds(std::vector<S2CellId> ids, int level) {
  LEOTWIN_RETURN_IF_ERROR(CheckLevel(level));
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!ids[i].is_valid() || ids[i].level() != level) {
      return absl::InvalidArgumentError(fmt::format(
          "cell #{} ({}) is not a valid S2 cell at level {}", i, ids[i].ToToken(), level));
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  CellGrid grid;
  grid.level_ = level;
  grid.ids_ = std::move(ids);
  grid.Precompute();
  return grid;
}

StatusOr<CellGrid> CellGrid::Covering(const S2Region& region, int level, int64_t max_cells) {
  LEOTWIN_RETURN_IF_ERROR(CheckLevel(level));
  // Cover with coarse cells first (cheap), then expand to `level` and keep the intersecting ones.
  S2RegionCoverer::Options options;
  options.set_max_level(level);
  options.set_max_cells(1000);
  S2RegionCoverer coverer(options);
  S2CellUnion coarse = coverer.GetCovering(region);
  std::vector<S2CellId> ids;
  for (S2CellId c : coarse) {
    const int64_t n = int64_t{1} << (2 * (level - c.level()));
    if (static_cast<int64_t>(ids.size()) + n > max_cells * 4 + 64) {
      return absl::ResourceExhaustedError(
          fmt::format("region needs more than {} cells at level {}", max_cells, level));
    }
    for (S2CellId id = c.child_begin(level); id != c.child_end(level); id = id.next()) {
      if (region.MayIntersect(S2Cell(id))) ids.push_back(id);
    }
  }
  if (static_cast<int64_t>(ids.size()) > max_cells) {
    return absl::ResourceExhaustedError(fmt::format(
        "region needs {} cells at level {}: more than the limit {}", ids.size(), level, max_cells));
  }
  return FromCellIds(std::move(ids), level);
}

StatusOr<CellGrid> CellGrid::InBox(double lat_lo_deg, double lon_lo_deg, double lat_hi_deg,
                                   double lon_hi_deg, int level, int64_t max_cells) {
  LEOTWIN_RETURN_IF_ERROR(CheckLevel(level));
  auto bad = [](double v, double lim) { return !(v >= -lim && v <= lim); };
  if (bad(lat_lo_deg, 90) || bad(lat_hi_deg, 90) || bad(lon_lo_deg, 180) || bad(lon_hi_deg, 180) ||
      lat_lo_deg > lat_hi_deg) {
    return absl::InvalidArgumentError(
        fmt::format("bad box lat [{}, {}] lon [{}, {}]: expected -90 <= lat_lo <= lat_hi <= 90 and "
                    "longitudes in [-180, 180]",
                    lat_lo_deg, lat_hi_deg, lon_lo_deg, lon_hi_deg));
  }
  const S2LatLngRect rect(S2LatLng::FromDegrees(lat_lo_deg, lon_lo_deg),
                          S2LatLng::FromDegrees(lat_hi_deg, lon_hi_deg));
  LEOTWIN_ASSIGN_OR_RETURN(CellGrid all, Covering(rect, level, max_cells));
  std::vector<S2CellId> keep;
  keep.reserve(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    if (rect.Contains(all.id(i).ToLatLng())) keep.push_back(all.id(i));
  }
  return FromCellIds(std::move(keep), level);
}

void CellGrid::Precompute() {
  const size_t n = ids_.size();
  px_.resize(n);
  py_.resize(n);
  pz_.resize(n);
  nx_.resize(n);
  ny_.resize(n);
  nz_.resize(n);
#pragma omp parallel for schedule(static) if (n > 100000)
  for (size_t i = 0; i < n; ++i) {
    const S2Point c = ids_[i].ToPoint();
    const orbit::GroundPoint p = orbit::EllipsoidPointWithNormal(c.x(), c.y(), c.z());
    px_[i] = p.x;
    py_[i] = p.y;
    pz_[i] = p.z;
    nx_[i] = c.x();
    ny_[i] = c.y();
    nz_[i] = c.z();
  }
}

std::optional<size_t> CellGrid::Find(S2CellId id) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return std::nullopt;
  return static_cast<size_t>(it - ids_.begin());
}

double CellGrid::lat_deg(size_t i) const {
  return std::atan2(nz_[i], std::hypot(nx_[i], ny_[i])) * kRadToDeg;
}
double CellGrid::lon_deg(size_t i) const { return std::atan2(ny_[i], nx_[i]) * kRadToDeg; }

double CellGrid::AreaKm2(size_t i) const {
  return S2Cell(ids_[i]).ExactArea() * kEarthMeanRadiusKm * kEarthMeanRadiusKm;
}

}  // namespace leotwin::coverage
