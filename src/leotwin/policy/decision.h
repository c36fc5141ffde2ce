// Authorization decisions over a Policy value (policy.h): for a terminal at a position, ground
// speed and instant, which rule decides and why. Decide() is the allocation-free hot path;
// Explain() turns its answer into a Decision (rule id, ledger entry, sentence); Authorize() is
// both. The precedence (first matching rule decides) is documented in docs/policy.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "leotwin/policy/policy.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"
#include "s2/s2point.h"

namespace leotwin::policy {

enum class ReasonCode : uint8_t {
  kOk,
  kTooFarFromServiceAddress,
  kInOcean,
  kBlockedCountry,
  kCellDisabled,
  kMovingTooFast,
  kBlockedArea,
  kTerminalSuspended,
  kNotActivated,
  kUnknownTerminal,
  kInvalidPosition,  // non-finite or out-of-range latitude/longitude, negative or non-finite speed
};
// "ok", "too_far_from_service_address", "in_ocean", "blocked_country", "cell_disabled",
// "moving_too_fast", "blocked_area", "terminal_suspended", "not_activated", "unknown_terminal",
// "invalid_position".
std::string_view ReasonCodeName(ReasonCode reason);

struct Decision {
  bool allowed = false;
  ReasonCode reason = ReasonCode::kUnknownTerminal;
  // The deciding rule: "territory:UA", "geofence:<id>", "terminal:<id>", "kind:<kind>" (per-kind
  // speed cap / radius from PolicyOptions), "ocean" (open sea served for this kind),
  // "default:<iso>" (territory never set by the ledger).
  std::string rule_id;
  int64_t ledger_entry_id = kNoLedgerEntry;  // entry that created the deciding rule
  std::string territory;                     // ISO code at the position, "" at sea
  std::string message;                       // one human sentence
  nlohmann::json ToJson() const;
};

// Which geometry path a decision uses. Both give identical decisions (differential-tested).
enum class Evaluation : uint8_t { kCompiledIndex, kDirect };

// Authorizes a terminal at a position (WGS84 geodetic latitude/longitude in degrees; longitude any
// finite value, wrapped), ground speed `speed_kmh` (>= 0) and instant `t`. Never fails: unknown
// terminals (unknown_terminal) and invalid inputs (invalid_position) are denials with a reason.
Decision Authorize(const Policy& policy, std::string_view terminal_id, double lat_deg,
                   double lon_deg, double speed_kmh, SimTime t,
                   Evaluation evaluation = Evaluation::kCompiledIndex);
Decision Authorize(const Policy& policy, const Terminal& terminal, double lat_deg, double lon_deg,
                   double speed_kmh, SimTime t, Evaluation evaluation = Evaluation::kCompiledIndex);

// --- The hot path, without strings ---------------------------------------------------------
// Authorize() == Explain(Decide()). Decide() allocates nothing and formats nothing; benchmarks
// measure it ("decisions per second").

// What kind of rule decided.
enum class RuleKind : uint8_t {
  kInput,      // invalid position or speed
  kTerminal,   // terminal registry (unknown, suspended, too far from its address)
  kGeofence,   // a geofence (FastDecision::geofence)
  kKind,       // a per-kind rule (speed limit, roam at sea, government exemption)
  kOcean,      // open sea served for this kind
  kTerritory,  // a territory state set by the ledger (FastDecision::rule_territory)
  kDefault,    // a territory state never set (PolicyOptions::default_state)
};

struct FastDecision {
  bool allowed = false;
  ReasonCode reason = ReasonCode::kUnknownTerminal;
  RuleKind rule = RuleKind::kInput;
  int32_t territory = -1;       // territory index at the position, -1 at sea
  int32_t rule_territory = -1;  // territory whose state decided (kTerritory / kDefault)
  // The deciding geofence (kGeofence); points into policy.index(), valid while it lives.
  const CompiledGeofence* geofence = nullptr;
  int64_t ledger_entry_id = kNoLedgerEntry;
  bool operator==(const FastDecision&) const = default;
};

FastDecision Decide(const Policy& policy, const Terminal& terminal, double lat_deg, double lon_deg,
                    double speed_kmh, SimTime t,
                    Evaluation evaluation = Evaluation::kCompiledIndex);
// The same decision from geometry located elsewhere (a peer engine, a test): `territory` is the
// territory index containing `p` (-1 at sea) and `fences` the geofences of policy.index()
// containing `p`, in precedence order (policy.index().geofences() order). REQUIRES: p is the unit
// point of a valid position (PointFromDegrees), speed_kmh finite and >= 0.
FastDecision DecideLocated(const Policy& policy, const Terminal& terminal, const S2Point& p,
                           double speed_kmh, SimTime t, int territory,
                           std::span<const CompiledGeofence* const> fences);
// The full Decision (rule id, ledger entry, sentence) for a FastDecision.
Decision Explain(const Policy& policy, const Terminal& terminal, const FastDecision& fast,
                 double lat_deg, double lon_deg, double speed_kmh, SimTime t);

}  // namespace leotwin::policy
