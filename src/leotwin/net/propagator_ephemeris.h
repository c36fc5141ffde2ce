// The batch SGP4 propagator (orbit/batch_propagator.h) as an Ephemeris: ECEF states, with the
// propagator's error codes carried through (a satellite with an error takes part in no link).
#pragma once

#include <vector>

#include "leotwin/net/ephemeris.h"
#include "leotwin/orbit/batch_propagator.h"

namespace leotwin::net {

class PropagatorEphemeris final : public Ephemeris {
 public:
  static StatusOr<PropagatorEphemeris> Create(std::vector<orbit::ElementSet> elements);
  int size() const override { return static_cast<int>(propagator_.size()); }
  Status StatesAt(SimTime t, EcefStatesBuffer* out) const override;
  const orbit::BatchPropagator& propagator() const { return propagator_; }

 private:
  explicit PropagatorEphemeris(orbit::BatchPropagator p) : propagator_(std::move(p)) {}
  orbit::BatchPropagator propagator_;
};

}  // namespace leotwin::net
