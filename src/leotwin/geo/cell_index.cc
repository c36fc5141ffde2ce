#include "leotwin/geo/cell_index.h"

#include <chrono>
#include <cstring>
#include <type_traits>

#include "fmt/format.h"
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
  index->ViewVectors();
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

void RegionCellIndex::ViewVectors() {
  view_ = View{entries_.data(), centres_.data(), items_.data(), edges_.data(), table_.data(),
               entries_.size(), items_.size(),   edges_.size(), table_.size()};
}

void RegionCellIndex::RegionsReaching(S2CellId cell, std::vector<int>* reaching,
                                      std::vector<int>* full) const {
  LEOTWIN_DCHECK(cell.is_valid());
  reaching->clear();
  full->clear();
  const uint64_t lo = cell.range_min().id();
  const uint64_t hi = cell.range_max().id();
  const Entry* begin = view_.entries;
  const Entry* end = view_.entries + view_.num_entries;
  const Entry* it =
      std::upper_bound(begin, end, lo, [](uint64_t v, const Entry& x) { return v < x.range_min; });
  if (it != begin && std::prev(it)->range_max >= lo) --it;
  // Per region: seen in some entry; interior in every entry overlapping the cell.
  std::vector<int> interior_count(regions_.size(), 0);
  std::vector<char> seen(regions_.size(), 0);
  int overlapping = 0;
  bool contiguous = true;
  uint64_t next = lo;
  for (; it != end && it->range_min <= hi; ++it) {
    if (it->range_max < lo) continue;
    if (std::max(it->range_min, lo) > next) contiguous = false;
    next = it->range_max + 1;
    ++overlapping;
    for (uint32_t k = 0; k < it->item_count; ++k) {
      const Item& item = view_.items[it->item_begin + k];
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

namespace {

// The serialized header (AppendTo / FromBytes). Sizes and a byte-order marker make bytes written
// by another build or machine fail the check instead of being misread.
struct BytesHeader {
  char magic[8];
  uint64_t byte_order;
  uint32_t entry_size, item_size, edge_size, slot_size, point_size;
  int32_t max_edges_per_cell, table_level, table_shift, num_regions;
  uint32_t reserved;
  uint64_t entries, items, edges, slots;
  int64_t boundary_cells;
  double boundary_area_fraction, direct_slot_fraction;
};
constexpr char kBytesMagic[8] = {'L', 'T', 'C', 'I', 'D', 'X', '0', '1'};
constexpr uint64_t kByteOrder = 0x0102030405060708ull;

template <typename T>
void AppendArray(const T* data, size_t n, std::string* out) {
  out->append(reinterpret_cast<const char*>(data), n * sizeof(T));
}

// Copies `count` elements from `bytes` at `*offset` (already checked to fit).
template <typename V>
void ReadArray(std::string_view bytes, size_t* offset, uint64_t count, V* v) {
  v->resize(count);
  if (count != 0) std::memcpy(v->data(), bytes.data() + *offset, count * sizeof((*v)[0]));
  *offset += count * sizeof((*v)[0]);
}

}  // namespace

void RegionCellIndex::AppendTo(std::string* out) const {
  BytesHeader h{};
  std::memcpy(h.magic, kBytesMagic, sizeof(h.magic));
  h.byte_order = kByteOrder;
  h.entry_size = sizeof(Entry);
  h.item_size = sizeof(Item);
  h.edge_size = sizeof(Edge);
  h.slot_size = sizeof(Slot);
  h.point_size = sizeof(S2Point);
  h.max_edges_per_cell = options_.max_edges_per_cell;
  h.table_level = options_.table_level;
  h.table_shift = table_shift_;
  h.num_regions = static_cast<int32_t>(regions_.size());
  h.entries = view_.num_entries;
  h.items = view_.num_items;
  h.edges = view_.num_edges;
  h.slots = view_.num_slots;
  h.boundary_cells = stats_.boundary_cells;
  h.boundary_area_fraction = stats_.boundary_area_fraction;
  h.direct_slot_fraction = stats_.direct_slot_fraction;
  out->append(reinterpret_cast<const char*>(&h), sizeof(h));
  AppendArray(view_.entries, view_.num_entries, out);
  AppendArray(view_.centres, view_.num_entries, out);
  AppendArray(view_.items, view_.num_items, out);
  AppendArray(view_.edges, view_.num_edges, out);
  AppendArray(view_.table, view_.num_slots, out);
}

StatusOr<std::unique_ptr<RegionCellIndex>> RegionCellIndex::FromBytes(
    std::string_view bytes, int num_regions, std::shared_ptr<const void> keep) {
  auto bad = [](std::string_view what) {
    return absl::InvalidArgumentError(fmt::format("compiled cell index: {}", what));
  };
  BytesHeader h{};
  if (bytes.size() < sizeof(h)) return bad("shorter than its header");
  std::memcpy(&h, bytes.data(), sizeof(h));
  if (std::memcmp(h.magic, kBytesMagic, sizeof(h.magic)) != 0 || h.byte_order != kByteOrder ||
      h.entry_size != sizeof(Entry) || h.item_size != sizeof(Item) || h.edge_size != sizeof(Edge) ||
      h.slot_size != sizeof(Slot) || h.point_size != sizeof(S2Point)) {
    return bad("written by another format, build or byte order");
  }
  if (h.num_regions != num_regions || num_regions < 0) {
    return bad(fmt::format("{} regions, expected {}", h.num_regions, num_regions));
  }
  if (h.table_level < 0 || h.table_level > 10) return bad("table level outside 0..10");
  // The table covers the sphere at some level <= table_level: 6 * 4^level slots, shift 61 - 2L.
  int level = -1;
  for (int l = 0; l <= h.table_level; ++l) {
    if (h.table_shift == 64 - 3 - 2 * l && h.slots == (uint64_t{6} << (2 * l))) level = l;
  }
  if (level < 0) return bad("table size and shift do not match a table level");
  // Each count bounded by the bytes present (no overflow in the size sum below).
  const uint64_t limit = bytes.size();
  if (h.entries > limit || h.items > limit || h.edges > limit) return bad("counts too large");
  const uint64_t need = sizeof(h) + h.entries * (sizeof(Entry) + sizeof(S2Point)) +
                        h.items * sizeof(Item) + h.edges * sizeof(Edge) + h.slots * sizeof(Slot);
  if (need != bytes.size()) {
    return bad(fmt::format("{} bytes, its header describes {}", bytes.size(), need));
  }
  std::unique_ptr<RegionCellIndex> index(new RegionCellIndex());
  index->options_.max_edges_per_cell = h.max_edges_per_cell;
  index->options_.table_level = h.table_level;
  index->regions_.assign(static_cast<size_t>(num_regions), nullptr);
  index->table_shift_ = h.table_shift;
  size_t offset = sizeof(h);
  View& v = index->view_;
  if (keep != nullptr && reinterpret_cast<uintptr_t>(bytes.data()) % alignof(S2Point) == 0) {
    // In place (every array's size is a multiple of 8 bytes, so each stays aligned).
    const char* p = bytes.data() + offset;
    auto take = [&p](auto* out, uint64_t n) {
      *out = reinterpret_cast<std::remove_reference_t<decltype(*out)>>(p);
      p += n * sizeof(**out);
    };
    take(&v.entries, h.entries);
    take(&v.centres, h.entries);
    take(&v.items, h.items);
    take(&v.edges, h.edges);
    take(&v.table, h.slots);
    v.num_entries = h.entries;
    v.num_items = h.items;
    v.num_edges = h.edges;
    v.num_slots = h.slots;
    index->keep_ = std::move(keep);
  } else {
    ReadArray(bytes, &offset, h.entries, &index->entries_);
    ReadArray(bytes, &offset, h.entries, &index->centres_);
    ReadArray(bytes, &offset, h.items, &index->items_);
    ReadArray(bytes, &offset, h.edges, &index->edges_);
    ReadArray(bytes, &offset, h.slots, &index->table_);
    index->ViewVectors();
  }
  // Every reference in range, entries in order: what a query relies on.
  uint64_t previous_max = 0;
  for (size_t i = 0; i < v.num_entries; ++i) {
    const Entry& e = v.entries[i];
    if (e.range_min > e.range_max || (i > 0 && e.range_min <= previous_max) ||
        uint64_t{e.item_begin} + e.item_count > h.items) {
      return bad(fmt::format("entry {} out of order or out of range", i));
    }
    previous_max = e.range_max;
  }
  for (size_t i = 0; i < v.num_items; ++i) {
    const Item& it = v.items[i];
    if (it.region >= static_cast<uint32_t>(num_regions) || it.contains_centre > 1 ||
        uint64_t{it.edge_begin} + it.edge_count > h.edges) {
      return bad(fmt::format("item {} out of range", i));
    }
  }
  for (size_t s = 0; s < v.num_slots; ++s) {
    const Slot& slot = v.table[s];
    const bool ok = slot.end == kDirect ? slot.begin < static_cast<uint32_t>(num_regions)
                                        : slot.begin <= slot.end && slot.end <= v.num_entries;
    if (!ok) return bad(fmt::format("table slot {} out of range", s));
  }
  Stats& st = index->stats_;
  st.cells = static_cast<int64_t>(h.entries);
  st.boundary_cells = h.boundary_cells;
  st.items = static_cast<int64_t>(h.items);
  st.edges = static_cast<int64_t>(h.edges);
  st.bytes = static_cast<int64_t>(h.entries * sizeof(Entry) + h.items * sizeof(Item) +
                                  h.edges * sizeof(Edge) + h.slots * sizeof(Slot));
  st.boundary_area_fraction = h.boundary_area_fraction;
  st.direct_slot_fraction = h.direct_slot_fraction;
  return index;
}

}  // namespace leotwin::geo
