// Where net/ gets satellite states from. An Ephemeris answers "ECEF states of every satellite at
// instant t" and is shared read-only between threads; each caller brings its own buffer.
//
// Implementations: FunctionEphemeris (hand-made geometries in tests), PropagatorEphemeris
// (orbit::BatchPropagator, see propagator_ephemeris.h) and HermiteCursor, a per-thread accelerator
// that interpolates between states the underlying ephemeris computes on a fixed knot grid.
#pragma once

#include <cstdint>
#include <functional>

#include "leotwin/base/status.h"
#include "leotwin/net/states.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::net {

class Ephemeris {
 public:
  virtual ~Ephemeris() = default;
  virtual int size() const = 0;
  // Fills `out` (resized to size()) with ECEF states at `t`. Thread-safe.
  virtual Status StatesAt(SimTime t, EcefStatesBuffer* out) const = 0;
};

// An ephemeris from a function (tests, scripted geometries).
class FunctionEphemeris final : public Ephemeris {
 public:
  using Fn = std::function<void(SimTime t, EcefStatesBuffer* out)>;
  FunctionEphemeris(int size, Fn fn) : size_(size), fn_(std::move(fn)) {}
  int size() const override { return size_; }
  Status StatesAt(SimTime t, EcefStatesBuffer* out) const override {
    out->resize(size_);
    fn_(t, out);
    return absl::OkStatus();
  }

 private:
  int size_;
  Fn fn_;
};

// Serves states at any instant by cubic Hermite interpolation of position (and its derivative
// for velocity) between two states of `source` at knots k*knot_ns and (k+1)*knot_ns, counted
// from the Unix epoch, so the value at t never depends on which instants were asked before.
// REQUIRES: the source's velocities are the time derivative of its ECEF positions.
// Accuracy: for a Kepler circle (mean motion n) the position error is about r (n h)^4 / 384 for
// knot spacing h (0.2 mm at 550 km, h = 10 s); on SGP4 states, whose short-period J2 terms are
// less smooth, it is below 5 cm and 10 cm/s with h = 10 s (Starlink Gen1, tested against direct
// propagation in tests/net_handley_test.cc). With knot_ns == 0 it forwards to the source. Not
// thread-safe: one per thread.
class HermiteCursor {
 public:
  HermiteCursor(const Ephemeris& source, int64_t knot_ns) : source_(&source), knot_ns_(knot_ns) {}
  Status StatesAt(SimTime t, EcefStatesBuffer* out);
  // Number of calls to the source (for benchmarks).
  int64_t source_calls() const { return source_calls_; }

 private:
  Status Load(int64_t knot, EcefStatesBuffer* buffer);
  const Ephemeris* source_;
  int64_t knot_ns_;
  int64_t knot0_ = INT64_MIN;
  EcefStatesBuffer a_, b_;
  int64_t source_calls_ = 0;
};

}  // namespace leotwin::net
