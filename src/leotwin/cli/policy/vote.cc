// `leotwin policy approve | reject`: a signed vote on a pending proposal (or printed signed, for
// offline signing).
#include <memory>
#include <optional>
#include <string>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/messages.h"

namespace leotwin::cli::policy_cli {
namespace {

struct VoteFlags {
  std::string db, now, file, proposal;
  SigningFlags signing;
};

StatusOr<std::optional<lg::SignedVote>> VoteFromFile(const VoteFlags& f, lg::Verdict verdict) {
  if (f.file.empty()) {
    if (f.signing.key.empty() || f.proposal.empty()) {
      return absl::InvalidArgumentError(
          "give the proposal id and --key (or --file with a signed vote)");
    }
    return std::optional<lg::SignedVote>();
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadJsonFile(f.file));
  LEOTWIN_ASSIGN_OR_RETURN(auto vote, lg::ParseSignedVote(text, f.file));
  if (vote.body.verdict != verdict) {
    return absl::InvalidArgumentError(fmt::format("{} holds a \"{}\" vote; use 'leotwin policy {}'",
                                                  f.file, lg::VerdictName(vote.body.verdict),
                                                  lg::VerdictName(vote.body.verdict)));
  }
  return std::optional<lg::SignedVote>(std::move(vote));
}

StatusOr<lg::SignedVote> SignVote(const VoteFlags& f, lg::Verdict verdict,
                                  const std::string& ledger_id, const std::string& proposal_id,
                                  SimTime when) {
  LEOTWIN_ASSIGN_OR_RETURN(const auto key, ReadSigningKey(f.signing.key));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime expires, ExpiryTime(f.signing.expires_in, when));
  return lg::SignVote({ledger_id, proposal_id, key.name, verdict, when, f.signing.comment, expires},
                      key);
}

void PrintVoteOutcome(const lg::Ledger& ledger, const lg::SignedVote& vote, int64_t seq) {
  const lg::ProposalRecord* r = ledger.state().FindProposal(vote.body.proposal_id);
  fmt::print("{} proposal {} by {} (entry {}): {} of {} approval{}\n",
             vote.body.verdict == lg::Verdict::kApprove ? "approved" : "rejected", Short(r->id),
             vote.body.voter, seq, r->approvals(), r->quorum, r->quorum == 1 ? "" : "s");
  const std::string what = lg::EscapeForDisplay(ledger.state().Describe(r->proposal.body.change));
  switch (r->status) {
    case lg::ProposalStatus::kEnacted:
      fmt::print("enacted: {}\n", what);
      break;
    case lg::ProposalStatus::kRejected:
      fmt::print("rejected: the quorum can no longer be reached: {}\n", what);
      break;
    case lg::ProposalStatus::kWithdrawn:
      fmt::print("withdrawn by its proposer: {}\n", what);
      break;
    case lg::ProposalStatus::kPending:
      fmt::print("pending: {}\n", what);
      break;
  }
  PrintHead(ledger);
}

Status RunVote(const VoteFlags& f, lg::Verdict verdict) {
  LEOTWIN_ASSIGN_OR_RETURN(std::optional<lg::SignedVote> vote, VoteFromFile(f, verdict));
  if (f.signing.sign_only && !f.signing.ledger_id.empty() && !vote) {
    // Offline signing with --ledger-id and a full proposal id needs no ledger file.
    LEOTWIN_ASSIGN_OR_RETURN(const SimTime when, SigningTime(f.now));
    LEOTWIN_ASSIGN_OR_RETURN(const auto signed_vote,
                             SignVote(f, verdict, f.signing.ledger_id, f.proposal, when));
    fmt::print("{}\n", lg::VoteToJson(signed_vote).dump());
    return absl::OkStatus();
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger,
                           f.signing.sign_only ? OpenForRead(f.db) : OpenForWrite(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime now, CommitTime(f.now, ledger));
  if (!vote) {
    LEOTWIN_ASSIGN_OR_RETURN(const lg::ProposalRecord* record,
                             ledger.state().ResolveProposal(f.proposal));
    LEOTWIN_ASSIGN_OR_RETURN(vote, SignVote(f, verdict, ledger.id(), record->id, now));
  }
  if (f.signing.sign_only) {
    fmt::print("{}\n", lg::VoteToJson(*vote).dump());
    return absl::OkStatus();
  }
  LEOTWIN_ASSIGN_OR_RETURN(const auto entry, ledger.Vote(*vote, now));
  PrintVoteOutcome(ledger, *vote, entry.seq);
  return absl::OkStatus();
}

}  // namespace

void AddVotes(CLI::App* policy) {
  for (const lg::Verdict verdict : {lg::Verdict::kApprove, lg::Verdict::kReject}) {
    auto f = std::make_shared<VoteFlags>();
    const bool approve = verdict == lg::Verdict::kApprove;
    auto* c = policy->add_subcommand(
        approve ? "approve" : "reject",
        approve ? "Approve a pending proposal (signed with your key). Nobody approves their own "
                  "proposal; each operator votes once.\n"
                  "Example: leotwin policy approve 3f2a9c1b --key bob.key"
                : "Reject a pending proposal (the proposer rejecting withdraws it). It is "
                  "rejected once the remaining operators cannot reach its quorum.\n"
                  "Example: leotwin policy reject 3f2a9c1b --key carol.key --comment \"too wide\"");
    c->add_option("proposal", f->proposal,
                  "Proposal id (64 hex digits, or a unique prefix of 8 or more)");
    AddSigningFlags(c, &f->signing, "voter", "vote");
    c->add_option("--file", f->file, "An offline-signed vote (JSON) to record")
        ->check(kNonEmptyPath);
    AddDbNow(c, f->db, &f->now);
    c->callback(Runs([f, verdict] { return RunVote(*f, verdict); }));
  }
}

}  // namespace leotwin::cli::policy_cli
