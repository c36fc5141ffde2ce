#include "leotwin/policy/policy.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"
#include "s2/s1angle.h"
#include "s2/s2latlng.h"

namespace leotwin::policy {

namespace {

// Mean Earth radius (IUGG R1), for great-circle distances on the sphere.
constexpr double kEarthRadiusKm = 6371.0088;

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

Policy::Policy(std::shared_ptr<const geo::TerritorySet> territories, PolicyOptions options)
    : territories_(std::move(territories)), options_(options) {
  schedules_.resize(territories_->size());
  RebuildIndex();
}

StatusOr<Policy> Policy::CreateDefault(PolicyOptions options) {
  LEOTWIN_ASSIGN_OR_RETURN(auto territories, geo::TerritorySet::Default());
  return Policy(std::move(territories), options);
}

Policy::Policy(const Policy&) = default;
Policy& Policy::operator=(const Policy&) = default;
Policy::Policy(Policy&&) noexcept = default;
Policy& Policy::operator=(Policy&&) noexcept = default;
Policy::~Policy() = default;

void Policy::RebuildIndex() { index_ = CompiledIndex::Build(territories_, geofences_); }

const std::vector<TerritoryRule>& Policy::TerritorySchedule(int index) const {
  return schedules_[index];
}

const TerritoryRule& Policy::TerritoryRuleAt(int index, SimTime t) const {
  static const TerritoryRule kDefaults[5] = {
      {TerritoryState::kAvailable, std::nullopt, SimTime(), kNoLedgerEntry},
      {TerritoryState::kWaitlist, std::nullopt, SimTime(), kNoLedgerEntry},
      {TerritoryState::kComingSoon, std::nullopt, SimTime(), kNoLedgerEntry},
      {TerritoryState::kUnavailable, std::nullopt, SimTime(), kNoLedgerEntry},
      {TerritoryState::kBlocked, std::nullopt, SimTime(), kNoLedgerEntry}};
  const std::vector<TerritoryRule>& rules = schedules_[index];
  // Latest rule with effective_at <= t (rules are sorted by effective_at).
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    if (it->effective_at <= t) return *it;
  }
  return kDefaults[static_cast<int>(options_.default_state)];
}

StatusOr<TerritoryRule> Policy::TerritoryRuleAt(std::string_view iso, SimTime t) const {
  const std::optional<int> index = territories_->Find(iso);
  if (!index) return absl::NotFoundError(fmt::format("unknown territory \"{}\"", iso));
  return TerritoryRuleAt(*index, t);
}

const Geofence* Policy::FindGeofence(std::string_view id) const {
  auto it = geofences_.find(id);
  return it == geofences_.end() ? nullptr : &it->second;
}

const Terminal* Policy::FindTerminal(std::string_view id) const {
  auto it = terminals_.find(id);
  return it == terminals_.end() ? nullptr : &it->second;
}

Status Policy::Validate(const PolicyChange& change, SimTime approved_at) const {
  return ValidateImpl(change, approved_at, nullptr);
}

Status Policy::ValidateImpl(const PolicyChange& change, SimTime approved_at,
                            std::shared_ptr<const geo::Region>* region_out) const {
  if (const auto* c = std::get_if<SetTerritoryState>(&change)) {
    const std::optional<int> index = territories_->Find(c->iso);
    if (!index) return absl::NotFoundError(fmt::format("unknown territory \"{}\"", c->iso));
    if (c->coming_soon_date && c->state != TerritoryState::kComingSoon) {
      return absl::InvalidArgumentError("coming_soon_date is only allowed with state coming_soon");
    }
    const SimTime effective = c->effective_at.value_or(approved_at);
    if (effective < approved_at) {
      return absl::InvalidArgumentError(
          fmt::format("effective_at {} is before the approval time {}: changes cannot be backdated",
                      effective.ToIso8601(), approved_at.ToIso8601()));
    }
    const std::string& iso = territories_->at(*index).iso_a2;
    for (const TerritoryRule& r : schedules_[*index]) {
      if (r.effective_at == effective) {
        return absl::FailedPreconditionError(fmt::format(
            "conflicting rule: territory {} already has a state ({}) effective at {} "
            "(ledger entry {})",
            iso, TerritoryStateName(r.state), effective.ToIso8601(), r.ledger_entry_id));
      }
    }
    const TerritoryRule& current = TerritoryRuleAt(*index, effective);
    if (current.state == c->state && current.coming_soon_date == c->coming_soon_date) {
      return absl::FailedPreconditionError(
          fmt::format("territory {} is already {} at {}{}", iso, TerritoryStateName(c->state),
                      effective.ToIso8601(),
                      current.ledger_entry_id == kNoLedgerEntry
                          ? " (default)"
                          : fmt::format(" (ledger entry {})", current.ledger_entry_id)));
    }
    return absl::OkStatus();
  }
  if (const auto* c = std::get_if<AddGeofence>(&change)) {
    if (const Geofence* g = FindGeofence(c->id)) {
      return absl::AlreadyExistsError(fmt::format(
          "geofence \"{}\" already exists (ledger entry {})", c->id, g->ledger_entry_id));
    }
    if (c->active_from && c->active_until && !(*c->active_from < *c->active_until)) {
      return absl::InvalidArgumentError("geofence window: from must be before to");
    }
    if (c->active_until && *c->active_until <= approved_at) {
      return absl::InvalidArgumentError(
          fmt::format("geofence window ends at {}, not after the approval time {}",
                      c->active_until->ToIso8601(), approved_at.ToIso8601()));
    }
    if (c->speed_cap_kmh && !(*c->speed_cap_kmh > 0 && std::isfinite(*c->speed_cap_kmh))) {
      return absl::InvalidArgumentError("geofence speed_cap_kmh must be finite and > 0");
    }
    LEOTWIN_ASSIGN_OR_RETURN(
        auto polygon, geo::PolygonFromGeoJson(c->geometry, fmt::format("geofence {}", c->id)));
    if (region_out != nullptr) {
      *region_out = std::make_shared<const geo::Region>(c->id, std::move(polygon));
    }
    return absl::OkStatus();
  }
  if (const auto* c = std::get_if<RemoveGeofence>(&change)) {
    if (FindGeofence(c->id) == nullptr) {
      return absl::NotFoundError(fmt::format("unknown geofence \"{}\"", c->id));
    }
    return absl::OkStatus();
  }
  if (const auto* c = std::get_if<RegisterTerminal>(&change)) {
    if (const Terminal* t = FindTerminal(c->id)) {
      return absl::AlreadyExistsError(fmt::format(
          "terminal \"{}\" already registered (ledger entry {})", c->id, t->registered_entry_id));
    }
    if (!(c->service_lat_deg >= -90 && c->service_lat_deg <= 90) ||
        !(c->service_lon_deg >= -180 && c->service_lon_deg <= 180)) {
      return absl::InvalidArgumentError(
          fmt::format("terminal \"{}\": service address out of range", c->id));
    }
    return absl::OkStatus();
  }
  if (const auto* c = std::get_if<SetTerminalStatus>(&change)) {
    const Terminal* t = FindTerminal(c->id);
    if (t == nullptr) return absl::NotFoundError(fmt::format("unknown terminal \"{}\"", c->id));
    if (t->status == c->status) {
      return absl::FailedPreconditionError(
          fmt::format("terminal \"{}\" is already {}", c->id, TerminalStatusName(c->status)));
    }
    return absl::OkStatus();
  }
  return absl::InternalError("unhandled policy change");
}

Status Policy::Apply(const PolicyChange& change, int64_t ledger_entry_id, SimTime approved_at) {
  if (ledger_entry_id < 1) {
    return absl::InvalidArgumentError(
        fmt::format("ledger entry id {} is not >= 1", ledger_entry_id));
  }
  std::shared_ptr<const geo::Region> region;
  LEOTWIN_RETURN_IF_ERROR(ValidateImpl(change, approved_at, &region));
  if (const auto* c = std::get_if<SetTerritoryState>(&change)) {
    const int index = *territories_->Find(c->iso);
    TerritoryRule rule{c->state, c->coming_soon_date, c->effective_at.value_or(approved_at),
                       ledger_entry_id};
    auto& rules = schedules_[index];
    auto pos =
        std::upper_bound(rules.begin(), rules.end(), rule.effective_at,
                         [](SimTime t, const TerritoryRule& r) { return t < r.effective_at; });
    rules.insert(pos, rule);
  } else if (const auto* c = std::get_if<AddGeofence>(&change)) {
    Geofence g;
    g.id = c->id;
    g.name = c->name;
    g.effect = c->effect;
    g.geometry = c->geometry;
    g.region = std::move(region);
    g.active_from = c->active_from;
    g.active_until = c->active_until;
    g.speed_cap_kmh = c->speed_cap_kmh;
    g.ledger_entry_id = ledger_entry_id;
    g.added_at = approved_at;
    geofences_.emplace(g.id, std::move(g));
    RebuildIndex();
  } else if (const auto* c = std::get_if<RemoveGeofence>(&change)) {
    geofences_.erase(geofences_.find(c->id));
    RebuildIndex();
  } else if (const auto* c = std::get_if<RegisterTerminal>(&change)) {
    Terminal t;
    t.id = c->id;
    t.kind = c->kind;
    t.service_lat_deg = c->service_lat_deg;
    t.service_lon_deg = c->service_lon_deg;
    t.sponsor = c->sponsor;
    t.status = TerminalStatus::kActive;
    t.registered_entry_id = ledger_entry_id;
    t.status_entry_id = ledger_entry_id;
    t.service_territory =
        territories_->Locate(geo::PointFromDegrees(c->service_lat_deg, c->service_lon_deg));
    terminals_.emplace(t.id, std::move(t));
  } else if (const auto* c = std::get_if<SetTerminalStatus>(&change)) {
    Terminal& t = terminals_.find(c->id)->second;
    t.status = c->status;
    t.status_entry_id = ledger_entry_id;
  }
  return absl::OkStatus();
}

nlohmann::json Policy::ToJson(SimTime t) const {
  nlohmann::json territories = nlohmann::json::array();
  for (int i = 0; i < territories_->size(); ++i) {
    const geo::Territory& ter = territories_->at(i);
    const TerritoryRule& r = TerritoryRuleAt(i, t);
    nlohmann::json j = {{"iso_a2", ter.iso_a2},
                        {"iso_a3", ter.iso_a3},
                        {"name", ter.name},
                        {"state", TerritoryStateName(r.state)},
                        {"ledger_entry", r.ledger_entry_id}};
    if (r.ledger_entry_id != kNoLedgerEntry) j["since"] = r.effective_at.ToIso8601();
    if (r.coming_soon_date) j["coming_soon_date"] = r.coming_soon_date->ToIso8601();
    nlohmann::json scheduled = nlohmann::json::array();
    for (const TerritoryRule& s : schedules_[i]) {
      if (s.effective_at > t) {
        scheduled.push_back({{"state", TerritoryStateName(s.state)},
                             {"effective_at", s.effective_at.ToIso8601()},
                             {"ledger_entry", s.ledger_entry_id}});
      }
    }
    if (!scheduled.empty()) j["scheduled"] = scheduled;
    territories.push_back(std::move(j));
  }
  nlohmann::json geofences = nlohmann::json::array();
  for (const auto& [id, g] : geofences_) {
    nlohmann::json j = {{"id", id},
                        {"name", g.name},
                        {"effect", GeofenceEffectName(g.effect)},
                        {"active", g.ActiveAt(t)},
                        {"ledger_entry", g.ledger_entry_id},
                        {"geometry", g.geometry}};
    if (g.active_from) j["window_from"] = g.active_from->ToIso8601();
    if (g.active_until) j["window_to"] = g.active_until->ToIso8601();
    if (g.speed_cap_kmh) j["speed_cap_kmh"] = *g.speed_cap_kmh;
    geofences.push_back(std::move(j));
  }
  nlohmann::json terminals = nlohmann::json::array();
  for (const auto& [id, term] : terminals_) {
    terminals.push_back(
        {{"id", id},
         {"kind", TerminalKindName(term.kind)},
         {"status", TerminalStatusName(term.status)},
         {"service_address", {{"lat", term.service_lat_deg}, {"lon", term.service_lon_deg}}},
         {"sponsor", term.sponsor},
         {"registered_entry", term.registered_entry_id},
         {"status_entry", term.status_entry_id}});
  }
  return {{"as_of", t.ToIso8601()},
          {"default_state", TerritoryStateName(options_.default_state)},
          {"territories", territories},
          {"geofences", geofences},
          {"terminals", terminals}};
}

// ---------------------------------------------------------------------------------------------
// Decisions. The precedence (first match decides) is documented in docs/policy.md.

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
  d.territory = fast.territory < 0 ? "" : territories.at(fast.territory).iso_a2;
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
              fmt::format(", over {} being {}", territories.at(fast.rule_territory).iso_a2,
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
        const geo::Territory& ter = territories.at(fast.rule_territory);
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
      const geo::Territory& ter = territories.at(fast.rule_territory);
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
  const Terminal* terminal = policy.FindTerminal(terminal_id);
  if (terminal == nullptr) {
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

namespace {

// Restriction rank of a territory state: 0 serves, 1 denies but an allow geofence lifts it, 2
// denies whatever else holds.
int RestrictionRank(TerritoryState state) {
  switch (state) {
    case TerritoryState::kAvailable:
      return 0;
    case TerritoryState::kBlocked:
      return 2;
    default:
      return 1;
  }
}

}  // namespace

QuorumClass ClassifyChange(const Policy& policy, const PolicyChange& change, SimTime at) {
  QuorumClass out;
  out.action_kind = std::string(ActionKind(change));
  if (const auto* c = std::get_if<SetTerritoryState>(&change)) {
    auto prior = policy.TerritoryRuleAt(c->iso, c->effective_at.value_or(at));
    if (!prior.ok()) return out;
    const int from = RestrictionRank(prior->state);
    const int to = RestrictionRank(c->state);
    if (to > from) {
      out.action_kind = "territory.block";
    } else {
      out.action_kind = "territory.set_state";
      if (to < from && prior->ledger_entry_id != kNoLedgerEntry) {
        out.lifts.push_back(prior->ledger_entry_id);
      }
    }
  } else if (const auto* c = std::get_if<AddGeofence>(&change)) {
    if (c->effect == GeofenceEffect::kAllow) {
      for (int i = 0; i < static_cast<int>(policy.territories().size()); ++i) {
        const TerritoryRule& rule = policy.TerritoryRuleAt(i, at);
        if (RestrictionRank(rule.state) == 1 && rule.ledger_entry_id != kNoLedgerEntry) {
          out.lifts.push_back(rule.ledger_entry_id);
        }
      }
    }
  } else if (const auto* c = std::get_if<RemoveGeofence>(&change)) {
    if (const Geofence* g = policy.FindGeofence(c->id)) {
      if (g->effect == GeofenceEffect::kAllow) {
        out.action_kind = "geofence.remove_allow";
      } else if (g->ledger_entry_id != kNoLedgerEntry) {
        out.lifts.push_back(g->ledger_entry_id);
      }
    }
  } else if (const auto* c = std::get_if<SetTerminalStatus>(&change)) {
    const Terminal* t = policy.FindTerminal(c->id);
    if (t != nullptr && c->status == TerminalStatus::kActive &&
        t->status == TerminalStatus::kSuspended && t->status_entry_id != kNoLedgerEntry) {
      out.lifts.push_back(t->status_entry_id);
    }
  }
  std::sort(out.lifts.begin(), out.lifts.end());
  out.lifts.erase(std::unique(out.lifts.begin(), out.lifts.end()), out.lifts.end());
  return out;
}

}  // namespace leotwin::policy
