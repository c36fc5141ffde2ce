// The network twin's static description (constellation topology, ground segment, link rules) and
// its graph at one instant (a Snapshot).
//
// Node numbering (shared with routing, exports and Hypatia's conventions): satellites are nodes
// 0 .. S-1 in constellation order; ground node g is node S + g.
//
// Edges of the graph at instant t, each weighted by its one-way propagation delay in ms:
//   laser     satellite <-> satellite, +Grid (lasers.h); length / c.
//   ground    ground node <-> satellite when the satellite is at or above the node's elevation mask
//             (and within its maximum slant range, if set), at most max_links per node chosen by
//             the node's SatelliteChoice; slant range / c. Elevation is geometric (no refraction)
//             above the WGS84 ellipsoid normal at the node.
//   fiber     gateway <-> PoP (every pair) and PoP -> endpoint (the endpoint's nearest PoP, when
//             the egress mode allows it); great-circle length * fiber_inflation / (c / 1.47).
// Relaying: satellites, gateways (when `gateway_relays`) and PoPs forward traffic; terminals and
// cities only originate and terminate it. Delays are propagation only (no queueing/processing).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "leotwin/base/constants.h"
#include "leotwin/base/status.h"
#include "leotwin/base/vec3.h"
#include "leotwin/net/ground.h"
#include "leotwin/net/lasers.h"
#include "leotwin/net/states.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::net {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// How a ground node picks satellites when more are visible than it has links.
enum class SatelliteChoice : uint8_t {
  kHighestElevation,   // Largest elevation angle first.
  kNearest,            // Shortest slant range first.
  kLongestVisibility,  // Latest predicted set time below the mask first (needs velocities;
                       // prediction: circular inertial motion over a rotating Earth, a few
                       // seconds of error over a pass); falls back to highest elevation.
};
std::string_view SatelliteChoiceName(SatelliteChoice c);
StatusOr<SatelliteChoice> ParseSatelliteChoice(std::string_view text);

// Link rules for one kind of ground node.
struct GroundLinkRules {
  bool satellite_links = true;      // False: terrestrial only (PoPs).
  double min_elevation_deg = 25.0;  // Elevation mask, [-90, 90]. Visible iff elevation >= mask.
  double max_slant_range_km = 0.0;  // > 0: also require slant range <= this (Hypatia-style).
  int max_links = 0;                // Simultaneous satellite links; 0 = every visible satellite.
  SatelliteChoice choice = SatelliteChoice::kHighestElevation;
};

// Where a route may reach its destination endpoint.
enum class Egress : uint8_t {
  kSatellite,  // Only down from a satellite the destination sees (user terminal to terminal).
  kPop,        // Also by fiber from the PoP nearest to the destination (bent pipe to the Internet).
};

// Defaults, indexed by GroundKind: gateways and cities link to every visible satellite, terminals
// to one (highest elevation), PoPs to none; mask 25 degrees.
std::array<GroundLinkRules, kGroundKindCount> DefaultGroundRules();

struct NetworkOptions {
  std::array<GroundLinkRules, kGroundKindCount> ground = DefaultGroundRules();
  LaserOptions lasers;
  bool gateway_relays = true;
  Egress egress = Egress::kSatellite;
  double fiber_inflation = 1.0;  // Route length / great circle for network fiber, >= 1.

  // Convenience: the same mask for every kind that has satellite links.
  void SetMinElevation(double deg);
};

// A constellation + ground segment + rules, prepared once; snapshots are built from it per instant.
// Immutable after Create: safe to share between threads.
class Network {
 public:
  static StatusOr<Network> Create(const orbit::Constellation& constellation,
                                  std::vector<GroundNode> ground, NetworkOptions options);

  int satellite_count() const { return satellites_; }
  int ground_count() const { return static_cast<int>(ground_.size()); }
  int node_count() const { return satellites_ + ground_count(); }
  int GroundNodeId(int g) const { return satellites_ + g; }
  bool IsSatellite(int node) const { return node < satellites_; }

  const std::vector<GroundNode>& ground() const { return ground_; }
  const NetworkOptions& options() const { return options_; }
  const std::vector<IslLink>& isls() const { return isls_; }
  const std::vector<std::string>& satellite_names() const { return satellite_names_; }
  // A printable name for any node ("sat 1234 STARLINK-1007" or the ground node's name).
  std::string NodeName(int node) const;
  // Ground node position, ECEF km, and its unit "up" (ellipsoid normal).
  const EcefVector& ground_ecef(int g) const { return ground_ecef_[g]; }
  const EcefVector& ground_up(int g) const { return ground_up_[g]; }
  // Rules in force for ground node g (its kind's, with per-node overrides applied).
  const GroundLinkRules& rules(int g) const { return rules_[g]; }
  // True if ground node g forwards traffic (gateways with gateway_relays, PoPs).
  bool relays(int g) const { return relays_[g] != 0; }
  // Index of the PoP nearest to ground node g (-1 if there is no PoP).
  int nearest_pop(int g) const { return nearest_pop_[g]; }

  // Static laser adjacency (CSR over satellites): neighbours and the link index into isls().
  std::span<const int32_t> IslNeighbors(int sat) const {
    return {isl_adj_node_.data() + isl_adj_begin_[sat],
            static_cast<size_t>(isl_adj_begin_[sat + 1] - isl_adj_begin_[sat])};
  }
  std::span<const int32_t> IslLinkIds(int sat) const {
    return {isl_adj_link_.data() + isl_adj_begin_[sat],
            static_cast<size_t>(isl_adj_begin_[sat + 1] - isl_adj_begin_[sat])};
  }
  // The same adjacency as offsets into one array for all satellites: slot k in
  // [IslSlotBegin(sat), IslSlotBegin(sat + 1)) holds neighbour isl_slot_node()[k]; a Snapshot keeps
  // the per-instant delay of every slot in isl_slot_ms (contiguous, for the routers' inner loop).
  int32_t IslSlotBegin(int sat) const { return isl_adj_begin_[sat]; }
  const std::vector<int32_t>& isl_slot_node() const { return isl_adj_node_; }
  const std::vector<int32_t>& isl_slot_link() const { return isl_adj_link_; }
  // Static fiber edges out of ground node g: target ground nodes and delays (ms).
  std::span<const int32_t> FiberTargets(int g) const {
    return {fiber_to_.data() + fiber_begin_[g],
            static_cast<size_t>(fiber_begin_[g + 1] - fiber_begin_[g])};
  }
  std::span<const double> FiberDelays(int g) const {
    return {fiber_ms_.data() + fiber_begin_[g],
            static_cast<size_t>(fiber_begin_[g + 1] - fiber_begin_[g])};
  }

 private:
  int satellites_ = 0;
  std::vector<std::string> satellite_names_;
  std::vector<GroundNode> ground_;
  NetworkOptions options_;
  std::vector<IslLink> isls_;
  std::vector<int32_t> isl_adj_begin_, isl_adj_node_, isl_adj_link_;
  std::vector<EcefVector> ground_ecef_, ground_up_;
  std::vector<GroundLinkRules> rules_;
  std::vector<uint8_t> relays_;
  std::vector<int32_t> nearest_pop_;
  std::vector<int32_t> fiber_begin_, fiber_to_;
  std::vector<double> fiber_ms_;
};

// The graph at one instant. Reused between steps to avoid allocation (BuildSnapshot overwrites).
struct Snapshot {
  SimTime time;
  std::vector<double> isl_ms;       // Parallel to Network::isls(); kInfinity when the link is down.
  std::vector<double> isl_slot_ms;  // Parallel to Network::isl_slot_node() (same delays).
  // Ground-satellite links in CSR form by ground node (satellites in increasing index order) ...
  std::vector<int32_t> gsl_begin;  // Size ground_count + 1.
  std::vector<int32_t> gsl_sat;
  std::vector<double> gsl_ms;
  // ... and the same links by satellite (ground nodes in increasing order).
  std::vector<int32_t> sat_gsl_begin;  // Size satellite_count + 1.
  std::vector<int32_t> sat_gsl_ground;
  std::vector<double> sat_gsl_ms;
  std::vector<uint8_t> sat_valid;  // 1 when the satellite had a valid state.

  std::span<const int32_t> GroundSats(int g) const {
    return {gsl_sat.data() + gsl_begin[g], static_cast<size_t>(gsl_begin[g + 1] - gsl_begin[g])};
  }
  std::span<const double> GroundDelays(int g) const {
    return {gsl_ms.data() + gsl_begin[g], static_cast<size_t>(gsl_begin[g + 1] - gsl_begin[g])};
  }
  std::span<const int32_t> SatGrounds(int s) const {
    return {sat_gsl_ground.data() + sat_gsl_begin[s],
            static_cast<size_t>(sat_gsl_begin[s + 1] - sat_gsl_begin[s])};
  }
  std::span<const double> SatDelays(int s) const {
    return {sat_gsl_ms.data() + sat_gsl_begin[s],
            static_cast<size_t>(sat_gsl_begin[s + 1] - sat_gsl_begin[s])};
  }
  // Delay of the ground link g <-> sat, or kInfinity when there is none.
  double GroundLinkMs(int g, int sat) const;
};

// Builds the graph at `t` from the satellites' ECEF states at `t`.
// REQUIRES: states.size() == network.satellite_count().
void BuildSnapshot(const Network& network, SimTime t, const EcefStatesView& states,
                   Snapshot* snapshot);

// One ground node's view of one satellite (exposed for tests and the coverage layer).
struct LookAngle {
  double elevation_deg;
  double slant_range_km;
};
LookAngle LookFrom(const EcefVector& ground, const EcefVector& up, const EcefVector& sat);

// One-way delay in ms of a straight path of `km` at the speed of light in vacuum.
inline double VacuumMs(double km) { return km / kSpeedOfLightKmPerS * 1e3; }
// One-way delay in ms through `km` of fiber (group index 1.47).
inline double FiberMs(double km) { return km * kFiberRefractiveIndex / kSpeedOfLightKmPerS * 1e3; }

}  // namespace leotwin::net
