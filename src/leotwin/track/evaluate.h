// A terminal along a track, per instant of a time grid: the policy decision at its position,
// speed and instant (with the ledger entry behind the deciding rule), the serving satellite by the
// terminal's choice rule and its elevation, whether any satellite is in view, and, when allowed,
// the route and round-trip time to a destination over the network twin. One state per instant:
//   connected     allowed, a satellite in view, a route to the destination (a place, or the
//                 Internet: the PoP nearest to the terminal at that instant)
//   denied        the policy denies (the decision names the rule and its ledger entry)
//   no_satellite  allowed, no satellite at or above the terminal's elevation mask
//   no_route      allowed, in view, but the destination is unreachable
//
// Model (docs/track.md):
// - Policy: the ledger replayed to each instant (time travel: entries committed at or before t),
//   decided by policy::Decide for the terminal at the interpolated position and the track's speed.
// - Satellites: the scenario's ephemeris at the instant (the same Hermite knots `leotwin route`
//   uses). The terminal is a ground node of kind terminal at the track's position and altitude,
//   with the scenario's terminal link rules (elevation mask, max slant range, max links, choice:
//   highest elevation or nearest); the serving satellite is the first by that choice.
// - Route: the RTT `leotwin route` gives from a terminal ground node at that position to the
//   destination at that instant: the network holds the terminal as a ground node whose links are
//   set per instant from its position, routed by net::Router (2 x the one-way shortest delay).
//   Equal to net::RouteSeries on a network built with the terminal at that position (tested).
//
// Two evaluations with identical results (differential-tested on seeded random tracks):
//   Evaluate            one pass over the grid: the ledger states in force over the window read
//                       once, decisions by the compiled index and explained only when they change,
//                       the satellites through one Hermite cursor, and only at instants that need
//                       a route an early-exit Dijkstra over a local snapshot: the links within the
//                       light-speed reach of the last route's delay (plus a margin), with a
//                       fallback to the full snapshot when the route is longer (exact either way;
//                       see LocalSnapshot in evaluate.cc).
//   EvaluateFromScratch each instant alone: the ledger replayed to the instant, the decision by
//                       direct polygon evaluation, a fresh cursor, snapshot and reference router.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/net/network.h"
#include "leotwin/net/scenario.h"
#include "leotwin/policy/policy.h"
#include "leotwin/time/sim_time.h"
#include "leotwin/track/track.h"

namespace leotwin::track {

enum class State : uint8_t { kConnected = 0, kDenied = 1, kNoSatellite = 2, kNoRoute = 3 };
inline constexpr int kStateCount = 4;
// "connected", "denied", "no_satellite", "no_route".
std::string_view StateName(State s);

// Who moves along the track: a terminal registered in the ledger (looked up in the policy in
// force at each instant: unknown_terminal before its registration), or an ad hoc terminal of a
// kind whose service address is the track's first fix.
struct TerminalSpec {
  std::string id;                            // registered id; "" with `kind`
  std::optional<policy::TerminalKind> kind;  // ad hoc
  static TerminalSpec Registered(std::string id) { return {std::move(id), std::nullopt}; }
  static TerminalSpec AdHoc(policy::TerminalKind kind) { return {"", kind}; }
  std::string Name() const;
};

// The ledger states in force over a window, read once: one per distinct commit time inside it.
class PolicyHistory {
 public:
  // Every instant allowed (no policy): the network-only view.
  static PolicyHistory None() { return PolicyHistory(); }
  // REQUIRES: start <= end.
  static StatusOr<PolicyHistory> FromLedger(ledger::Ledger& ledger, SimTime start, SimTime end);

  bool enabled() const { return enabled_; }
  int size() const { return static_cast<int>(states_.size()); }
  // Index of the state in force at t, searching forward from `hint` (a cursor for increasing t).
  int SegmentAt(SimTime t, int hint = 0) const;
  const ledger::LedgerState& state(int s) const { return *states_[s]; }
  SimTime from(int s) const { return from_[s]; }

 private:
  bool enabled_ = false;
  std::vector<SimTime> from_;
  std::vector<std::shared_ptr<const ledger::LedgerState>> states_;
};

// The network side, prepared once: the scenario's network with the destination, the rules of the
// terminal's links. `to` is a place as `leotwin route` takes it, or "internet": at each instant
// the PoP nearest to the terminal by great-circle distance (the scenario needs PoPs: gateways
// on); (lat0, lon0), the track's first fix, places the terminal's placeholder node.
struct NetSetup {
  static StatusOr<NetSetup> Create(const net::NetScenario& scenario, const std::string& to,
                                   double lat0_deg, double lon0_deg);
  const net::NetScenario* scenario = nullptr;
  std::shared_ptr<const net::Network> network;
  int destination = -1;    // ground node index in network (internet: the PoP nearest (lat0, lon0))
  std::vector<int> pops;   // internet: every PoP's ground node index; else empty
  int terminal_node = -1;  // the terminal's ground node (the last one)
  // Routes may use local snapshots (evaluate.cc LocalSnapshot): true unless a ground node other
  // than the terminal chooses among its visible satellites (max_links > 0).
  bool local_snapshots = false;
  std::string destination_name;   // the place, or "the Internet"
  net::GroundLinkRules terminal;  // the terminal kind's link rules
  int64_t knot_ns = 0;            // Hermite knot spacing (the scenario's)

  // The destination's ground node for a terminal at (lat, lon): the place, or the nearest PoP
  // (great circle on the mean sphere; ties to the PoP listed first). Valid at the poles and
  // across the antimeridian.
  int DestinationFor(double lat_deg, double lon_deg) const;
};

struct EvaluateOptions {
  TimeGrid grid;
  bool progress = false;  // progress bar on stderr when it is a terminal
};

// The explained decision behind some instants.
struct DecisionInfo {
  policy::Decision decision;
  std::optional<ledger::Provenance> rule;  // the entry that created the deciding rule
  // "blocked_area, geofence front-1, ledger entry 6: proposed by alice, approved by bob, carol"
  std::string Summary() const;
};

struct Sample {
  SimTime time;
  TrackPoint at;
  int32_t decision = -1;  // index into TrackResult::decisions (-1: no policy)
  int32_t serving = -1;   // satellite index, -1 when none in view
  double elevation_deg = std::numeric_limits<double>::quiet_NaN();
  int32_t in_view = 0;             // satellites at or above the mask
  double rtt_ms = net::kInfinity;  // when routed and reachable
  int32_t hops = 0;
  int32_t destination = -1;  // ground node the route goes to (NetSetup::DestinationFor)
  // The serving satellite's position (WGS84 geodetic; NaN when none), for maps.
  float serving_lat_deg = std::numeric_limits<float>::quiet_NaN();
  float serving_lon_deg = std::numeric_limits<float>::quiet_NaN();
  float serving_alt_km = std::numeric_limits<float>::quiet_NaN();
  State state = State::kNoSatellite;
};

struct Transition {
  SimTime time;
  State from, to;
  int32_t decision;  // the decision in force after the transition
};

struct TrackResult {
  std::string terminal, destination;
  TimeGrid grid;
  std::vector<Sample> samples;
  std::vector<DecisionInfo> decisions;
  int64_t routed = 0;        // instants that needed a route
  int64_t local_routes = 0;  // of those, routed on a local snapshot (Evaluate)
  // Instants where the state (or, while denied, the deciding rule) changes.
  std::vector<Transition> Transitions() const;
  // Instants per state.
  std::array<int64_t, kStateCount> Counts() const;
  const DecisionInfo* DecisionOf(const Sample& s) const {
    return s.decision < 0 ? nullptr : &decisions[s.decision];
  }
};

// REQUIRES of both: the grid lies within [track.start(), track.end()] (checked: OutOfRange).
StatusOr<TrackResult> Evaluate(const Track& track, const TerminalSpec& terminal,
                               const PolicyHistory& policy, const NetSetup& net,
                               const EvaluateOptions& options);
// `ledger` may be null (no policy).
StatusOr<TrackResult> EvaluateFromScratch(const Track& track, const TerminalSpec& terminal,
                                          ledger::Ledger* ledger, const NetSetup& net,
                                          const EvaluateOptions& options);

// At most this many instants per evaluation (a Sample is ~100 bytes).
inline constexpr int64_t kMaxInstants = 20'000'000;

}  // namespace leotwin::track
