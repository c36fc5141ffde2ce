#include "leotwin/geo/latlng_grid.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <new>
#include <stdexcept>

#include "absl/container/flat_hash_map.h"
#include "leotwin/base/check.h"
#include "leotwin/geo/cell_index.h"
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

std::unique_ptr<LatLngAnswerGrid> LatLngAnswerGrid::Build(std::span<const Region* const> regions,
                                                          const Answer& answer, Options options) {
  return BuildImpl(regions, answer, nullptr, options);
}

std::unique_ptr<LatLngAnswerGrid> LatLngAnswerGrid::BuildFirstContaining(
    std::span<const Region* const> regions, const Containing& containing, Options options) {
  LEOTWIN_DCHECK(regions.size() + 1 < kMixed);
  std::vector<int> found;
  const Answer first = [&](const S2Point& p) {
    containing(p, &found);
    return found.empty() ? 0u : static_cast<uint32_t>(found.front() + 1);
  };
  return BuildImpl(regions, first, &containing, options);
}

std::unique_ptr<LatLngAnswerGrid> LatLngAnswerGrid::BuildImpl(
    std::span<const Region* const> regions, const Answer& answer, const Containing* containing,
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
  grid->MarkEdges(regions, 1, options.margin_deg, [&](int64_t r, int64_t c0, int64_t c1) {
    uint16_t* row = fine.data() + static_cast<size_t>(r) * grid->cols_;
    std::fill(row + c0, row + c1 + 1, kMixed);
  });
  grid->FillComponents(answer, fine);
  absl::flat_hash_map<uint32_t, MixedCell> mixed = grid->Refine(regions, answer, fine);
  if (containing != nullptr) grid->AddExactRecords(regions, *containing, mixed);
  grid->Compress(fine, &mixed);
  Stats& st = grid->stats_;
  st.cells = static_cast<int64_t>(fine.size());
  st.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return grid;
}

std::unique_ptr<LatLngAnswerGrid> LatLngAnswerGrid::Overlay(
    const LatLngAnswerGrid& a, const LatLngAnswerGrid* b,
    const std::function<uint32_t(uint16_t, uint16_t)>& combine) {
  const auto start = std::chrono::steady_clock::now();
  if (b != nullptr && (b->rows_ != a.rows_ || b->cols_ != a.cols_ || b->shift_ != a.shift_)) {
    throw std::invalid_argument("LatLngAnswerGrid::Overlay: grids of different shapes");
  }
  std::unique_ptr<LatLngAnswerGrid> grid(new LatLngAnswerGrid());
  grid->options_ = a.options_;
  grid->scale_ = a.scale_;
  grid->rows_ = a.rows_;
  grid->cols_ = a.cols_;
  grid->shift_ = a.shift_;
  grid->side_mask_ = a.side_mask_;
  grid->coarse_cols_ = a.coarse_cols_;
  std::vector<uint16_t> fine(static_cast<size_t>(a.rows_) * a.cols_);
  size_t i = 0;
  for (uint32_t row = 0; row < a.rows_; ++row) {
    for (uint32_t col = 0; col < a.cols_; ++col, ++i) {
      const Cell cell{(row >> a.shift_) * a.coarse_cols_ + (col >> a.shift_),
                      (row & a.side_mask_) << a.shift_ | (col & a.side_mask_)};
      const uint32_t value = combine(a.At(cell), b == nullptr ? uint16_t{0} : b->At(cell));
      fine[i] = value >= kMixed ? kMixed : static_cast<uint16_t>(value);
    }
  }
  grid->Compress(fine, nullptr);
  Stats& st = grid->stats_;
  st.cells = static_cast<int64_t>(fine.size());
  st.mixed_cells = std::count(fine.begin(), fine.end(), kMixed);
  st.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return grid;
}

void LatLngAnswerGrid::Compress(const std::vector<uint16_t>& fine,
                                const absl::flat_hash_map<uint32_t, MixedCell>* mixed) {
  const uint32_t side = 1u << shift_;
  const uint32_t cells_per_block = side * side;
  const uint32_t coarse_rows = rows_ >> shift_;
  std::vector<uint16_t> coarse(static_cast<size_t>(coarse_rows) * coarse_cols_, kMixed);
  std::vector<uint8_t> two_bit_cells;
  std::vector<uint32_t> two_bit_at;  // coarse cell of each two-bit block
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
      if (distinct.size() == 1 && (distinct[0] != kMixed || mixed == nullptr)) {
        coarse[at] = distinct[0];  // (an all-mixed coarse cell keeps a block for its records)
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
        two_bit_at.push_back(static_cast<uint32_t>(at));
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
  std::vector<uint32_t> block_at = two_bit_at;  // coarse cell of each block id
  std::vector<uint16_t> blocks;
  for (size_t g = 0; g < general_at.size(); ++g) {
    const size_t id = two_bit_blocks_ + g;
    if (id >= kBlockFlag) break;
    coarse[general_at[g]] = static_cast<uint16_t>(kBlockFlag + id);
    block_at.push_back(general_at[g]);
    blocks.insert(blocks.end(), general.begin() + static_cast<ptrdiff_t>(g * cells_per_block),
                  general.begin() + static_cast<ptrdiff_t>((g + 1) * cells_per_block));
  }
  stats_.blocks = static_cast<int64_t>(block_at.size());
  stats_.two_bit_blocks = two_bit_blocks_;
  coarse_.assign(coarse.begin(), coarse.end());
  two_bit_cells_.assign(two_bit_cells.begin(), two_bit_cells.end());
  // One byte per fine cell when the distinct values fit a 256-entry palette.
  std::vector<uint16_t> values(blocks);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  narrow_ = values.size() <= 256;
  if (narrow_) {
    palette_ = values;
    const auto m = std::lower_bound(palette_.begin(), palette_.end(), kMixed);
    narrow_mixed_ =
        m != palette_.end() && *m == kMixed ? static_cast<int>(m - palette_.begin()) : -1;
    std::vector<uint8_t> narrow(blocks.size());
    for (size_t i = 0; i < blocks.size(); ++i) {
      narrow[i] = static_cast<uint8_t>(
          std::lower_bound(palette_.begin(), palette_.end(), blocks[i]) - palette_.begin());
    }
    narrow_blocks_.assign(narrow.begin(), narrow.end());
  } else {
    wide_blocks_.assign(blocks.begin(), blocks.end());
  }
  // Records of mixed cells, block by block, in cell order (found by MixedRank).
  if (mixed != nullptr) {
    mixed_begin_.reserve(block_at.size() + 1);
    for (const uint32_t at : block_at) {
      mixed_begin_.push_back(static_cast<uint32_t>(mixed_.size()));
      const uint32_t cr = at / coarse_cols_, cc = at % coarse_cols_;
      for (uint32_t sub = 0; sub < cells_per_block; ++sub) {
        const uint32_t cell =
            (cr * side + (sub >> shift_)) * cols_ + cc * side + (sub & side_mask_);
        if (fine[cell] != kMixed) continue;
        const auto it = mixed->find(cell);
        mixed_.push_back(it == mixed->end()
                             ? MixedCell{{kMixed, kMixed, kMixed, kMixed}, kNoExact, 0}
                             : it->second);
      }
    }
    mixed_begin_.push_back(static_cast<uint32_t>(mixed_.size()));
  }
  stats_.bytes = static_cast<int64_t>(coarse_.size() * 2 + two_bit_cells_.size() +
                                      two_bit_palettes_.size() * 8 + narrow_blocks_.size() +
                                      wide_blocks_.size() * 2 + palette_.size() * 2 +
                                      mixed_.size() * sizeof(MixedCell) + mixed_begin_.size() * 4 +
                                      exact_.size() * 4 + vertices_.size() * sizeof(S2Point));
}

uint32_t LatLngAnswerGrid::MixedRank(uint32_t block, uint32_t sub) const {
  if (block < two_bit_blocks_) {
    // Two-bit cells equal to kMixed's palette slot (the palette is sorted and kMixed is the
    // largest value, so its first slot).
    const uint64_t palette = two_bit_palettes_[block];
    uint32_t slot = 0;
    while (slot < 3 && static_cast<uint16_t>(palette >> (16 * slot)) != kMixed) ++slot;
    const uint8_t* bytes = two_bit_cells_.data() + (static_cast<size_t>(block) << (2 * shift_ - 2));
    constexpr uint64_t kLowBits = 0x5555555555555555ull;
    const uint64_t pattern = kLowBits * slot;
    auto matches = [&](uint64_t word) {
      const uint64_t x = word ^ pattern;  // a cell equal to slot: both its bits zero
      return ~(x | (x >> 1)) & kLowBits;
    };
    uint32_t count = 0, i = 0;
    for (; i + 32 <= sub; i += 32) {
      uint64_t word;
      std::memcpy(&word, bytes + i / 4, 8);
      count += static_cast<uint32_t>(std::popcount(matches(word)));
    }
    if (i < sub) {
      const uint32_t rest = sub - i;  // < 32 cells
      uint64_t word = 0;
      std::memcpy(&word, bytes + i / 4, (rest + 3) / 4);
      count +=
          static_cast<uint32_t>(std::popcount(matches(word) & ((uint64_t{1} << (2 * rest)) - 1)));
    }
    return count;
  }
  const size_t first = static_cast<size_t>(block - two_bit_blocks_) << (2 * shift_);
  if (narrow_) {
    const uint8_t* cells = narrow_blocks_.data() + first;
    return static_cast<uint32_t>(
        std::count(cells, cells + sub, static_cast<uint8_t>(narrow_mixed_)));
  }
  const uint16_t* cells = wide_blocks_.data() + first;
  return static_cast<uint32_t>(std::count(cells, cells + sub, kMixed));
}

S2Point LatLngAnswerGrid::CellCentre(uint32_t row, uint32_t col) const {
  return PointFromDegrees(-90.0 + (row + 0.5) / scale_, -180.0 + (col + 0.5) / scale_);
}

uint16_t LatLngAnswerGrid::ExactAt(const MixedCell& cell, uint32_t row, uint32_t col,
                                   const S2Point& p) const {
  // Containment at p = containment at the centre, flipped by each edge the segment centre-p
  // crosses. The record holds every edge that segment can reach (see AddExactRecords).
  __builtin_prefetch(vertices_.data() + cell.first_vertex);
  const uint32_t* w = exact_.data() + cell.exact;
  const S2Point centre = CellCentre(row, col);
  const S2Point centre_cross_p = centre.CrossProd(p);
  const uint32_t value = w[0] & 0xffffu;
  const uint32_t items = w[0] >> 16;
  ++w;
  for (uint32_t k = 0; k < items; ++k) {
    const uint32_t region = w[0];
    const uint32_t runs = w[1] >> 1;
    if (value != 0 && region + 1 >= value) break;  // ascending: cannot come first any more
    bool inside = (w[1] & 1u) != 0;
    w += 2;
    for (uint32_t r = 0; r < runs; ++r, w += 2) {
      const S2Point* v = vertices_.data() + w[0];
      for (uint32_t e = 0; e < w[1]; ++e) {
        inside ^= EdgeOrVertexCrossingTriaged(centre, p, centre_cross_p, v[e], v[e + 1]);
      }
    }
    if (inside) return static_cast<uint16_t>(region + 1);
  }
  return static_cast<uint16_t>(value);
}

void LatLngAnswerGrid::MarkEdges(std::span<const Region* const> regions, int factor,
                                 double margin_deg, const MarkSpan& mark) const {
  for (const Region* region : regions) {
    const S2Polygon& polygon = region->polygon();
    for (int l = 0; l < polygon.num_loops(); ++l) {
      const S2Loop& loop = *polygon.loop(l);
      if (loop.is_empty_or_full()) continue;  // no edges
      for (int v = 0; v < loop.num_vertices(); ++v) {
        MarkEdge(loop.vertex(v), loop.vertex(v + 1), 0, factor, margin_deg, mark);
      }
    }
  }
}

absl::flat_hash_map<uint32_t, LatLngAnswerGrid::MixedCell> LatLngAnswerGrid::Refine(
    std::span<const Region* const> regions, const Answer& answer,
    const std::vector<uint16_t>& fine) {
  // Which quarters of each mixed cell an edge reaches (bit (r & 1) * 2 + (c & 1)).
  absl::flat_hash_map<uint32_t, uint8_t> reached;
  MarkEdges(regions, 2, options_.margin_deg, [&](int64_t r, int64_t c0, int64_t c1) {
    for (int64_t c = c0; c <= c1; ++c) {
      const auto cell = static_cast<uint32_t>((r >> 1) * cols_ + (c >> 1));
      if (fine[cell] == kMixed)
        reached[cell] |= static_cast<uint8_t>(1u << ((r & 1) * 2 + (c & 1)));
    }
  });
  absl::flat_hash_map<uint32_t, MixedCell> mixed;
  for (uint32_t cell = 0; cell < fine.size(); ++cell) {
    if (fine[cell] != kMixed) continue;
    const auto it = reached.find(cell);
    const uint8_t mask = it == reached.end() ? 0 : it->second;
    MixedCell m{{kMixed, kMixed, kMixed, kMixed}, kNoExact, 0};
    const uint32_t row = cell / cols_, col = cell % cols_;
    for (uint32_t q = 0; q < 4; ++q) {
      if (mask & (1u << q)) continue;
      // No edge reaches the quarter: its centre answers for all of it.
      const double lat = -90.0 + (2 * row + (q >> 1) + 0.5) / (2 * scale_);
      const double lon = -180.0 + (2 * col + (q & 1) + 0.5) / (2 * scale_);
      const uint32_t value = answer(PointFromDegrees(lat, lon));
      if (value < kMixed) m.quarters[q] = static_cast<uint16_t>(value);
    }
    stats_.refined_cells += mask != 0xf;
    mixed.emplace(cell, m);
  }
  return mixed;
}

void LatLngAnswerGrid::AddExactRecords(std::span<const Region* const> regions,
                                       const Containing& containing,
                                       absl::flat_hash_map<uint32_t, MixedCell>& mixed) {
  // A segment from a cell's centre to a point of the cell stays in the cell's longitudes, and
  // within its latitudes up to the geodesic's bulge: at most dlon^2 / 16 radians for a cell
  // dlon radians wide. Edges are gathered with twice that margin (plus the grid's own).
  const double dlon = M_PI / 180 / scale_;
  const double margin_deg = 2 * (dlon * dlon / 16) * 180 / M_PI + options_.margin_deg;
  struct Incidence {
    uint32_t cell, region, edge;  // edge: index of its first vertex in vertices_
    auto operator<=>(const Incidence&) const = default;
  };
  std::vector<Incidence> incidences;
  std::vector<S2Point> vertices;
  for (uint32_t r = 0; r < regions.size(); ++r) {
    const S2Polygon& polygon = regions[r]->polygon();
    for (int l = 0; l < polygon.num_loops(); ++l) {
      const S2Loop& loop = *polygon.loop(l);
      if (loop.is_empty_or_full()) continue;
      const auto base = static_cast<uint32_t>(vertices.size());
      // Oriented as S2Polygon's shape (holes reversed): S2's vertex crossing rule depends on it.
      for (int v = 0; v <= loop.num_vertices(); ++v) vertices.push_back(loop.oriented_vertex(v));
      for (int v = 0; v < loop.num_vertices(); ++v) {
        const uint32_t edge = base + static_cast<uint32_t>(v);
        MarkEdge(loop.oriented_vertex(v), loop.oriented_vertex(v + 1), 0, 1, margin_deg,
                 [&](int64_t row, int64_t c0, int64_t c1) {
                   for (int64_t c = c0; c <= c1; ++c) {
                     const auto cell = static_cast<uint32_t>(row * cols_ + c);
                     const auto it = mixed.find(cell);
                     if (it == mixed.end()) continue;
                     const auto& q = it->second.quarters;
                     if (std::find(q.begin(), q.end(), kMixed) == q.end()) continue;
                     incidences.push_back(Incidence{cell, r, edge});
                   }
                 });
      }
    }
  }
  vertices_.assign(vertices.begin(), vertices.end());
  std::sort(incidences.begin(), incidences.end());
  incidences.erase(std::unique(incidences.begin(), incidences.end()), incidences.end());
  std::vector<uint32_t> exact;
  std::vector<int> inside;
  for (size_t i = 0; i < incidences.size();) {
    const uint32_t cell = incidences[i].cell;
    size_t end = i;
    while (end < incidences.size() && incidences[end].cell == cell) ++end;
    containing(CellCentre(cell / cols_, cell % cols_), &inside);
    // Regions with no edge near the cell contain all of it or none of it: the first of those
    // containing the centre answers unless an earlier region with edges contains the point.
    uint32_t value = 0;
    for (const int region : inside) {
      const bool has_edges = std::any_of(
          incidences.begin() + i, incidences.begin() + end,
          [&](const Incidence& x) { return x.region == static_cast<uint32_t>(region); });
      if (!has_edges) {
        value = static_cast<uint32_t>(region) + 1;
        break;
      }
    }
    const auto header = exact.size();
    exact.push_back(value);
    uint32_t items = 0;
    for (size_t j = i; j < end;) {
      const uint32_t region = incidences[j].region;
      const size_t item = exact.size();
      const bool centre_inside =
          std::binary_search(inside.begin(), inside.end(), static_cast<int>(region));
      exact.push_back(region);
      exact.push_back(centre_inside ? 1u : 0u);
      uint32_t runs = 0;
      while (j < end && incidences[j].region == region) {
        const uint32_t first = incidences[j].edge;
        uint32_t count = 1;
        while (j + count < end && incidences[j + count].region == region &&
               incidences[j + count].edge == first + count) {
          ++count;
        }
        exact.push_back(first);
        exact.push_back(count);
        ++runs;
        j += count;
        stats_.exact_edges += count;
      }
      exact[item + 1] |= runs << 1;
      ++items;
    }
    exact[header] |= items << 16;
    MixedCell& m = mixed[cell];
    m.exact = static_cast<uint32_t>(header);
    m.first_vertex = exact[header + 3];  // the first run's first vertex
    ++stats_.exact_cells;
    i = end;
  }
  exact_.assign(exact.begin(), exact.end());
}

void LatLngAnswerGrid::MarkEdge(const S2Point& a, const S2Point& b, int depth, int factor,
                                double margin_deg, const MarkSpan& mark) const {
  const double scale = scale_ * factor;
  const int64_t rows = int64_t{rows_} * factor, cols = int64_t{cols_} * factor;
  S2LatLngRectBounder bounder;
  bounder.AddPoint(a);
  bounder.AddPoint(b);
  const S2LatLngRect bound =
      bounder.GetBound().Expanded(S2LatLng::FromDegrees(margin_deg, margin_deg)).PolarClosure();
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
    MarkEdge(a, mid, depth + 1, factor, margin_deg, mark);
    MarkEdge(mid, b, depth + 1, factor, margin_deg, mark);
    return;
  }
  for (int64_t r = r0; r <= r1; ++r) {
    for (int s = 0; s < num_spans; ++s) mark(r, spans[s][0], spans[s][1]);
  }
}

void LatLngAnswerGrid::FillComponents(const Answer& answer, std::vector<uint16_t>& fine) {
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
