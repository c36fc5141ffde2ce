// Coverage of a constellation: the propagator (orbit/batch_propagator.h) feeding the engine
// (snapshot.h) at one instant or over a time grid (window.h). The entry points the CLI and the
// HTTP API use.
//
//   auto grid = coverage::CellGrid::Global(9);                       // or LandGrid, InBox, ...
//   auto engine = coverage::CoverageEngine::Create(&*grid, {25.0});  // mask, degrees
//   auto prop = orbit::BatchPropagator::Create(constellation.elements);
//   coverage::CellCounts counts;
//   coverage::SnapshotAt(*engine, *prop, t, &counts);                // satellites in view per cell
//   auto window = coverage::ComputeWindow(*engine, *prop, TimeGrid::Over(t, 3600e9, 60e9));
//   auto summary = coverage::Summarize(*grid, *window);
//
// Satellites whose SGP4 state has an error code (including 6, decayed) are not counted.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/coverage/cell_grid.h"
#include "leotwin/coverage/snapshot.h"
#include "leotwin/coverage/visibility.h"
#include "leotwin/coverage/window.h"
#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::coverage {

// ECEF positions of a propagator's satellites at one instant, kept in reusable buffers.
class PositionBuffer {
 public:
  // Propagates every satellite to `t` (ECEF) and marks those with an SGP4 error invalid.
  void Update(const orbit::BatchPropagator& propagator, SimTime t);
  // A view valid until the next Update (or destruction).
  SatellitePositions view() const;
  const orbit::SatelliteStates& states() const { return states_; }
  // Satellites with an error at the last Update.
  size_t invalid() const { return invalid_; }

 private:
  orbit::SatelliteStates states_;
  std::vector<unsigned char> valid_;
  size_t invalid_ = 0;
};

// Satellites in view per cell at `t`.
Status SnapshotAt(const CoverageEngine& engine, const orbit::BatchPropagator& propagator, SimTime t,
                  CellCounts* counts);

// Where the satellite positions at an instant come from: a propagator (PropagatorSource), or a
// caller's own cache (the HTTP API's frame cache). The returned view must stay valid until the
// next call; an error (e.g. a deadline passed) stops the window.
using PositionSource = std::function<StatusOr<SatellitePositions>(SimTime t)>;
PositionSource PropagatorSource(const orbit::BatchPropagator& propagator);

// Per-cell statistics over every instant of `times`: the one computation behind both the CLI's
// `coverage --window` and the API's /coverage. Shows a progress bar on a terminal.
// InvalidArgument unless times.count >= 1 and times.step_ns > 0.
StatusOr<WindowAccumulator> ComputeWindow(const CoverageEngine& engine,
                                          const PositionSource& positions, const TimeGrid& times);
StatusOr<WindowAccumulator> ComputeWindow(const CoverageEngine& engine,
                                          const orbit::BatchPropagator& propagator,
                                          const TimeGrid& times);

}  // namespace leotwin::coverage
