// Batch SGP4: many satellites at one instant, in a struct-of-arrays layout.
//
// Layout (output). SatelliteStates holds one array per component, index = satellite, in the order
// the element sets were given to BatchPropagator::Create():
//
//   x[i], y[i], z[i]      position, km      (TEME or ECEF, as requested)
//   vx[i], vy[i], vz[i]   velocity, km/s    (same frame)
//   error[i]              Vallado SGP4 error code (see sgp4.h); 0 = ok. Components are NaN
//                         for codes 1..4; for code 6 (decayed) they hold the computed state.
//
// Layout (inside). Near-earth objects (period < 225 min) are kept as one array per SGP4
// coefficient (Sgp4Model fields, compacted to the near-earth objects), processed in blocks of
// kBlock satellites: each stage of the model (secular terms, Kepler iterations, short-period
// terms) is a loop over the block that g++ vectorizes (`#pragma omp simd`, branch-free
// selects, and range-reduced polynomial sine/cosine instead of libm calls, which do not
// vectorize without -ffast-math). The kernel is compiled for AVX2 and baseline x86-64 and
// picked at run time (function multiversioning); the result is the same either way, since it
// uses only IEEE add/multiply/divide/sqrt with FMA contraction off. Deep-space objects (SDP4) use
// the scalar Sgp4 in the same OpenMP loop. Blocks are spread over threads with OpenMP.
//
// Accuracy: equals the scalar Sgp4 (the reference implementation) to within 1e-6 km and 1e-9
// km/s -- in practice 1e-9 km or better -- with identical error codes, wherever SGP4's angles stay
// below about 1e5 rad (weeks to months from epoch for LEO). Far beyond that, e.g. the t^5 drag
// terms of a decaying orbit a year out, the mean anomaly reaches 1e8..1e10 rad, one ulp of which
// is already metres, and the two round differently within it. Differential tests against the
// scalar code (Vallado's vectors, the Starlink snapshot, seeded random elements):
// batch_propagator_test.cc.
//
// ECEF: TEME rotated about z by GMST (IAU-82, GmstIau82, UTC used for UT1), polar motion
// ignored ("pseudo Earth-fixed"); velocity includes the Earth-rotation term -omega x r with
// omega = 7.292115146706979e-5 rad/s.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "leotwin/base/check.h"
#include "leotwin/base/status.h"
#include "leotwin/orbit/elements.h"
#include "leotwin/orbit/frames.h"  // kEarthRotationRadPerS, the same TEME->ECEF convention
#include "leotwin/orbit/sgp4.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

struct SatelliteStates {           // struct of arrays, index = satellite
  std::vector<double> x, y, z;     // km
  std::vector<double> vx, vy, vz;  // km/s
  std::vector<int> error;          // Vallado error code, 0 = ok
  size_t size() const { return x.size(); }
  // Sets every array to n elements (no reallocation when the capacity suffices).
  void Resize(size_t n);
};

class BatchPropagator {
 public:
  // Initializes every element set (Sgp4::Create). Fails with the first init error, whose message
  // names the object (catalog number and name) and its index in `elements`.
  static StatusOr<BatchPropagator> Create(std::vector<ElementSet> elements);

  size_t size() const { return elements_.size(); }
  const std::vector<ElementSet>& elements() const { return elements_; }
  // The scalar reference propagator for satellite i. REQUIRES: i < size().
  const Sgp4& scalar(size_t i) const {
    LEOTWIN_DCHECK(i < size());
    return scalar_[i];
  }

  // States of every satellite at `t` in TEME (km, km/s). `out` is resized to size().
  // REQUIRES: out != nullptr (likewise for the functions below).
  // Thread-safe (const); uses OpenMP threads for large batches. No allocation once `out` has
  // the capacity.
  void PropagateTeme(SimTime t, SatelliteStates* out) const;
  // Same, rotated to ECEF by GMST (IAU-82), polar motion ignored; velocity includes the
  // Earth-rotation term.
  void PropagateEcef(SimTime t, SatelliteStates* out) const;
  // Many instants: (*out)[i] holds the states at grid.At(i), i < grid.count, equal to
  // PropagateTeme/PropagateEcef at that instant. OpenMP threads take whole instants. Shows a
  // progress bar when stderr is a terminal.
  void PropagateGrid(const TimeGrid& grid, bool ecef, std::vector<SatelliteStates>* out) const;

  // Block size of the vectorized kernel (satellites per block).
  static constexpr int kBlock = 64;

 private:
  void Propagate(SimTime t, bool ecef, SatelliteStates* out) const;

  std::vector<ElementSet> elements_;
  std::vector<Sgp4> scalar_;          // One per satellite (deep-space objects use it).
  std::vector<uint32_t> deep_;        // Indices of deep-space satellites.
  std::vector<uint32_t> near_index_;  // Near-earth satellite k is satellite near_index_[k].

  // Near-earth coefficients, one array each, indexed by near-earth number k (see Sgp4Model).
  // Padded with copies of the last object to a multiple of kBlock.
  struct NearEarthArrays {
    std::vector<double> epoch_whole, epoch_fraction;  // Split Julian date of the epoch.
    std::vector<double> mo, mdot, argpo, argpdot, nodeo, nodedot, nodecf;
    std::vector<double> cc1, bstar_cc4, bstar_cc5, t2cof, omgcof, eta, xmcof, delmo, sinmao;
    std::vector<double> d2, d3, d4, t3cof, t4cof, t5cof;
    std::vector<double> no, aocoef, ecco, aycof, xlcof, con41, x1mth2, x7thm1, cosio, sinio, inclo;
  };
  NearEarthArrays near_;
  size_t near_count_ = 0;
};

}  // namespace leotwin::orbit
