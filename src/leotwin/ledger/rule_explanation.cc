#include "leotwin/ledger/rule_explanation.h"

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {

using nlohmann::json;

namespace {

std::optional<Provenance> ProvenanceOf(const LedgerState& state, int64_t entry) {
  if (entry == policy::kNoLedgerEntry) return std::nullopt;
  const ProposalRecord* r = state.FindProposalBySeq(entry);
  if (r == nullptr) return std::nullopt;
  return Provenance::Of(*r, state.model());
}

std::string TerritoryStateText(const policy::TerritoryRule& rule) {
  return std::string(policy::TerritoryStateName(rule.state));
}

}  // namespace

StatusOr<RuleExplanation> ExplainTerritory(const LedgerState& state, std::string_view iso,
                                           SimTime t) {
  const policy::Policy& pol = PolicyOf(state);
  const auto index = pol.territories().Find(iso);
  if (!index) {
    return absl::NotFoundError(
        fmt::format("unknown territory {} (give an ISO 3166-1 alpha-2 or alpha-3 code)",
                    EscapeForDisplay(iso)));
  }
  const geo::Territory& territory = pol.territories().info(*index);
  const policy::TerritoryRule& rule = pol.TerritoryRuleAt(*index, t);
  RuleExplanation x;
  x.kind = "territory";
  x.id = territory.iso_a2;
  x.name = territory.name;
  x.state = TerritoryStateText(rule);
  if (rule.coming_soon_date) {
    x.details = fmt::format("coming soon on {}", rule.coming_soon_date->ToIso8601());
  }
  x.at = t;
  x.since = rule.effective_at;
  x.is_default = rule.ledger_entry_id == policy::kNoLedgerEntry;
  x.ledger_head = state.head().seq;
  x.rule = ProvenanceOf(state, rule.ledger_entry_id);
  if (!x.is_default) {
    x.earlier.push_back(fmt::format("{} (built-in default)",
                                    policy::TerritoryStateName(pol.options().default_state)));
  }
  for (const policy::TerritoryRule& r : pol.TerritorySchedule(*index)) {
    if (r.effective_at > t || r.ledger_entry_id == rule.ledger_entry_id) continue;
    x.earlier.push_back(fmt::format("{} from {} (entry {})", TerritoryStateText(r),
                                    r.effective_at.ToIso8601(), r.ledger_entry_id));
  }
  return x;
}

StatusOr<RuleExplanation> ExplainGeofence(const LedgerState& state, std::string_view id,
                                          SimTime t) {
  const policy::Policy& pol = PolicyOf(state);
  const policy::Geofence* g = pol.FindGeofence(id);
  if (g == nullptr) {
    return absl::NotFoundError(
        fmt::format("no geofence {} in the policy at {} (not yet added, or removed before)",
                    EscapeForDisplay(id), t.ToIso8601()));
  }
  RuleExplanation x;
  x.kind = "geofence";
  x.id = g->id;
  x.name = g->name;
  x.state = fmt::format("{}, {}", policy::GeofenceEffectName(g->effect),
                        g->ActiveAt(t) ? "active" : "inactive");
  std::string details;
  if (g->active_from || g->active_until) {
    details = fmt::format("window {} .. {}", g->active_from ? g->active_from->ToIso8601() : "-",
                          g->active_until ? g->active_until->ToIso8601() : "-");
  }
  if (g->speed_cap_kmh) {
    details += fmt::format("{}speed cap {:g} km/h", details.empty() ? "" : ", ", *g->speed_cap_kmh);
  }
  x.details = details;
  x.at = t;
  x.since = g->added_at;
  x.ledger_head = state.head().seq;
  x.rule = ProvenanceOf(state, g->ledger_entry_id);
  return x;
}

json RuleExplanation::ToJson() const {
  json j{{"kind", kind},           {"id", id},
         {"name", name},           {"state", state},
         {"time", at.ToIso8601()}, {"since", is_default ? json(nullptr) : json(since.ToIso8601())},
         {"default", is_default},  {"ledger_entries_replayed", ledger_head},
         {"earlier", earlier},     {"text", ToText()}};
  if (!details.empty()) j["details"] = details;
  j["rule_provenance"] = rule ? rule->ToJson() : json(nullptr);
  return j;
}

std::string RuleExplanation::ToText() const {
  std::string out = fmt::format("{} {}{} at {}: {}\n", kind, EscapeForDisplay(id),
                                name.empty() ? "" : fmt::format(" ({})", EscapeForDisplay(name)),
                                at.ToIso8601(), state);
  if (!details.empty()) out += fmt::format("  {}\n", details);
  if (is_default) {
    out += "  a built-in default (deployment configuration): no ledger entry ever set it\n";
  } else {
    out += fmt::format("  since {}\n", since.ToIso8601());
  }
  if (rule) AppendProvenance(out, *rule, "  set by ledger ", "  ");
  if (!earlier.empty()) {
    std::string list;
    for (const std::string& e : earlier) list += (list.empty() ? "" : "; ") + e;
    out += fmt::format("  before: {}\n", list);
  }
  out += fmt::format("  (policy replayed from {} ledger entr{} committed at or before {})\n",
                     ledger_head, ledger_head == 1 ? "y" : "ies", at.ToIso8601());
  return out;
}

}  // namespace leotwin::ledger
