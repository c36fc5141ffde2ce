// A compiled S2 cell index over a list of regions: the "construct once, evaluate many" fast path
// for point-in-region queries.
//
// Build: the regions go into an S2 shape index (MutableS2ShapeIndex), which subdivides the sphere
// into disjoint S2 cells until no cell holds more than Options::max_edges_per_cell boundary
// edges, and records for every cell and region whether the region contains the cell's centre.
// That cell covering is flattened into sorted arrays: per cell, the regions present, each either
// "interior" (no boundary edge in the cell: the region contains the whole cell) or "boundary"
// (with the few edges crossing the cell). Cells no region reaches are not stored (answer: none).
// Query: the point's leaf cell id selects a cell through a flat table at Options::table_level and a
// short binary search. Interior items answer directly; a boundary item is decided exactly by
// counting the crossings of the segment from the cell centre to the point with the cell's edges
// (S2's exact predicates, semi-open vertex model) starting from the centre's known containment.
// The answer is bit-for-bit the same as S2Polygon::Contains() on every input (differential tests
// check millions of random points, many within a metre of a boundary).
// Thread-safe for concurrent queries.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "leotwin/geo/region.h"
#include "s2/s2cell_id.h"
#include "s2/s2edge_crosser.h"
#include "s2/s2point.h"

namespace leotwin::geo {

class RegionCellIndex {
 public:
  struct Options {
    // Cells are subdivided until at most this many boundary edges cross them: fewer means smaller
    // boundary cells and cheaper exact tests, more cells and memory.
    int max_edges_per_cell = 4;
    // Level of the flat first-stage table (6 * 4^level slots of 8 bytes). Clamped to 0..10.
    int table_level = 7;
  };
  struct Stats {
    int64_t cells = 0;           // stored cells
    int64_t boundary_cells = 0;  // cells with at least one boundary item
    int64_t items = 0;
    int64_t edges = 0;
    int64_t bytes = 0;
    double build_seconds = 0;
  };

  // REQUIRES: every region outlives the index. Region i answers as index i.
  static std::unique_ptr<RegionCellIndex> Build(std::vector<const Region*> regions,
                                                Options options);
  static std::unique_ptr<RegionCellIndex> Build(std::vector<const Region*> regions) {
    return Build(std::move(regions), Options{});
  }

  // Calls visit(region_index) for each region containing `p`, in increasing index order, until
  // visit returns false. `leaf` must be S2CellId(p). REQUIRES: p unit length.
  template <typename Visit>
  void VisitContaining(const S2Point& p, S2CellId leaf, Visit&& visit) const {
    const Entry* e = FindEntry(leaf.id());
    if (e == nullptr) return;
    const Item* it = items_.data() + e->item_begin;
    const Item* end = it + e->item_count;
    S2Point centre;
    bool have_centre = false;
    for (; it != end; ++it) {
      bool inside = it->contains_centre != 0;
      if (it->edge_count != 0) {
        if (!have_centre) {
          centre = S2CellId(e->id).ToPoint();
          have_centre = true;
        }
        inside = BoundaryContains(*it, centre, p);
      }
      if (inside && !visit(static_cast<int>(it->region))) return;
    }
  }
  // The lowest-index region containing `p`, or -1.
  int FirstContaining(const S2Point& p, S2CellId leaf) const {
    int found = -1;
    VisitContaining(p, leaf, [&](int r) {
      found = r;
      return false;
    });
    return found;
  }
  int FirstContaining(const S2Point& p) const { return FirstContaining(p, S2CellId(p)); }

  // Region indices whose interior or boundary may reach `cell` (conservative: a region listed may
  // still miss the cell when its boundary only passes near it), and, in `full`, those known to
  // contain the whole cell. REQUIRES: cell.is_valid().
  void RegionsReaching(S2CellId cell, std::vector<int>* reaching, std::vector<int>* full) const;

  int num_regions() const { return static_cast<int>(regions_.size()); }
  const Region& region(int i) const { return *regions_[i]; }
  const Stats& stats() const { return stats_; }
  const Options& options() const { return options_; }

 private:
  struct Entry {
    uint64_t id;  // the S2 cell
    uint64_t range_min;
    uint64_t range_max;
    uint32_t item_begin;
    uint32_t item_count;
  };
  struct Item {
    uint32_t region;
    uint32_t contains_centre;
    uint32_t edge_begin;
    uint32_t edge_count;  // 0: interior item
  };
  struct Edge {
    S2Point v0, v1;
  };
  struct Slot {
    uint32_t begin;  // entries_ overlapping this table cell: [begin, end)
    uint32_t end;
  };
  RegionCellIndex() = default;

  bool BoundaryContains(const Item& item, const S2Point& centre, const S2Point& p) const {
    bool inside = item.contains_centre != 0;
    S2EdgeCrosser crosser(&centre, &p);
    const Edge* e = edges_.data() + item.edge_begin;
    for (uint32_t k = 0; k < item.edge_count; ++k, ++e) {
      inside ^= crosser.EdgeOrVertexCrossing(&e->v0, &e->v1);
    }
    return inside;
  }

  const Entry* FindEntry(uint64_t leaf) const {
    const Slot& slot = table_[leaf >> table_shift_];
    if (slot.begin == slot.end) return nullptr;
    const Entry* first = entries_.data() + slot.begin;
    const Entry* last = entries_.data() + slot.end;
    const Entry* e = first;
    if (last - first > 1) {
      // Last entry with range_min <= leaf.
      e = std::upper_bound(first, last, leaf,
                           [](uint64_t v, const Entry& x) { return v < x.range_min; });
      if (e == first) return nullptr;
      --e;
    }
    return leaf >= e->range_min && leaf <= e->range_max ? e : nullptr;
  }

  Options options_;
  std::vector<const Region*> regions_;
  std::vector<Entry> entries_;
  std::vector<Item> items_;
  std::vector<Edge> edges_;
  std::vector<Slot> table_;
  int table_shift_ = 0;
  Stats stats_;
};

}  // namespace leotwin::geo
