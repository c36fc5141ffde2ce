// The availability map: every service cell joined with the policy in force at an instant -- its
// territory's activation state and the geofences -- like the public map of the real service
// (available, waitlist, coming soon with a date, service date unknown, blocked), plus "at sea".
//
// Rules per cell (mirrors the decision precedence of policy::Authorize, docs/policy.md, for a
// fixed terminal at the cell centre; see docs/coverage.md):
//   1. An active deny geofence without a speed cap that may intersect the cell (S2
//      MayIntersect: a fence touching any part of the cell) -> blocked, rule "geofence:<id>"
//      (first fence in policy precedence order). A cell is disabled as a whole, as the real
//      service disables whole cells.
//   2. Centre at sea (no territory) -> at_sea, rule "ocean".
//   3. Territory state in force at t: available / waitlist / coming_soon (with its date) /
//      unavailable ("service date unknown") / blocked, rule "territory:<A2>" or "default:<A2>".
//   4. For waitlist, coming_soon and unavailable: an active allow geofence without a speed cap
//      containing the cell centre makes the cell available, rule "geofence:<id>".
// Speed-capped deny geofences do not change a cell's state (fixed terminals are below any cap);
// cells they reach are flagged `speed_capped`.
//
// Cell territory is decided by the cell centre (policy::CompiledIndex::TerritoryOfCell), so a
// coastal or border cell belongs to exactly one territory or to the sea.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/coverage/cell_grid.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::geo {
class TerritorySet;
}
namespace leotwin::policy {
class Policy;
}

namespace leotwin::coverage {

enum class Availability : uint8_t {
  kAvailable,
  kWaitlist,
  kComingSoon,
  kServiceDateUnknown,
  kBlocked,
  kAtSea,
};
inline constexpr int kNumAvailabilityStates = 6;
// "available", "waitlist", "coming_soon", "service_date_unknown", "blocked", "at_sea".
std::string_view AvailabilityName(Availability a);

// The rule that decided a cell (shared by many cells).
struct AvailabilityRule {
  std::string id;               // "territory:UA", "default:UA", "geofence:<id>", "ocean".
  int64_t ledger_entry_id = 0;  // 0: built-in default (no ledger entry).
  std::optional<SimTime> coming_soon_date;
  bool operator==(const AvailabilityRule&) const = default;
};

struct CellAvailability {
  Availability state = Availability::kServiceDateUnknown;
  bool speed_capped = false;  // A speed-capped deny geofence reaches the cell.
  int32_t territory = -1;     // Index in the policy's TerritorySet; -1 at sea.
  int32_t rule = -1;          // Index into AvailabilityMap::rules.
  bool operator==(const CellAvailability&) const = default;
};

struct AvailabilityMap {
  SimTime at;
  std::vector<CellAvailability> cells;  // Parallel to the grid.
  std::vector<AvailabilityRule> rules;
  size_t count[kNumAvailabilityStates] = {};  // Cells per state.
};

// Joins every cell of `grid` with `policy` as of `t` (rules above). Parallel over cells.
StatusOr<AvailabilityMap> ComputeAvailability(const CellGrid& grid, const policy::Policy& policy,
                                              SimTime t);

// Reference for tests: the same rules evaluated cell by cell with exact polygon tests
// (TerritorySet::LocateDirect, Region::Contains, S2Polygon::MayIntersect on every fence).
StatusOr<AvailabilityMap> ComputeAvailabilityDirect(const CellGrid& grid,
                                                    const policy::Policy& policy, SimTime t);

// The grid of cells of `level` whose centre lies in some territory (land, by the territory
// polygons). Level 9: about 29% of the 1.57M global cells.
StatusOr<CellGrid> LandGrid(int level, const geo::TerritorySet& territories);

}  // namespace leotwin::coverage
