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
//   - time (genesis clock rules): a signed message is committed no earlier than its signing time
//     minus the stated skew and no later than its expiry; the validity window a signer chose is at
//     most the genesis maximum; with a simulated clock entry times never decrease;
//   - quorums follow effects (StateModel::QuorumNeedOf): the quorum of the action kind the change
//     has on the state at that moment, and at least the quorum each restriction it lifts was
//     enacted with (capped at the number of other operators); recomputed at every vote;
//   - when the approvals reach that quorum, the change is applied (enacted) at that vote's time;
//     if it no longer applies, the vote is refused;
//   - when the operators who have not yet voted (proposer excluded) can no longer reach the
//     quorum, the proposal is rejected;
//   - governance changes (add_operator, remove_operator, rotate_key, set_quorum; see
//     docs/ledger.md) are proposals too, with their own quorum (by default the highest quorum of
//     any action): after a removal or rotation the old key signs nothing new, while entries it
//     signed before still verify against the key in force when they were committed.
// Accept() is all-or-nothing: on error the state is unchanged.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "leotwin/base/check.h"
#include "leotwin/base/status.h"
#include "leotwin/ledger/chain.h"
#include "leotwin/ledger/messages.h"
#include "leotwin/ledger/state_model.h"

namespace leotwin::ledger {

// Action kinds of the ledger's own governance changes (quorum rules may name them).
const std::vector<std::string>& GovernanceActionKinds();
// One sentence for a governance change; "" when `change` is not one.
std::string DescribeGovernanceChange(const nlohmann::json& change);

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
  std::string action_kind;     // by effect, as of the last vote (or the proposal)
  int quorum = 1;              // approvals needed (as enacted, once enacted)
  std::vector<int64_t> lifts;  // proposal entries whose restrictions this change lifts
  std::vector<VoteRecord> votes;
  // A batch proposal's items (batch.h), shared with its entry; null for other proposals.
  std::shared_ptr<const std::vector<std::string>> batch_items;
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
  // Replays an entry whose exact bytes (its hash) this process already accepted once: the same
  // rules without re-checking Ed25519 signatures (time travel from checkpoints).
  Status AcceptVerified(const Entry& entry);

  // Builds and checks the entry for a signed object as the next entry at time `now`, without
  // applying it. The returned entry is linked (seq, prev_hash, hash filled).
  StatusOr<Entry> MakeGenesisEntry(const Genesis& genesis, const OperatorKey& initiator,
                                   SimTime now) const;
  // `batch_items`: the items of a batch proposal (batch.h), stored beside the entry.
  StatusOr<Entry> MakeProposalEntry(
      const SignedProposal& proposal, SimTime now,
      std::shared_ptr<const std::vector<std::string>> batch_items = nullptr) const;
  StatusOr<Entry> MakeVoteEntry(const SignedVote& vote, SimTime now) const;

  const Head& head() const { return head_; }
  SimTime head_time() const { return head_time_; }
  bool initialized() const { return genesis_.has_value(); }
  // REQUIRES: initialized().
  const Genesis& genesis() const {
    LEOTWIN_DCHECK(initialized());
    return *genesis_;
  }
  // Hex hash of the genesis entry ("" before it).
  const std::string& ledger_id() const { return ledger_id_; }
  const StateModel& model() const { return *model_; }
  StateModel& mutable_model() { return *model_; }

  // Entries 1..seq may come without their batch items: the model's derived state
  // (terminal_table.h) holds their effects, so they are neither checked against their Merkle root
  // here (verify does that) nor applied. Items still needed (an activation batch's quorum, a
  // covered pending batch enacted by a later vote) are read through `loader` and checked then.
  using ItemLoader =
      std::function<StatusOr<std::shared_ptr<const std::vector<std::string>>>(int64_t seq)>;
  void SetDerivedThrough(int64_t seq, ItemLoader loader) {
    derived_through_ = seq;
    item_loader_ = std::move(loader);
  }
  int64_t derived_through() const { return derived_through_; }

  // The operators and quorum rules in force after the last entry (genesis plus governance).
  // Empty before initialized().
  const std::vector<OperatorPublicKey>& operators() const { return operators_; }
  const QuorumRules& quorum_rules() const { return quorum_; }
  const ClockRules& clock() const { return clock_; }
  // Who could sign when: one line per genesis or governance change, in ledger order.
  struct OperatorEvent {
    int64_t seq = 0;
    SimTime at;
    std::string text;  // e.g. "operators: alice, bob, carol" or "carol's key rotated"
  };
  const std::vector<OperatorEvent>& operator_events() const { return operator_events_; }
  // The quorum a change would need now (action kind by effect, lifted entries' quorums).
  StatusOr<std::pair<std::string, int>> QuorumFor(const nlohmann::json& change, SimTime at) const;
  // One sentence for any change (governance or governed state).
  std::string Describe(const nlohmann::json& change) const;

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
  Status CheckSignedTimes(const Entry& entry, SimTime signed_at, SimTime expires_at) const;
  Status CheckGovernance(const nlohmann::json& change) const;
  Status ApplyGovernance(const nlohmann::json& change, int64_t seq, SimTime at);
  int QuorumOfKind(std::string_view kind) const;
  StatusOr<StateModel::QuorumNeed> NeedOf(const nlohmann::json& change, SimTime at,
                                          const std::vector<std::string>* batch_items) const;
  int QuorumWithFloors(const StateModel::QuorumNeed& need, std::string_view proposer) const;
  StatusOr<Entry> Finish(Entry entry, SimTime now) const;
  // The checked items of the covered batch proposal of entry `seq`.
  StatusOr<std::shared_ptr<const std::vector<std::string>>> LoadItems(
      int64_t seq, const nlohmann::json& change) const;

  std::unique_ptr<StateModel> model_;
  std::optional<Genesis> genesis_;
  std::vector<OperatorPublicKey> operators_;
  QuorumRules quorum_;
  ClockRules clock_;
  std::vector<OperatorEvent> operator_events_;
  std::set<PublicKey> retired_keys_;  // keys of removed operators and rotated-out keys
  bool skip_signatures_ = false;      // AcceptVerified
  std::string ledger_id_;
  Head head_;
  SimTime head_time_;
  std::optional<Entry> last_;                                     // for CheckLink
  std::map<std::string, ProposalRecord, std::less<>> proposals_;  // by id
  std::map<int64_t, std::string> proposal_by_seq_;
  int64_t derived_through_ = 0;
  ItemLoader item_loader_;
};

}  // namespace leotwin::ledger
