// `leotwin route --fstate-dir DIR`: Hypatia's whole satellite network state folder
// (net/hypatia_state.h) for the route's network (its constellation, every ground node, its lasers
// and link rules) over the route's window, each file written through cli/output.h.
#pragma once

#include <cstdint>
#include <string>

#include "leotwin/base/status.h"
#include "leotwin/net/hypatia_state.h"
#include "leotwin/net/network.h"
#include "leotwin/net/scenario.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::cli {

// Refuses more than 100,000 steps (one file per step) before any work.
StatusOr<net::HypatiaStateReport> WriteHypatiaFolder(const net::NetScenario& scenario,
                                                     const net::Network& network, SimTime start,
                                                     int64_t step_ns, int64_t duration_ns,
                                                     const std::string& dir);

}  // namespace leotwin::cli
