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
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/check.h"
#include "leotwin/base/huge_pages.h"
#include "leotwin/base/status.h"
#include "leotwin/geo/region.h"
#include "s2/s2cell_id.h"
#include "s2/s2coords.h"
#include "s2/s2edge_crosser.h"
#include "s2/s2edge_crossings.h"
#include "s2/s2point.h"

namespace leotwin::geo {

namespace internal {
// S2's Hilbert curve, one level: position (0..3) of child (i, j) = ij under each of the four
// orientations, and how a child's orientation differs from its parent's (bit 0 swaps i and j,
// bit 1 inverts). These define the curve (S2 docs, s2coords_internal.h); a test checks them.
inline constexpr int kIJtoPos[4][4] = {{0, 1, 3, 2}, {0, 3, 1, 2}, {2, 3, 1, 0}, {2, 1, 3, 0}};
inline constexpr int kPosToOrientation[4] = {1, 0, 0, 3};

// Position bits (8) and final orientation (2) for 4 levels at once, indexed by
// (orientation << 8 | i4 << 4 | j4), stored as pos << 2 | orientation.
constexpr std::array<uint16_t, 1024> MakeHilbertLookup() {
  std::array<uint16_t, 1024> table{};
  for (uint32_t orientation = 0; orientation < 4; ++orientation) {
    for (uint32_t i4 = 0; i4 < 16; ++i4) {
      for (uint32_t j4 = 0; j4 < 16; ++j4) {
        uint32_t o = orientation, pos = 0;
        for (int level = 3; level >= 0; --level) {
          const uint32_t ij = ((i4 >> level) & 1u) << 1 | ((j4 >> level) & 1u);
          const int p = kIJtoPos[o][ij];
          pos = pos << 2 | static_cast<uint32_t>(p);
          o ^= static_cast<uint32_t>(kPosToOrientation[p]);
        }
        table[orientation << 8 | i4 << 4 | j4] = static_cast<uint16_t>(pos << 2 | o);
      }
    }
  }
  return table;
}
inline constexpr std::array<uint16_t, 1024> kHilbertLookup = MakeHilbertLookup();
}  // namespace internal

// The leaf S2 cell containing `p`: the same id as S2CellId(p), computed inline (the S2 library
// call is the largest single cost of a decision). REQUIRES: p unit length (or any non-zero vector).
inline S2CellId LeafCellId(const S2Point& p) {
  LEOTWIN_DCHECK(p.Norm2() > 0.0);
  double u, v;
  const int face = S2::XYZtoFaceUV(p, &u, &v);
  const uint32_t i = static_cast<uint32_t>(S2::STtoIJ(S2::UVtoST(u)));
  const uint32_t j = static_cast<uint32_t>(S2::STtoIJ(S2::UVtoST(v)));
  // 30 levels of (i, j) bits, 4 levels per table step from the top (the first step's two upper
  // levels are padding: zero bits that leave the position and, after two swaps, the orientation
  // unchanged).
  uint64_t pos = 0;
  uint32_t orientation = static_cast<uint32_t>(face) & 1u;
  for (int k = 7; k >= 0; --k) {
    const uint32_t i4 = (i >> (4 * k)) & 15u;
    const uint32_t j4 = (j >> (4 * k)) & 15u;
    const uint32_t entry = internal::kHilbertLookup[orientation << 8 | i4 << 4 | j4];
    pos |= static_cast<uint64_t>(entry >> 2) << (8 * k);
    orientation = entry & 3u;
  }
  return S2CellId((static_cast<uint64_t>(face) << 61 | pos << 1) | 1u);
}

// S2::EdgeOrVertexCrossing(a, b, c, d), first decided in plain floating point when all four
// orientation determinants are far from zero (then their signs are exact, and S2's answer is the
// same); otherwise by S2's exact predicate. `a_cross_b` must be a.CrossProd(b).
inline bool EdgeOrVertexCrossingTriaged(const S2Point& a, const S2Point& b,
                                        const S2Point& a_cross_b, const S2Point& c,
                                        const S2Point& d) {
  // Far above S2's own triage bound (about 4e-16 for unit vectors).
  constexpr double kDetError = 1e-14;
  const double abc = a_cross_b.DotProd(c);
  const double abd = a_cross_b.DotProd(d);
  // Both edge ends strictly on one side of the great circle through a and b.
  if ((abc > kDetError && abd > kDetError) || (abc < -kDetError && abd < -kDetError)) {
    return false;
  }
  const S2Point cd = c.CrossProd(d);
  const double cda = cd.DotProd(a);
  const double cdb = cd.DotProd(b);
  if (std::abs(abc) > kDetError && std::abs(abd) > kDetError && std::abs(cda) > kDetError &&
      std::abs(cdb) > kDetError) {
    // S2's rule: the triangles ACB, BDA, CBD, DAC all have the same orientation.
    const bool acb = abc<0, bda = abd> 0, cbd = cdb<0, dac = cda> 0;
    return acb == bda && bda == cbd && cbd == dac;
  }
  return S2::EdgeOrVertexCrossing(a, b, c, d);
}

class RegionCellIndex {
 public:
  struct Options {
    // Cells are subdivided until at most this many boundary edges cross them: fewer means smaller
    // boundary cells and cheaper exact tests, more cells and memory.
    int max_edges_per_cell = 4;
    // Deepest level of the flat first-stage table (6 * 4^level slots of 8 bytes). Clamped to
    // 0..10; smaller indexes use a coarser table (about two slots per cell).
    int table_level = 7;
  };
  struct Stats {
    int64_t cells = 0;           // stored cells
    int64_t boundary_cells = 0;  // cells with at least one boundary item
    int64_t items = 0;
    int64_t edges = 0;
    int64_t bytes = 0;
    double build_seconds = 0;
    // Fraction of the sphere's area in boundary cells: the share of uniformly random points that
    // need an exact test.
    double boundary_area_fraction = 0;
    // Fraction of first-stage table slots answered without touching the cell list.
    double direct_slot_fraction = 0;
  };

  // REQUIRES: every region outlives the index. Region i answers as index i.
  static std::unique_ptr<RegionCellIndex> Build(std::vector<const Region*> regions,
                                                Options options);
  static std::unique_ptr<RegionCellIndex> Build(std::vector<const Region*> regions) {
    return Build(std::move(regions), Options{});
  }

  // Calls visit(region_index) for each region containing `p`, in increasing index order, until
  // visit returns false. `leaf` must be S2CellId(p) (or LeafCellId(p)). REQUIRES: p unit length.
  template <typename Visit>
  void VisitContaining(const S2Point& p, S2CellId leaf, Visit&& visit) const {
    LEOTWIN_DCHECK(std::fabs(p.Norm2() - 1.0) < 1e-9);
    const Slot& slot = view_.table[leaf.id() >> table_shift_];
    if (slot.end == kDirect) {  // the whole table cell is inside one region
      visit(static_cast<int>(slot.begin));
      return;
    }
    const Entry* e = FindEntry(slot, leaf.id());
    if (e == nullptr) return;
    const Item* it = view_.items + e->item_begin;
    const Item* end = it + e->item_count;
    for (; it != end; ++it) {
      const bool inside = it->edge_count == 0
                              ? it->contains_centre != 0
                              : BoundaryContains(*it, view_.centres[e - view_.entries], p);
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
  int FirstContaining(const S2Point& p) const { return FirstContaining(p, LeafCellId(p)); }

  // Region indices whose interior or boundary may reach `cell` (conservative: a region listed may
  // still miss the cell when its boundary only passes near it), and, in `full`, those known to
  // contain the whole cell. REQUIRES: cell.is_valid().
  void RegionsReaching(S2CellId cell, std::vector<int>* reaching, std::vector<int>* full) const;

  int num_regions() const { return static_cast<int>(regions_.size()); }
  // REQUIRES: the index was built from regions (not read back with FromBytes).
  const Region& region(int i) const {
    LEOTWIN_DCHECK(regions_[i] != nullptr);
    return *regions_[i];
  }

  // The compiled arrays as bytes, for an on-disk cache (geo/territory_cache.h): a fixed header
  // (format, options, counts) then the arrays in this machine's byte order.
  void AppendTo(std::string* out) const;
  // Reads back what AppendTo wrote, for `num_regions` regions whose geometry is not needed to
  // answer queries (region(i) is then unavailable). Every count, offset and region number is
  // checked, so damaged bytes can never make a query read out of bounds; InvalidArgument names
  // the first inconsistency. It cannot tell whether intact-looking arrays answer right: the
  // cache's checksum over these bytes is what detects corruption.
  // When `bytes` start 8-byte aligned and `keep` is given, the index reads them in place and
  // holds `keep` (which must keep them alive and unchanged); otherwise it copies them.
  static StatusOr<std::unique_ptr<RegionCellIndex>> FromBytes(
      std::string_view bytes, int num_regions, std::shared_ptr<const void> keep = nullptr);
  const Stats& stats() const { return stats_; }
  const Options& options() const { return options_; }

 private:
  struct Entry {
    uint64_t range_min;  // leaf-id range of the S2 cell
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
  // entries_ overlapping a table cell: [begin, end); or, when end == kDirect, the table cell is
  // inside region `begin` and no other region reaches it.
  struct Slot {
    uint32_t begin;
    uint32_t end;
  };
  static constexpr uint32_t kDirect = 0xffffffffu;
  RegionCellIndex() = default;

  // Parity of the crossings of the segment centre-p with the item's edges, from the centre's
  // containment.
  bool BoundaryContains(const Item& item, const S2Point& centre, const S2Point& p) const {
    bool inside = item.contains_centre != 0;
    const S2Point centre_cross_p = centre.CrossProd(p);
    const Edge* e = view_.edges + item.edge_begin;
    for (uint32_t k = 0; k < item.edge_count; ++k, ++e) {
      inside ^= EdgeOrVertexCrossingTriaged(centre, p, centre_cross_p, e->v0, e->v1);
    }
    return inside;
  }

  const Entry* FindEntry(const Slot& slot, uint64_t leaf) const {
    if (slot.begin == slot.end) return nullptr;
    const Entry* first = view_.entries + slot.begin;
    const Entry* last = view_.entries + slot.end;
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
  HugePageVector<Entry> entries_;
  HugePageVector<S2Point> centres_;  // centre of each entry's cell (for boundary tests)
  HugePageVector<Item> items_;
  HugePageVector<Edge> edges_;
  HugePageVector<Slot> table_;
  // What queries read: the vectors above (Build), or the bytes FromBytes was given when they are
  // aligned (kept alive by `keep_`, e.g. a read-only file mapping), so a cached index is used in
  // place instead of copied.
  struct View {
    const Entry* entries = nullptr;
    const S2Point* centres = nullptr;
    const Item* items = nullptr;
    const Edge* edges = nullptr;
    const Slot* table = nullptr;
    size_t num_entries = 0, num_items = 0, num_edges = 0, num_slots = 0;
  };
  View view_;
  std::shared_ptr<const void> keep_;
  void ViewVectors();
  int table_shift_ = 0;
  Stats stats_;
};

}  // namespace leotwin::geo
