// What the policy endpoints share: the policy clock of a request and the rules for subscriber
// data (terminal locations and sponsors are for admin access only). Defined in handlers_policy.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "leotwin/api/query.h"
#include "leotwin/api/request_router.h"
#include "leotwin/base/status.h"
#include "leotwin/policy/policy.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"

namespace leotwin::api {

// The policy clock: `at` optional (nullopt: now), any instant from 1970 to 2200.
StatusOr<std::optional<SimTime>> PolicyTime(const ApiRequest& request);
// Subscriber data in ledger JSON (entries, proposals, changes): service addresses and sponsors
// become null, and a terminal change's description (which repeats both) a generic one.
void RedactSubscriberData(nlohmann::json& j);
// Unauthenticated (401) unless the request has admin access.
Status NeedAdmin(const ApiRequest& request, std::string_view what);

// A terminal at a position, as /decide and /explain take it: terminal (<= 128 bytes), lat in
// [-90, 90], lon in [-180, 180], speed in [0, 1e5] km/h (default 0).
struct TerminalAtPosition {
  std::string terminal;
  double lat = 0, lon = 0, speed_kmh = 0;
};
StatusOr<TerminalAtPosition> TerminalQuery(const ApiRequest& request);

// A territory's rule as /territories and /territory-states show it: "state", "ledger_entry" and,
// for coming_soon with a date, "coming_soon_date".
nlohmann::json TerritoryStateJson(const policy::TerritoryRule& rule);

}  // namespace leotwin::api
