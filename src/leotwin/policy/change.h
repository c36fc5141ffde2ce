// Typed changes to the service policy: the payload of every ledger proposal.
//
// A PolicyChange is one of five actions. Each converts to and from JSON (nlohmann-json) with strict
// validation: unknown fields, wrong types, out-of-range values and invalid GeoJSON are refused with
// a Status naming the field ("add_geofence.geometry: ..."). ToJson() is canonical (keys sorted,
// times as RFC 3339 UTC strings), so `ToJson(x).dump()` is a stable byte string the ledger can hash
// and sign, and FromJson(ToJson(x)) == x.
//
// JSON forms (times are RFC 3339 strings, "2026-01-01T00:00:00Z"; coordinates in degrees WGS84):
//   {"action":"set_territory_state","iso":"UA","state":"blocked",
//    "coming_soon_date":"2026-03-01T00:00:00Z" (only with state coming_soon, optional),
//    "effective_at":"2026-01-01T00:00:00Z" (optional; default: the approval instant)}
//   {"action":"add_geofence","id":"front-1","name":"Front line","effect":"deny"|"allow",
//    "geometry":{GeoJSON Polygon or MultiPolygon},
//    "window":{"from":"...","to":"..."} (optional; active on [from, to); either bound optional),
//    "speed_cap_kmh":100 (optional, > 0)}
//   {"action":"remove_geofence","id":"front-1"}
//   {"action":"register_terminal","id":"T-1","kind":"fixed"|"roam"|"maritime"|"aviation"|
//    "government","service_address":{"lat":50.45,"lon":30.52},"sponsor":"ACME Ltd"}
//   {"action":"set_terminal_status","id":"T-1","status":"active"|"suspended"}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "leotwin/base/status.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"

namespace leotwin::policy {

// Activation state of a territory, as on the public availability map.
enum class TerritoryState : uint8_t {
  kAvailable,    // "available": service sold and served
  kWaitlist,     // "waitlist": served, but cells are at capacity (new activations refused)
  kComingSoon,   // "coming_soon": announced, with an optional date
  kUnavailable,  // "unavailable": "service date unknown"
  kBlocked,      // "blocked": service refused by decision (licence, sanctions, ...)
};
// "available", "waitlist", "coming_soon", "unavailable", "blocked".
std::string_view TerritoryStateName(TerritoryState state);
StatusOr<TerritoryState> ParseTerritoryState(std::string_view name);

enum class TerminalKind : uint8_t { kFixed, kRoam, kMaritime, kAviation, kGovernment };
// "fixed", "roam", "maritime", "aviation", "government".
std::string_view TerminalKindName(TerminalKind kind);
StatusOr<TerminalKind> ParseTerminalKind(std::string_view name);

enum class TerminalStatus : uint8_t { kActive, kSuspended };
// "active", "suspended".
std::string_view TerminalStatusName(TerminalStatus status);
StatusOr<TerminalStatus> ParseTerminalStatus(std::string_view name);

enum class GeofenceEffect : uint8_t { kDeny, kAllow };
// "deny", "allow".
std::string_view GeofenceEffectName(GeofenceEffect effect);
StatusOr<GeofenceEffect> ParseGeofenceEffect(std::string_view name);

// Sets a territory's activation state, now (at approval) or at a scheduled future instant.
struct SetTerritoryState {
  std::string iso;  // ISO 3166-1 alpha-2 or alpha-3 code (or a documented user-assigned code)
  TerritoryState state = TerritoryState::kAvailable;
  std::optional<SimTime> coming_soon_date;  // only with kComingSoon
  std::optional<SimTime> effective_at;      // unset: takes effect when approved
  bool operator==(const SetTerritoryState&) const = default;
};

// Adds a named region that denies or allows service, layered over territory states.
struct AddGeofence {
  std::string id;    // unique among live geofences; 1..64 chars [A-Za-z0-9._:-]
  std::string name;  // human label, may be empty
  GeofenceEffect effect = GeofenceEffect::kDeny;
  nlohmann::json geometry;             // GeoJSON Polygon or MultiPolygon (validated on parse)
  std::optional<SimTime> active_from;  // window [active_from, active_until); unset = unbounded
  std::optional<SimTime> active_until;
  std::optional<double> speed_cap_kmh;  // > 0; see docs/policy.md for its meaning per effect
  bool operator==(const AddGeofence&) const = default;
};

struct RemoveGeofence {
  std::string id;
  bool operator==(const RemoveGeofence&) const = default;
};

// Registers a terminal (status starts kActive).
struct RegisterTerminal {
  std::string id;  // unique; 1..64 chars [A-Za-z0-9._:-]
  TerminalKind kind = TerminalKind::kFixed;
  double service_lat_deg = 0;  // service address, WGS84 degrees, [-90, 90]
  double service_lon_deg = 0;  // [-180, 180]
  std::string sponsor;         // sponsor or contract reference, may be empty
  bool operator==(const RegisterTerminal&) const = default;
};

struct SetTerminalStatus {
  std::string id;
  TerminalStatus status = TerminalStatus::kActive;
  bool operator==(const SetTerminalStatus&) const = default;
};

using PolicyChange = std::variant<SetTerritoryState, AddGeofence, RemoveGeofence, RegisterTerminal,
                                  SetTerminalStatus>;

// The action kind of a change by its verb alone (the ledger chooses quorums by effect instead,
// against the policy in force: see policy::ClassifyChange in policy.h):
//   "territory.block"      SetTerritoryState to kBlocked
//   "territory.set_state"  SetTerritoryState to any other state
//   "geofence.add_deny"    AddGeofence with effect deny
//   "geofence.add_allow"   AddGeofence with effect allow
//   "geofence.remove"      RemoveGeofence
//   "terminal.register"    RegisterTerminal
//   "terminal.suspend"     SetTerminalStatus to suspended
//   "terminal.activate"    SetTerminalStatus to active
std::string_view ActionKind(const PolicyChange& change);
// Every action kind quorum rules may name: the above plus "geofence.remove_allow" (removing an
// allow geofence, which cuts service; only ClassifyChange produces it).
const std::vector<std::string_view>& AllActionKinds();
// Suggested number of approvers (other than the proposer) for an action kind: 2 for the kinds that
// cut service off an area ("territory.block", "geofence.add_deny", "geofence.remove_allow"), 1
// otherwise.
int RecommendedApprovals(std::string_view action_kind);

// Canonical JSON (see the file comment).
nlohmann::json ToJson(const PolicyChange& change);
// Strict parse of one change object. Errors are InvalidArgument naming the field.
StatusOr<PolicyChange> PolicyChangeFromJson(const nlohmann::json& json);
// Parses JSON text, then PolicyChangeFromJson. A syntax error reads
// "policy change:LINE:COLUMN: invalid JSON: <what was expected>" (base/input.h ParseJson).
StatusOr<PolicyChange> ParsePolicyChange(std::string_view text);

// One human sentence, e.g. "block territory UA from 2026-01-01T00:00:00Z".
std::string Describe(const PolicyChange& change);

}  // namespace leotwin::policy
