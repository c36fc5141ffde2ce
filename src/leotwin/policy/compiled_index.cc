#include "leotwin/policy/compiled_index.h"

#include <algorithm>

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

int CompiledIndex::TerritoryOfCell(S2CellId cell) const {
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
