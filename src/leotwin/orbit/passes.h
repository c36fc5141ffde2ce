// Passes of satellites over a ground site: rise, culmination and set times above an elevation
// mask, from the scalar SGP4 propagator and the frames of orbit/frames.h.
//
// Method: elevation is sampled every `coarse_step_ns`; every local maximum of the samples is
// refined by golden-section search, and a maximum at or above the mask becomes a pass whose rise
// and set are found by bisection on elevation - mask to `time_tolerance_ns`. A pass shorter than
// about the coarse step whose culmination falls between two samples that both lie below the mask
// and that is not a local maximum of the samples can be missed; the default step (20 s) is well
// under the shortest LEO pass that clears a 10 deg mask by more than a few hundredths of a degree.
// Passes cut by the window are reported with the window edge and a flag.
//
// Accuracy: times to `time_tolerance_ns` (default 10 ms) of this model's own elevation crossing;
// against Skyfield's find_events, see passes_test.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/orbit/frames.h"
#include "leotwin/orbit/sgp4.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

struct PassOptions {
  double min_elevation_deg = 10.0;                         // Mask, [-90, 90).
  int64_t coarse_step_ns = 20 * SimTime::kNanosPerSecond;  // Sampling step, > 0.
  int64_t time_tolerance_ns = 10'000'000;                  // Bisection stop, > 0.
  EarthOrientation earth_orientation;                      // UT1-UTC and polar motion (optional).
};

struct Pass {
  SimTime rise, culmination, set;
  double max_elevation_deg = 0.0;
  double rise_azimuth_deg = 0.0, culmination_azimuth_deg = 0.0, set_azimuth_deg = 0.0;
  bool rise_before_window = false;  // Already above the mask at the window's start.
  bool set_after_window = false;    // Still above the mask at the window's end.
};

// Passes of one satellite over `site` in [start, end]. Propagation errors inside the window end
// the search at that instant (a decayed satellite has no later passes).
// InvalidArgument unless start <= end and the options are as documented above.
StatusOr<std::vector<Pass>> FindPasses(const Sgp4& satellite, const Geodetic& site, SimTime start,
                                       SimTime end, const PassOptions& options = {});

}  // namespace leotwin::orbit
