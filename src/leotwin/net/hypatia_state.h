// Hypatia's whole satellite network state folder (hypatia.h lists its files) for a network over a
// window, step by step: the static files once, then per step the forwarding state toward every
// ground node (first step full, later steps only changes) and the ground-link bandwidths, so
// Hypatia's ns-3 module and analysis scripts take leotwin's state. Used by `leotwin route
// --fstate-dir` and bench/hypatia_benchmark.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "leotwin/base/status.h"
#include "leotwin/net/ephemeris.h"
#include "leotwin/net/network.h"
#include "leotwin/net/router.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::net {

// Writes the file at `path` with `write`; the caller decides how (the CLI: temporary file, checked
// and renamed into place).
using HypatiaFileWriter = std::function<Status(const std::string& path,
                                               const std::function<Status(std::ostream&)>& write)>;

struct HypatiaStateOptions {
  SimTime start;            // Hypatia's time 0 (its tles.txt epoch when the constellation is one).
  int64_t step_ns = 0;      // Whole milliseconds.
  int64_t duration_ns = 0;  // Whole seconds; steps at 0, step, ... < duration (just 0 when 0).
  int64_t interpolation_knot_ns = 0;  // > 0: Hermite interpolation between knots (ephemeris.h).
  RoutingMethod method = RoutingMethod::kIncremental;
};

struct HypatiaStateReport {
  std::string dynamic_dir;   // "dynamic_state_<step>ms_for_<duration>s".
  int64_t steps = 0;         // fstate files written.
  int64_t fstate_lines = 0;  // Lines over all fstate files.
  std::string tles_note;     // Why tles.txt was not written, or a caveat; "" when none.
  double seconds = 0.0;      // Wall time of the dynamic state (propagation, routing, files).
  double cpu_seconds = 0.0;  // Process CPU time over the same loop (one thread).
};

// Writes dir/{tles.txt, isls.txt, ground_stations.txt, description.txt, gsl_interfaces_info.txt}
// and dir/dynamic_state_<step>ms_for_<duration>s/{fstate,gsl_if_bandwidth}_<t_ns>.txt (folders
// created as needed). tles.txt is left out, with the reason in the report, when the element sets
// do not share one epoch. InvalidArgument when the step is not whole milliseconds or the duration
// not whole seconds; the writer's and the ephemeris' errors are returned as they are.
// REQUIRES: `ephemeris` and `network` describe `constellation`.
StatusOr<HypatiaStateReport> WriteHypatiaState(const orbit::Constellation& constellation,
                                               const Ephemeris& ephemeris, const Network& network,
                                               const HypatiaStateOptions& options,
                                               const std::string& dir,
                                               const HypatiaFileWriter& write);

}  // namespace leotwin::net
