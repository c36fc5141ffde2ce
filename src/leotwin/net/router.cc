#include "leotwin/net/router.h"

#include <algorithm>
#include <utility>

namespace leotwin::net {
namespace {

// Min-heap order on (distance, node): ties go to the lower node id, so results are deterministic.
struct HeapGreater {
  bool operator()(const std::pair<double, int32_t>& a, const std::pair<double, int32_t>& b) const {
    return a > b;
  }
};

}  // namespace

Router::Router(const Network& network, std::vector<int> sources,
               std::vector<std::vector<int>> targets, RoutingMethod method)
    : network_(&network),
      satellites_(network.satellite_count()),
      method_(method),
      sources_(std::move(sources)),
      targets_(std::move(targets)) {
  targets_.resize(sources_.size());
  target_ms_.resize(sources_.size());
  for (size_t i = 0; i < sources_.size(); ++i) target_ms_[i].assign(targets_[i].size(), kInfinity);
  trees_.resize(sources_.size());
  relay_.resize(network.ground_count());
  for (int g = 0; g < network.ground_count(); ++g) relay_[g] = network.relays(g) ? 1 : 0;
  dist_.assign(network.node_count(), kInfinity);
  is_target_.assign(network.node_count(), 0);
}

Router Router::AllPairs(const Network& network, const std::vector<int>& endpoints,
                        RoutingMethod method) {
  std::vector<int> sources;
  std::vector<std::vector<int>> targets;
  for (size_t i = 0; i + 1 < endpoints.size(); ++i) {
    sources.push_back(endpoints[i]);
    targets.emplace_back(endpoints.begin() + i + 1, endpoints.end());
  }
  return Router(network, std::move(sources), std::move(targets), method);
}

void Router::Reset() {
  for (auto& t : trees_) t.valid = false;
}

void Router::HeapPush(double d, int32_t v) {
  heap_.emplace_back(d, v);
  std::push_heap(heap_.begin(), heap_.end(), HeapGreater());
}

std::pair<double, int32_t> Router::HeapPop() {
  std::pop_heap(heap_.begin(), heap_.end(), HeapGreater());
  auto top = heap_.back();
  heap_.pop_back();
  return top;
}

template <class F>
void Router::ForEachEdge(const Snapshot& s, int u, F&& f) const {
  const Network& net = *network_;
  if (u < satellites_) {
    const int32_t end = net.IslSlotBegin(u + 1);
    const int32_t* node = net.isl_slot_node().data();
    const double* ms = s.isl_slot_ms.data();
    for (int32_t k = net.IslSlotBegin(u); k < end; ++k) {
      if (ms[k] < kInfinity) f(node[k], ms[k], k);
    }
    const auto gs = s.SatGrounds(u);
    const auto ws = s.SatDelays(u);
    for (size_t k = 0; k < gs.size(); ++k) f(satellites_ + gs[k], ws[k], -1);
  } else {
    const int g = u - satellites_;
    const auto sats = s.GroundSats(g);
    const auto ws = s.GroundDelays(g);
    for (size_t k = 0; k < sats.size(); ++k) f(sats[k], ws[k], -1);
    const auto to = net.FiberTargets(g);
    const auto fw = net.FiberDelays(g);
    for (size_t k = 0; k < to.size(); ++k) f(satellites_ + to[k], fw[k], -1);
  }
}

double Router::EdgeMs(const Snapshot& s, int from, int to, int32_t slot) const {
  const Network& net = *network_;
  if (slot >= 0) return s.isl_slot_ms[slot];
  if (from < satellites_ && to < satellites_) return kInfinity;
  if (from < satellites_) return s.GroundLinkMs(to - satellites_, from);
  if (to < satellites_) return s.GroundLinkMs(from - satellites_, to);
  const auto targets = net.FiberTargets(from - satellites_);
  const auto it = std::lower_bound(targets.begin(), targets.end(), to - satellites_);
  if (it == targets.end() || *it != to - satellites_) return kInfinity;
  return net.FiberDelays(from - satellites_)[it - targets.begin()];
}

void Router::Dijkstra(int i, const Snapshot& s, bool early_exit) {
  Tree& tree = trees_[i];
  const int n = network_->node_count();
  const int src = satellites_ + sources_[i];
  std::fill(dist_.begin(), dist_.end(), kInfinity);
  tree.parent.assign(n, -1);
  tree.slot.assign(n, -1);
  tree.order.clear();
  int remaining = 0;
  if (early_exit) {
    for (int t : targets_[i]) {
      if (!is_target_[satellites_ + t]) ++remaining;
      is_target_[satellites_ + t] = 1;
    }
  }
  heap_.clear();
  dist_[src] = 0.0;
  HeapPush(0.0, src);
  while (!heap_.empty()) {
    // Plain locals, not a structured binding: clang 14 (fuzz preset) cannot capture bindings in
    // the ForEachEdge lambda below.
    const std::pair<double, int32_t> top = HeapPop();
    const double d = top.first;
    const int32_t u = top.second;
    if (d > dist_[u]) continue;  // Stale entry.
    tree.order.push_back(u);
    if (early_exit && is_target_[u]) {
      if (--remaining == 0) break;
    }
    if (!Expands(u, src)) continue;
    ForEachEdge(s, u, [&](int32_t v, double w, int32_t slot) {
      const double nd = d + w;
      if (nd < dist_[v]) {
        dist_[v] = nd;
        tree.parent[v] = u;
        tree.slot[v] = slot;
        HeapPush(nd, v);
      }
    });
  }
  if (!early_exit) {
    tree.pos.assign(n, -1);
    for (size_t k = 0; k < tree.order.size(); ++k)
      tree.pos[tree.order[k]] = static_cast<int32_t>(k);
  }
  if (early_exit) {
    for (int t : targets_[i]) is_target_[satellites_ + t] = 0;
  }
  tree.valid = !early_exit;
}

void Router::RebuildOrder(int i) {
  Tree& tree = trees_[i];
  const int n = network_->node_count();
  const int src = satellites_ + sources_[i];
  child_begin_.assign(n + 1, 0);
  for (int v = 0; v < n; ++v) {
    if (tree.parent[v] >= 0) ++child_begin_[tree.parent[v] + 1];
  }
  for (int v = 0; v < n; ++v) child_begin_[v + 1] += child_begin_[v];
  child_list_.resize(child_begin_[n]);
  // Fill using child_begin_ as cursors, then shift back.
  for (int v = 0; v < n; ++v) {
    if (tree.parent[v] >= 0) child_list_[child_begin_[tree.parent[v]]++] = v;
  }
  for (int v = n; v > 0; --v) child_begin_[v] = child_begin_[v - 1];
  child_begin_[0] = 0;
  tree.order.clear();
  tree.order.push_back(src);
  for (size_t k = 0; k < tree.order.size(); ++k) {
    const int u = tree.order[k];
    for (int c = child_begin_[u]; c < child_begin_[u + 1]; ++c)
      tree.order.push_back(child_list_[c]);
  }
}

void Router::Repair(int i, const Snapshot& s) {
  Tree& tree = trees_[i];
  const int src = satellites_ + sources_[i];
  std::fill(dist_.begin(), dist_.end(), kInfinity);
  dist_[src] = 0.0;
  bool rebuild = false;
  // 1. Lengths along the old tree with the new weights (parents come before children). A node
  //    whose tree edge is gone (or whose parent was cut) loses its parent.
  for (size_t k = 1; k < tree.order.size(); ++k) {
    const int v = tree.order[k];
    const int p = tree.parent[v];
    if (p < 0) continue;
    const double d = dist_[p] + EdgeMs(s, p, v, tree.slot[v]);
    if (d < kInfinity) {
      dist_[v] = d;
    } else {
      tree.parent[v] = -1;
      tree.slot[v] = -1;
      rebuild = true;
    }
  }
  // 2. One pass over every edge out of every reached, forwarding node; 3. label-correcting
  //    Dijkstra from the nodes that improved.
  heap_.clear();
  changed_.clear();
  auto relax_from = [&](int u, double du) {
    ForEachEdge(s, u, [&](int32_t v, double w, int32_t slot) {
      const double nd = du + w;
      if (nd < dist_[v]) {
        dist_[v] = nd;
        tree.parent[v] = u;
        tree.slot[v] = slot;
        changed_.push_back(v);
        HeapPush(nd, v);
      }
    });
  };
  for (const int u : tree.order) {
    const double du = dist_[u];
    if (du == kInfinity || !Expands(u, src)) continue;
    relax_from(u, du);
  }
  int64_t repaired = 0;
  while (!heap_.empty()) {
    const auto [d, u] = HeapPop();
    if (d > dist_[u]) continue;
    ++repaired;
    if (Expands(u, src)) relax_from(u, d);
  }
  repaired_nodes_ += repaired;
  // The order stays valid when every changed node's new parent precedes it.
  for (const int v : changed_) {
    const int32_t parent_pos = tree.pos[tree.parent[v]];
    if (tree.pos[v] < 0 || parent_pos < 0 || parent_pos > tree.pos[v]) {
      rebuild = true;
      break;
    }
  }
  if (rebuild) RebuildOrder(i);
}

void Router::Route(const Snapshot& s) {
  repaired_nodes_ = 0;
  for (int i = 0; i < source_count(); ++i) {
    switch (method_) {
      case RoutingMethod::kReference:
        Dijkstra(i, s, /*early_exit=*/false);
        trees_[i].valid = false;
        break;
      case RoutingMethod::kFromScratch:
        Dijkstra(i, s, /*early_exit=*/true);
        break;
      case RoutingMethod::kIncremental:
        if (trees_[i].valid) {
          Repair(i, s);
        } else {
          Dijkstra(i, s, /*early_exit=*/false);
        }
        break;
    }
    for (size_t k = 0; k < targets_[i].size(); ++k) {
      target_ms_[i][k] = dist_[satellites_ + targets_[i][k]];
    }
  }
}

void Router::Path(int i, int k, std::vector<int32_t>* path) const {
  path->clear();
  if (!(target_ms_[i][k] < kInfinity)) return;
  const int src = satellites_ + sources_[i];
  int v = satellites_ + targets_[i][k];
  const auto& parent = trees_[i].parent;
  while (v != src && v >= 0) {
    path->push_back(v);
    v = parent[v];
  }
  if (v != src) {
    path->clear();
    return;
  }
  path->push_back(src);
  std::reverse(path->begin(), path->end());
}

}  // namespace leotwin::net
