// Satellites in view per cell at one instant: a fast engine and its brute-force reference.
//
// Fast path (CoverageEngine::Snapshot): the grid's cells are bucketed once into latitude bands
// (sorted by longitude inside each band). For each satellite, FootprintBound gives a conservative
// radius (angle at the Earth's centre) around the satellite's direction outside which no cell can
// see it; for each band the cap touches, the longitude interval of the cap over the band's
// latitude range selects a contiguous run of candidate cells, and the exact InView() predicate
// (visibility.h) decides each one. Because the candidate set is a superset of the cells in view
// and the decision is the same function, the fast path equals the brute force bit for bit
// (tested on whole grids, and checked on a sample in the benchmark). Work is parallel over bands
// (OpenMP), each band owned by one thread, so results do not depend on the thread count.
//
// Cost: about (number of satellites) x (cells per footprint) x 1.3 predicate evaluations; for the
// 8,325-satellite Starlink snapshot at level 9 that is about 1e8, a fraction of a second.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/coverage/cell_grid.h"
#include "leotwin/coverage/visibility.h"

namespace leotwin::coverage::internal {
struct BandIndex;
}  // namespace leotwin::coverage::internal

namespace leotwin::coverage {

// Satellites in view per cell, parallel to CellGrid::ids().
using CellCounts = std::vector<uint16_t>;

class CoverageEngine {
 public:
  // Builds the band index over `grid` (kept by pointer: the grid must outlive the engine).
  static StatusOr<CoverageEngine> Create(const CellGrid* grid, VisibilityOptions options = {});

  const CellGrid& grid() const { return *grid_; }
  const VisibilityOptions& options() const { return options_; }

  // Satellites in view of every cell. `counts` is resized to grid().size().
  Status Snapshot(const SatellitePositions& sats, CellCounts* counts) const;

  // The same, plus for each cell the indices of the satellites in view, in increasing order
  // (CSR layout: satellites of cell i are sat_index[offset[i] .. offset[i+1])).
  struct InViewLists {
    std::vector<uint32_t> offset;  // grid().size() + 1 entries.
    std::vector<uint32_t> sat_index;
  };
  Status SnapshotLists(const SatellitePositions& sats, InViewLists* lists) const;

 private:
  CoverageEngine() = default;

  const CellGrid* grid_ = nullptr;
  VisibilityOptions options_;
  std::shared_ptr<const internal::BandIndex> index_;
};

// Reference: every listed cell (indices into grid) against every satellite with InView().
// counts[j] is the count for cell cell_indices[j]. O(cells x satellites): for tests and
// benchmarks on samples.
Status SnapshotBruteForce(const CellGrid& grid, std::span<const size_t> cell_indices,
                          const SatellitePositions& sats, const VisibilityOptions& options,
                          CellCounts* counts);

// Footprint bound for a satellite at `sat_distance_km` from the Earth's centre: see
// orbit/geodesy.h FootprintBoundRad. Radians; negative if it can never be in view.
double FootprintBound(double sat_distance_km, const VisibilityOptions& options);

}  // namespace leotwin::coverage
