// The JSON documents of the route layer that the CLI and the HTTP API both write, so a result has
// one schema whichever door it leaves by: `leotwin route --json` / `leotwin routes --json` and
// GET /api/v1/rtt write RttSeriesJson; GET /api/v1/route uses the same place and fiber objects.
//
//   LEOTWIN_ASSIGN_OR_RETURN(net::RouteResult r, scenario.Route(request, run));
//   out << api::RttSeriesJson(r.series, *r.network, {.paths = true}).dump();
//
// Numbers are rounded for size (RoundTo in geojson.h): RTTs to 0.001 ms (1 us), distances to
// 0.1 km, coordinates to 5 decimals (about 1 m), sample times to 1 ms. An unreachable sample, or a
// summary over no reachable sample, has null for its RTT.
#pragma once

#include "leotwin/net/ground.h"
#include "leotwin/net/network.h"
#include "leotwin/net/series.h"
#include "nlohmann/json.hpp"

namespace leotwin::api {

// {"name","kind","country","lat","lon"}.
nlohmann::json GroundJson(const net::GroundNode& node);

// {"great_circle_km","rtt_ms","inflation","inflated_rtt_ms"}.
nlohmann::json FiberJson(const net::FiberBaseline& fiber);

struct RttSeriesJsonOptions {
  // Adds "path": per sample, the node names from source to destination ([] when unreachable).
  bool paths = false;
};

// The RTT series between two places, as columns (one entry per sample):
//   {"from":{place},"to":{place},"start":"<ISO 8601>","step_s":s,"count":n,
//    "t":[unix s],"rtt_ms":[ms|null],"hops":[links],("path":[[names]],)
//    "fiber":{fiber},"summary":{"samples","reachable","min_rtt_ms","median_rtt_ms","mean_rtt_ms",
//    "max_rtt_ms","path_changes","unreachable":[{"first","last","samples"}]}}
// `network` is the one the series was routed on (for node names).
nlohmann::json RttSeriesJson(const net::PairSeries& series, const net::Network& network,
                             const RttSeriesJsonOptions& options = {});

}  // namespace leotwin::api
