// Coverage as arrays: satellites in view per S2 cell at an instant, and per-cell statistics over a
// window. The same cells, engine and window computation as `leotwin coverage` (coverage::CellGrid,
// coverage::CoverageEngine, coverage::ComputeWindow, coverage::Summarize).
#include "leotwin/coverage/coverage.h"

#include <atomic>
#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.h"
#include "fmt/format.h"
#include "leotwin/coverage/availability.h"
#include "leotwin/geo/territories.h"
#include "orbit_binding.h"

namespace leotwin::python {
namespace {

struct Cells {
  std::optional<coverage::CellGrid> grid;
  std::optional<coverage::CoverageEngine> engine;
};

// The cells and engine as the CLI builds them (cli/coverage.cc BuildCells, Setup); the checks
// carry the CLI's messages for --level, --mask, --cells and --box.
std::unique_ptr<Cells> MakeCells(int level, double mask_deg, const std::string& cells,
                                 const std::vector<double>& box) {
  if (level < 0 || level > coverage::kMaxCellLevel) {
    ThrowInvalid(
        fmt::format("--level: Value {} not in range 0 to {}", level, coverage::kMaxCellLevel));
  }
  if (!std::isfinite(mask_deg) || mask_deg < 0.0 || mask_deg > 89.9) {
    ThrowInvalid(fmt::format("--mask: {} is not a finite number in [0, 89.9]", mask_deg));
  }
  auto out = std::make_unique<Cells>();
  py::gil_scoped_release release;
  if (cells == "global") {
    out->grid = Unwrap(coverage::CellGrid::Global(level));
  } else if (cells == "land") {
    const auto territories = Unwrap(geo::TerritorySet::Default());
    out->grid = Unwrap(coverage::LandGrid(level, *territories));
  } else if (cells == "box") {
    if (box.size() != 4) {
      ThrowInvalid("--cells box needs --box LAT_LO LON_LO LAT_HI LON_HI");
    }
    out->grid = Unwrap(coverage::CellGrid::InBox(box[0], box[1], box[2], box[3], level));
  } else {
    ThrowInvalid(fmt::format("--cells {}: expected global, land or box (with --box)", cells));
  }
  out->engine = Unwrap(coverage::CoverageEngine::Create(&*out->grid, {mask_deg}));
  return out;
}

void AddCellColumns(const coverage::CellGrid& grid, py::dict& out) {
  const auto n = static_cast<py::ssize_t>(grid.size());
  py::array_t<uint64_t> ids(n);
  py::array_t<double> lat(n), lon(n), area(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const auto k = static_cast<size_t>(i);
    ids.mutable_at(i) = grid.id(k).id();
    lat.mutable_at(i) = grid.lat_deg(k);
    lon.mutable_at(i) = grid.lon_deg(k);
    area.mutable_at(i) = grid.AreaKm2(k);
  }
  out["cell_id"] = ids, out["lat_deg"] = lat, out["lon_deg"] = lon, out["area_km2"] = area;
  out["level"] = grid.level();
}

py::dict Snapshot(const PyConstellation& c, int64_t at_ns, int level, double mask_deg,
                  const std::string& cells, const std::vector<double>& box) {
  const auto setup = MakeCells(level, mask_deg, cells, box);
  coverage::CellCounts counts;
  size_t invalid = 0;
  {
    py::gil_scoped_release release;
    coverage::PositionBuffer positions;
    positions.Update(*c.propagator, SimTime::FromUnixNanos(at_ns));
    Check(setup->engine->Snapshot(positions.view(), &counts));
    invalid = positions.invalid();
  }
  py::dict out;
  AddCellColumns(*setup->grid, out);
  out["in_view"] = AdoptVector(std::move(counts));  // zero-copy: the engine's own output
  out["invalid_satellites"] = invalid;
  return out;
}

py::dict Window(const PyConstellation& c, int64_t start_ns, int64_t step_ns, int64_t count,
                int level, double mask_deg, const std::string& cells,
                const std::vector<double>& box, int worst, double summary_lat,
                py::object progress_callback) {
  if (count < 1 || step_ns <= 0) ThrowInvalid("window: expected at least one instant and step > 0");
  if (count > 100'000) {  // the CLI's bound on --window / --step (cli/coverage.cc)
    Check(absl::OutOfRangeError(
        fmt::format("--window at --step gives {} instants; the limit is 100000 (shorten --window "
                    "or lengthen --step)",
                    count)));
  }
  const auto setup = MakeCells(level, mask_deg, cells, box);
  const TimeGrid times{SimTime::FromUnixNanos(start_ns), step_ns, count};
  const Progress progress(std::move(progress_callback), count);
  const coverage::PositionSource from_propagator = coverage::PropagatorSource(*c.propagator);
  std::atomic<int64_t> done{0};
  std::exception_ptr callback_error;  // a raising callback stops the window (as a deadline does)
  // The library's source, counted for the progress callback (which takes the GIL).
  const coverage::PositionSource source = [&](SimTime t) -> StatusOr<coverage::SatellitePositions> {
    auto positions = from_propagator(t);
    const int64_t k = ++done;
    if (progress.enabled() && (k % std::max<int64_t>(1, count / 100) == 0 || k == count)) {
      try {
        progress.Report(k);
      } catch (...) {
        callback_error = std::current_exception();
        return absl::CancelledError("the progress callback raised");
      }
    }
    return positions;
  };
  StatusOr<coverage::WindowAccumulator> window = absl::UnknownError("not run");
  StatusOr<coverage::CoverageSummary> summary = absl::UnknownError("not run");
  {
    py::gil_scoped_release release;
    window = coverage::ComputeWindow(*setup->engine, source, times);
    if (window.ok()) summary = coverage::Summarize(*setup->grid, *window, worst, summary_lat);
  }
  if (callback_error) std::rethrow_exception(callback_error);
  const coverage::WindowAccumulator acc = Unwrap(std::move(window));
  const coverage::CoverageSummary s = Unwrap(std::move(summary));
  const auto n = static_cast<py::ssize_t>(acc.num_cells());
  py::array_t<double> covered(n), mean(n), gap_s(n);
  py::array_t<int32_t> min_in_view(n), max_in_view(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const coverage::CellWindowStats st = acc.Stats(static_cast<size_t>(i));
    covered.mutable_at(i) = st.covered_share;
    mean.mutable_at(i) = st.mean_in_view;
    min_in_view.mutable_at(i) = st.min_in_view;
    max_in_view.mutable_at(i) = st.max_in_view;
    gap_s.mutable_at(i) = static_cast<double>(st.longest_gap_steps * step_ns) * 1e-9;
  }
  py::dict out;
  AddCellColumns(*setup->grid, out);
  out["covered_share"] = covered, out["mean_in_view"] = mean;
  out["min_in_view"] = min_in_view, out["max_in_view"] = max_in_view;
  out["longest_gap_s"] = gap_s;
  py::dict sum;
  sum["cells"] = s.cells, sum["steps"] = s.steps, sum["step_ns"] = s.step_ns;
  sum["area_km2"] = s.area_km2, sum["covered_area_share"] = s.covered_area_share;
  sum["cells_always_covered"] = s.cells_always_covered;
  sum["cells_never_covered"] = s.cells_never_covered;
  sum["mean_in_view"] = s.mean_in_view, sum["min_in_view"] = s.min_in_view;
  sum["max_in_view"] = s.max_in_view;
  py::list gaps;
  for (const auto& g : s.worst_gaps) {
    gaps.append(py::make_tuple(g.cell.id(), g.lat_deg, g.lon_deg, g.gap_ns));
  }
  sum["worst_gaps"] = gaps;
  out["summary"] = sum;
  return out;
}

}  // namespace

void RegisterCoverage(py::module_& m) {
  m.def("coverage_snapshot", &Snapshot, py::arg("constellation"), py::arg("at_ns"),
        py::arg("level"), py::arg("mask_deg"), py::arg("cells"), py::arg("box"));
  m.def("coverage_window", &Window, py::arg("constellation"), py::arg("start_ns"),
        py::arg("step_ns"), py::arg("count"), py::arg("level"), py::arg("mask_deg"),
        py::arg("cells"), py::arg("box"), py::arg("worst"), py::arg("summary_lat"),
        py::arg("progress"));
}

}  // namespace leotwin::python
