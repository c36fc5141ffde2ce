// The compiled decision index of a Policy: territories (shared, built once per TerritorySet) and
// the live geofences (rebuilt on every geofence change), both as geo::RegionCellIndex. It answers
// "which territory, which geofences contain this point" with the same result as exact S2 polygon
// evaluation (the *Direct methods), which tests check on a million seeded random points.
//
// Also the S2-level helpers the coverage/availability layer uses (territory of a cell, whether a
// deny geofence reaches a cell).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leotwin/geo/cell_index.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/policy.h"
#include "s2/s2cell_id.h"

namespace leotwin::policy {

// A geofence as the decision path needs it (a copy: the index outlives Policy edits).
struct CompiledGeofence {
  std::string id;
  std::string name;
  GeofenceEffect effect = GeofenceEffect::kDeny;
  std::optional<SimTime> active_from;
  std::optional<SimTime> active_until;
  std::optional<double> speed_cap_kmh;
  int64_t ledger_entry_id = kNoLedgerEntry;
  std::shared_ptr<const geo::Region> region;
  bool ActiveAt(SimTime t) const {
    return (!active_from || t >= *active_from) && (!active_until || t < *active_until);
  }
};

class CompiledIndex {
 public:
  static std::shared_ptr<const CompiledIndex> Build(
      std::shared_ptr<const geo::TerritorySet> territories,
      const std::map<std::string, Geofence, std::less<>>& geofences);

  const geo::TerritorySet& territories() const { return *territories_; }
  // Live geofences in precedence order: ascending ledger entry id, then id.
  const std::vector<CompiledGeofence>& geofences() const { return geofences_; }

  // Territory index containing p, or geo::TerritorySet::kOcean. `leaf` must be
  // geo::LeafCellId(p) (== S2CellId(p)).
  int Territory(const S2Point& p, S2CellId leaf) const {
    return territory_index_->FirstContaining(p, leaf);
  }
  int TerritoryDirect(const S2Point& p) const { return territories_->LocateDirect(p); }

  // Calls visit(const CompiledGeofence&) for each geofence containing p, in precedence order,
  // until visit returns false.
  template <typename Visit>
  void VisitGeofences(const S2Point& p, S2CellId leaf, Visit&& visit) const {
    if (geofences_.empty()) return;
    geofence_index_->VisitContaining(p, leaf, [&](int g) { return visit(geofences_[g]); });
  }
  template <typename Visit>
  void VisitGeofencesDirect(const S2Point& p, Visit&& visit) const {
    if (geofences_.empty()) return;
    const S2LatLng ll(p);
    for (const CompiledGeofence& g : geofences_) {
      if (g.region->Contains(p, ll) && !visit(g)) return;
    }
  }

  // --- S2-level helpers for coverage / availability maps ---
  // Territory of an S2 cell, decided by its centre point (kOcean at sea). REQUIRES: valid cell.
  int TerritoryOfCell(S2CellId cell) const;
  // True when a deny geofence (active at `t`; any window when t is nullopt) intersects the cell.
  // Exact up to S2's conservative MayIntersect (true for a fence passing within ~1e-15 rad).
  bool DenyGeofenceIntersects(S2CellId cell, std::optional<SimTime> t = std::nullopt) const;
  // Ids of deny geofences intersecting the cell (same rule), in precedence order.
  std::vector<std::string> DenyGeofencesIntersecting(S2CellId cell,
                                                     std::optional<SimTime> t = std::nullopt) const;

 private:
  std::shared_ptr<const geo::TerritorySet> territories_;
  const geo::RegionCellIndex* territory_index_ = nullptr;  // owned by territories_
  std::vector<CompiledGeofence> geofences_;
  std::unique_ptr<geo::RegionCellIndex> geofence_index_;
};

}  // namespace leotwin::policy
