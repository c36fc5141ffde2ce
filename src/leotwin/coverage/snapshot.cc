#include "leotwin/coverage/snapshot.h"

#include <omp.h>

#include <algorithm>

#include "fmt/format.h"
#include "leotwin/coverage/internal/band_index.h"
#include "leotwin/orbit/geodesy.h"

namespace leotwin::coverage {

namespace {

using internal::BandIndex;
using internal::SatFootprint;

std::vector<SatFootprint> PrepareAll(const SatellitePositions& sats, double mask_rad) {
  std::vector<SatFootprint> out(sats.size());
  for (size_t s = 0; s < sats.size(); ++s) {
    out[s] = internal::PrepareFootprint(sats.x[s], sats.y[s], sats.z[s], mask_rad);
    if (!sats.IsValid(s)) out[s].bound = -1.0;
  }
  return out;
}

// acc[k] += 1 for each k < n whose cell (geometry px[k]...) sees the satellite at (sx, sy, sz).
// The accumulator is double so the loop vectorizes with the geometry (2 or 4 doubles per vector);
// vector and scalar IEEE arithmetic give the same bits (no FMA, no reassociation), so the result is
// the InView() predicate exactly. Compiled for AVX2 and the baseline; the CPU picks at load time.
__attribute__((target_clones("avx2", "default"))) void CountRun(
    const double* __restrict px, const double* __restrict py, const double* __restrict pz,
    const double* __restrict nx, const double* __restrict ny, const double* __restrict nz,
    double sx, double sy, double sz, double sin2, double* __restrict acc, uint32_t n) {
  for (uint32_t k = 0; k < n; ++k) {
    acc[k] += InView(px[k], py[k], pz[k], nx[k], ny[k], nz[k], sx, sy, sz, sin2) ? 1.0 : 0.0;
  }
}

}  // namespace

double FootprintBound(double sat_distance_km, const VisibilityOptions& options) {
  return orbit::FootprintBoundRad(sat_distance_km, options.min_elevation_deg * kDegToRad);
}

StatusOr<CoverageEngine> CoverageEngine::Create(const CellGrid* grid, VisibilityOptions options) {
  if (grid == nullptr) return absl::InvalidArgumentError("coverage engine: null grid");
  LEOTWIN_RETURN_IF_ERROR(options.Check());
  if (grid->size() >= (size_t{1} << 32) - 1) {
    return absl::InvalidArgumentError("coverage engine: more than 2^32 - 2 cells");
  }
  CoverageEngine engine;
  engine.grid_ = grid;
  engine.options_ = options;
  engine.index_ = std::make_shared<const BandIndex>(BandIndex::Build(*grid));
  return engine;
}

Status CoverageEngine::Snapshot(const SatellitePositions& sats, CellCounts* counts) const {
  LEOTWIN_RETURN_IF_ERROR(sats.Check());
  const BandIndex& ix = *index_;
  const double sin2 = options_.sin2();
  const std::vector<SatFootprint> feet = PrepareAll(sats, options_.min_elevation_deg * kDegToRad);
  const size_t n = grid_->size();
  counts->assign(n, 0);
  uint16_t* out = counts->data();
  uint32_t widest = 0;
  for (int b = 0; b < ix.num_bands; ++b) {
    widest = std::max(widest, ix.band_begin[b + 1] - ix.band_begin[b]);
  }
#pragma omp parallel
  {
    std::vector<double> acc(widest);
#pragma omp for schedule(dynamic, 4)
    for (int b = 0; b < ix.num_bands; ++b) {
      const uint32_t first = ix.band_begin[b];
      const uint32_t last = ix.band_begin[b + 1];
      std::fill(acc.begin(), acc.begin() + (last - first), 0.0);
      for (const SatFootprint& f : feet) {
        internal::ForEachCandidateRun(ix, b, f, [&](uint32_t begin, uint32_t end) {
          CountRun(&ix.px[begin], &ix.py[begin], &ix.pz[begin], &ix.nx[begin], &ix.ny[begin],
                   &ix.nz[begin], f.sx, f.sy, f.sz, sin2, &acc[begin - first], end - begin);
        });
      }
      for (uint32_t k = first; k < last; ++k) {
        out[ix.sorted_to_grid[k]] = static_cast<uint16_t>(acc[k - first]);
      }
    }
  }
  return absl::OkStatus();
}

Status CoverageEngine::SnapshotLists(const SatellitePositions& sats, InViewLists* lists) const {
  CellCounts counts;
  LEOTWIN_RETURN_IF_ERROR(Snapshot(sats, &counts));
  const BandIndex& ix = *index_;
  const double sin2 = options_.sin2();
  const std::vector<SatFootprint> feet = PrepareAll(sats, options_.min_elevation_deg * kDegToRad);
  const size_t n = grid_->size();
  lists->offset.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) lists->offset[i + 1] = lists->offset[i] + counts[i];
  lists->sat_index.assign(lists->offset[n], 0);
  std::vector<uint32_t> cursor(lists->offset.begin(), lists->offset.end() - 1);
  uint32_t* out = lists->sat_index.data();
  // Satellites are visited in increasing index order inside each band, so each list is sorted.
#pragma omp parallel for schedule(dynamic, 4)
  for (int b = 0; b < ix.num_bands; ++b) {
    for (size_t s = 0; s < feet.size(); ++s) {
      const SatFootprint& f = feet[s];
      internal::ForEachCandidateRun(ix, b, f, [&](uint32_t begin, uint32_t end) {
        for (uint32_t k = begin; k < end; ++k) {
          if (InView(ix.px[k], ix.py[k], ix.pz[k], ix.nx[k], ix.ny[k], ix.nz[k], f.sx, f.sy, f.sz,
                     sin2)) {
            out[cursor[ix.sorted_to_grid[k]]++] = static_cast<uint32_t>(s);
          }
        }
      });
    }
  }
  return absl::OkStatus();
}

Status SnapshotBruteForce(const CellGrid& grid, std::span<const size_t> cell_indices,
                          const SatellitePositions& sats, const VisibilityOptions& options,
                          CellCounts* counts) {
  LEOTWIN_RETURN_IF_ERROR(sats.Check());
  LEOTWIN_RETURN_IF_ERROR(options.Check());
  for (size_t j = 0; j < cell_indices.size(); ++j) {
    if (cell_indices[j] >= grid.size()) {
      return absl::InvalidArgumentError(
          fmt::format("brute force: cell index {} (#{}) out of range: grid has {} cells",
                      cell_indices[j], j, grid.size()));
    }
  }
  const double sin2 = options.sin2();
  counts->assign(cell_indices.size(), 0);
  const int64_t m = static_cast<int64_t>(cell_indices.size());
#pragma omp parallel for schedule(static)
  for (int64_t j = 0; j < m; ++j) {
    const size_t i = cell_indices[j];
    uint16_t c = 0;
    for (size_t s = 0; s < sats.size(); ++s) {
      if (!sats.IsValid(s)) continue;
      c += InView(grid.px(i), grid.py(i), grid.pz(i), grid.nx(i), grid.ny(i), grid.nz(i), sats.x[s],
                  sats.y[s], sats.z[s], sin2)
               ? 1
               : 0;
    }
    (*counts)[j] = c;
  }
  return absl::OkStatus();
}

}  // namespace leotwin::coverage
