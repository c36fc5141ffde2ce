// Forwarding state in Hypatia's format (Kassing et al., "Exploring the 'Internet from space' with
// Hypatia", IMC 2020; satgenpy fstate_<t_ns>.txt), so leotwin's routes can be diffed against
// Hypatia's and replayed by its ns-3 module.
//
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

#include "leotwin/net/network.h"

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

// Writes `state` as fstate lines. With `previous` (same shape) only changed entries are written,
// as Hypatia does after its first step.
void WriteHypatiaFstate(const Network& network, const std::vector<int>& destinations,
                        const std::vector<ForwardingEntry>& state,
                        const std::vector<ForwardingEntry>* previous, std::ostream& out);

// Hypatia's isls.txt: "a b" per laser link, in Network::isls() order.
void WriteHypatiaIsls(const Network& network, std::ostream& out);

}  // namespace leotwin::net
