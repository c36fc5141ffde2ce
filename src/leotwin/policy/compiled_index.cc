#include "leotwin/policy/compiled_index.h"

#include <algorithm>
#include <map>
#include <system_error>

#include "leotwin/base/check.h"
#include "s2/s2cell.h"

namespace leotwin::policy {

std::shared_ptr<const CompiledIndex> CompiledIndex::Build(
    std::shared_ptr<const geo::TerritorySet> territories,
    const std::map<std::string, Geofence, std::less<>>& geofences) {
  auto index = std::make_shared<CompiledIndex>();
  index->territories_ = std::move(territories);
  index->territory_index_ = &index->territories_->cell_index();
  for (const auto& [id, g] : geofences) {
    index->geofences_.push_back(CompiledGeofence{g.id, g.name, g.effect, g.active_from,
                                                 g.active_until, g.speed_cap_kmh, g.ledger_entry_id,
                                                 g.region});
  }
  std::sort(index->geofences_.begin(), index->geofences_.end(),
            [](const CompiledGeofence& a, const CompiledGeofence& b) {
              return a.ledger_entry_id != b.ledger_entry_id ? a.ledger_entry_id < b.ledger_entry_id
                                                            : a.id < b.id;
            });
  std::vector<const geo::Region*> regions;
  for (const CompiledGeofence& g : index->geofences_) regions.push_back(g.region.get());
  geo::RegionCellIndex::Options options;
  index->geofence_index_ = geo::RegionCellIndex::Build(std::move(regions), options);
  return index;
}

const geo::LatLngAnswerGrid& CompiledIndex::fence_grid() const {
  std::call_once(fence_grid_once_, [this] {
    std::vector<const geo::Region*> regions;
    for (const CompiledGeofence& g : geofences_) regions.push_back(g.region.get());
    // Intern each distinct set of containing geofences (set 0: none).
    std::map<std::vector<uint32_t>, uint32_t> ids = {{{}, 0}};
    std::vector<uint32_t> set;
    fence_grid_ = geo::LatLngAnswerGrid::Build(regions, [&](const S2Point& p) {
      set.clear();
      geofence_index_->VisitContaining(p, geo::LeafCellId(p), [&](int g) {
        set.push_back(static_cast<uint32_t>(g));
        return true;
      });
      auto [it, added] = ids.try_emplace(set, static_cast<uint32_t>(ids.size()));
      if (added) {
        fence_set_items_.insert(fence_set_items_.end(), set.begin(), set.end());
        fence_set_begin_.push_back(static_cast<uint32_t>(fence_set_items_.size()));
      }
      return it->second;
    });
  });
  return *fence_grid_;
}

CompiledIndex::~CompiledIndex() {
  if (build_thread_.joinable()) build_thread_.join();
}

void CompiledIndex::StartGridBuild() const {
  std::call_once(build_thread_once_, [this] {
    try {
      build_thread_ = std::thread([this] {
        try {
          BuildGrids();
        } catch (const std::exception&) {
          // Out of memory: decisions stay on the exact path (correct, slower).
        }
      });
    } catch (const std::system_error&) {
      // No thread available: stay on the exact path.
    }
  });
}

void CompiledIndex::BuildGrids() const {
  std::call_once(grids_once_, [this] {
    grids_.territory = &territories_->answer_grid();
    grids_.fence = geofences_.empty() ? nullptr : &fence_grid();
    std::map<std::pair<uint16_t, uint16_t>, uint32_t> ids;
    combined_grid_ = geo::LatLngAnswerGrid::Overlay(
        *grids_.territory, grids_.fence, [&](uint16_t territory, uint16_t fence) {
          auto [it, added] =
              ids.try_emplace({territory, fence}, static_cast<uint32_t>(pairs_.size()));
          if (added) pairs_.push_back(CellPair{territory, fence});
          return it->second;  // >= kMixed (never seen: a few hundred pairs) means both mixed
        });
    grids_.combined = combined_grid_.get();
    grids_.pairs = pairs_.data();
    grids_.num_pairs =
        static_cast<uint32_t>(std::min<size_t>(pairs_.size(), geo::LatLngAnswerGrid::kMixed));
    grids_ready_.store(true, std::memory_order_release);
  });
}

int CompiledIndex::TerritoryOfCell(S2CellId cell) const {
  LEOTWIN_DCHECK(cell.is_valid());
  const S2Point centre = cell.ToPoint();
  return Territory(centre, geo::LeafCellId(centre));
}

std::vector<std::string> CompiledIndex::DenyGeofencesIntersecting(S2CellId cell,
                                                                  std::optional<SimTime> t) const {
  std::vector<std::string> out;
  const S2Cell s2cell(cell);
  for (const CompiledGeofence& g : geofences_) {
    if (g.effect != GeofenceEffect::kDeny) continue;
    if (t && !g.ActiveAt(*t)) continue;
    if (!g.region->bound().Intersects(s2cell.GetRectBound())) continue;
    if (g.region->polygon().MayIntersect(s2cell)) out.push_back(g.id);
  }
  return out;
}

bool CompiledIndex::DenyGeofenceIntersects(S2CellId cell, std::optional<SimTime> t) const {
  return !DenyGeofencesIntersecting(cell, t).empty();
}

}  // namespace leotwin::policy
