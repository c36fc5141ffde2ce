#include "leotwin/coverage/window.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "s2/s2cell.h"

namespace leotwin::coverage {

WindowAccumulator::WindowAccumulator(size_t num_cells, int64_t step_ns)
    : step_ns_(step_ns),
      sum_(num_cells, 0),
      covered_(num_cells, 0),
      run_(num_cells, 0),
      longest_run_(num_cells, 0),
      min_(num_cells, std::numeric_limits<uint16_t>::max()),
      max_(num_cells, 0) {
  LEOTWIN_DCHECK(step_ns > 0);
}

Status WindowAccumulator::Add(const CellCounts& counts) {
  if (counts.size() != sum_.size()) {
    return absl::InvalidArgumentError(
        fmt::format("window: snapshot has {} cells, expected {}", counts.size(), sum_.size()));
  }
  const int64_t n = static_cast<int64_t>(counts.size());
#pragma omp parallel for schedule(static) if (n > 200000)
  for (int64_t i = 0; i < n; ++i) {
    const uint16_t c = counts[i];
    sum_[i] += c;
    min_[i] = std::min(min_[i], c);
    max_[i] = std::max(max_[i], c);
    if (c > 0) {
      ++covered_[i];
      run_[i] = 0;
    } else {
      ++run_[i];
      longest_run_[i] = std::max(longest_run_[i], run_[i]);
    }
  }
  ++steps_;
  return absl::OkStatus();
}

CellWindowStats WindowAccumulator::Stats(size_t i) const {
  LEOTWIN_DCHECK(i < sum_.size());
  CellWindowStats s;
  if (steps_ == 0) return s;
  s.covered_share = static_cast<double>(covered_[i]) / static_cast<double>(steps_);
  s.mean_in_view = static_cast<double>(sum_[i]) / static_cast<double>(steps_);
  s.min_in_view = min_[i];
  s.max_in_view = max_[i];
  s.longest_gap_steps = longest_run_[i];
  return s;
}

StatusOr<CoverageSummary> Summarize(const CellGrid& grid, const WindowAccumulator& acc, int worst,
                                    double lat_limit_deg) {
  if (grid.size() != acc.num_cells()) {
    return absl::InvalidArgumentError(
        fmt::format("summary: grid has {} cells, accumulator {}", grid.size(), acc.num_cells()));
  }
  if (acc.steps() == 0) return absl::FailedPreconditionError("summary: no samples");
  CoverageSummary out;
  out.level = grid.level();
  out.steps = acc.steps();
  out.step_ns = acc.step_ns();
  out.min_in_view = std::numeric_limits<int>::max();
  double covered_area = 0, in_view_area = 0;
  std::vector<CoverageSummary::Gap> gaps;
  for (size_t i = 0; i < grid.size(); ++i) {
    const double lat = grid.lat_deg(i);
    if (std::abs(lat) > lat_limit_deg) continue;
    const CellWindowStats s = acc.Stats(i);
    const double area = grid.AreaKm2(i);  // Exact, as everywhere else areas are shown.
    ++out.cells;
    out.area_km2 += area;
    covered_area += area * s.covered_share;
    in_view_area += area * s.mean_in_view;
    if (s.covered_share == 1.0) ++out.cells_always_covered;
    if (s.covered_share == 0.0) ++out.cells_never_covered;
    out.min_in_view = std::min(out.min_in_view, s.min_in_view);
    out.max_in_view = std::max(out.max_in_view, s.max_in_view);
    if (s.longest_gap_steps > 0) {
      gaps.push_back({grid.id(i), lat, grid.lon_deg(i), s.longest_gap_steps * acc.step_ns()});
    }
  }
  if (out.cells == 0)
    return absl::InvalidArgumentError("summary: no cells within the latitude limit");
  out.covered_area_share = covered_area / out.area_km2;
  out.mean_in_view = in_view_area / out.area_km2;
  const size_t k = std::min(gaps.size(), static_cast<size_t>(std::max(worst, 0)));
  std::partial_sort(gaps.begin(), gaps.begin() + k, gaps.end(), [](const auto& a, const auto& b) {
    if (a.gap_ns != b.gap_ns) return a.gap_ns > b.gap_ns;
    return a.cell < b.cell;
  });
  gaps.resize(k);
  out.worst_gaps = std::move(gaps);
  return out;
}

}  // namespace leotwin::coverage
