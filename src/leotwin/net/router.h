// Shortest-latency routing over a Snapshot: one-way delays and paths from a set of source ground
// nodes to their target ground nodes.
//
// Three methods, equal in result (distances to within 1e-9 ms; paths equal up to ties):
//   kReference    plain Dijkstra (binary heap) over the whole graph from each source: the
//                 straightforward baseline every optimisation is measured and tested against.
//   kFromScratch  Dijkstra that stops once every target of the source is settled.
//   kIncremental  keeps each source's shortest-path tree from the previous call and repairs it:
//                 recompute distances along the old tree with the new weights, relax every edge
//                 once (any edge that improves a node marks a change), then run label-correcting
//                 Dijkstra from the improved nodes only. The result is a valid shortest-path tree
//                 for the new snapshot whatever the old tree was (a tree whose edges all satisfy
//                 d(v) <= d(u) + w(u, v) with d the tree lengths is a shortest-path tree), so
//                 correctness never depends on the previous step; Reset() forgets the trees
//                 (what a process starting at an arbitrary instant does).
// Ground nodes that are not relays (terminals, cities) never forward traffic; a source always
// leaves through its own links. A Router is not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <vector>

#include "leotwin/net/network.h"

namespace leotwin::net {

enum class RoutingMethod { kReference, kFromScratch, kIncremental };

class Router {
 public:
  // `sources[i]` is a ground node index; `targets[i]` the ground node indices it routes to.
  Router(const Network& network, std::vector<int> sources, std::vector<std::vector<int>> targets,
         RoutingMethod method);
  // Every unordered pair among `endpoints` once: source endpoints[i] routes to endpoints[j], j > i.
  static Router AllPairs(const Network& network, const std::vector<int>& endpoints,
                         RoutingMethod method);

  // Routes every source at the snapshot's instant.
  void Route(const Snapshot& snapshot);
  // Forgets the trees kept for kIncremental.
  void Reset();

  int source_count() const { return static_cast<int>(sources_.size()); }
  int source(int i) const { return sources_[i]; }
  const std::vector<int>& targets(int i) const { return targets_[i]; }
  // One-way delay (ms) from source i to its k-th target at the last Route(); kInfinity if none.
  double OneWayMs(int i, int k) const { return target_ms_[i][k]; }
  // Node ids (network numbering) from source i's ground node to its k-th target; empty if none.
  void Path(int i, int k, std::vector<int32_t>* path) const;
  // Shortest-path tree of source i at the last Route(): parent of each node (-1 for the source
  // and unreached nodes). Complete for kReference and kIncremental; for kFromScratch only the
  // nodes settled before the early exit are final. Since every link is symmetric, parent[v] is
  // also v's next hop toward the source (used for forwarding-state export).
  const std::vector<int32_t>& Parents(int i) const { return trees_[i].parent; }
  // Nodes whose tree was repaired at the last Route() (kIncremental; diagnostics).
  int64_t repaired_nodes() const { return repaired_nodes_; }

 private:
  struct Tree {
    std::vector<int32_t> parent;  // -1: unreached (or the source).
    std::vector<int32_t> slot;    // Laser slot of the tree edge into each node, or -1.
    std::vector<int32_t> order;   // Reached nodes, every parent before its children.
    std::vector<int32_t> pos;     // Position of each node in `order`, -1 if absent.
    bool valid = false;
  };
  void Dijkstra(int i, const Snapshot& s, bool early_exit);
  void Repair(int i, const Snapshot& s);
  void RebuildOrder(int i);
  double EdgeMs(const Snapshot& s, int from, int to, int32_t slot) const;
  bool Expands(int node, int source_node) const {
    return node < satellites_ || node == source_node || relay_[node - satellites_];
  }
  template <class F>
  void ForEachEdge(const Snapshot& s, int u, F&& f) const;
  void HeapPush(double d, int32_t v);
  std::pair<double, int32_t> HeapPop();

  const Network* network_;
  int satellites_;
  RoutingMethod method_;
  std::vector<int> sources_;
  std::vector<std::vector<int>> targets_;
  std::vector<std::vector<double>> target_ms_;
  std::vector<Tree> trees_;
  std::vector<uint8_t> relay_;
  // Scratch.
  std::vector<double> dist_;
  std::vector<std::pair<double, int32_t>> heap_;
  std::vector<uint8_t> is_target_;
  std::vector<int32_t> child_begin_, child_list_, changed_;
  int64_t repaired_nodes_ = 0;
};

}  // namespace leotwin::net
