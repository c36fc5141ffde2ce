// Hypatia's satellite network state folder (Kassing et al., "Exploring the 'Internet from space'
// with Hypatia", IMC 2020; what its satgenpy writes and its ns-3 module and analysis scripts
// read), so leotwin's routes can be diffed against Hypatia's and replayed by its ns-3 module:
//   tles.txt                 WriteHypatiaTles
//   isls.txt                 WriteHypatiaIsls
//   ground_stations.txt      WriteHypatiaGroundStations
//   description.txt          WriteHypatiaDescription
//   gsl_interfaces_info.txt  WriteHypatiaGslInterfacesInfo
//   dynamic_state_<step>ms_for_<duration>s/   HypatiaDynamicStateDir
//     fstate_<t_ns>.txt          WriteHypatiaFstate (first step full, later steps only changes)
//     gsl_if_bandwidth_<t_ns>.txt  WriteHypatiaGslIfBandwidth (first step full, later empty)
// The input side (reading these files) is hypatia_input.h.
//
// Forwarding state (fstate_<t_ns>.txt):
// One line per (current node, destination ground node), current != destination:
//   current,destination,next_hop,current_interface,next_hop_interface
// with -1,-1,-1 when the destination is unreachable. Node ids: satellites 0..S-1, ground node g
// is S+g. Interfaces follow Hypatia: walking the ISL list in order, each link takes the next free
// interface number on both of its satellites; a satellite's ground-link interface is its ISL count;
// a ground node's is 0. Fiber hops (gateway/PoP, outside Hypatia's model) use interface 1 + the
// index of the far node among the near node's fiber neighbours.
// Lines come satellites first, then ground nodes, each in increasing id, and destinations in the
// order given, as Hypatia writes them.
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/net/network.h"
#include "leotwin/net/router.h"
#include "leotwin/orbit/constellation.h"

namespace leotwin::net {

struct ForwardingEntry {
  int32_t next_hop = -1, current_if = -1, next_hop_if = -1;
  bool operator==(const ForwardingEntry&) const = default;
};

// The forwarding state toward each ground node in `destinations` at the snapshot's instant:
// entries[current * destinations.size() + d]. Shortest-latency next hops (ties to lower ids).
std::vector<ForwardingEntry> ComputeForwardingState(const Network& network,
                                                    const Snapshot& snapshot,
                                                    const std::vector<int>& destinations);

// The same, step after step: interface numbers are computed once and, with kIncremental, the
// shortest-path trees toward each destination are repaired rather than rebuilt (equal results,
// router.h). Not thread-safe; one per thread.
class ForwardingStateBuilder {
 public:
  ForwardingStateBuilder(const Network& network, std::vector<int> destinations,
                         RoutingMethod method = RoutingMethod::kIncremental);
  // Overwrites `state` with the forwarding state at the snapshot's instant.
  void Compute(const Snapshot& snapshot, std::vector<ForwardingEntry>* state);
  const std::vector<int>& destinations() const { return destinations_; }

 private:
  const Network* network_;
  std::vector<int> destinations_;
  Router router_;
  std::vector<int32_t> isl_count_;
  std::vector<int32_t> slot_if_;  // Interface of each laser adjacency slot at its satellite.
};

// Writes `state` as fstate lines. With `previous` (same shape) only changed entries are written,
// as Hypatia does after its first step.
void WriteHypatiaFstate(const Network& network, const std::vector<int>& destinations,
                        const std::vector<ForwardingEntry>& state,
                        const std::vector<ForwardingEntry>* previous, std::ostream& out);

// Hypatia's isls.txt: "a b" per laser link, in Network::isls() order, the smaller index first
// (Hypatia refuses a line with a >= b; the interface numbers do not depend on the orientation).
void WriteHypatiaIsls(const Network& network, std::ostream& out);

// Hypatia's tles.txt: the header "<orbits> <satellites per orbit>" (the shell's grid when the
// constellation is one shell whose slots are orbit-major in constellation order, satellite
// plane * S + index; else "1 <N>", as Hypatia's own tests write a flattened list), then per
// satellite "<name> <id>" (the constellation's name, blanks replaced by '-', and the index) and
// its two TLE lines (orbit/tle.h FormatTle: angles to 1e-4 deg, mean motion to 1e-8 rev/day).
// FailedPrecondition when the element sets do not share one epoch (Hypatia's time 0) or one does
// not fit a TLE.
Status WriteHypatiaTles(const orbit::Constellation& constellation, std::ostream& out);

// Hypatia's extended ground_stations.txt: "gid,name,lat,lon,elevation_m,x_m,y_m,z_m" per ground
// node (gid = ground index; node S + gid), with "%f" numbers as Hypatia writes them and x, y, z
// the geodetic position on the WGS72 ellipsoid (a = 6,378,135 m, f = 1/298.26), Hypatia's
// convention. Commas and control characters in names become blanks (the format has no quoting).
void WriteHypatiaGroundStations(const Network& network, std::ostream& out);

// description.txt: "max_gsl_length_m=<m>" and "max_isl_length_m=<m>" with 10 decimals.
void WriteHypatiaDescription(double max_gsl_length_m, double max_isl_length_m, std::ostream& out);

// The longest ground link the network's rules allow, in metres, for description.txt: the largest
// max slant range over the kinds with satellite links when every such kind sets one; otherwise the
// slant range at the lowest elevation mask (at least 0 deg) to a satellite at the highest apogee
// of `constellation`, over a spherical Earth of the WGS84 polar radius (an upper bound).
double HypatiaMaxGslLengthM(const Network& network, const orbit::Constellation& constellation);

// gsl_interfaces_info.txt: "<node>,1,1.000000" per node: one ground-link interface per satellite
// and ground node with bandwidth 1 (the interface numbering the fstate uses, Hypatia's
// "free one" algorithms).
void WriteHypatiaGslInterfacesInfo(const Network& network, std::ostream& out);

// gsl_if_bandwidth_<t_ns>.txt of the first step: "<node>,<interface>,<bandwidth>" for the
// ground-link interface of every node (a satellite's is its laser count, a ground node's 0) with
// bandwidth 1.000000. Later steps write an empty file (nothing changes), as Hypatia does.
void WriteHypatiaGslIfBandwidth(const Network& network, std::ostream& out);

// "dynamic_state_<step ms>ms_for_<duration s>s". InvalidArgument unless the step is a positive
// whole number of milliseconds and the duration a whole number of seconds (Hypatia's names).
StatusOr<std::string> HypatiaDynamicStateDir(int64_t step_ns, int64_t duration_ns);

// Instants of the dynamic state: 0, step, 2 step, ... < duration (Hypatia's range(0, end, step));
// just 0 when the duration is 0.
int64_t HypatiaStepCount(int64_t step_ns, int64_t duration_ns);

}  // namespace leotwin::net
