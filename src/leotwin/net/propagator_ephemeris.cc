#include "leotwin/net/propagator_ephemeris.h"

namespace leotwin::net {

StatusOr<PropagatorEphemeris> PropagatorEphemeris::Create(std::vector<orbit::ElementSet> elements) {
  LEOTWIN_ASSIGN_OR_RETURN(auto p, orbit::BatchPropagator::Create(std::move(elements)));
  return PropagatorEphemeris(std::move(p));
}

Status PropagatorEphemeris::StatesAt(SimTime t, EcefStatesBuffer* out) const {
  // orbit::SatelliteStates and EcefStatesBuffer share their layout; propagate into a thread-local
  // SatelliteStates and move the arrays across (no copy of the values).
  orbit::SatelliteStates states;
  states.x = std::move(out->x), states.y = std::move(out->y), states.z = std::move(out->z);
  states.vx = std::move(out->vx), states.vy = std::move(out->vy), states.vz = std::move(out->vz);
  states.error = std::move(out->error);
  propagator_.PropagateEcef(t, &states);
  out->x = std::move(states.x), out->y = std::move(states.y), out->z = std::move(states.z);
  out->vx = std::move(states.vx), out->vy = std::move(states.vy), out->vz = std::move(states.vz);
  out->error = std::move(states.error);
  return absl::OkStatus();
}

}  // namespace leotwin::net
