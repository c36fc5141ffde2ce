// The scenario's story for the map: the ledger as a timeline, "who decided, since when" for a
// territory, a geofence or a terminal, and the terminals with their decisions (admin only).
#include <algorithm>

#include "fmt/format.h"
#include "leotwin/api/handlers.h"
#include "leotwin/api/policy_access.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/policy.h"

namespace leotwin::api {

using nlohmann::json;

StatusOr<ApiReply> GetTimeline(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  LEOTWIN_ASSIGN_OR_RETURN(json proposals, twin.policy().Proposals());
  if (request.access != Access::kAdmin) RedactSubscriberData(proposals);
  json marks = json::array();
  for (const json& p : proposals) {
    if (p.value("status", "") != "enacted") continue;
    json approvers = json::array();
    for (const json& v : p["votes"]) {
      if (v.value("verdict", "") == "approve") approvers.push_back(v["voter"]);
    }
    marks.push_back({{"time", p["decided_at"]},
                     {"entry", p["entry"]},
                     {"decided_entry", p["decided_entry"]},
                     {"kind", p["action_kind"]},
                     {"description", p["description"]},
                     {"comment", p["comment"]},
                     {"proposer", p["proposer"]},
                     {"proposed_at", p["proposed_at"]},
                     {"approvers", approvers}});
  }
  std::sort(marks.begin(), marks.end(), [](const json& a, const json& b) {
    return a["decided_entry"].get<int64_t>() < b["decided_entry"].get<int64_t>();
  });
  LEOTWIN_ASSIGN_OR_RETURN(const auto summary, twin.policy().Summary());
  json span;
  if (const auto& s = twin.options().scenario) {
    span = {{"start", s->first_time().ToIso8601()}, {"end", s->last_time().ToIso8601()}};
  } else if (!marks.empty()) {
    span = {{"start", marks.front()["time"]}, {"end", summary.head_time.ToIso8601()}};
  }
  ApiReply reply;
  reply.body = {
      {"history", span},
      {"orbit_window",
       {{"start", twin.window_start().ToIso8601()}, {"end", twin.window_end().ToIso8601()}}},
      {"head", {{"seq", summary.head_seq}, {"time", summary.head_time.ToIso8601()}}},
      {"marks", marks}};
  return reply;
}

StatusOr<ApiReply> GetExplain(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed(
      {"territory", "geofence", "terminal", "lat", "lon", "speed", "at"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  const int subjects = request.query.Has("territory") + request.query.Has("geofence") +
                       request.query.Has("terminal");
  if (subjects != 1) {
    return absl::InvalidArgumentError(
        "give exactly one of territory=ISO, geofence=ID, terminal=ID (with lat and lon)");
  }
  ApiReply reply;
  if (request.query.Has("terminal")) {
    LEOTWIN_RETURN_IF_ERROR(NeedAdmin(request, "explaining a terminal's decision"));
    LEOTWIN_ASSIGN_OR_RETURN(const TerminalAtPosition q, TerminalQuery(request));
    LEOTWIN_ASSIGN_OR_RETURN(
        reply.body, twin.policy().ExplainTerminal(q.terminal, q.lat, q.lon, q.speed_kmh, at));
    return reply;
  }
  const bool territory = request.query.Has("territory");
  LEOTWIN_ASSIGN_OR_RETURN(const std::string id,
                           request.query.RequiredString(territory ? "territory" : "geofence", 64));
  LEOTWIN_ASSIGN_OR_RETURN(reply.body,
                           twin.policy().ExplainRule(territory ? "territory" : "geofence", id, at));
  return reply;
}

StatusOr<ApiReply> GetTerritoryStates(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at"}));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, twin.policy().PolicyAt(at));
  const SimTime t = at.value_or(PolicyService::Now());
  const geo::TerritorySet& territories = policy->territories();
  json states = json::object();
  for (int i = 0; i < territories.size(); ++i) {
    states[territories.info(i).iso_a2] = TerritoryStateJson(policy->TerritoryRuleAt(i, t));
  }
  ApiReply reply;
  reply.body = {{"time", t.ToIso8601()}, {"states", std::move(states)}};
  return reply;
}

StatusOr<ApiReply> GetTerminals(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at"}));
  LEOTWIN_RETURN_IF_ERROR(NeedAdmin(request, "the terminal registry"));
  LEOTWIN_ASSIGN_OR_RETURN(const auto at, PolicyTime(request));
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, twin.policy().PolicyAt(at));
  const SimTime t = at.value_or(PolicyService::Now());
  json terminals = json::array();
  for (const policy::Terminal& term : policy->terminals()) {
    const std::string& id = term.id;
    const policy::Decision d = policy::Authorize(*policy, term, term.service_lat_deg,
                                                 term.service_lon_deg, /*speed_kmh=*/0, t);
    terminals.push_back({{"id", id},
                         {"kind", policy::TerminalKindName(term.kind)},
                         {"status", policy::TerminalStatusName(term.status)},
                         {"lat", term.service_lat_deg},
                         {"lon", term.service_lon_deg},
                         {"sponsor", term.sponsor},
                         {"registered_entry", term.registered_entry_id},
                         {"decision", d.ToJson()}});
  }
  ApiReply reply;
  reply.body = {{"time", t.ToIso8601()}, {"terminals", terminals}};
  return reply;
}

}  // namespace leotwin::api
