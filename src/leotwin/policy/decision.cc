// The decision engine over a Policy value (policy.h): the fast path (Decide, DecideLocated), its
// explanation (Explain) and Authorize = Explain(Decide()). The precedence (first matching rule
// decides) is documented in docs/policy.md.
#include "leotwin/policy/decision.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"
#include "s2/s1angle.h"
#include "s2/s2latlng.h"

namespace leotwin::policy {

namespace {

// Mean Earth radius (IUGG R1), for great-circle distances on the sphere.
constexpr double kEarthRadiusKm = kEarthMeanRadiusKm;

constexpr std::array<std::string_view, 11> kReasonNames = {"ok",
                                                           "too_far_from_service_address",
                                                           "in_ocean",
                                                           "blocked_country",
                                                           "cell_disabled",
                                                           "moving_too_fast",
                                                           "blocked_area",
                                                           "terminal_suspended",
                                                           "not_activated",
                                                           "unknown_terminal",
                                                           "invalid_position"};

std::string Where(double lat, double lon) { return fmt::format("({:.5f}, {:.5f})", lat, lon); }

}  // namespace

std::string_view ReasonCodeName(ReasonCode reason) {
  return kReasonNames[static_cast<int>(reason)];
}

nlohmann::json Decision::ToJson() const {
  return {{"allowed", allowed},
          {"decision", allowed ? "allow" : "deny"},
          {"reason", ReasonCodeName(reason)},
          {"rule", rule_id},
          {"ledger_entry", ledger_entry_id},
          {"territory", territory},
          {"message", message}};
}

namespace {

double MaxSpeed(const PolicyOptions& o, TerminalKind kind) {
  switch (kind) {
    case TerminalKind::kFixed:
      return o.fixed_max_speed_kmh;
    case TerminalKind::kRoam:
      return o.roam_max_speed_kmh;
    case TerminalKind::kMaritime:
      return o.maritime_max_speed_kmh;
    case TerminalKind::kAviation:
      return o.aviation_max_speed_kmh;
    case TerminalKind::kGovernment:
      break;
  }
  return std::numeric_limits<double>::infinity();
}

// Geofence facts at a point, gathered in precedence order.
struct FenceFacts {
  const CompiledGeofence* deny_uncapped = nullptr;
  const CompiledGeofence* deny_capped_violated = nullptr;
  const CompiledGeofence* allow = nullptr;  // first active allow whose cap (if any) is respected
};

// Returns false to stop the scan (an uncapped deny outranks everything else).
inline bool Observe(FenceFacts& f, const CompiledGeofence& g, double speed_kmh, SimTime t) {
  if (!g.ActiveAt(t)) return true;
  if (g.effect == GeofenceEffect::kDeny) {
    if (!g.speed_cap_kmh) {
      f.deny_uncapped = &g;
      return false;
    }
    if (speed_kmh > *g.speed_cap_kmh && f.deny_capped_violated == nullptr) {
      f.deny_capped_violated = &g;
    }
  } else if (f.allow == nullptr && (!g.speed_cap_kmh || speed_kmh <= *g.speed_cap_kmh)) {
    f.allow = &g;
  }
  return true;
}

FastDecision Fast(bool allowed, ReasonCode reason, RuleKind rule, int territory, int64_t entry,
                  const CompiledGeofence* fence = nullptr, int rule_territory = -1) {
  FastDecision d;
  d.allowed = allowed;
  d.reason = reason;
  d.rule = rule;
  d.territory = territory;
  d.rule_territory = rule_territory;
  d.geofence = fence;
  d.ledger_entry_id = entry;
  return d;
}

// Rules 3-7 once the geometry is known.
// `position()` returns the unit point of the position (computed only for fixed terminals).
template <typename Position>
FastDecision DecideFromFacts(const Policy& policy, const Terminal& terminal, Position&& position,
                             double speed_kmh, SimTime t, int territory, const FenceFacts& f) {
  // 3. Deny geofences.
  if (f.deny_uncapped != nullptr) {
    return Fast(false, ReasonCode::kBlockedArea, RuleKind::kGeofence, territory,
                f.deny_uncapped->ledger_entry_id, f.deny_uncapped);
  }
  if (f.deny_capped_violated != nullptr) {
    return Fast(false, ReasonCode::kMovingTooFast, RuleKind::kGeofence, territory,
                f.deny_capped_violated->ledger_entry_id, f.deny_capped_violated);
  }
  // 4. Per-kind speed limit.
  const PolicyOptions& options = policy.options();
  if (speed_kmh > MaxSpeed(options, terminal.kind)) {
    return Fast(false, ReasonCode::kMovingTooFast, RuleKind::kKind, territory,
                terminal.registered_entry_id);
  }
  // 5. Fixed terminals near their service address.
  if (terminal.kind == TerminalKind::kFixed) {
    const S2Point home = geo::PointFromDegrees(terminal.service_lat_deg, terminal.service_lon_deg);
    if (S1Angle(position(), home).radians() * kEarthRadiusKm > options.fixed_radius_km) {
      return Fast(false, ReasonCode::kTooFarFromServiceAddress, RuleKind::kTerminal, territory,
                  terminal.registered_entry_id);
    }
  }
  // 6. At sea.
  int state_territory = territory;
  if (state_territory == geo::TerritorySet::kOcean) {
    if (terminal.kind == TerminalKind::kFixed) state_territory = terminal.service_territory;
    if (state_territory == geo::TerritorySet::kOcean) {
      if (terminal.kind == TerminalKind::kRoam) {
        if (f.allow != nullptr) {
          return Fast(true, ReasonCode::kOk, RuleKind::kGeofence, territory,
                      f.allow->ledger_entry_id, f.allow);
        }
        return Fast(false, ReasonCode::kInOcean, RuleKind::kKind, territory,
                    terminal.registered_entry_id);
      }
      return Fast(true, ReasonCode::kOk, RuleKind::kOcean, territory, terminal.registered_entry_id);
    }
  }
  // 7. Territory state.
  const TerritoryRule& rule = policy.TerritoryRuleAt(state_territory, t);
  const RuleKind kind =
      rule.ledger_entry_id == kNoLedgerEntry ? RuleKind::kDefault : RuleKind::kTerritory;
  switch (rule.state) {
    case TerritoryState::kBlocked:
      return Fast(false, ReasonCode::kBlockedCountry, kind, territory, rule.ledger_entry_id,
                  nullptr, state_territory);
    case TerritoryState::kAvailable:
      return Fast(true, ReasonCode::kOk, kind, territory, rule.ledger_entry_id, nullptr,
                  state_territory);
    default:
      break;
  }
  if (f.allow != nullptr) {
    return Fast(true, ReasonCode::kOk, RuleKind::kGeofence, territory, f.allow->ledger_entry_id,
                f.allow, state_territory);
  }
  if (terminal.kind == TerminalKind::kGovernment) {
    return Fast(true, ReasonCode::kOk, RuleKind::kKind, territory, terminal.registered_entry_id,
                nullptr, state_territory);
  }
  return Fast(false,
              rule.state == TerritoryState::kWaitlist ? ReasonCode::kCellDisabled
                                                      : ReasonCode::kNotActivated,
              kind, territory, rule.ledger_entry_id, nullptr, state_territory);
}

// Rules 0 and 2 (rule 1 is the caller's lookup).
inline bool Precheck(const Terminal& terminal, double lat_deg, double lon_deg, double speed_kmh,
                     FastDecision* out) {
  if (!(lat_deg >= -90 && lat_deg <= 90) || !std::isfinite(lon_deg) ||
      !(speed_kmh >= 0 && speed_kmh < std::numeric_limits<double>::infinity())) {
    *out = Fast(false, ReasonCode::kInvalidPosition, RuleKind::kInput, -1, kNoLedgerEntry);
    return false;
  }
  if (terminal.status == TerminalStatus::kSuspended) {
    *out = Fast(false, ReasonCode::kTerminalSuspended, RuleKind::kTerminal, -1,
                terminal.status_entry_id);
    return false;
  }
  return true;
}

}  // namespace

FastDecision Decide(const Policy& policy, const Terminal& terminal, double lat_deg, double lon_deg,
                    double speed_kmh, SimTime t, Evaluation evaluation) {
  FastDecision early;
  if (!Precheck(terminal, lat_deg, lon_deg, speed_kmh, &early)) return early;
  const CompiledIndex& index = policy.index();
  // Both paths see the same wrapped longitude (cos/sin of a huge angle would differ).
  lon_deg = geo::WrapLongitude(lon_deg);
  auto position = [&] { return geo::PointFromDegrees(lat_deg, lon_deg); };
  FenceFacts facts;
  auto observe = [&](const CompiledGeofence& g) { return Observe(facts, g, speed_kmh, t); };
  int territory;
  if (evaluation == Evaluation::kCompiledIndex) {
    territory = index.LocateDegrees(lat_deg, lon_deg, observe);
  } else {
    const S2Point p = position();
    index.VisitGeofencesDirect(p, observe);
    territory = index.TerritoryDirect(p);
  }
  return DecideFromFacts(policy, terminal, position, speed_kmh, t, territory, facts);
}

FastDecision DecideLocated(const Policy& policy, const Terminal& terminal, const S2Point& p,
                           double speed_kmh, SimTime t, int territory,
                           std::span<const CompiledGeofence* const> fences) {
  LEOTWIN_DCHECK(std::fabs(p.Norm2() - 1.0) < 1e-9);
  LEOTWIN_DCHECK(std::isfinite(speed_kmh) && speed_kmh >= 0.0);
  const S2LatLng ll(p);
  FastDecision early;
  if (!Precheck(terminal, ll.lat().degrees(), ll.lng().degrees(), speed_kmh, &early)) return early;
  FenceFacts facts;
  for (const CompiledGeofence* g : fences) {
    if (!Observe(facts, *g, speed_kmh, t)) break;
  }
  return DecideFromFacts(
      policy, terminal, [&]() -> const S2Point& { return p; }, speed_kmh, t, territory, facts);
}

namespace {

std::string FenceLabel(const CompiledGeofence& g) {
  return g.name.empty() ? fmt::format("geofence {}", g.id)
                        : fmt::format("geofence {} \"{}\"", g.id, g.name);
}

}  // namespace

Decision Explain(const Policy& policy, const Terminal& terminal, const FastDecision& fast,
                 double lat_deg, double lon_deg, double speed_kmh, SimTime t) {
  const geo::TerritorySet& territories = policy.territories();
  Decision d;
  d.allowed = fast.allowed;
  d.reason = fast.reason;
  d.ledger_entry_id = fast.ledger_entry_id;
  d.territory = fast.territory < 0 ? "" : territories.info(fast.territory).iso_a2;
  const std::string_view kind = TerminalKindName(terminal.kind);
  const std::string who = fmt::format("{} terminal {}", kind, terminal.id);
  const std::string place =
      Where(lat_deg, lon_deg) + (d.territory.empty() ? " at sea" : " in " + d.territory);
  const char* verdict = fast.allowed ? "allow" : "deny";
  switch (fast.rule) {
    case RuleKind::kInput:
      d.rule_id = "input";
      d.message = fmt::format("deny: invalid position or speed for {} (lat {}, lon {}, {} km/h)",
                              who, lat_deg, lon_deg, speed_kmh);
      break;
    case RuleKind::kTerminal:
      d.rule_id = "terminal:" + terminal.id;
      if (fast.reason == ReasonCode::kTerminalSuspended) {
        d.message =
            fmt::format("deny: {} is suspended (ledger entry {})", who, fast.ledger_entry_id);
      } else {
        const S2Point home =
            geo::PointFromDegrees(terminal.service_lat_deg, terminal.service_lon_deg);
        const double km =
            S1Angle(geo::PointFromDegrees(lat_deg, lon_deg), home).radians() * kEarthRadiusKm;
        d.message = fmt::format(
            "deny: {} at {} is {:.1f} km from its service address (limit {:.1f} km, registered "
            "in ledger entry {})",
            who, place, km, policy.options().fixed_radius_km, terminal.registered_entry_id);
      }
      break;
    case RuleKind::kGeofence: {
      const CompiledGeofence& g = *fast.geofence;
      d.rule_id = "geofence:" + g.id;
      if (fast.reason == ReasonCode::kMovingTooFast) {
        d.message = fmt::format(
            "deny: {} at {} moves at {:.1f} km/h, above the {:.1f} km/h cap of {} (ledger entry "
            "{})",
            who, place, speed_kmh, *g.speed_cap_kmh, FenceLabel(g), g.ledger_entry_id);
      } else {
        d.message =
            fmt::format("{}: {} at {} is inside {} {} (ledger entry {})", verdict, who, place,
                        GeofenceEffectName(g.effect), FenceLabel(g), g.ledger_entry_id);
        if (fast.allowed && fast.rule_territory >= 0) {
          d.message +=
              fmt::format(", over {} being {}", territories.info(fast.rule_territory).iso_a2,
                          TerritoryStateName(policy.TerritoryRuleAt(fast.rule_territory, t).state));
        }
      }
      break;
    }
    case RuleKind::kKind:
      d.rule_id = fmt::format("kind:{}", kind);
      if (fast.reason == ReasonCode::kMovingTooFast) {
        d.message = fmt::format(
            "deny: {} moves at {:.1f} km/h, above the {:.1f} km/h limit for {} terminals", who,
            speed_kmh, MaxSpeed(policy.options(), terminal.kind), kind);
      } else if (fast.reason == ReasonCode::kInOcean) {
        d.message =
            fmt::format("deny: {} at {} is in the ocean; roam service is for land", who, place);
      } else {
        const geo::Territory& ter = territories.info(fast.rule_territory);
        d.message = fmt::format(
            "allow: {} at {}: government terminals are served where {} is {} (registered in "
            "ledger entry {})",
            who, place, ter.iso_a2,
            TerritoryStateName(policy.TerritoryRuleAt(fast.rule_territory, t).state),
            terminal.registered_entry_id);
      }
      break;
    case RuleKind::kOcean:
      d.rule_id = "ocean";
      d.message =
          fmt::format("allow: {} at {} (open sea is served for {} terminals)", who, place, kind);
      break;
    case RuleKind::kTerritory:
    case RuleKind::kDefault: {
      const geo::Territory& ter = territories.info(fast.rule_territory);
      const TerritoryRule& rule = policy.TerritoryRuleAt(fast.rule_territory, t);
      d.rule_id = (fast.rule == RuleKind::kDefault ? "default:" : "territory:") + ter.iso_a2;
      const std::string since =
          fast.rule == RuleKind::kDefault
              ? "by default"
              : fmt::format("since {} (ledger entry {})", rule.effective_at.ToIso8601(),
                            rule.ledger_entry_id);
      d.message = fmt::format("{}: {} at {}: {} ({}) is {} {}", verdict, who, place, ter.name,
                              ter.iso_a2, TerritoryStateName(rule.state), since);
      if (rule.coming_soon_date) {
        d.message += fmt::format(", service expected {}", rule.coming_soon_date->ToIso8601());
      }
      break;
    }
  }
  return d;
}

Decision Authorize(const Policy& policy, const Terminal& terminal, double lat_deg, double lon_deg,
                   double speed_kmh, SimTime t, Evaluation evaluation) {
  const FastDecision fast = Decide(policy, terminal, lat_deg, lon_deg, speed_kmh, t, evaluation);
  return Explain(policy, terminal, fast, lat_deg, lon_deg, speed_kmh, t);
}

Decision Authorize(const Policy& policy, std::string_view terminal_id, double lat_deg,
                   double lon_deg, double speed_kmh, SimTime t, Evaluation evaluation) {
  const std::optional<Terminal> terminal = policy.FindTerminal(terminal_id);
  if (!terminal) {
    Decision d;
    d.allowed = false;
    d.reason = ReasonCode::kUnknownTerminal;
    d.rule_id = fmt::format("terminal:{}", terminal_id);
    d.ledger_entry_id = kNoLedgerEntry;
    d.message = fmt::format("deny: terminal {} is not registered", terminal_id);
    return d;
  }
  return Authorize(policy, *terminal, lat_deg, lon_deg, speed_kmh, t, evaluation);
}

}  // namespace leotwin::policy
