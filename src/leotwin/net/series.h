// Time series of routes: RTT, path, hop count, path changes and unreachable intervals per pair of
// ground nodes over a time grid, with the terrestrial fiber baseline.
//
// Every step is computed from the scenario and its instant alone: the grid is cut into contiguous
// windows (one per thread); each window starts from scratch and may route incrementally inside
// itself (RoutingMethod::kIncremental), which gives the same answers as from scratch. Memory is one
// snapshot and one router per thread plus the outputs.
//
// RTT = 2 x the one-way shortest propagation delay (symmetric links; no queueing or processing).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/net/ephemeris.h"
#include "leotwin/net/network.h"
#include "leotwin/net/router.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::net {

// Great-circle fiber between two places at c / 1.47, and the same stretched by `inflation` (real
// fiber routes are longer than the great circle: 1.5 to 2 is typical between large cities).
struct FiberBaseline {
  double great_circle_km = 0.0;
  double rtt_ms = 0.0;
  double inflation = 1.0;
  double inflated_rtt_ms = 0.0;
};
FiberBaseline FiberBaselineBetween(const GroundNode& a, const GroundNode& b,
                                   double inflation = 1.0);

struct RouteSample {
  SimTime time;
  double rtt_ms = kInfinity;  // kInfinity when unreachable.
  int hops = 0;               // Links on the path (0 when unreachable).
  std::vector<int32_t> path;  // Node ids (network numbering), source first; empty if unreachable.
};

// [first, last] instants of consecutive unreachable samples.
struct UnreachableInterval {
  SimTime first, last;
  int64_t samples = 0;
};

struct SeriesSummary {
  int64_t samples = 0, reachable = 0;
  double min_rtt_ms = kInfinity, median_rtt_ms = kInfinity, max_rtt_ms = kInfinity,
         mean_rtt_ms = kInfinity;
  // Reachable samples whose path differs from the previous reachable sample's.
  int64_t path_changes = 0;
  std::vector<UnreachableInterval> unreachable;
};

struct PairSeries {
  int from = -1, to = -1;  // Ground node indices in the network.
  std::string from_name, to_name;
  FiberBaseline fiber;
  TimeGrid grid;
  std::vector<RouteSample> samples;
  SeriesSummary summary;
};

// Computes the summary of `samples`.
SeriesSummary Summarize(const std::vector<RouteSample>& samples);

struct RunOptions {
  RoutingMethod method = RoutingMethod::kIncremental;
  int threads = 1;                    // Windows run in parallel; 0 = all hardware threads.
  bool progress = true;               // Progress bar on stderr when it is a terminal.
  int64_t interpolation_knot_ns = 0;  // > 0: Hermite interpolation between knots (ephemeris.h).
  double fiber_inflation = 1.5;       // For the inflated fiber baseline.
};

// Samples one RouteSeries call may hold: each keeps its path (~kRouteSampleBytes), so this bounds
// its memory to ~1.5 GB. Longer or wider runs belong to RouteAllPairs (compact outputs).
inline constexpr int64_t kMaxRouteSamples = 10'000'000;
inline constexpr int64_t kRouteSampleBytes = 150;

// OutOfRange, naming the request (pairs x steps, memory estimate) and the limit, when a series
// of `pairs` pairs over `steps` instants would exceed kMaxRouteSamples.
Status CheckRouteSeriesSize(int64_t pairs, int64_t steps);

// Series for each (from, to) pair of ground node indices (distinct nodes; checked).
StatusOr<std::vector<PairSeries>> RouteSeries(const Network& network, const Ephemeris& ephemeris,
                                              const std::vector<std::pair<int, int>>& pairs,
                                              const TimeGrid& grid, const RunOptions& options);

// All unordered pairs among `endpoints` over a grid, keeping only compact outputs: RTT as float
// and hop count per step and pair, path changes per pair. Pair p = (i, j), i < j, in the order
// (0,1), (0,2), ..., (1,2), ... of endpoint positions.
struct AllPairsRun {
  std::vector<int> endpoints;
  TimeGrid grid;
  int64_t pair_count = 0;
  std::vector<std::pair<int, int>> pairs;  // Positions in `endpoints`.
  std::vector<float> rtt_ms;               // [step * pair_count + pair]; +inf unreachable.
  std::vector<uint8_t> hops;               // Same layout, capped at 255.
  std::vector<int64_t> path_changes;       // Per pair.
  double seconds_propagation = 0.0, seconds_graph = 0.0, seconds_routing = 0.0;  // Summed.
  // A digest of every RTT (FNV-1a of the values rounded to 1 ns), for benchmarks.
  uint64_t Digest() const;
};
StatusOr<AllPairsRun> RouteAllPairs(const Network& network, const Ephemeris& ephemeris,
                                    const std::vector<int>& endpoints, const TimeGrid& grid,
                                    const RunOptions& options);

// CSV: time_utc,t_s,rtt_ms,hops,path_changed,path (path as node names joined by '>').
void WriteSeriesCsv(const PairSeries& series, const Network& network, std::ostream& out);
// Many series in one long CSV: from,to,time_utc,t_s,rtt_ms,hops,path_changed,path.
void WriteSeriesLongCsv(const std::vector<PairSeries>& series, const Network& network,
                        std::ostream& out, bool header = true);
// The JSON document of a series (one schema for the CLI and the HTTP API) is
// api/series_json.h RttSeriesJson.

}  // namespace leotwin::net
