// A compiled S2 cell index over a list of regions: the "construct once, evaluate many" fast path
// for point-in-region queries.
//
// Build: starting from the six face cells, each cell is classified against every region that may
// reach it (S2Polygon::Contains(S2Cell) / MayIntersect(S2Cell), both conservative) and subdivided
// while some region's boundary crosses it, down to Options::max_level. The result is a sorted list
// of disjoint cells, each with the regions that fully contain it ("interior" items) and those whose
// boundary may cross it ("boundary" items). Cells no region reaches are not stored.
// Query: the point's leaf cell id selects a cell through a flat table at Options::table_level plus
// a short binary search; interior items answer directly, exact S2 polygon tests run only for
// boundary items. Answers are identical to exact S2 evaluation of every region (the classification
// is conservative), which tests check on millions of random points.
// Memory: about 24 bytes per cell + 4 per item + 8 * 6 * 4^table_level bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "leotwin/geo/region.h"
#include "s2/s2cell_id.h"
#include "s2/s2point.h"

namespace leotwin::geo {

class RegionCellIndex {
 public:
  struct Options {
    // Deepest level subdivided (S2 level 12 cells are about 2.4 km across). Deeper: fewer exact
    // tests, more memory and build time.
    int max_level = 12;
    // Level of the flat first-stage table (6 * 4^level entries of 8 bytes). REQUIRES: 0..10.
    int table_level = 7;
  };
  struct Stats {
    int64_t cells = 0;           // stored cells
    int64_t boundary_cells = 0;  // cells with at least one boundary item
    int64_t items = 0;
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
    const uint32_t* it = items_.data() + e->item_begin;
    const uint32_t* end = it + e->item_count;
    for (; it != end; ++it) {
      const uint32_t region = *it >> 1;
      if ((*it & 1u) == 0 || regions_[region]->Contains(p)) {
        if (!visit(static_cast<int>(region))) return;
      }
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
  // still miss the cell when its boundary only passes near it), and, in `full`, those that contain
  // the whole cell. For S2 cells at or above the index's max_level. REQUIRES: cell.is_valid().
  void RegionsReaching(S2CellId cell, std::vector<int>* reaching, std::vector<int>* full) const;

  int num_regions() const { return static_cast<int>(regions_.size()); }
  const Region& region(int i) const { return *regions_[i]; }
  const Stats& stats() const { return stats_; }
  const Options& options() const { return options_; }

 private:
  struct Entry {
    uint64_t range_min;
    uint64_t range_max;
    uint32_t item_begin;
    uint32_t item_count;
  };
  RegionCellIndex() = default;
  void BuildCell(S2CellId id, const std::vector<uint32_t>& candidates);

  const Entry* FindEntry(uint64_t leaf) const {
    const uint32_t slot = static_cast<uint32_t>(leaf >> table_shift_);
    const uint32_t begin = table_[slot].begin;
    const uint32_t end = table_[slot].end;
    if (begin == end) return nullptr;
    const Entry* first = entries_.data() + begin;
    const Entry* last = entries_.data() + end;
    // Last entry with range_min <= leaf.
    const Entry* e = std::upper_bound(first, last, leaf,
                                      [](uint64_t v, const Entry& x) { return v < x.range_min; });
    if (e == first) return nullptr;
    --e;
    return leaf <= e->range_max ? e : nullptr;
  }

  Options options_;
  std::vector<const Region*> regions_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> items_;
  struct Slot {
    uint32_t begin;  // entries_ overlapping this table cell: [begin, end)
    uint32_t end;
  };
  std::vector<Slot> table_;
  int table_shift_ = 0;
  Stats stats_;
};

}  // namespace leotwin::geo
