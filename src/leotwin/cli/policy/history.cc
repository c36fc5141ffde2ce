// `leotwin policy history`: every ledger entry in order, with what it did.
#include <memory>
#include <string>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/ledger/encoding.h"
#include "nlohmann/json.hpp"

namespace leotwin::cli::policy_cli {
namespace {

struct HistoryFlags {
  std::string db;
  bool json = false;
};

std::string VoteSummary(const lg::Entry& e, const lg::LedgerState& state,
                        const nlohmann::json& payload) {
  const std::string id = payload.value("proposal", "");
  const lg::ProposalRecord* r = state.FindProposal(id);
  std::string out = Short(id);
  if (r != nullptr) {
    int approvals = 0;
    for (const lg::VoteRecord& v : r->votes) {
      if (v.seq > e.seq) break;
      if (v.vote.body.verdict == lg::Verdict::kApprove) ++approvals;
    }
    out += fmt::format(" ({} of {} approvals)", approvals, r->quorum);
    if (r->decided_seq == e.seq) out += fmt::format(" -> {}", lg::ProposalStatusName(r->status));
    for (const auto& ev : state.operator_events()) {
      if (ev.seq == e.seq && r->decided_seq == e.seq) out += fmt::format("; {}", ev.text);
    }
  }
  const std::string comment = payload.value("comment", "");
  if (!comment.empty()) out += fmt::format(" \"{}\"", lg::EscapeForDisplay(comment));
  return out;
}

std::string EntrySummary(const lg::Entry& e, const lg::LedgerState& state) {
  auto payload = lg::ParseJson(e.payload, "payload");
  if (!payload.ok()) return "(unreadable payload)";
  if (e.kind == "genesis") {
    std::string names;
    for (const auto& op : state.genesis().operators) {
      names += (names.empty() ? "" : ", ") + op.name;
    }
    return fmt::format("operators {}; quorum {}; {} clock", names,
                       QuorumText(state.genesis().quorum),
                       lg::ClockModeName(state.genesis().clock.mode));
  }
  if (e.kind == "proposal") {
    const lg::ProposalRecord* r = state.FindProposalBySeq(e.seq);
    if (r == nullptr) return "";
    return fmt::format("{} {} [{}, now {}]", Short(r->id),
                       lg::EscapeForDisplay(state.Describe(r->proposal.body.change)),
                       r->action_kind, lg::ProposalStatusName(r->status));
  }
  return VoteSummary(e, state, *payload);
}

Status RunHistory(const HistoryFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForRead(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const auto entries, ledger.Entries());
  const lg::LedgerState& state = ledger.state();
  for (const lg::Entry& e : entries) {
    if (f.json) {
      nlohmann::json j = lg::EntryToJson(e);
      j["summary"] = EntrySummary(e, state);
      fmt::print("{}\n", j.dump());
    } else {
      fmt::print("{:>5} {} {:<9} {:<10} {}\n", e.seq, e.timestamp.ToIso8601(),
                 lg::EscapeForDisplay(e.kind), lg::EscapeForDisplay(e.signer),
                 EntrySummary(e, state));
    }
  }
  return absl::OkStatus();
}

}  // namespace

void AddHistory(CLI::App* policy) {
  auto f = std::make_shared<HistoryFlags>();
  auto* c = policy->add_subcommand("history",
                                   "Every ledger entry in order: time, kind, signer and what it "
                                   "did.\nExample: leotwin policy history --db leotwin.db");
  c->add_option("--db", f->db, kDbHelp)->check(kNonEmptyPath);
  c->add_flag("--json", f->json, "One JSON object per line");
  c->callback(Runs([f] { return RunHistory(*f); }));
}

}  // namespace leotwin::cli::policy_cli
