#include "leotwin/geo/cell_index.h"

#include <chrono>

#include "leotwin/base/check.h"
#include "s2/mutable_s2shape_index.h"
#include "s2/s2cell.h"
#include "s2/s2shape_index.h"

namespace leotwin::geo {

std::unique_ptr<RegionCellIndex> RegionCellIndex::Build(std::vector<const Region*> regions,
                                                        Options options) {
  for (const Region* region : regions) LEOTWIN_DCHECK(region != nullptr);
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<RegionCellIndex> index(new RegionCellIndex());
  options.table_level = std::clamp(options.table_level, 0, 10);
  options.max_edges_per_cell = std::max(options.max_edges_per_cell, 1);
  index->options_ = options;
  index->regions_ = std::move(regions);

  // The S2 shape index does the subdivision and the centre containment.
  MutableS2ShapeIndex::Options shape_options;
  shape_options.set_max_edges_per_cell(options.max_edges_per_cell);
  MutableS2ShapeIndex shapes(shape_options);
  for (const Region* region : index->regions_) {
    shapes.Add(std::make_unique<S2Polygon::Shape>(&region->polygon()));
  }
  shapes.ForceBuild();

  auto& entries = index->entries_;
  auto& items = index->items_;
  auto& edges = index->edges_;
  for (MutableS2ShapeIndex::Iterator it(&shapes, S2ShapeIndex::BEGIN); !it.done(); it.Next()) {
    const S2ShapeIndexCell& cell = it.cell();
    const uint32_t item_begin = static_cast<uint32_t>(items.size());
    bool boundary = false;
    for (int c = 0; c < cell.num_clipped(); ++c) {
      const S2ClippedShape& clipped = cell.clipped(c);
      if (clipped.num_edges() == 0 && !clipped.contains_center()) continue;
      Item item{static_cast<uint32_t>(clipped.shape_id()), clipped.contains_center() ? 1u : 0u,
                static_cast<uint32_t>(edges.size()), static_cast<uint32_t>(clipped.num_edges())};
      const S2Shape& shape = *shapes.shape(clipped.shape_id());
      for (int k = 0; k < clipped.num_edges(); ++k) {
        const S2Shape::Edge e = shape.edge(clipped.edge(k));
        edges.push_back(Edge{e.v0, e.v1});
      }
      boundary |= item.edge_count != 0;
      items.push_back(item);
    }
    // Items in increasing region order (clipped shapes already are; keep it explicit).
    std::sort(items.begin() + item_begin, items.end(),
              [](const Item& a, const Item& b) { return a.region < b.region; });
    const uint32_t count = static_cast<uint32_t>(items.size()) - item_begin;
    if (count == 0) continue;
    const S2CellId id = it.id();
    entries.push_back(Entry{id.range_min().id(), id.range_max().id(), item_begin, count});
    index->centres_.push_back(id.ToPoint());
    index->stats_.boundary_cells += boundary;
    if (boundary) index->stats_.boundary_area_fraction += S2Cell::AverageArea(id.level());
  }

  // Flat first stage: for each table cell, the run of entries overlapping it (about two slots
  // per stored cell, at most options.table_level).
  int level = 0;
  while (level < options.table_level &&
         (uint64_t{6} << (2 * level)) < 2 * static_cast<uint64_t>(entries.size())) {
    ++level;
  }
  index->table_shift_ = 64 - 3 - 2 * level;
  const uint64_t slots = uint64_t{6} << (2 * level);
  index->table_.assign(slots, Slot{0, 0});
  size_t e = 0;
  for (uint64_t s = 0; s < slots; ++s) {
    const uint64_t lo = s << index->table_shift_;
    const uint64_t hi = lo + ((uint64_t{1} << index->table_shift_) - 1);
    while (e < entries.size() && entries[e].range_max < lo) ++e;
    size_t f = e;
    while (f < entries.size() && entries[f].range_min <= hi) ++f;
    index->table_[s] = Slot{static_cast<uint32_t>(e), static_cast<uint32_t>(f)};
    if (f == e + 1 && entries[e].range_min <= lo && entries[e].range_max >= hi &&
        entries[e].item_count == 1) {
      const Item& only = items[entries[e].item_begin];
      if (only.edge_count == 0 && only.contains_centre)
        index->table_[s] = Slot{only.region, kDirect};
    }
    // An entry coarser than the table cell stays current for the next slot.
    e = (f > e && entries[f - 1].range_max > hi) ? f - 1 : f;
  }
  Stats& st = index->stats_;
  st.boundary_area_fraction /= 4 * M_PI;
  int64_t direct = 0;
  for (const Slot& slot : index->table_) direct += slot.end == kDirect || slot.begin == slot.end;
  st.direct_slot_fraction = static_cast<double>(direct) / static_cast<double>(slots);
  st.cells = static_cast<int64_t>(entries.size());
  st.items = static_cast<int64_t>(items.size());
  st.edges = static_cast<int64_t>(edges.size());
  st.bytes =
      static_cast<int64_t>(entries.size() * sizeof(Entry) + items.size() * sizeof(Item) +
                           edges.size() * sizeof(Edge) + index->table_.size() * sizeof(Slot));
  st.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return index;
}

void RegionCellIndex::RegionsReaching(S2CellId cell, std::vector<int>* reaching,
                                      std::vector<int>* full) const {
  LEOTWIN_DCHECK(cell.is_valid());
  reaching->clear();
  full->clear();
  const uint64_t lo = cell.range_min().id();
  const uint64_t hi = cell.range_max().id();
  auto it = std::upper_bound(entries_.begin(), entries_.end(), lo,
                             [](uint64_t v, const Entry& x) { return v < x.range_min; });
  if (it != entries_.begin() && std::prev(it)->range_max >= lo) --it;
  // Per region: seen in some entry; interior in every entry overlapping the cell.
  std::vector<int> interior_count(regions_.size(), 0);
  std::vector<char> seen(regions_.size(), 0);
  int overlapping = 0;
  bool contiguous = true;
  uint64_t next = lo;
  for (; it != entries_.end() && it->range_min <= hi; ++it) {
    if (it->range_max < lo) continue;
    if (std::max(it->range_min, lo) > next) contiguous = false;
    next = it->range_max + 1;
    ++overlapping;
    for (uint32_t k = 0; k < it->item_count; ++k) {
      const Item& item = items_[it->item_begin + k];
      seen[item.region] = 1;
      if (item.edge_count == 0 && item.contains_centre) ++interior_count[item.region];
    }
  }
  if (next <= hi) contiguous = false;
  for (size_t r = 0; r < regions_.size(); ++r) {
    if (!seen[r]) continue;
    reaching->push_back(static_cast<int>(r));
    if (contiguous && interior_count[r] == overlapping) full->push_back(static_cast<int>(r));
  }
}

}  // namespace leotwin::geo
