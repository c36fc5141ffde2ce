#include "leotwin/ledger/ledger.h"

#include <cmath>
#include <cstdlib>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {

using nlohmann::json;

const policy::Policy& PolicyOf(const LedgerState& state) {
  LEOTWIN_DCHECK(dynamic_cast<const PolicyModel*>(&state.model()) != nullptr);
  return static_cast<const PolicyModel&>(state.model()).policy();
}

StatusOr<Ledger> Ledger::Open(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(policy::Policy initial, policy::Policy::CreateDefault());
  return Open(path, std::move(initial));
}

StatusOr<Ledger> Ledger::Open(const std::string& path, policy::Policy initial) {
  LEOTWIN_ASSIGN_OR_RETURN(Journal j,
                           Journal::Open(path, std::make_unique<PolicyModel>(std::move(initial))));
  return Ledger(std::move(j));
}

StatusOr<Ledger> Ledger::OpenExisting(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(policy::Policy initial, policy::Policy::CreateDefault());
  LEOTWIN_ASSIGN_OR_RETURN(
      Journal j, Journal::OpenExisting(path, std::make_unique<PolicyModel>(std::move(initial))));
  return Ledger(std::move(j));
}

StatusOr<Ledger> Ledger::OpenReadOnly(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(policy::Policy initial, policy::Policy::CreateDefault());
  return OpenReadOnly(path, std::move(initial));
}

StatusOr<Ledger> Ledger::OpenReadOnly(const std::string& path, policy::Policy initial) {
  LEOTWIN_ASSIGN_OR_RETURN(
      Journal j, Journal::OpenReadOnly(path, std::make_unique<PolicyModel>(std::move(initial))));
  return Ledger(std::move(j));
}

StatusOr<VerifyReport> Ledger::RebuildDerivedFile(const std::string& path, policy::Policy initial) {
  return Journal::RebuildDerivedFile(path, std::make_unique<PolicyModel>(std::move(initial)));
}

StatusOr<VerifyReport> Ledger::VerifyFile(const std::string& path, policy::Policy initial,
                                          const std::optional<std::string>& expect_head) {
  return Journal::VerifyFile(path, std::make_unique<PolicyModel>(std::move(initial)), expect_head);
}

StatusOr<Entry> Ledger::Init(const Genesis& genesis, const OperatorKey& initiator, SimTime now) {
  return journal_.Init(genesis, initiator, now);
}

StatusOr<Entry> Ledger::Propose(const SignedProposal& proposal, SimTime now) {
  return journal_.Propose(proposal, now);
}

StatusOr<Entry> Ledger::ProposeBatch(const SignedProposal& proposal, std::vector<std::string> items,
                                     SimTime now) {
  return journal_.ProposeBatch(proposal, std::move(items), now);
}

StatusOr<Entry> Ledger::Vote(const SignedVote& vote, SimTime now) {
  return journal_.Vote(vote, now);
}

StatusOr<policy::Policy> Ledger::PolicyAt(SimTime t) {
  LEOTWIN_ASSIGN_OR_RETURN(const LedgerState state, journal_.StateAt(t));
  return PolicyOf(state);
}

Provenance Provenance::Of(const ProposalRecord& r, const StateModel& model) {
  Provenance p;
  p.entry = r.seq;
  p.proposal_id = r.id;
  p.action_kind = r.action_kind;
  p.description = DescribeGovernanceChange(r.proposal.body.change);
  if (IsBatchChange(r.proposal.body.change)) {
    auto header = ParseBatchChange(r.proposal.body.change);
    if (header.ok()) p.description = DescribeBatch(*header);
  }
  if (p.description.empty()) p.description = model.Describe(r.proposal.body.change);
  p.change = r.proposal.body.change;
  p.comment = r.proposal.body.comment;
  p.proposer = r.proposal.body.proposer;
  p.proposed_at = r.proposed_at;
  p.quorum = r.quorum;
  p.votes = r.votes;
  p.status = std::string(ProposalStatusName(r.status));
  p.decided_entry = r.decided_seq;
  p.decided_at = r.decided_at;
  return p;
}

json Provenance::ToJson() const {
  json votes = json::array();
  for (const VoteRecord& v : this->votes) {
    votes.push_back({{"entry", v.seq},
                     {"voter", v.vote.body.voter},
                     {"verdict", VerdictName(v.vote.body.verdict)},
                     {"time", v.at.ToIso8601()},
                     {"comment", v.vote.body.comment}});
  }
  json j{{"entry", entry},
         {"proposal", proposal_id},
         {"action_kind", action_kind},
         {"description", description},
         {"change", change},
         {"comment", comment},
         {"proposer", proposer},
         {"proposed_at", proposed_at.ToIso8601()},
         {"quorum", quorum},
         {"votes", votes},
         {"status", status}};
  if (decided_entry != 0) {
    j["decided_entry"] = decided_entry;
    j["decided_at"] = decided_at.ToIso8601();
  }
  return j;
}

StatusOr<Explanation> Ledger::Explain(std::string_view terminal, double lat_deg, double lon_deg,
                                      double speed_kmh, SimTime t) {
  LEOTWIN_ASSIGN_OR_RETURN(const LedgerState state, journal_.StateAt(t));
  const policy::Policy& pol = PolicyOf(state);
  Explanation x;
  x.terminal = std::string(terminal);
  x.lat_deg = lat_deg;
  x.lon_deg = lon_deg;
  x.speed_kmh = speed_kmh;
  x.at = t;
  x.ledger_head = state.head().seq;
  for (const auto& op : state.operators()) x.operators.push_back(op.name);
  x.decision = policy::Authorize(pol, terminal, lat_deg, lon_deg, speed_kmh, t);
  if (x.decision.ledger_entry_id != policy::kNoLedgerEntry) {
    if (const ProposalRecord* r = state.FindProposalBySeq(x.decision.ledger_entry_id)) {
      x.rule = Provenance::Of(*r, state.model());
    }
  }
  if (const std::optional<policy::Terminal> term = pol.FindTerminal(terminal)) {
    if (const ProposalRecord* r = state.FindProposalBySeq(term->registered_entry_id)) {
      if (!x.rule || x.rule->entry != r->seq) x.registration = Provenance::Of(*r, state.model());
    }
  }
  return x;
}

json Explanation::ToJson() const {
  json j{{"terminal", terminal},
         {"lat", lat_deg},
         {"lon", lon_deg},
         {"speed_kmh", speed_kmh},
         {"time", at.ToIso8601()},
         {"ledger_entries_replayed", ledger_head},
         {"decision", decision.ToJson()}};
  j["rule_provenance"] = rule ? rule->ToJson() : json(nullptr);
  j["operators"] = operators;
  if (registration) j["terminal_registration"] = registration->ToJson();
  return j;
}

void AppendProvenance(std::string& out, const Provenance& p, std::string_view lead,
                      std::string_view indent) {
  // Everything stored is escaped: parsing refuses control characters, and this keeps an audit
  // line honest even for a file written by something else.
  const auto esc = [](std::string_view text) { return EscapeForDisplay(text); };
  out += fmt::format("{}proposal {} (entry {}): {}\n", lead, esc(p.proposal_id.substr(0, 12)),
                     p.entry, esc(p.description.empty() ? p.change.dump() : p.description));
  out += fmt::format("{}  action {}, quorum {} approval{}\n", indent, esc(p.action_kind), p.quorum,
                     p.quorum == 1 ? "" : "s");
  out += fmt::format("{}  proposed by {} at {}{}\n", indent, esc(p.proposer),
                     p.proposed_at.ToIso8601(),
                     p.comment.empty() ? "" : fmt::format(" (\"{}\")", esc(p.comment)));
  for (const VoteRecord& v : p.votes) {
    out += fmt::format(
        "{}  {} by {} at {} (entry {}){}\n", indent,
        v.vote.body.verdict == Verdict::kApprove ? "approved" : "rejected", esc(v.vote.body.voter),
        v.at.ToIso8601(), v.seq,
        v.vote.body.comment.empty() ? "" : fmt::format(" (\"{}\")", esc(v.vote.body.comment)));
  }
  if (p.decided_entry != 0) {
    out += fmt::format("{}  {} at {} (entry {})\n", indent, p.status, p.decided_at.ToIso8601(),
                       p.decided_entry);
  }
}

std::string Explanation::ToText() const {
  std::string out =
      fmt::format("terminal {} at {:.5f}, {:.5f}, {:g} km/h, {}: {} ({})\n",
                  EscapeForDisplay(terminal), lat_deg, lon_deg, speed_kmh, at.ToIso8601(),
                  decision.allowed ? "ALLOWED" : "DENIED", policy::ReasonCodeName(decision.reason));
  if (!decision.message.empty()) out += fmt::format("  {}\n", EscapeForDisplay(decision.message));
  out += fmt::format("  deciding rule: {}\n",
                     decision.rule_id.empty() ? "-" : EscapeForDisplay(decision.rule_id));
  if (rule) {
    AppendProvenance(out, *rule, "  created by ledger ", "  ");
  } else if (decision.ledger_entry_id == policy::kNoLedgerEntry) {
    out += "  this rule is a built-in default (deployment configuration), not a ledger entry\n";
  } else {
    out += fmt::format("  ledger entry {} (not a proposal of this ledger)\n",
                       decision.ledger_entry_id);
  }
  if (registration) {
    AppendProvenance(out, *registration, "  terminal registered by ", "  ");
  }
  if (!operators.empty()) {
    std::string names;
    for (const auto& n : operators) names += (names.empty() ? "" : ", ") + EscapeForDisplay(n);
    out += fmt::format("  operators who could sign at that instant: {}\n", names);
  }
  out += fmt::format("  (policy replayed from {} ledger entr{} committed at or before {})\n",
                     ledger_head, ledger_head == 1 ? "y" : "ies", at.ToIso8601());
  return out;
}

StatusOr<ProposalBody> MakeProposalBody(const std::string& ledger_id, const std::string& proposer,
                                        SimTime now, const json& change, std::string comment) {
  LEOTWIN_RETURN_IF_ERROR(ValidateJsonText(change, "change"));
  LEOTWIN_RETURN_IF_ERROR(ValidateText(comment, "comment"));
  if (!DescribeGovernanceChange(change).empty()) {
    return ProposalBody{ledger_id, proposer, now, change, std::move(comment), SimTime{}};
  }
  if (IsBatchChange(change)) {
    LEOTWIN_RETURN_IF_ERROR(ParseBatchChange(change).status());
    return ProposalBody{ledger_id, proposer, now, change, std::move(comment), SimTime{}};
  }
  LEOTWIN_ASSIGN_OR_RETURN(const policy::PolicyChange parsed, policy::PolicyChangeFromJson(change));
  return ProposalBody{ledger_id,          proposer, now, policy::ToJson(parsed),
                      std::move(comment), SimTime{}};
}

std::string DefaultLedgerPath() {
  const char* env = std::getenv("LEOTWIN_DB");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("leotwin.db");
}

json EntryToJson(const Entry& e) {
  json payload;
  auto parsed = ParseJson(e.payload, "payload");
  payload = parsed.ok() ? *parsed : json(e.payload);
  return json{{"seq", e.seq},
              {"kind", e.kind},
              {"time", e.timestamp.ToIso8601()},
              {"timestamp_ns", e.timestamp.unix_nanos()},
              {"signer", e.signer},
              {"payload", payload},
              {"signature", e.signature},
              {"prev_hash", e.prev_hash},
              {"hash", e.hash}};
}

}  // namespace leotwin::ledger
