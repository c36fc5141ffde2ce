#include "leotwin/policy/policy.h"

#include <algorithm>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"

// The policy value: territory schedules, geofences, terminals, their validation and the quorum
// class of a change. The decisions over it are in decision.cc.
namespace leotwin::policy {

Policy::Policy(std::shared_ptr<const geo::TerritorySet> territories, PolicyOptions options)
    : territories_(std::move(territories)), options_(options) {
  LEOTWIN_DCHECK(territories_ != nullptr);
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
  LEOTWIN_DCHECK(index >= 0 && static_cast<size_t>(index) < schedules_.size());
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

std::optional<Terminal> Policy::FindTerminal(std::string_view id) const {
  auto it = terminals_.find(id);
  const TerminalVersion* here = it == terminals_.end() ? nullptr : &it->second;
  if (terminal_source_ != nullptr) {
    std::optional<TerminalVersion> stored = terminal_source_->Find(id, terminal_position_);
    if (stored && (here == nullptr || stored->since > here->since)) {
      stored->terminal.service_territory = territories_->Locate(geo::PointFromDegrees(
          stored->terminal.service_lat_deg, stored->terminal.service_lon_deg));
      return std::move(stored->terminal);
    }
  }
  if (here == nullptr) return std::nullopt;
  return here->terminal;
}

std::vector<Terminal> Policy::terminals() const {
  std::vector<TerminalVersion> stored;
  if (terminal_source_ != nullptr) stored = terminal_source_->All(terminal_position_);
  std::vector<Terminal> out;
  out.reserve(stored.size() + terminals_.size());
  // Merge two id-ordered lists; of one id the later enacted version wins.
  auto mem = terminals_.begin();
  for (TerminalVersion& s : stored) {
    while (mem != terminals_.end() && mem->first < s.terminal.id) {
      out.push_back(mem->second.terminal);
      ++mem;
    }
    if (mem != terminals_.end() && mem->first == s.terminal.id) {
      if (mem->second.since >= s.since) {
        out.push_back(mem->second.terminal);
        ++mem;
        continue;
      }
      ++mem;
    }
    s.terminal.service_territory = territories_->Locate(
        geo::PointFromDegrees(s.terminal.service_lat_deg, s.terminal.service_lon_deg));
    out.push_back(std::move(s.terminal));
  }
  for (; mem != terminals_.end(); ++mem) out.push_back(mem->second.terminal);
  return out;
}

void Policy::SetTerminalPosition(int64_t seq) { terminal_position_ = seq; }

void Policy::AttachTerminalSource(std::shared_ptr<const TerminalSource> source) {
  terminal_source_ = std::move(source);
}

void Policy::DropTerminalsThrough(int64_t seq) {
  LEOTWIN_DCHECK(terminal_source_ != nullptr);
  for (auto it = terminals_.begin(); it != terminals_.end();) {
    it = it->second.since <= seq ? terminals_.erase(it) : std::next(it);
  }
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
    const std::string& iso = territories_->info(*index).iso_a2;
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
    if (const std::optional<Terminal> t = FindTerminal(c->id)) {
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
    const std::optional<Terminal> t = FindTerminal(c->id);
    if (!t) return absl::NotFoundError(fmt::format("unknown terminal \"{}\"", c->id));
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
    RecordTerminal(std::move(t));
  } else if (const auto* c = std::get_if<SetTerminalStatus>(&change)) {
    Terminal t = *FindTerminal(c->id);  // validated above
    t.status = c->status;
    t.status_entry_id = ledger_entry_id;
    RecordTerminal(std::move(t));
  }
  return absl::OkStatus();
}

void Policy::RecordTerminal(Terminal t) {
  TerminalVersion v{terminal_position_ + 1, std::move(t)};
  if (changed_since_ != v.since) {
    terminals_changed_.clear();
    changed_since_ = v.since;
  }
  terminals_changed_.push_back(v.terminal.id);
  if (record_history_) history_.push_back(v);
  const std::string id = v.terminal.id;
  terminals_.insert_or_assign(id, std::move(v));
}

nlohmann::json Policy::ToJson(SimTime t) const {
  nlohmann::json territories = nlohmann::json::array();
  for (int i = 0; i < territories_->size(); ++i) {
    const geo::Territory& ter = territories_->info(i);
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
  for (const Terminal& term : this->terminals()) {
    terminals.push_back(
        {{"id", term.id},
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
    const std::optional<Terminal> t = policy.FindTerminal(c->id);
    if (t && c->status == TerminalStatus::kActive && t->status == TerminalStatus::kSuspended &&
        t->status_entry_id != kNoLedgerEntry) {
      out.lifts.push_back(t->status_entry_id);
    }
  }
  std::sort(out.lifts.begin(), out.lifts.end());
  out.lifts.erase(std::unique(out.lifts.begin(), out.lifts.end()), out.lifts.end());
  return out;
}

}  // namespace leotwin::policy