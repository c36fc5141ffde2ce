#include "leotwin/coverage/availability.h"

#include <map>

#include "fmt/format.h"
#include "leotwin/geo/region.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"
#include "leotwin/policy/policy.h"
#include "s2/s2cell.h"
#include "s2/s2latlng.h"
#include "s2/s2metrics.h"

namespace leotwin::coverage {

std::string_view AvailabilityName(Availability a) {
  switch (a) {
    case Availability::kAvailable:
      return "available";
    case Availability::kWaitlist:
      return "waitlist";
    case Availability::kComingSoon:
      return "coming_soon";
    case Availability::kServiceDateUnknown:
      return "service_date_unknown";
    case Availability::kBlocked:
      return "blocked";
    case Availability::kAtSea:
      return "at_sea";
  }
  return "unknown";
}

namespace {

using policy::CompiledGeofence;
using policy::GeofenceEffect;

// A live fence with the prefilter used by the fast path: a cell can only intersect the fence if
// its centre lies in the fence's bounding rectangle expanded by the largest cell radius.
struct Fence {
  const CompiledGeofence* g;
  S2LatLngRect expanded;
};

class RuleTable {
 public:
  int32_t Intern(AvailabilityRule rule) {
    auto [it, inserted] = ids_.try_emplace(rule.id, static_cast<int32_t>(rules_.size()));
    if (inserted) rules_.push_back(std::move(rule));
    return it->second;
  }
  std::vector<AvailabilityRule> Take() { return std::move(rules_); }

 private:
  std::map<std::string, int32_t> ids_;
  std::vector<AvailabilityRule> rules_;
};

// The per-cell rules, given the territory and fence lookups. `direct` selects exact evaluation.
StatusOr<AvailabilityMap> Compute(const CellGrid& grid, const policy::Policy& pol, SimTime t,
                                  bool direct) {
  const policy::CompiledIndex& index = pol.index();
  const geo::TerritorySet& territories = pol.territories();
  // Largest cell diagonal at this level (more than any centre-to-boundary distance), plus slack.
  const S1Angle pad = S1Angle::Radians(S2::kMaxDiag.GetValue(grid.level()) + 1e-9);
  std::vector<Fence> deny, deny_capped, allow;
  for (const CompiledGeofence& g : index.geofences()) {
    if (!g.ActiveAt(t)) continue;
    const Fence f{&g, g.region->bound().ExpandedByDistance(pad)};
    if (g.effect == GeofenceEffect::kDeny) {
      (g.speed_cap_kmh ? deny_capped : deny).push_back(f);
    } else if (!g.speed_cap_kmh) {
      allow.push_back(f);
    }
  }
  const int32_t num_territories = territories.size();

  // Per-territory rule in force at t (computed once, not per cell).
  RuleTable table;
  struct TerritoryInfo {
    Availability state;
    int32_t rule;
  };
  std::vector<TerritoryInfo> ter(num_territories);
  for (int32_t i = 0; i < num_territories; ++i) {
    const policy::TerritoryRule& r = pol.TerritoryRuleAt(i, t);
    const std::string& a2 = territories.info(i).iso_a2;
    AvailabilityRule rule;
    rule.id = (r.ledger_entry_id == policy::kNoLedgerEntry ? "default:" : "territory:") + a2;
    rule.ledger_entry_id = r.ledger_entry_id;
    switch (r.state) {
      case policy::TerritoryState::kAvailable:
        ter[i].state = Availability::kAvailable;
        break;
      case policy::TerritoryState::kWaitlist:
        ter[i].state = Availability::kWaitlist;
        break;
      case policy::TerritoryState::kComingSoon:
        ter[i].state = Availability::kComingSoon;
        rule.coming_soon_date = r.coming_soon_date;
        break;
      case policy::TerritoryState::kUnavailable:
        ter[i].state = Availability::kServiceDateUnknown;
        break;
      case policy::TerritoryState::kBlocked:
        ter[i].state = Availability::kBlocked;
        break;
    }
    ter[i].rule = table.Intern(std::move(rule));
  }
  const int32_t ocean_rule = table.Intern({"ocean", 0, std::nullopt});
  auto fence_rule = [&](const CompiledGeofence& g) {
    return table.Intern({"geofence:" + g.id, g.ledger_entry_id, std::nullopt});
  };
  std::vector<int32_t> deny_rule, allow_rule;
  for (const Fence& f : deny) deny_rule.push_back(fence_rule(*f.g));
  for (const Fence& f : allow) allow_rule.push_back(fence_rule(*f.g));

  AvailabilityMap out;
  out.at = t;
  out.cells.resize(grid.size());
  const int64_t n = static_cast<int64_t>(grid.size());
#pragma omp parallel for schedule(dynamic, 1024)
  for (int64_t i = 0; i < n; ++i) {
    const S2CellId id = grid.id(i);
    const S2Point centre(grid.nx(i), grid.ny(i), grid.nz(i));
    const S2LatLng ll(centre);
    CellAvailability& c = out.cells[i];
    // A fence may intersect the cell: the policy layer's own cell rule (bounding rectangles, then
    // S2Polygon::MayIntersect), after the fast centre-in-expanded-rectangle prefilter.
    std::optional<S2Cell> cell;
    auto reaches = [&](const Fence& f) {
      if (!direct && !f.expanded.Contains(ll)) return false;
      if (!cell) cell.emplace(id);
      return f.g->region->bound().Intersects(cell->GetRectBound()) &&
             f.g->region->polygon().MayIntersect(*cell);
    };
    for (size_t k = 0; k < deny.size(); ++k) {
      if (reaches(deny[k])) {
        c.state = Availability::kBlocked;
        c.rule = deny_rule[k];
        break;
      }
    }
    for (const Fence& f : deny_capped) {
      if (reaches(f)) {
        c.speed_capped = true;
        break;
      }
    }
    c.territory = direct ? territories.LocateDirect(centre) : index.TerritoryOfCell(id);
    if (c.rule >= 0) continue;  // Blocked by a geofence.
    if (c.territory < 0) {
      c.state = Availability::kAtSea;
      c.rule = ocean_rule;
      continue;
    }
    c.state = ter[c.territory].state;
    c.rule = ter[c.territory].rule;
    if (c.state == Availability::kWaitlist || c.state == Availability::kComingSoon ||
        c.state == Availability::kServiceDateUnknown) {
      for (size_t k = 0; k < allow.size(); ++k) {
        if ((direct || allow[k].expanded.Contains(ll)) && allow[k].g->region->Contains(centre)) {
          c.state = Availability::kAvailable;
          c.rule = allow_rule[k];
          break;
        }
      }
    }
  }
  for (const CellAvailability& c : out.cells) ++out.count[static_cast<int>(c.state)];
  out.rules = table.Take();
  return out;
}

}  // namespace

StatusOr<AvailabilityMap> ComputeAvailability(const CellGrid& grid, const policy::Policy& policy,
                                              SimTime t) {
  return Compute(grid, policy, t, /*direct=*/false);
}

StatusOr<AvailabilityMap> ComputeAvailabilityDirect(const CellGrid& grid,
                                                    const policy::Policy& policy, SimTime t) {
  return Compute(grid, policy, t, /*direct=*/true);
}

StatusOr<CellGrid> LandGrid(int level, const geo::TerritorySet& territories) {
  if (level < 0 || level > 11) {
    return absl::InvalidArgumentError(
        fmt::format("land grid level {} out of range: expected 0..11", level));
  }
  const int64_t total = int64_t{6} << (2 * level);
  std::vector<unsigned char> keep(total, 0);
  const S2CellId begin = S2CellId::Begin(level);
  const geo::RegionCellIndex& cell_index = territories.cell_index();  // Built once, before threads.
#pragma omp parallel for schedule(dynamic, 4096)
  for (int64_t k = 0; k < total; ++k) {
    const S2CellId id = begin.advance(k);
    const S2Point centre = id.ToPoint();
    keep[k] = cell_index.FirstContaining(centre, S2CellId(centre)) >= 0 ? 1 : 0;
  }
  std::vector<S2CellId> ids;
  for (int64_t k = 0; k < total; ++k) {
    if (keep[k]) ids.push_back(begin.advance(k));
  }
  return CellGrid::FromCellIds(std::move(ids), level);
}

}  // namespace leotwin::coverage
