// A first-stage answer table on a regular latitude/longitude grid, in front of a RegionCellIndex.
//
// Why: a decision arrives as latitude/longitude degrees. The S2 path needs a unit vector (two
// sines, two cosines) and a leaf cell id before the cell index answers, about 100 ns of the
// decision budget. Most of the Earth is far from any border, so a plain array indexed by
// floor(lat * k), floor(lon * k) can answer there with no trigonometry at all.
//
// Exactness: a grid cell is "pure" when no region edge comes within `margin_deg` of it, using
// S2's conservative latitude/longitude bound of every (geodesic) edge. A connected set of pure
// cells contains no boundary point, so every point in it is in the same regions; the answer is
// computed once per connected component, exactly, at one cell centre. Cells an edge reaches are
// "mixed" and the caller falls back to the exact S2 cell index. The margin covers the rounding
// between the input degrees, the grid cell chosen and the S2 point, so the grid gives the same
// answer as exact S2 evaluation on every input (differential tests check a million points).
//
// Mixed cells keep a record: the values of their four quarters (pure the same way at twice the
// resolution) and, in a grid built by BuildFirstContaining, the edges near the cell, so a point in
// a mixed quarter is decided exactly from the cell centre's known containment by counting edge
// crossings (S2's predicates, semi-open vertex model), without the S2 cell index. A record is
// found from its block by rank (mixed cells before it in the block), no hashing.
// Thread-safe for concurrent lookups.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "leotwin/base/check.h"
#include "leotwin/base/huge_pages.h"
#include "leotwin/geo/region.h"
#include "s2/s2point.h"

namespace leotwin::geo {

class LatLngAnswerGrid {
 public:
  // Cell value of a mixed cell (the caller must use the exact path).
  static constexpr uint16_t kMixed = 0x7fff;

  struct Options {
    // Fine grid cells per degree of latitude and longitude (16: 1/16 deg, ~7 km; 16.6 M fine
    // cells while building, about 2.3 MB once compressed for the bundled territories).
    int cells_per_degree = 16;
    // Fine cells per side of a coarse cell (16: coarse cells of 1 deg). The coarse table (130 KB
    // at 1 deg) stays in cache; a coarse cell whose fine cells differ points to a block of them.
    int block_side = 16;
    // Clearance, in degrees, between a pure cell and any edge bound (~0.1 m).
    double margin_deg = 1e-6;
  };
  struct Stats {
    int64_t cells = 0;           // fine cells
    int64_t mixed_cells = 0;     // fine cells answered by the exact path
    int64_t refined_cells = 0;   // mixed cells with at least one quarter answered
    int64_t exact_cells = 0;     // mixed cells with an exact record
    int64_t exact_edges = 0;     // edges in exact records
    int64_t components = 0;      // connected groups of pure cells (one exact answer each)
    int64_t blocks = 0;          // coarse cells stored as fine blocks
    int64_t two_bit_blocks = 0;  // of which with at most four values (two bits per cell)
    int64_t bytes = 0;
    double mixed_area_fraction = 0;  // share of the sphere's area in mixed cells
    double build_seconds = 0;
  };

  using Answer = std::function<uint32_t(const S2Point&)>;
  // `answer(p)` returns the value of a pure component containing the unit point p; values
  // >= kMixed are stored as kMixed (the exact path then answers). `regions` must be the regions
  // whose containment the answer depends on.
  static std::unique_ptr<LatLngAnswerGrid> Build(std::span<const Region* const> regions,
                                                 const Answer& answer, Options options);
  static std::unique_ptr<LatLngAnswerGrid> Build(std::span<const Region* const> regions,
                                                 const Answer& answer) {
    return Build(regions, answer, Options{});
  }
  // A grid whose value is 1 + the index of the first region containing the point (0: none), with
  // exact records for mixed quarters (see RefineAt). `containing(p, out)` lists the indices of
  // all regions containing p, ascending (exactly, e.g. from a RegionCellIndex).
  // REQUIRES: fewer than kMixed - 1 regions.
  using Containing = std::function<void(const S2Point&, std::vector<int>*)>;
  static std::unique_ptr<LatLngAnswerGrid> BuildFirstContaining(
      std::span<const Region* const> regions, const Containing& containing, Options options);
  static std::unique_ptr<LatLngAnswerGrid> BuildFirstContaining(
      std::span<const Region* const> regions, const Containing& containing) {
    return BuildFirstContaining(regions, containing, Options{});
  }

  // The cell-by-cell overlay of two grids built with the same options: each fine cell holds
  // combine(a's value, b's value) (either may be kMixed; results >= kMixed are stored as kMixed).
  // `b` may be null (its values are then 0). No refinement: the caller refines in `a` and `b`.
  // Why: one table lookup instead of two on the hot path (territory and geofences in one value).
  static std::unique_ptr<LatLngAnswerGrid> Overlay(
      const LatLngAnswerGrid& a, const LatLngAnswerGrid* b,
      const std::function<uint32_t(uint16_t, uint16_t)>& combine);

  // A fine cell: its coarse cell and its position inside the coarse cell's block.
  struct Cell {
    uint32_t coarse;
    uint32_t sub;
  };
  // The fine cell of a position. Grids built with the same options share cells.
  // REQUIRES: -90 <= lat_deg <= 90, -180 <= lon_deg <= 180.
  Cell CellOf(double lat_deg, double lon_deg) const {
    LEOTWIN_DCHECK(lat_deg >= -90.0 && lat_deg <= 90.0 && lon_deg >= -180.0 && lon_deg <= 180.0);
    uint32_t row = static_cast<uint32_t>((lat_deg + 90.0) * scale_);
    uint32_t col = static_cast<uint32_t>((lon_deg + 180.0) * scale_);
    if (row >= rows_) row = rows_ - 1;  // lat_deg == 90
    if (col >= cols_) col = cols_ - 1;  // lon_deg == 180
    return Cell{(row >> shift_) * coarse_cols_ + (col >> shift_),
                (row & side_mask_) << shift_ | (col & side_mask_)};
  }
  [[gnu::always_inline]] uint16_t At(Cell cell) const {
    const uint16_t v = coarse_[cell.coarse];
    if (v < kBlockFlag) return v;
    uint32_t block = v - kBlockFlag;
    if (block < two_bit_blocks_) {
      // Two bits per cell, a 4-value palette packed in a uint64 per block.
      const uint8_t byte =
          two_bit_cells_[(static_cast<size_t>(block) << (2 * shift_ - 2)) + (cell.sub >> 2)];
      const uint32_t slot = (byte >> ((cell.sub & 3) * 2)) & 3u;
      return static_cast<uint16_t>(two_bit_palettes_[block] >> (16 * slot));
    }
    block -= two_bit_blocks_;
    const size_t i = (static_cast<size_t>(block) << (2 * shift_)) + cell.sub;
    return narrow_ ? palette_[narrow_blocks_[i]] : wide_blocks_[i];
  }
  // The value at a position whose cell is mixed (At() == kMixed), from the value of its quarter
  // (twice the resolution, exact the same way); kMixed when an edge reaches the quarter.
  uint16_t QuarterAt(double lat_deg, double lon_deg) const {
    const MixedAt at = FindMixed(lat_deg, lon_deg);
    return at.cell == nullptr ? kMixed : at.cell->quarters[at.quarter];
  }
  // As QuarterAt, and in a mixed quarter of a grid built by BuildFirstContaining, the exact
  // answer at point_of() (a callable returning the position's unit point, called only then).
  // kMixed only where the grid keeps no record (more blocks than a grid can index).
  template <typename PointOf>
  uint16_t RefineAt(double lat_deg, double lon_deg, PointOf&& point_of) const {
    const MixedAt at = FindMixed(lat_deg, lon_deg);
    if (at.cell == nullptr) return kMixed;
    const uint16_t v = at.cell->quarters[at.quarter];
    if (v != kMixed || at.cell->exact == kNoExact) return v;
    return ExactAt(*at.cell, at.row, at.col, point_of());
  }
  // At() with the quarters of mixed cells (no exact records).
  uint16_t Lookup(double lat_deg, double lon_deg) const {
    const uint16_t v = At(CellOf(lat_deg, lon_deg));
    return v == kMixed ? QuarterAt(lat_deg, lon_deg) : v;
  }
  // At() with quarters and exact records: for a BuildFirstContaining grid, never kMixed (but
  // where the grid keeps no record).
  uint16_t LookupExact(double lat_deg, double lon_deg, const S2Point& p) const {
    const uint16_t v = At(CellOf(lat_deg, lon_deg));
    return v == kMixed ? RefineAt(lat_deg, lon_deg, [&]() -> const S2Point& { return p; }) : v;
  }

  const Options& options() const { return options_; }
  const Stats& stats() const { return stats_; }

 private:
  static constexpr uint16_t kBlockFlag = 0x8000;  // coarse value kBlockFlag + b: block b
  static constexpr uint32_t kNoExact = 0xffffffffu;
  // A mixed fine cell: its quarters' values (kMixed where an edge reaches the quarter), the
  // offset of its exact record in exact_ (kNoExact: none) and the first vertex the record reads
  // (fetched together with the record rather than after it).
  struct MixedCell {
    std::array<uint16_t, 4> quarters;
    uint32_t exact;
    uint32_t first_vertex;
  };
  struct MixedAt {
    const MixedCell* cell;  // null: no record
    uint32_t row, col;      // fine cell
    uint32_t quarter;       // (row & 1) * 2 + (col & 1) at twice the resolution
  };
  LatLngAnswerGrid() = default;
  static std::unique_ptr<LatLngAnswerGrid> BuildImpl(std::span<const Region* const> regions,
                                                     const Answer& answer,
                                                     const Containing* containing, Options options);
  MixedAt FindMixed(double lat_deg, double lon_deg) const {
    uint32_t row2 = static_cast<uint32_t>((lat_deg + 90.0) * (2 * scale_));
    uint32_t col2 = static_cast<uint32_t>((lon_deg + 180.0) * (2 * scale_));
    if (row2 >= 2 * rows_) row2 = 2 * rows_ - 1;
    if (col2 >= 2 * cols_) col2 = 2 * cols_ - 1;
    // (x * 2 * scale) is exactly twice (x * scale), so row2 >> 1 is CellOf()'s row.
    const uint32_t row = row2 >> 1, col = col2 >> 1;
    const uint16_t v = coarse_[(row >> shift_) * coarse_cols_ + (col >> shift_)];
    // (An Overlay() grid keeps no records.)
    if (v < kBlockFlag || mixed_begin_.empty()) return MixedAt{nullptr, row, col, 0};
    const uint32_t block = v - kBlockFlag;
    const uint32_t sub = (row & side_mask_) << shift_ | (col & side_mask_);
    return MixedAt{&mixed_[mixed_begin_[block] + MixedRank(block, sub)], row, col,
                   (row2 & 1) * 2 + (col2 & 1)};
  }
  // Mixed cells of block `block` before position `sub`.
  uint32_t MixedRank(uint32_t block, uint32_t sub) const;
  // The exact answer at p in a cell with an exact record (rare: out of line).
  uint16_t ExactAt(const MixedCell& cell, uint32_t row, uint32_t col, const S2Point& p) const;
  // The centre of a fine cell: the reference point of exact records (one function, so build and
  // query compute the same bits).
  S2Point CellCentre(uint32_t row, uint32_t col) const;
  // mark(row, first_col, last_col) for the cells, at `factor` times the fine resolution, that
  // the regions' edges reach (bounds widened by margin_deg).
  using MarkSpan = std::function<void(int64_t, int64_t, int64_t)>;
  void MarkEdges(std::span<const Region* const> regions, int factor, double margin_deg,
                 const MarkSpan& mark) const;
  void MarkEdge(const S2Point& a, const S2Point& b, int depth, int factor, double margin_deg,
                const MarkSpan& mark) const;
  // Quarters of the mixed cells, by fine cell index.
  absl::flat_hash_map<uint32_t, MixedCell> Refine(std::span<const Region* const> regions,
                                                  const Answer& answer,
                                                  const std::vector<uint16_t>& fine);
  // Exact records (edges near the cell, centre containment) of mixed cells with a mixed quarter.
  void AddExactRecords(std::span<const Region* const> regions, const Containing& containing,
                       absl::flat_hash_map<uint32_t, MixedCell>& mixed);
  void FillComponents(const Answer& answer, std::vector<uint16_t>& fine);
  // Blocks and coarse table from the fine values; then the mixed cells' records in block order.
  void Compress(const std::vector<uint16_t>& fine,
                const absl::flat_hash_map<uint32_t, MixedCell>* mixed);

  Options options_;
  double scale_ = 0;              // fine cells per degree
  uint32_t rows_ = 0, cols_ = 0;  // fine
  uint32_t shift_ = 0, side_mask_ = 0, coarse_cols_ = 0;
  HugePageVector<uint16_t> coarse_;
  // Blocks of side * side fine cells, row-major. Most (a coast, a border) hold at most four
  // values: two bits per cell, a palette per block (ids below two_bit_blocks_). The others:
  // one byte per cell (an index into palette_) when the grid has at most 256 distinct values,
  // else two bytes (the value itself).
  uint32_t two_bit_blocks_ = 0;
  HugePageVector<uint8_t> two_bit_cells_;
  std::vector<uint64_t> two_bit_palettes_;
  bool narrow_ = true;
  int narrow_mixed_ = -1;  // palette_ index of kMixed
  HugePageVector<uint8_t> narrow_blocks_;
  HugePageVector<uint16_t> wide_blocks_;
  std::vector<uint16_t> palette_;
  // Mixed cells, block by block in cell order; block b's start at mixed_begin_[b].
  HugePageVector<MixedCell> mixed_;
  std::vector<uint32_t> mixed_begin_;
  // Exact records: words [value (low 16 bits: 1 + first containing region among those without
  // edges near the cell, or 0) | item count << 16], then per item (regions with edges near the
  // cell, ascending): [region] [centre inside | run count << 1], then per run of consecutive
  // edges: [first vertex in vertices_] [edge count].
  HugePageVector<uint32_t> exact_;
  // Every loop's vertices, the first repeated at the end (edge k: vertices k and k + 1).
  HugePageVector<S2Point> vertices_;
  Stats stats_;
};

// Longitude wrapped into [-180, 180] (exact: std::remainder is). REQUIRES: finite.
inline double WrapLongitude(double lon_deg) {
  LEOTWIN_DCHECK(std::isfinite(lon_deg));
  return lon_deg >= -180.0 && lon_deg <= 180.0 ? lon_deg : std::remainder(lon_deg, 360.0);
}

}  // namespace leotwin::geo
