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
    int64_t components = 0;      // connected groups of pure cells (one exact answer each)
    int64_t blocks = 0;          // coarse cells stored as fine blocks
    int64_t two_bit_blocks = 0;  // of which with at most four values (two bits per cell)
    int64_t bytes = 0;
    double mixed_area_fraction = 0;  // share of the sphere's area in mixed cells
    double build_seconds = 0;
  };

  // `answer(p)` returns the value of a pure component containing the unit point p; values
  // >= kMixed are stored as kMixed (the exact path then answers). `regions` must be the regions
  // whose containment the answer depends on.
  static std::unique_ptr<LatLngAnswerGrid> Build(
      std::span<const Region* const> regions, const std::function<uint32_t(const S2Point&)>& answer,
      Options options);
  static std::unique_ptr<LatLngAnswerGrid> Build(
      std::span<const Region* const> regions,
      const std::function<uint32_t(const S2Point&)>& answer) {
    return Build(regions, answer, Options{});
  }

  // A fine cell: its coarse cell and its position inside the coarse cell's block.
  struct Cell {
    uint32_t coarse;
    uint32_t sub;
  };
  // The fine cell of a position. Grids built with the same options share cells.
  // REQUIRES: -90 <= lat_deg <= 90, -180 <= lon_deg <= 180.
  Cell CellOf(double lat_deg, double lon_deg) const {
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
  // The value at a position whose cell is mixed, from the cell's quarters (twice the
  // resolution, exact the same way); kMixed when that quarter is mixed too.
  uint16_t RefineAt(double lat_deg, double lon_deg) const {
    uint32_t row = static_cast<uint32_t>((lat_deg + 90.0) * (2 * scale_));
    uint32_t col = static_cast<uint32_t>((lon_deg + 180.0) * (2 * scale_));
    if (row >= 2 * rows_) row = 2 * rows_ - 1;
    if (col >= 2 * cols_) col = 2 * cols_ - 1;
    const auto it = refined_.find((row >> 1) * cols_ + (col >> 1));
    return it == refined_.end() ? kMixed : it->second[(row & 1) * 2 + (col & 1)];
  }
  // At() with the refinement of mixed cells.
  uint16_t Lookup(double lat_deg, double lon_deg) const {
    const uint16_t v = At(CellOf(lat_deg, lon_deg));
    return v == kMixed ? RefineAt(lat_deg, lon_deg) : v;
  }

  const Options& options() const { return options_; }
  const Stats& stats() const { return stats_; }

 private:
  static constexpr uint16_t kBlockFlag = 0x8000;  // coarse value kBlockFlag + b: block b
  LatLngAnswerGrid() = default;
  // mark(row, first_col, last_col) for the cells, at `factor` times the fine resolution, that
  // the regions' edges reach.
  using MarkSpan = std::function<void(int64_t, int64_t, int64_t)>;
  void MarkEdges(std::span<const Region* const> regions, int factor, const MarkSpan& mark) const;
  void MarkEdge(const S2Point& a, const S2Point& b, int depth, int factor,
                const MarkSpan& mark) const;
  void Refine(std::span<const Region* const> regions,
              const std::function<uint32_t(const S2Point&)>& answer,
              const std::vector<uint16_t>& fine);
  void FillComponents(const std::function<uint32_t(const S2Point&)>& answer,
                      std::vector<uint16_t>& fine);
  void Compress(const std::vector<uint16_t>& fine);

  Options options_;
  double scale_ = 0;              // fine cells per degree
  uint32_t rows_ = 0, cols_ = 0;  // fine
  uint32_t shift_ = 0, side_mask_ = 0, coarse_cols_ = 0;
  // Tables on transparent huge pages where the kernel allows: random lookups over megabytes
  // otherwise spend much of their time in TLB misses.
  template <typename T>
  struct HugePageArray {
    struct Free {
      void operator()(T* p) const { std::free(p); }
    };
    std::unique_ptr<T[], Free> data;
    size_t size = 0;
    void Assign(const std::vector<T>& values);
    const T& operator[](size_t i) const { return data[i]; }
  };
  HugePageArray<uint16_t> coarse_;
  // Blocks of side * side fine cells, row-major. Most (a coast, a border) hold at most four
  // values: two bits per cell, a palette per block (ids below two_bit_blocks_). The others:
  // one byte per cell (an index into palette_) when the grid has at most 256 distinct values,
  // else two bytes (the value itself).
  uint32_t two_bit_blocks_ = 0;
  HugePageArray<uint8_t> two_bit_cells_;
  std::vector<uint64_t> two_bit_palettes_;
  bool narrow_ = true;
  HugePageArray<uint8_t> narrow_blocks_;
  HugePageArray<uint16_t> wide_blocks_;
  std::vector<uint16_t> palette_;
  // Quarters of mixed cells (by fine cell index), kMixed where an edge reaches the quarter.
  absl::flat_hash_map<uint32_t, std::array<uint16_t, 4>> refined_;
  Stats stats_;
};

// Longitude wrapped into [-180, 180] (exact: std::remainder is). REQUIRES: finite.
inline double WrapLongitude(double lon_deg) {
  return lon_deg >= -180.0 && lon_deg <= 180.0 ? lon_deg : std::remainder(lon_deg, 360.0);
}

}  // namespace leotwin::geo
