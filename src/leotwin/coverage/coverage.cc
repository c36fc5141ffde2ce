#include "leotwin/coverage/coverage.h"

#include "fmt/format.h"
#include "leotwin/base/progress.h"

namespace leotwin::coverage {

void PositionBuffer::Update(const orbit::BatchPropagator& propagator, SimTime t) {
  propagator.PropagateEcef(t, &states_);
  valid_.resize(states_.size());
  invalid_ = 0;
  for (size_t i = 0; i < states_.size(); ++i) {
    valid_[i] = states_.error[i] == 0 ? 1 : 0;
    invalid_ += 1 - valid_[i];
  }
}

SatellitePositions PositionBuffer::view() const {
  return {states_.x, states_.y, states_.z, valid_};
}

Status SnapshotAt(const CoverageEngine& engine, const orbit::BatchPropagator& propagator, SimTime t,
                  CellCounts* counts) {
  PositionBuffer buffer;
  buffer.Update(propagator, t);
  return engine.Snapshot(buffer.view(), counts);
}

PositionSource PropagatorSource(const orbit::BatchPropagator& propagator) {
  auto buffer = std::make_shared<PositionBuffer>();
  return [&propagator, buffer](SimTime t) -> StatusOr<SatellitePositions> {
    buffer->Update(propagator, t);
    return buffer->view();
  };
}

StatusOr<WindowAccumulator> ComputeWindow(const CoverageEngine& engine,
                                          const PositionSource& positions, const TimeGrid& times) {
  if (times.count < 1 || times.step_ns <= 0) {
    return absl::InvalidArgumentError(fmt::format(
        "coverage window: {} instants with step {} ns: expected >= 1 instant and a step > 0",
        times.count, times.step_ns));
  }
  WindowAccumulator acc(engine.grid().size(), times.step_ns);
  CellCounts counts;
  ProgressBar progress("coverage", times.count);
  for (int64_t k = 0; k < times.count; ++k) {
    LEOTWIN_ASSIGN_OR_RETURN(const SatellitePositions view, positions(times.At(k)));
    LEOTWIN_RETURN_IF_ERROR(engine.Snapshot(view, &counts));
    LEOTWIN_RETURN_IF_ERROR(acc.Add(counts));
    progress.Advance();
  }
  return acc;
}

StatusOr<WindowAccumulator> ComputeWindow(const CoverageEngine& engine,
                                          const orbit::BatchPropagator& propagator,
                                          const TimeGrid& times) {
  return ComputeWindow(engine, PropagatorSource(propagator), times);
}

}  // namespace leotwin::coverage
