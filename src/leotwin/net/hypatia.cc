#include "leotwin/net/hypatia.h"

#include "leotwin/net/router.h"

namespace leotwin::net {

std::vector<ForwardingEntry> ComputeForwardingState(const Network& network,
                                                    const Snapshot& snapshot,
                                                    const std::vector<int>& destinations) {
  const int S = network.satellite_count();
  const int n = network.node_count();
  // Interface numbers.
  std::vector<int32_t> isl_count(S, 0);
  std::vector<int32_t> if_a(network.isls().size()), if_b(network.isls().size());
  for (size_t e = 0; e < network.isls().size(); ++e) {
    const auto& l = network.isls()[e];
    if_a[e] = isl_count[l.a]++;
    if_b[e] = isl_count[l.b]++;
  }
  auto isl_if = [&](int from, int to) {
    const auto nb = network.IslNeighbors(from);
    const auto ids = network.IslLinkIds(from);
    for (size_t k = 0; k < nb.size(); ++k) {
      if (nb[k] == to) {
        const int e = ids[k];
        return network.isls()[e].a == from ? if_a[e] : if_b[e];
      }
    }
    return -1;
  };
  auto fiber_if = [&](int from_g, int to_g) {
    const auto to = network.FiberTargets(from_g);
    for (size_t k = 0; k < to.size(); ++k) {
      if (to[k] == to_g) return 1 + static_cast<int>(k);
    }
    return -1;
  };
  // Trees rooted at each destination: the parent of v is v's next hop toward the destination.
  Router router(network, destinations, std::vector<std::vector<int>>(destinations.size()),
                RoutingMethod::kReference);
  router.Route(snapshot);
  const size_t D = destinations.size();
  std::vector<ForwardingEntry> state(static_cast<size_t>(n) * D);
  for (size_t d = 0; d < D; ++d) {
    const auto& parent = router.Parents(static_cast<int>(d));
    for (int v = 0; v < n; ++v) {
      const int hop = parent[v];
      if (hop < 0) continue;
      ForwardingEntry& f = state[static_cast<size_t>(v) * D + d];
      f.next_hop = hop;
      if (v < S && hop < S) {
        f.current_if = isl_if(v, hop);
        f.next_hop_if = isl_if(hop, v);
      } else if (v < S) {
        f.current_if = isl_count[v];
        f.next_hop_if = 0;
      } else if (hop < S) {
        f.current_if = 0;
        f.next_hop_if = isl_count[hop];
      } else {
        f.current_if = fiber_if(v - S, hop - S);
        f.next_hop_if = fiber_if(hop - S, v - S);
      }
    }
  }
  return state;
}

void WriteHypatiaFstate(const Network& network, const std::vector<int>& destinations,
                        const std::vector<ForwardingEntry>& state,
                        const std::vector<ForwardingEntry>* previous, std::ostream& out) {
  const int S = network.satellite_count();
  const size_t D = destinations.size();
  for (int v = 0; v < network.node_count(); ++v) {
    for (size_t d = 0; d < D; ++d) {
      const int dst = S + destinations[d];
      if (v == dst) continue;
      const size_t k = static_cast<size_t>(v) * D + d;
      if (previous && (*previous)[k] == state[k]) continue;
      const auto& f = state[k];
      out << v << ',' << dst << ',' << f.next_hop << ',' << f.current_if << ',' << f.next_hop_if
          << '\n';
    }
  }
}

void WriteHypatiaIsls(const Network& network, std::ostream& out) {
  for (const auto& l : network.isls()) out << l.a << ' ' << l.b << '\n';
}

}  // namespace leotwin::net
