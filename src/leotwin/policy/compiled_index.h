// The compiled decision index of a Policy: territories (shared, built once per TerritorySet) and
// the live geofences (rebuilt on every geofence change), both as geo::RegionCellIndex. It answers
// "which territory, which geofences contain this point" with the same result as exact S2 polygon
// evaluation (the *Direct methods), which tests check on a million seeded random points.
//
// Also the S2-level helpers the coverage/availability layer uses (territory of a cell, whether a
// deny geofence reaches a cell).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "leotwin/base/check.h"
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

  // The territory index at a position (geo::TerritorySet::kOcean at sea), calling
  // visit(const CompiledGeofence&) for each geofence containing it, in precedence order, until
  // visit returns false. Pure cells of the latitude/longitude answer grids answer without
  // trigonometry; mixed cells fall back to the exact S2 cell indexes (same answers, tested).
  // REQUIRES: -90 <= lat_deg <= 90, -180 <= lon_deg <= 180.
  template <typename Visit>
  int LocateDegrees(double lat_deg, double lon_deg, Visit&& visit) const {
    LEOTWIN_DCHECK(lat_deg >= -90.0 && lat_deg <= 90.0 && lon_deg >= -180.0 && lon_deg <= 180.0);
    if (!grids_ready_.load(std::memory_order_acquire)) {
      // Few decisions so far (a CLI query, a replay), or the grids are being built in the
      // background: the exact path.
      if (exact_decisions_.fetch_add(1, std::memory_order_relaxed) == kDecisionsBeforeGrids) {
        StartGridBuild();
      }
      const S2Point p = geo::PointFromDegrees(lat_deg, lon_deg);
      const S2CellId leaf = geo::LeafCellId(p);
      VisitGeofences(p, leaf, visit);
      return Territory(p, leaf);
    }
    const Grids& grids = grids_;
    // One lookup for both answers; a component that is mixed is refined in its own grid.
    const uint16_t combined = grids.combined->At(grids.combined->CellOf(lat_deg, lon_deg));
    const CellPair pair = combined < grids.num_pairs ? grids.pairs[combined] : kBothMixed;
    uint16_t territory_answer = pair.territory;
    uint16_t fence_answer = pair.fence;
    S2Point p;
    bool have_p = false;
    auto point = [&]() -> const S2Point& {
      if (!have_p) p = geo::PointFromDegrees(lat_deg, lon_deg), have_p = true;
      return p;
    };
    if (territory_answer == geo::LatLngAnswerGrid::kMixed) {
      territory_answer = grids.territory->RefineAt(lat_deg, lon_deg, point);
    }
    if (fence_answer == geo::LatLngAnswerGrid::kMixed && grids.fence != nullptr) {
      fence_answer = grids.fence->RefineAt(lat_deg, lon_deg, point);
    }
    int territory = territory_answer - 1;
    if (territory_answer == geo::LatLngAnswerGrid::kMixed ||
        fence_answer == geo::LatLngAnswerGrid::kMixed) {
      const S2CellId leaf = geo::LeafCellId(point());
      if (territory_answer == geo::LatLngAnswerGrid::kMixed) territory = Territory(point(), leaf);
      if (fence_answer == geo::LatLngAnswerGrid::kMixed) {
        VisitGeofences(point(), leaf, visit);
        return territory;
      }
    }
    const uint32_t* it = fence_set_items_.data() + fence_set_begin_[fence_answer];
    const uint32_t* end = fence_set_items_.data() + fence_set_begin_[fence_answer + 1];
    for (; it != end; ++it) {
      if (!visit(geofences_[*it])) break;
    }
    return territory;
  }

  // Builds the answer grids now (LocateDegrees otherwise starts building them in a background
  // thread after its first kDecisionsBeforeGrids calls) and waits for them. Thread-safe.
  void BuildGrids() const;
  ~CompiledIndex();

  // The geofence answer grid: a pure cell holds the id of the set of geofences containing it
  // (0: none; see LocateDegrees). Built on first use, thread-safe.
  const geo::LatLngAnswerGrid& fence_grid() const;

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
  // A combined grid value: the territory grid's and the geofence grid's values (either may be
  // kMixed).
  struct CellPair {
    uint16_t territory;
    uint16_t fence;
  };
  static constexpr CellPair kBothMixed = {geo::LatLngAnswerGrid::kMixed,
                                          geo::LatLngAnswerGrid::kMixed};
  // The grids, resolved once (no call_once on the hot path).
  struct Grids {
    const geo::LatLngAnswerGrid* territory = nullptr;
    const geo::LatLngAnswerGrid* fence = nullptr;  // null without geofences
    // Overlay of the two: its value v stands for pairs[v] (kBothMixed when v >= num_pairs).
    const geo::LatLngAnswerGrid* combined = nullptr;
    const CellPair* pairs = nullptr;
    uint32_t num_pairs = 0;
  };
  // The grids cost one to two seconds to build (territories once per process, the geofence and
  // combined grids once per geofence change): LocateDegrees starts building them, in a thread of
  // their own so no decision waits, after this many decisions.
  static constexpr int64_t kDecisionsBeforeGrids = 4096;
  void StartGridBuild() const;
  mutable std::once_flag build_thread_once_;
  mutable std::thread build_thread_;
  mutable std::atomic<int64_t> exact_decisions_{0};
  mutable std::once_flag grids_once_;
  mutable std::atomic<bool> grids_ready_{false};
  mutable Grids grids_;
  mutable std::unique_ptr<geo::LatLngAnswerGrid> combined_grid_;
  mutable std::vector<CellPair> pairs_;
  mutable std::once_flag fence_grid_once_;
  mutable std::unique_ptr<geo::LatLngAnswerGrid> fence_grid_;
  // Geofence sets of fence_grid(): set k is fence_set_items_[fence_set_begin_[k] ..
  // fence_set_begin_[k + 1]) (indices into geofences_, precedence order); set 0 is empty.
  mutable std::vector<uint32_t> fence_set_begin_ = {0, 0};
  mutable std::vector<uint32_t> fence_set_items_;
};

}  // namespace leotwin::policy
