#include "leotwin/geo/latlng_grid.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <new>

#include "absl/container/flat_hash_map.h"
#include "s2/s2latlng_rect.h"
#include "s2/s2latlng_rect_bounder.h"
#include "s2/s2loop.h"
#include "s2/s2polygon.h"

namespace leotwin::geo {

namespace {
// An edge whose bound spans more cells than this is split at its midpoint first, so a long
// geodesic marks the cells along it rather than its whole bounding rectangle.
constexpr int64_t kMaxCellsPerEdgeBound = 16;
constexpr int kMaxSplitDepth = 24;
}  // namespace

std::unique_ptr<LatLngAnswerGrid> LatLngAnswerGrid::Build(
    std::span<const Region* const> regions, const std::function<uint32_t(const S2Point&)>& answer,
    Options options) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<LatLngAnswerGrid> grid(new LatLngAnswerGrid());
  int shift = 0;
  while ((2 << shift) <= std::clamp(options.block_side, 1, 16)) ++shift;
  options.block_side = 1 << shift;
  options.cells_per_degree = std::max(
      options.block_side, options.cells_per_degree / options.block_side * options.block_side);
  options.cells_per_degree = std::min(options.cells_per_degree, 32);
  options.margin_deg = std::max(options.margin_deg, 1e-9);
  grid->options_ = options;
  grid->scale_ = options.cells_per_degree;
  grid->rows_ = static_cast<uint32_t>(180 * options.cells_per_degree);
  grid->cols_ = static_cast<uint32_t>(360 * options.cells_per_degree);
  grid->shift_ = static_cast<uint32_t>(shift);
  grid->side_mask_ = (1u << shift) - 1;
  grid->coarse_cols_ = grid->cols_ >> shift;
  // Fine pass: kMixed where an edge reaches, 0 elsewhere (filled per component below).
  std::vector<uint16_t> fine(static_cast<size_t>(grid->rows_) * grid->cols_, 0);
  grid->MarkEdges(regions, 1, [&](int64_t r, int64_t c0, int64_t c1) {
    uint16_t* row = fine.data() + static_cast<size_t>(r) * grid->cols_;
    std::fill(row + c0, row + c1 + 1, kMixed);
  });
  grid->FillComponents(answer, fine);
  grid->Refine(regions, answer, fine);
  grid->Compress(fine);
  Stats& st = grid->stats_;
  st.cells = static_cast<int64_t>(fine.size());
  st.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return grid;
}

template <typename T>
void LatLngAnswerGrid::HugePageArray<T>::Assign(const std::vector<T>& values) {
  constexpr size_t kHugePage = size_t{2} << 20;
  size = values.size();
  const size_t bytes = std::max<size_t>(sizeof(T), values.size() * sizeof(T));
  const bool huge = bytes >= kHugePage / 2;
  const size_t alignment = huge ? kHugePage : alignof(std::max_align_t);
  const size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  data.reset(static_cast<T*>(std::aligned_alloc(alignment, rounded)));
  if (data == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (huge) madvise(data.get(), rounded, MADV_HUGEPAGE);  // a hint; failure is harmless
#endif
  std::copy(values.begin(), values.end(), data.get());
}

void LatLngAnswerGrid::Compress(const std::vector<uint16_t>& fine) {
  const uint32_t side = 1u << shift_;
  const uint32_t cells_per_block = side * side;
  const uint32_t coarse_rows = rows_ >> shift_;
  std::vector<uint16_t> coarse(static_cast<size_t>(coarse_rows) * coarse_cols_, kMixed);
  std::vector<uint8_t> two_bit_cells;
  std::vector<uint32_t> general_at;  // coarse cells of blocks with more than four values
  std::vector<uint16_t> general;     // their cells
  std::vector<uint16_t> block(cells_per_block), distinct;
  const bool two_bit_possible = cells_per_block >= 4;
  for (uint32_t cr = 0; cr < coarse_rows; ++cr) {
    for (uint32_t cc = 0; cc < coarse_cols_; ++cc) {
      for (uint32_t r = 0; r < side; ++r) {
        const uint16_t* row = fine.data() + static_cast<size_t>(cr * side + r) * cols_ + cc * side;
        std::copy(row, row + side, block.begin() + r * side);
      }
      const size_t at = static_cast<size_t>(cr) * coarse_cols_ + cc;
      distinct.assign(block.begin(), block.end());
      std::sort(distinct.begin(), distinct.end());
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      if (distinct.size() == 1) {
        coarse[at] = distinct[0];
      } else if (distinct.size() <= 4 && two_bit_possible &&
                 two_bit_palettes_.size() < kBlockFlag) {
        uint64_t palette = 0;
        for (size_t k = 0; k < 4; ++k) {
          palette |= uint64_t{distinct[std::min(k, distinct.size() - 1)]} << (16 * k);
        }
        const size_t first = two_bit_cells.size();
        two_bit_cells.resize(first + cells_per_block / 4, 0);
        for (uint32_t i = 0; i < cells_per_block; ++i) {
          const auto slot = static_cast<uint32_t>(
              std::lower_bound(distinct.begin(), distinct.end(), block[i]) - distinct.begin());
          two_bit_cells[first + i / 4] |= static_cast<uint8_t>(slot << ((i % 4) * 2));
        }
        two_bit_palettes_.push_back(palette);
        coarse[at] = static_cast<uint16_t>(kBlockFlag + (two_bit_palettes_.size() - 1));
      } else {
        general_at.push_back(static_cast<uint32_t>(at));
        general.insert(general.end(), block.begin(), block.end());
      }
    }
  }
  two_bit_blocks_ = static_cast<uint32_t>(two_bit_palettes_.size());
  // General blocks follow the two-bit ones; past the id space a coarse cell stays kMixed (the
  // exact path, still correct).
  std::vector<uint16_t> blocks;
  for (size_t g = 0; g < general_at.size(); ++g) {
    const size_t id = two_bit_blocks_ + g;
    if (id >= kBlockFlag) break;
    coarse[general_at[g]] = static_cast<uint16_t>(kBlockFlag + id);
    blocks.insert(blocks.end(), general.begin() + static_cast<ptrdiff_t>(g * cells_per_block),
                  general.begin() + static_cast<ptrdiff_t>((g + 1) * cells_per_block));
  }
  stats_.blocks = static_cast<int64_t>(two_bit_blocks_ + blocks.size() / cells_per_block);
  stats_.two_bit_blocks = two_bit_blocks_;
  coarse_.Assign(coarse);
  two_bit_cells_.Assign(two_bit_cells);
  // One byte per fine cell when the distinct values fit a 256-entry palette.
  std::vector<uint16_t> values(blocks);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  narrow_ = values.size() <= 256;
  if (narrow_) {
    palette_ = values;
    std::vector<uint8_t> narrow(blocks.size());
    for (size_t i = 0; i < blocks.size(); ++i) {
      narrow[i] = static_cast<uint8_t>(
          std::lower_bound(palette_.begin(), palette_.end(), blocks[i]) - palette_.begin());
    }
    narrow_blocks_.Assign(narrow);
  } else {
    wide_blocks_.Assign(blocks);
  }
  stats_.bytes =
      static_cast<int64_t>(coarse_.size * 2 + two_bit_cells_.size + two_bit_palettes_.size() * 8 +
                           narrow_blocks_.size + wide_blocks_.size * 2 + palette_.size() * 2);
}

void LatLngAnswerGrid::MarkEdges(std::span<const Region* const> regions, int factor,
                                 const MarkSpan& mark) const {
  for (const Region* region : regions) {
    const S2Polygon& polygon = region->polygon();
    for (int l = 0; l < polygon.num_loops(); ++l) {
      const S2Loop& loop = *polygon.loop(l);
      if (loop.is_empty_or_full()) continue;  // no edges
      for (int v = 0; v < loop.num_vertices(); ++v) {
        MarkEdge(loop.vertex(v), loop.vertex(v + 1), 0, factor, mark);
      }
    }
  }
}

void LatLngAnswerGrid::Refine(std::span<const Region* const> regions,
                              const std::function<uint32_t(const S2Point&)>& answer,
                              const std::vector<uint16_t>& fine) {
  // Which quarters of each mixed cell an edge reaches (bit (r & 1) * 2 + (c & 1)).
  absl::flat_hash_map<uint32_t, uint8_t> reached;
  MarkEdges(regions, 2, [&](int64_t r, int64_t c0, int64_t c1) {
    for (int64_t c = c0; c <= c1; ++c) {
      const auto cell = static_cast<uint32_t>((r >> 1) * cols_ + (c >> 1));
      if (fine[cell] == kMixed)
        reached[cell] |= static_cast<uint8_t>(1u << ((r & 1) * 2 + (c & 1)));
    }
  });
  for (uint32_t cell = 0; cell < fine.size(); ++cell) {
    if (fine[cell] != kMixed) continue;
    const auto it = reached.find(cell);
    const uint8_t mask = it == reached.end() ? 0 : it->second;
    if (mask == 0xf) continue;
    std::array<uint16_t, 4> quarters;
    const uint32_t row = cell / cols_, col = cell % cols_;
    for (uint32_t q = 0; q < 4; ++q) {
      quarters[q] = kMixed;
      if (mask & (1u << q)) continue;
      // No edge reaches the quarter: its centre answers for all of it.
      const double lat = -90.0 + (2 * row + (q >> 1) + 0.5) / (2 * scale_);
      const double lon = -180.0 + (2 * col + (q & 1) + 0.5) / (2 * scale_);
      const uint32_t value = answer(PointFromDegrees(lat, lon));
      if (value < kMixed) quarters[q] = static_cast<uint16_t>(value);
    }
    refined_.emplace(cell, quarters);
  }
  stats_.refined_cells = static_cast<int64_t>(refined_.size());
}

void LatLngAnswerGrid::MarkEdge(const S2Point& a, const S2Point& b, int depth, int factor,
                                const MarkSpan& mark) const {
  const double scale = scale_ * factor;
  const int64_t rows = int64_t{rows_} * factor, cols = int64_t{cols_} * factor;
  S2LatLngRectBounder bounder;
  bounder.AddPoint(a);
  bounder.AddPoint(b);
  const S2LatLngRect bound =
      bounder.GetBound()
          .Expanded(S2LatLng::FromDegrees(options_.margin_deg, options_.margin_deg))
          .PolarClosure();
  auto row_of = [&](double lat_deg) {
    return static_cast<int64_t>(
        std::clamp(std::floor((lat_deg + 90.0) * scale), 0.0, static_cast<double>(rows - 1)));
  };
  auto col_of = [&](double lon_deg) {
    return static_cast<int64_t>(
        std::clamp(std::floor((lon_deg + 180.0) * scale), 0.0, static_cast<double>(cols - 1)));
  };
  const int64_t r0 = row_of(bound.lat_lo().degrees());
  const int64_t r1 = row_of(bound.lat_hi().degrees());
  // Longitude ranges (one, or two across the antimeridian) as inclusive column spans.
  int64_t spans[2][2];
  int num_spans = 1;
  if (bound.lng().is_full()) {
    spans[0][0] = 0;
    spans[0][1] = cols - 1;
  } else {
    const double lo = bound.lng_lo().degrees(), hi = bound.lng_hi().degrees();
    if (lo <= hi) {
      spans[0][0] = col_of(lo);
      spans[0][1] = col_of(hi);
    } else {  // inverted: [lo, 180] and [-180, hi]
      spans[0][0] = col_of(lo);
      spans[0][1] = cols - 1;
      spans[1][0] = 0;
      spans[1][1] = col_of(hi);
      num_spans = 2;
    }
  }
  int64_t width = 0;
  for (int s = 0; s < num_spans; ++s) width += spans[s][1] - spans[s][0] + 1;
  if ((r1 - r0 + 1) * width > kMaxCellsPerEdgeBound && depth < kMaxSplitDepth) {
    // The normalized chord midpoint is on the geodesic up to rounding far below the margin.
    const S2Point mid = (a + b).Normalize();
    MarkEdge(a, mid, depth + 1, factor, mark);
    MarkEdge(mid, b, depth + 1, factor, mark);
    return;
  }
  for (int64_t r = r0; r <= r1; ++r) {
    for (int s = 0; s < num_spans; ++s) mark(r, spans[s][0], spans[s][1]);
  }
}

void LatLngAnswerGrid::FillComponents(const std::function<uint32_t(const S2Point&)>& answer,
                                      std::vector<uint16_t>& fine) {
  const size_t n = fine.size();
  std::vector<uint8_t> pending(n);
  for (size_t i = 0; i < n; ++i) pending[i] = fine[i] != kMixed;
  std::vector<uint32_t> stack;
  for (size_t seed = 0; seed < n; ++seed) {
    if (!pending[seed]) continue;
    // Every cell of the seed's 4-connected component of pure cells (longitude wraps around) is
    // in the same regions as the seed cell's centre.
    const uint32_t seed_row = static_cast<uint32_t>(seed) / cols_;
    const uint32_t seed_col = static_cast<uint32_t>(seed) % cols_;
    const uint32_t value = answer(
        PointFromDegrees(-90.0 + (seed_row + 0.5) / scale_, -180.0 + (seed_col + 0.5) / scale_));
    const uint16_t stored = value >= kMixed ? kMixed : static_cast<uint16_t>(value);
    stack.assign(1, static_cast<uint32_t>(seed));
    pending[seed] = 0;
    while (!stack.empty()) {
      const uint32_t c = stack.back();
      stack.pop_back();
      fine[c] = stored;
      const uint32_t r = c / cols_, col = c % cols_;
      const uint32_t neighbours[4] = {r > 0 ? c - cols_ : c, r + 1 < rows_ ? c + cols_ : c,
                                      r * cols_ + (col == 0 ? cols_ - 1 : col - 1),
                                      r * cols_ + (col + 1 == cols_ ? 0 : col + 1)};
      for (uint32_t m : neighbours) {
        if (pending[m]) {
          pending[m] = 0;
          stack.push_back(m);
        }
      }
    }
    ++stats_.components;
  }
  // Area statistics: a cell of rows [lat0, lat1] covers (sin lat1 - sin lat0) / 2 / cols of the
  // sphere.
  double mixed_area = 0;
  for (uint32_t r = 0; r < rows_; ++r) {
    const double lat0 = (-90.0 + r / scale_) * M_PI / 180,
                 lat1 = (-90.0 + (r + 1) / scale_) * M_PI / 180;
    const double cell_area = (std::sin(lat1) - std::sin(lat0)) / 2 / cols_;
    const uint16_t* row = fine.data() + static_cast<size_t>(r) * cols_;
    const int64_t mixed = std::count(row, row + cols_, kMixed);
    stats_.mixed_cells += mixed;
    mixed_area += cell_area * static_cast<double>(mixed);
  }
  stats_.mixed_area_fraction = mixed_area;
}

}  // namespace leotwin::geo
