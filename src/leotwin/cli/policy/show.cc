// `leotwin policy show`: the policy as of an instant, with its operators, quorums and pending
// proposals.
#include <memory>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/policy/policy.h"
#include "nlohmann/json.hpp"

namespace leotwin::cli::policy_cli {
namespace {

using nlohmann::json;

struct ShowFlags {
  std::string db, at;
  bool json = false;
};

json ShowJson(const lg::LedgerState& state, SimTime t) {
  json ops = json::array();
  json quorum = json::object();
  if (state.initialized()) {
    for (const auto& op : state.operators()) {
      ops.push_back({{"name", op.name}, {"public_key", lg::ToHex(op.public_key)}});
    }
    quorum["default"] = state.quorum_rules().default_approvals;
    for (const auto& [k, n] : state.quorum_rules().per_action) quorum[k] = n;
  }
  json pending = json::array();
  for (const lg::ProposalRecord* r : state.Proposals()) {
    if (r->status != lg::ProposalStatus::kPending) continue;
    pending.push_back(lg::Provenance::Of(*r, state.model()).ToJson());
  }
  return json{{"ledger", state.ledger_id()},
              {"as_of", t.ToIso8601()},
              {"head", {{"seq", state.head().seq}, {"hash", state.head().hash}}},
              {"operators", ops},
              {"quorum", quorum},
              {"policy", lg::PolicyOf(state).ToJson(t)},
              {"pending", pending}};
}

void PrintTerritories(const policy::Policy& pol, SimTime t) {
  const geo::TerritorySet& ters = pol.territories();
  std::vector<std::string> lines;
  for (int i = 0; i < ters.size(); ++i) {
    if (pol.TerritorySchedule(i).empty()) continue;
    const policy::TerritoryRule& r = pol.TerritoryRuleAt(i, t);
    std::string line = fmt::format("  {} {}: {}", ters.info(i).iso_a2, ters.info(i).name,
                                   policy::TerritoryStateName(r.state));
    if (r.ledger_entry_id != policy::kNoLedgerEntry) {
      line += fmt::format(" since {} (entry {})", r.effective_at.ToIso8601(), r.ledger_entry_id);
    }
    for (const policy::TerritoryRule& s : pol.TerritorySchedule(i)) {
      if (s.effective_at > t) {
        line += fmt::format("; {} from {} (entry {})", policy::TerritoryStateName(s.state),
                            s.effective_at.ToIso8601(), s.ledger_entry_id);
      }
    }
    lines.push_back(line);
  }
  fmt::print("territories set by the ledger: {} (all others: {}, the default)\n", lines.size(),
             policy::TerritoryStateName(pol.options().default_state));
  for (const auto& l : lines) fmt::print("{}\n", l);
}

void PrintGeofencesAndTerminals(const policy::Policy& pol, SimTime t) {
  fmt::print("geofences: {}\n", pol.geofences().size());
  for (const auto& [id, g] : pol.geofences()) {
    std::string extra;
    if (g.active_from) extra += fmt::format(" from {}", g.active_from->ToIso8601());
    if (g.active_until) extra += fmt::format(" until {}", g.active_until->ToIso8601());
    if (g.speed_cap_kmh) extra += fmt::format(" speed cap {:g} km/h", *g.speed_cap_kmh);
    fmt::print("  {} \"{}\": {}{}{} (entry {})\n", id, g.name, policy::GeofenceEffectName(g.effect),
               extra, g.ActiveAt(t) ? "" : " [not active now]", g.ledger_entry_id);
  }
  const std::vector<policy::Terminal> terminals = pol.terminals();
  fmt::print("terminals: {}\n", terminals.size());
  for (const policy::Terminal& term : terminals) {
    fmt::print("  {} {} {}, service address {:.4f}, {:.4f} (entry {})\n", term.id,
               policy::TerminalKindName(term.kind), policy::TerminalStatusName(term.status),
               term.service_lat_deg, term.service_lon_deg, term.registered_entry_id);
  }
}

Status RunShow(const ShowFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForRead(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, QueryTime(f.at));
  LEOTWIN_ASSIGN_OR_RETURN(const auto state, ledger.StateAt(t));
  if (f.json) {
    fmt::print("{}\n", ShowJson(state, t).dump(2));
    return absl::OkStatus();
  }
  if (!state.initialized()) {
    fmt::print("ledger {} has no entries at or before {}\n", DbPath(f.db), t.ToIso8601());
    return absl::OkStatus();
  }
  fmt::print("ledger {} ({}), as of {}: {} entries, head {}\n", state.ledger_id(), DbPath(f.db),
             t.ToIso8601(), state.head().seq, state.head().hash);
  std::string names;
  for (const auto& op : state.operators()) names += (names.empty() ? "" : ", ") + op.name;
  fmt::print("operators: {}\n", names);
  fmt::print("quorum: {}\n", QuorumText(state.quorum_rules()));
  const policy::Policy& pol = lg::PolicyOf(state);
  PrintTerritories(pol, t);
  PrintGeofencesAndTerminals(pol, t);
  std::vector<const lg::ProposalRecord*> pending;
  for (const lg::ProposalRecord* r : state.Proposals()) {
    if (r->status == lg::ProposalStatus::kPending) pending.push_back(r);
  }
  fmt::print("pending proposals: {}\n", pending.size());
  for (const lg::ProposalRecord* r : pending) {
    fmt::print("  {} (entry {}) by {}: {} [{} of {} approvals]\n", Short(r->id), r->seq,
               r->proposal.body.proposer, state.model().Describe(r->proposal.body.change),
               r->approvals(), r->quorum);
  }
  return absl::OkStatus();
}

}  // namespace

void AddShow(CLI::App* policy) {
  auto f = std::make_shared<ShowFlags>();
  auto* c = policy->add_subcommand(
      "show",
      "The policy as of an instant (default now): territory states, geofences, terminals, "
      "pending proposals, operators and quorums.\n"
      "Example: leotwin policy show --at 2025-10-01T00:00:00Z");
  c->add_option("--db", f->db, kDbHelp)->check(kNonEmptyPath);
  c->add_option("--at", f->at, "Instant (ISO 8601, UTC if no zone; default: now)");
  c->add_flag("--json", f->json, "Print JSON");
  c->callback(Runs([f] { return RunShow(*f); }));
}

}  // namespace leotwin::cli::policy_cli
