// "Why is territory X in this state at T, and who decided?" and "where does geofence G come
// from?": the rule in force at an instant and the ledger entries behind it, as `leotwin policy
// explain --territory/--geofence` prints it and the map's panel shows it (the same text).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/ledger.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger {

struct RuleExplanation {
  std::string kind;     // "territory" or "geofence"
  std::string id;       // "UA" / "front-2022-10"
  std::string name;     // "Ukraine" / the geofence's name
  std::string state;    // territory state, or "deny, active" / "allow, inactive" for a geofence
  std::string details;  // e.g. "coming soon on 2021-04-15T00:00:00Z", "speed cap 30 km/h"
  SimTime at;
  SimTime since;            // when the state took effect (the rule's effective time)
  bool is_default = false;  // a built-in default, no ledger entry
  int64_t ledger_head = 0;  // entries replayed (committed at or before `at`)
  std::optional<Provenance> rule;
  // Territories: the earlier rules of the schedule, oldest first ("state since time (entry N)").
  std::vector<std::string> earlier;

  nlohmann::json ToJson() const;
  std::string ToText() const;
};

// `state` is the ledger replayed to `t` (Ledger::StateAt). NotFound for an unknown territory code,
// or a geofence that is not in the policy at `t` (not yet added, or removed).
StatusOr<RuleExplanation> ExplainTerritory(const LedgerState& state, std::string_view iso,
                                           SimTime t);
StatusOr<RuleExplanation> ExplainGeofence(const LedgerState& state, std::string_view id, SimTime t);

}  // namespace leotwin::ledger
