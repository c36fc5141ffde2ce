// The meaning of a ledger: replaying its entries in order gives the operators and quorum rules
// (from the genesis entry), every proposal with its votes and status, and the governed state with
// every enacted change applied.
//
// LedgerState::Accept() is the one place where the rules are enforced. The same code checks a new
// entry before it is written, replays the file when it is opened, rebuilds the state as of a past
// instant (time travel), and verifies the whole ledger. The rules:
//   - the structural chain rules of CheckLink() (chain.h);
//   - entry 1 is the genesis and the only one: it lists the operators (names, Ed25519 public keys)
//     and quorum rules, and is signed by one of them;
//   - a proposal is signed by its proposer, an operator; it names this ledger; its id is new; its
//     change parses, and applies cleanly to the state at that point (dry run);
//   - a vote (approval or rejection) is signed by its voter, an operator; it names this ledger and
//     a pending proposal; each operator votes at most once per proposal (a replayed or duplicate
//     vote is refused); the proposer cannot approve their own proposal, but may reject it, which
//     withdraws it;
//   - when the approvals reach the quorum of the proposal's action kind, the change is applied
//     (enacted) at that vote's time; if it no longer applies, the vote is refused;
//   - when the operators who have not yet voted (proposer excluded) can no longer reach the
//     quorum, the proposal is rejected.
// Accept() is all-or-nothing: on error the state is unchanged.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/chain.h"
#include "leotwin/ledger/messages.h"
#include "leotwin/ledger/state_model.h"

namespace leotwin::ledger {

enum class ProposalStatus { kPending, kEnacted, kRejected, kWithdrawn };
std::string_view ProposalStatusName(ProposalStatus status);  // pending/enacted/rejected/withdrawn

struct VoteRecord {
  int64_t seq = 0;  // ledger entry of the vote
  SimTime at;       // its commit time
  SignedVote vote;
};

struct ProposalRecord {
  std::string id;   // hex SHA-256 of the signed proposal message
  int64_t seq = 0;  // ledger entry of the proposal
  SimTime proposed_at;
  SignedProposal proposal;
  std::string action_kind;
  int quorum = 1;  // approvals needed
  std::vector<VoteRecord> votes;
  ProposalStatus status = ProposalStatus::kPending;
  int64_t decided_seq = 0;  // the vote that enacted/rejected/withdrew it (0 while pending)
  SimTime decided_at;

  int approvals() const;
  int rejections() const;
};

class LedgerState {
 public:
  // REQUIRES: initial != nullptr (the state before any change, e.g. the default policy).
  explicit LedgerState(std::unique_ptr<StateModel> initial);
  LedgerState(const LedgerState& other);
  LedgerState& operator=(const LedgerState& other);
  LedgerState(LedgerState&&) noexcept = default;
  LedgerState& operator=(LedgerState&&) noexcept = default;

  // Checks `entry` against the rules above and applies it. Errors name the entry and the rule.
  Status Accept(const Entry& entry);
  // The same for an entry about to be written: errors read "<kind> by <signer> refused: ...".
  Status AcceptNew(const Entry& entry);

  // Builds and checks the entry for a signed object as the next entry at time `now`, without
  // applying it. The returned entry is linked (seq, prev_hash, hash filled).
  StatusOr<Entry> MakeGenesisEntry(const Genesis& genesis, const OperatorKey& initiator,
                                   SimTime now) const;
  StatusOr<Entry> MakeProposalEntry(const SignedProposal& proposal, SimTime now) const;
  StatusOr<Entry> MakeVoteEntry(const SignedVote& vote, SimTime now) const;

  const Head& head() const { return head_; }
  SimTime head_time() const { return head_time_; }
  bool initialized() const { return genesis_.has_value(); }
  // REQUIRES: initialized().
  const Genesis& genesis() const { return *genesis_; }
  // Hex hash of the genesis entry ("" before it).
  const std::string& ledger_id() const { return ledger_id_; }
  const StateModel& model() const { return *model_; }

  const OperatorPublicKey* FindOperator(std::string_view name) const;
  const ProposalRecord* FindProposal(std::string_view id) const;
  const ProposalRecord* FindProposalBySeq(int64_t seq) const;
  // Accepts a full id or a unique prefix of at least 8 hex digits (as printed by the CLI).
  StatusOr<const ProposalRecord*> ResolveProposal(std::string_view id_or_prefix) const;
  // All proposals in ledger order.
  std::vector<const ProposalRecord*> Proposals() const;

 private:
  Status AcceptImpl(const Entry& entry, bool new_entry);
  Status AcceptGenesis(const Entry& entry);
  Status AcceptProposal(const Entry& entry);
  Status AcceptVote(const Entry& entry, Verdict verdict);
  StatusOr<Entry> Finish(Entry entry, SimTime now) const;

  std::unique_ptr<StateModel> model_;
  std::optional<Genesis> genesis_;
  std::string ledger_id_;
  Head head_;
  SimTime head_time_;
  std::optional<Entry> last_;                                     // for CheckLink
  std::map<std::string, ProposalRecord, std::less<>> proposals_;  // by id
  std::map<int64_t, std::string> proposal_by_seq_;
};

}  // namespace leotwin::ledger
