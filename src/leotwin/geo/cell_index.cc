#include "leotwin/geo/cell_index.h"

#include <chrono>

#include "s2/s2cell.h"
#include "s2/s2latlng_rect.h"

namespace leotwin::geo {

std::unique_ptr<RegionCellIndex> RegionCellIndex::Build(std::vector<const Region*> regions,
                                                        Options options) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<RegionCellIndex> index(new RegionCellIndex());
  options.table_level = std::clamp(options.table_level, 0, 10);
  options.max_level = std::clamp(options.max_level, options.table_level, S2CellId::kMaxLevel);
  index->options_ = options;
  index->regions_ = std::move(regions);
  std::vector<uint32_t> all;
  for (uint32_t r = 0; r < index->regions_.size(); ++r) all.push_back(r << 1 | 1u);
  for (int face = 0; face < 6; ++face) index->BuildCell(S2CellId::FromFace(face), all);

  // Flat first stage: for each table cell, the run of entries overlapping it.
  const int level = options.table_level;
  index->table_shift_ = 64 - 3 - 2 * level;
  const uint64_t slots = uint64_t{6} << (2 * level);
  index->table_.assign(slots, Slot{0, 0});
  const auto& entries = index->entries_;
  size_t e = 0;
  for (uint64_t s = 0; s < slots; ++s) {
    // Leaf-id range of table cell s.
    const uint64_t lo = s << index->table_shift_;
    const uint64_t hi = lo + ((uint64_t{1} << index->table_shift_) - 1);
    while (e < entries.size() && entries[e].range_max < lo) ++e;
    size_t f = e;
    while (f < entries.size() && entries[f].range_min <= hi) ++f;
    index->table_[s] = Slot{static_cast<uint32_t>(e), static_cast<uint32_t>(f)};
    // An entry coarser than the table cell stays current for the next slot.
    if (f > e && entries[f - 1].range_max > hi)
      e = f - 1;
    else
      e = f;
  }
  Stats& st = index->stats_;
  st.cells = static_cast<int64_t>(entries.size());
  st.items = static_cast<int64_t>(index->items_.size());
  st.bytes = static_cast<int64_t>(entries.size() * sizeof(Entry) +
                                  index->items_.size() * sizeof(uint32_t) +
                                  index->table_.size() * sizeof(Slot));
  st.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return index;
}

// `candidates`: region << 1 | (1 if the region's relation to this cell is unknown, 0 if the
// region is known to contain the cell).
void RegionCellIndex::BuildCell(S2CellId id, const std::vector<uint32_t>& candidates) {
  const S2Cell cell(id);
  const S2LatLngRect rect = cell.GetRectBound();
  std::vector<uint32_t> items;
  items.reserve(candidates.size());
  bool any_boundary = false;
  for (const uint32_t c : candidates) {
    if ((c & 1u) == 0) {
      items.push_back(c);
      continue;
    }
    const Region& region = *regions_[c >> 1];
    if (!region.bound().Intersects(rect)) continue;
    if (region.polygon().Contains(cell)) {
      items.push_back(c & ~1u);
    } else if (region.polygon().MayIntersect(cell)) {
      items.push_back(c);
      any_boundary = true;
    }
  }
  if (items.empty()) return;
  if (any_boundary && id.level() < options_.max_level) {
    for (S2CellId child = id.child_begin(); child != id.child_end(); child = child.next()) {
      BuildCell(child, items);
    }
    return;
  }
  entries_.push_back(Entry{id.range_min().id(), id.range_max().id(),
                           static_cast<uint32_t>(items_.size()),
                           static_cast<uint32_t>(items.size())});
  items_.insert(items_.end(), items.begin(), items.end());
  if (any_boundary) ++stats_.boundary_cells;
}

void RegionCellIndex::RegionsReaching(S2CellId cell, std::vector<int>* reaching,
                                      std::vector<int>* full) const {
  reaching->clear();
  full->clear();
  // Entries overlapping the cell's leaf range.
  const uint64_t lo = cell.range_min().id();
  const uint64_t hi = cell.range_max().id();
  auto it = std::upper_bound(entries_.begin(), entries_.end(), lo,
                             [](uint64_t v, const Entry& x) { return v < x.range_min; });
  if (it != entries_.begin() && std::prev(it)->range_max >= lo) --it;
  std::vector<char> seen(regions_.size(), 0);
  std::vector<char> all_full(regions_.size(), 1);
  bool covered_contiguously = true;
  uint64_t next = lo;
  for (; it != entries_.end() && it->range_min <= hi; ++it) {
    if (it->range_min > next) covered_contiguously = false;
    next = it->range_max + 1;
    // Regions missing from this entry do not fully contain the cell.
    std::vector<char> here(regions_.size(), 0);
    for (uint32_t k = 0; k < it->item_count; ++k) {
      const uint32_t item = items_[it->item_begin + k];
      const uint32_t r = item >> 1;
      here[r] = 1;
      seen[r] = 1;
      if (item & 1u) all_full[r] = 0;
    }
    for (size_t r = 0; r < regions_.size(); ++r) {
      if (!here[r]) all_full[r] = 0;
    }
  }
  if (next <= hi) covered_contiguously = false;
  for (size_t r = 0; r < regions_.size(); ++r) {
    if (!seen[r]) continue;
    reaching->push_back(static_cast<int>(r));
    if (covered_contiguously && all_full[r]) full->push_back(static_cast<int>(r));
  }
}

}  // namespace leotwin::geo
