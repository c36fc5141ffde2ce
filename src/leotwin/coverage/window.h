// Per-cell coverage statistics over a time window sampled at evenly spaced instants.
//
// Each sample stands for one step of time (sample-and-hold): a cell seen by >= 1 satellite in s of
// the n samples has covered_share = s / n; a run of k consecutive samples with no satellite in
// view is a gap of k * step. Gaps shorter than the step are not resolved, and a gap touching the
// window's start or end is counted only within the window.
#pragma once

#include <cstdint>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/coverage/cell_grid.h"
#include "leotwin/coverage/snapshot.h"

namespace leotwin::coverage {

struct CellWindowStats {
  double covered_share = 0;  // Share of samples with >= 1 satellite in view, [0, 1].
  double mean_in_view = 0;   // Mean satellites in view over the samples.
  int min_in_view = 0;       // Minimum satellites in view over the samples.
  int max_in_view = 0;
  int64_t longest_gap_steps = 0;  // Longest run of samples with none in view.
};

// Accumulates snapshots (CellCounts) one step at a time; memory is O(cells), not O(cells x steps).
class WindowAccumulator {
 public:
  // REQUIRES: step_ns > 0.
  WindowAccumulator(size_t num_cells, int64_t step_ns);

  // Adds one sample. InvalidArgument unless counts.size() == num_cells.
  Status Add(const CellCounts& counts);

  size_t num_cells() const { return sum_.size(); }
  int64_t steps() const { return steps_; }
  int64_t step_ns() const { return step_ns_; }
  // Statistics of cell i so far (all zero before the first step). REQUIRES: i < num_cells().
  CellWindowStats Stats(size_t i) const;
  int64_t LongestGapNs(size_t i) const { return Stats(i).longest_gap_steps * step_ns_; }

 private:
  int64_t step_ns_;
  int64_t steps_ = 0;
  std::vector<uint32_t> sum_, covered_, run_, longest_run_;
  std::vector<uint16_t> min_, max_;
};

// Whole-grid summary, for CLI output and API headers.
struct CoverageSummary {
  int level = 0;
  size_t cells = 0;
  int64_t steps = 0;
  int64_t step_ns = 0;
  double area_km2 = 0;              // Sum of cell areas (mean Earth radius sphere).
  double covered_area_share = 0;    // Area- and time-weighted share with >= 1 in view.
  size_t cells_always_covered = 0;  // covered_share == 1.
  size_t cells_never_covered = 0;   // covered_share == 0.
  double mean_in_view = 0;          // Area-weighted mean of per-cell means.
  int min_in_view = 0;              // Over all cells and samples.
  int max_in_view = 0;
  struct Gap {
    S2CellId cell;
    double lat_deg = 0, lon_deg = 0;
    int64_t gap_ns = 0;
  };
  std::vector<Gap> worst_gaps;  // Longest gaps, longest first (ties by cell id).
};

// Summarizes an accumulator over `grid` (same cells). `worst` = how many gaps to list.
// Cells with latitude beyond +-lat_limit_deg are left out of the summary (e.g. 60 for a
// Starlink-shell-only view); 90 keeps all.
StatusOr<CoverageSummary> Summarize(const CellGrid& grid, const WindowAccumulator& acc,
                                    int worst = 5, double lat_limit_deg = 90.0);

}  // namespace leotwin::coverage
