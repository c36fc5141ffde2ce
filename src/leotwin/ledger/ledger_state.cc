#include "leotwin/ledger/ledger_state.h"

#include <algorithm>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

std::string Short(std::string_view id) { return std::string(id.substr(0, 12)); }

}  // namespace

std::string_view ProposalStatusName(ProposalStatus status) {
  switch (status) {
    case ProposalStatus::kPending:
      return "pending";
    case ProposalStatus::kEnacted:
      return "enacted";
    case ProposalStatus::kRejected:
      return "rejected";
    case ProposalStatus::kWithdrawn:
      return "withdrawn";
  }
  return "?";
}

int ProposalRecord::approvals() const {
  return static_cast<int>(std::count_if(votes.begin(), votes.end(), [](const VoteRecord& v) {
    return v.vote.body.verdict == Verdict::kApprove;
  }));
}

int ProposalRecord::rejections() const { return static_cast<int>(votes.size()) - approvals(); }

LedgerState::LedgerState(std::unique_ptr<StateModel> initial) : model_(std::move(initial)) {
  LEOTWIN_DCHECK(model_ != nullptr);
}

LedgerState::LedgerState(const LedgerState& other)
    : model_(other.model_->Clone()),
      genesis_(other.genesis_),
      operators_(other.operators_),
      quorum_(other.quorum_),
      clock_(other.clock_),
      operator_events_(other.operator_events_),
      retired_keys_(other.retired_keys_),
      ledger_id_(other.ledger_id_),
      head_(other.head_),
      head_time_(other.head_time_),
      last_(other.last_),
      proposals_(other.proposals_),
      proposal_by_seq_(other.proposal_by_seq_),
      derived_through_(other.derived_through_),
      item_loader_(other.item_loader_) {}

LedgerState& LedgerState::operator=(const LedgerState& other) {
  if (this != &other) *this = LedgerState(other);
  return *this;
}

const OperatorPublicKey* LedgerState::FindOperator(std::string_view name) const {
  for (const auto& op : operators_) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

const ProposalRecord* LedgerState::FindProposal(std::string_view id) const {
  const auto it = proposals_.find(id);
  return it == proposals_.end() ? nullptr : &it->second;
}

const ProposalRecord* LedgerState::FindProposalBySeq(int64_t seq) const {
  const auto it = proposal_by_seq_.find(seq);
  return it == proposal_by_seq_.end() ? nullptr : FindProposal(it->second);
}

StatusOr<const ProposalRecord*> LedgerState::ResolveProposal(std::string_view id) const {
  if (const ProposalRecord* exact = FindProposal(id)) return exact;
  if (id.size() < 8) {
    return absl::InvalidArgumentError(
        fmt::format("proposal id \"{}\": give at least 8 hex digits", id));
  }
  const ProposalRecord* found = nullptr;
  for (auto it = proposals_.lower_bound(id); it != proposals_.end(); ++it) {
    if (it->first.compare(0, id.size(), id) != 0) break;
    if (found != nullptr) {
      return absl::InvalidArgumentError(
          fmt::format("proposal id prefix \"{}\" is ambiguous; give more digits", id));
    }
    found = &it->second;
  }
  if (found == nullptr) {
    return absl::NotFoundError(fmt::format("no proposal with id {} in this ledger", id));
  }
  return found;
}

std::vector<const ProposalRecord*> LedgerState::Proposals() const {
  std::vector<const ProposalRecord*> out;
  for (const auto& [seq, id] : proposal_by_seq_) out.push_back(FindProposal(id));
  return out;
}

Status LedgerState::Accept(const Entry& e) { return AcceptImpl(e, false); }
Status LedgerState::AcceptNew(const Entry& e) { return AcceptImpl(e, true); }
Status LedgerState::AcceptVerified(const Entry& e) {
  skip_signatures_ = true;
  Status s = AcceptImpl(e, false);
  skip_signatures_ = false;
  return s;
}

Status LedgerState::AcceptImpl(const Entry& e, bool new_entry) {
  LEOTWIN_RETURN_IF_ERROR(CheckLink(last_ ? &*last_ : nullptr, e));
  const std::string where = fmt::format("entry {}", e.seq);
  auto kind = ParseEntryKind(e.kind);
  if (!kind.ok()) return WithContext(kind.status(), where);
  if ((e.seq == 1) != (*kind == EntryKind::kGenesis)) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", where,
                    e.seq == 1 ? "the first entry of a ledger must be its genesis"
                               : "a ledger has exactly one genesis entry, the first"));
  }
  // With a simulated clock the caller chooses commit times, so they must not go back (time travel
  // cuts the chain where times pass the instant). With the system clock the committing machine
  // stamps each entry; a clock that stepped back must not freeze the ledger, so no order is
  // imposed and time travel takes the longest prefix committed at or before the instant.
  if (*kind != EntryKind::kGenesis && clock_.mode == ClockMode::kSimulated && last_ &&
      e.timestamp < last_->timestamp) {
    const std::string why = fmt::format(
        "its time {} is before entry {}'s time {} (this ledger's simulated clock cannot go "
        "back)",
        e.timestamp.ToIso8601(), last_->seq, last_->timestamp.ToIso8601());
    return absl::FailedPreconditionError(
        new_entry ? fmt::format("{} by {} refused: {}", e.kind, e.signer, why)
                  : fmt::format("{} ({} by {}): {}", where, e.kind, e.signer, why));
  }
  if (e.batch_items != nullptr && *kind != EntryKind::kProposal) {
    return absl::DataLossError(
        fmt::format("{}: batch items are stored for a {} entry", where, e.kind));
  }
  Status status;
  switch (*kind) {
    case EntryKind::kGenesis:
      status = AcceptGenesis(e);
      break;
    case EntryKind::kProposal:
      status = AcceptProposal(e);
      break;
    case EntryKind::kApproval:
      status = AcceptVote(e, Verdict::kApprove);
      break;
    case EntryKind::kRejection:
      status = AcceptVote(e, Verdict::kReject);
      break;
  }
  if (!status.ok()) {
    return WithContext(status, new_entry ? fmt::format("{} by {} refused", e.kind, e.signer)
                                         : fmt::format("{} ({} by {})", where, e.kind, e.signer));
  }
  last_ = e;
  head_ = Head{e.seq, e.hash};
  head_time_ = e.timestamp;
  model_->SetLedgerPosition(e.seq);
  return absl::OkStatus();
}

namespace {

// The quorum need of a batch whose items cannot change it: registrations and suspensions lift
// nothing (policy::ClassifyChange), so a covered batch of them needs none of its items.
// Activations lift their suspensions: nullopt (read the items).
std::optional<StateModel::QuorumNeed> NeedFromHeader(const json& change) {
  auto header = ParseBatchChange(change);
  if (!header.ok()) return std::nullopt;
  switch (header->kind) {
    case BatchKind::kRegisterTerminals:
      return StateModel::QuorumNeed{"terminal.register", {}};
    case BatchKind::kSuspendTerminals:
      return StateModel::QuorumNeed{"terminal.suspend", {}};
    case BatchKind::kActivateTerminals:
      return std::nullopt;
  }
  return std::nullopt;
}

// Parses an entry payload and requires it to be in canonical form (so the signed bytes are exactly
// what a reader recomputes).
StatusOr<json> ParsePayload(const Entry& e) {
  LEOTWIN_ASSIGN_OR_RETURN(json j, ParseJson(e.payload, "payload"));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string canonical, CanonicalJson(j));
  if (canonical != e.payload) {
    return absl::InvalidArgumentError("payload is not canonical JSON");
  }
  return j;
}

}  // namespace

Status LedgerState::AcceptGenesis(const Entry& e) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParsePayload(e));
  LEOTWIN_ASSIGN_OR_RETURN(Genesis g, GenesisFromJson(j, "genesis"));
  std::vector<std::string> kinds = model_->ActionKinds();
  for (const auto& k : GovernanceActionKinds()) kinds.push_back(k);
  LEOTWIN_RETURN_IF_ERROR(ValidateGenesis(g, kinds));
  if (g.created_at > e.timestamp + g.clock.max_skew_ns) {
    return absl::InvalidArgumentError(
        fmt::format("the genesis was signed at {}, after its commit time {} (more than the "
                    "stated clock skew)",
                    g.created_at.ToIso8601(), e.timestamp.ToIso8601()));
  }
  if (e.signer != g.initiator) {
    return absl::PermissionDeniedError(fmt::format(
        "signed by \"{}\" but the genesis names \"{}\" as initiator", e.signer, g.initiator));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const Signature sig, FromHex<kSignatureBytes>(e.signature, "signature"));
  const OperatorPublicKey* initiator = nullptr;
  for (const auto& op : g.operators) {
    if (op.name == g.initiator) initiator = &op;
  }
  if (initiator == nullptr ||
      !(skip_signatures_ ||
        VerifySignature(initiator->public_key, GenesisSigningMessage(e.payload), sig))) {
    return absl::UnauthenticatedError(
        fmt::format("the signature is not a valid signature of \"{}\"", g.initiator));
  }
  operators_ = g.operators;
  quorum_ = g.quorum;
  clock_ = g.clock;
  std::string names;
  for (const auto& op : operators_) names += (names.empty() ? "" : ", ") + op.name;
  operator_events_.push_back(
      {e.seq, e.timestamp,
       fmt::format("operators {} (genesis, {} clock)", names, ClockModeName(clock_.mode))});
  genesis_ = std::move(g);
  ledger_id_ = e.hash;
  return absl::OkStatus();
}

Status LedgerState::AcceptProposal(const Entry& e) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParsePayload(e));
  LEOTWIN_ASSIGN_OR_RETURN(SignedProposal p, ProposalFromJson(j, "proposal", &e.signature));
  if (p.body.ledger_id != ledger_id_) {
    return absl::InvalidArgumentError(
        fmt::format("the proposal is for ledger {}, this is ledger {}", Short(p.body.ledger_id),
                    Short(ledger_id_)));
  }
  if (e.signer != p.body.proposer) {
    return absl::PermissionDeniedError(
        fmt::format("entry signer \"{}\" is not the proposer \"{}\"", e.signer, p.body.proposer));
  }
  const OperatorPublicKey* op = FindOperator(p.body.proposer);
  if (op == nullptr) {
    return absl::PermissionDeniedError(
        fmt::format("\"{}\" is not an operator of this ledger", p.body.proposer));
  }
  if (!(skip_signatures_ || VerifyProposal(p, op->public_key))) {
    return absl::UnauthenticatedError(fmt::format(
        "the signature is not a valid signature of \"{}\" over this proposal with the key in "
        "force (forged, altered, or signed with another or a retired key)",
        p.body.proposer));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckSignedTimes(e, p.body.created_at, p.body.expires_at));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string id, ProposalId(p.body));
  if (const ProposalRecord* dup = FindProposal(id)) {
    return absl::AlreadyExistsError(fmt::format(
        "proposal {} is already in the ledger (entry {}): a proposal cannot be replayed", Short(id),
        dup->seq));
  }
  const bool batch = IsBatchChange(p.body.change);
  if (batch) {
    LEOTWIN_ASSIGN_OR_RETURN(const BatchHeader header, ParseBatchChange(p.body.change));
    if (e.batch_items == nullptr) {
      // Covered by the derived state: checked when it was written, and by every verify.
      if (e.seq > derived_through_) {
        return absl::DataLossError(
            fmt::format("the {} items of this batch are missing", header.count));
      }
    } else {
      LEOTWIN_RETURN_IF_ERROR(CheckBatchItems(header, *e.batch_items));
    }
  } else if (e.batch_items != nullptr) {
    return absl::DataLossError("batch items are stored for a proposal that is not a batch");
  }
  std::shared_ptr<const std::vector<std::string>> items = e.batch_items;
  if (batch && items == nullptr && !NeedFromHeader(p.body.change)) {
    LEOTWIN_ASSIGN_OR_RETURN(items, LoadItems(e.seq, p.body.change));
  }
  auto need = NeedOf(p.body.change, e.timestamp, items.get());
  if (!need.ok()) return WithContext(need.status(), "change");
  // Dry run: the change must apply to the state as it is now (a covered batch was checked when
  // it was written).
  Status dry = batch
                   ? (items == nullptr ? absl::OkStatus() : model_->CheckBatch(*items, e.timestamp))
               : DescribeGovernanceChange(p.body.change).empty()
                   ? model_->Check(p.body.change, e.seq, e.timestamp)
                   : CheckGovernance(p.body.change);
  if (!dry.ok()) return WithContext(dry, "the change does not apply");
  ProposalRecord record;
  record.id = id;
  record.seq = e.seq;
  record.proposed_at = e.timestamp;
  record.action_kind = need->action_kind;
  record.lifts = need->lifts;
  record.quorum = QuorumWithFloors(*need, p.body.proposer);
  record.proposal = std::move(p);
  record.batch_items = items;
  proposal_by_seq_[e.seq] = id;
  proposals_.emplace(id, std::move(record));
  return absl::OkStatus();
}

Status LedgerState::AcceptVote(const Entry& e, Verdict verdict) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParsePayload(e));
  LEOTWIN_ASSIGN_OR_RETURN(SignedVote v, VoteFromJson(j, "vote", &e.signature));
  if (v.body.verdict != verdict) {
    return absl::InvalidArgumentError(
        fmt::format("a {} entry carries a \"{}\" vote", e.kind, VerdictName(v.body.verdict)));
  }
  if (v.body.ledger_id != ledger_id_) {
    return absl::InvalidArgumentError(fmt::format("the vote is for ledger {}, this is ledger {}",
                                                  Short(v.body.ledger_id), Short(ledger_id_)));
  }
  if (e.signer != v.body.voter) {
    return absl::PermissionDeniedError(
        fmt::format("entry signer \"{}\" is not the voter \"{}\"", e.signer, v.body.voter));
  }
  const OperatorPublicKey* op = FindOperator(v.body.voter);
  if (op == nullptr) {
    return absl::PermissionDeniedError(
        fmt::format("\"{}\" is not an operator of this ledger", v.body.voter));
  }
  if (!(skip_signatures_ || VerifyVote(v, op->public_key))) {
    return absl::UnauthenticatedError(fmt::format(
        "the signature is not a valid signature of \"{}\" over this vote with the key in force "
        "(forged, altered, or signed with another or a retired key)",
        v.body.voter));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckSignedTimes(e, v.body.signed_at, v.body.expires_at));
  const auto it = proposals_.find(v.body.proposal_id);
  if (it == proposals_.end()) {
    return absl::NotFoundError(
        fmt::format("no proposal {} in this ledger", Short(v.body.proposal_id)));
  }
  const ProposalRecord& rec = it->second;
  for (const VoteRecord& prior : rec.votes) {
    if (prior.vote.body.voter == v.body.voter) {
      return absl::AlreadyExistsError(fmt::format(
          "\"{}\" already voted ({}) on proposal {} in entry {}; a vote cannot be replayed or "
          "repeated",
          v.body.voter, VerdictName(prior.vote.body.verdict), Short(rec.id), prior.seq));
    }
  }
  if (rec.status != ProposalStatus::kPending) {
    return absl::FailedPreconditionError(fmt::format("proposal {} is already {} (entry {})",
                                                     Short(rec.id), ProposalStatusName(rec.status),
                                                     rec.decided_seq));
  }
  const bool by_proposer = v.body.voter == rec.proposal.body.proposer;
  if (verdict == Verdict::kApprove && by_proposer) {
    return absl::PermissionDeniedError(fmt::format(
        "\"{}\" proposed {} and cannot approve it; approvals must come from other operators",
        v.body.voter, Short(rec.id)));
  }

  ProposalRecord next = rec;
  next.votes.push_back(VoteRecord{e.seq, e.timestamp, std::move(v)});
  // Quorums follow effects on the state as it is at this vote (an earlier enactment may have
  // turned this change into a lift or a cut).
  const bool governance = !DescribeGovernanceChange(next.proposal.body.change).empty();
  const bool batch = IsBatchChange(next.proposal.body.change);
  // The effects of a covered vote are in the derived state already; others need the items.
  const bool covered = e.seq <= derived_through_;
  if (batch && next.batch_items == nullptr &&
      (!covered || !NeedFromHeader(next.proposal.body.change))) {
    LEOTWIN_ASSIGN_OR_RETURN(next.batch_items, LoadItems(next.seq, next.proposal.body.change));
  }
  auto need = NeedOf(next.proposal.body.change, e.timestamp, next.batch_items.get());
  if (need.ok()) {
    next.action_kind = need->action_kind;
    next.lifts = need->lifts;
    next.quorum = QuorumWithFloors(*need, next.proposal.body.proposer);
  }
  // Operators still able to vote: current operators other than the proposer, not yet voted.
  int not_voted = 0;
  for (const auto& o : operators_) {
    if (o.name == next.proposal.body.proposer) continue;
    const bool voted = std::any_of(next.votes.begin(), next.votes.end(), [&](const VoteRecord& r) {
      return r.vote.body.voter == o.name;
    });
    if (!voted) ++not_voted;
  }
  if (verdict == Verdict::kApprove) {
    if (next.approvals() >= next.quorum) {
      Status applied =
          governance ? ApplyGovernance(next.proposal.body.change, e.seq, e.timestamp)
          : batch    ? (covered ? absl::OkStatus()
                                : model_->ApplyBatch(*next.batch_items, next.seq, e.timestamp))
                     : model_->Apply(next.proposal.body.change, next.seq, e.timestamp);
      if (!applied.ok()) {
        return WithContext(applied, fmt::format("this approval reaches the quorum of proposal {} "
                                                "but its change no longer applies",
                                                Short(rec.id)));
      }
      next.status = ProposalStatus::kEnacted;
    }
  } else if (by_proposer) {
    next.status = ProposalStatus::kWithdrawn;
  } else {
    if (next.approvals() + not_voted < next.quorum) next.status = ProposalStatus::kRejected;
  }
  if (next.status != ProposalStatus::kPending) {
    next.decided_seq = e.seq;
    next.decided_at = e.timestamp;
  }
  it->second = std::move(next);
  return absl::OkStatus();
}

StatusOr<std::shared_ptr<const std::vector<std::string>>> LedgerState::LoadItems(
    int64_t seq, const json& change) const {
  LEOTWIN_ASSIGN_OR_RETURN(const BatchHeader header, ParseBatchChange(change));
  if (!item_loader_) {
    return absl::DataLossError(fmt::format("the {} items of this batch are missing", header.count));
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto items, item_loader_(seq));
  if (items == nullptr) {
    return absl::DataLossError(fmt::format("the {} items of this batch are missing", header.count));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckBatchItems(header, *items));
  return items;
}

StatusOr<Entry> LedgerState::Finish(Entry entry, SimTime now) const {
  entry.timestamp = now;
  LEOTWIN_RETURN_IF_ERROR(LinkEntry(head_, entry));
  return entry;
}

StatusOr<Entry> LedgerState::MakeGenesisEntry(const Genesis& genesis, const OperatorKey& initiator,
                                              SimTime now) const {
  if (initialized()) {
    return absl::AlreadyExistsError(
        fmt::format("the ledger already has its genesis (ledger {})", Short(ledger_id_)));
  }
  if (genesis.initiator != initiator.name) {
    return absl::InvalidArgumentError(
        fmt::format("the key belongs to \"{}\" but the genesis initiator is \"{}\"", initiator.name,
                    genesis.initiator));
  }
  std::vector<std::string> kinds = model_->ActionKinds();
  for (const auto& k : GovernanceActionKinds()) kinds.push_back(k);
  LEOTWIN_RETURN_IF_ERROR(ValidateGenesis(genesis, kinds));
  for (const auto& op : genesis.operators) {
    if (op.name == initiator.name && op.public_key != initiator.key.public_key()) {
      return absl::InvalidArgumentError(
          fmt::format("the key file of \"{}\" does not match the public key listed for \"{}\"",
                      initiator.name, op.name));
    }
  }
  Entry e;
  e.kind = std::string(EntryKindName(EntryKind::kGenesis));
  LEOTWIN_ASSIGN_OR_RETURN(e.payload, CanonicalJson(GenesisToJson(genesis)));
  e.signer = initiator.name;
  e.signature = ToHex(initiator.key.Sign(GenesisSigningMessage(e.payload)));
  return Finish(std::move(e), now);
}

StatusOr<Entry> LedgerState::MakeProposalEntry(
    const SignedProposal& proposal, SimTime now,
    std::shared_ptr<const std::vector<std::string>> batch_items) const {
  if (!initialized()) {
    return absl::FailedPreconditionError("the ledger has no genesis yet (run 'policy init')");
  }
  if (IsBatchChange(proposal.body.change) != (batch_items != nullptr)) {
    return absl::InvalidArgumentError(
        batch_items == nullptr
            ? "a batch proposal is recorded with its items ('policy propose --batch')"
            : "items were given for a proposal that is not a batch");
  }
  Entry e;
  e.kind = std::string(EntryKindName(EntryKind::kProposal));
  LEOTWIN_ASSIGN_OR_RETURN(e.payload, CanonicalJson(ProposalToJson(proposal, false)));
  e.signer = proposal.body.proposer;
  e.signature = ToHex(proposal.signature);
  e.batch_items = std::move(batch_items);
  return Finish(std::move(e), now);
}

StatusOr<Entry> LedgerState::MakeVoteEntry(const SignedVote& vote, SimTime now) const {
  if (!initialized()) {
    return absl::FailedPreconditionError("the ledger has no genesis yet (run 'policy init')");
  }
  Entry e;
  e.kind = std::string(EntryKindName(
      vote.body.verdict == Verdict::kApprove ? EntryKind::kApproval : EntryKind::kRejection));
  LEOTWIN_ASSIGN_OR_RETURN(e.payload, CanonicalJson(VoteToJson(vote, false)));
  e.signer = vote.body.voter;
  e.signature = ToHex(vote.signature);
  return Finish(std::move(e), now);
}

// ---- Time ----

Status LedgerState::CheckSignedTimes(const Entry& e, SimTime signed_at, SimTime expires_at) const {
  if (signed_at > e.timestamp + clock_.max_skew_ns) {
    return absl::InvalidArgumentError(fmt::format(
        "it was signed at {}, after its commit time {} by more than the ledger's clock skew of {} "
        "s: a signature cannot be committed before it was made (backdated commit or a signer's "
        "clock running ahead)",
        signed_at.ToIso8601(), e.timestamp.ToIso8601(), clock_.max_skew_ns / 1'000'000'000));
  }
  if (expires_at - signed_at > clock_.max_validity_ns) {
    return absl::InvalidArgumentError(fmt::format(
        "its validity window ({} .. {}) is longer than this ledger's maximum of {} s",
        signed_at.ToIso8601(), expires_at.ToIso8601(), clock_.max_validity_ns / 1'000'000'000));
  }
  if (e.timestamp > expires_at) {
    return absl::InvalidArgumentError(
        fmt::format("the signature expired at {}, before the commit time {}; sign it again",
                    expires_at.ToIso8601(), e.timestamp.ToIso8601()));
  }
  return absl::OkStatus();
}

// ---- Quorums ----

int LedgerState::QuorumOfKind(std::string_view kind) const {
  const auto& governance = GovernanceActionKinds();
  if (std::find(governance.begin(), governance.end(), kind) != governance.end() &&
      quorum_.per_action.count(std::string(kind)) == 0) {
    // Governance is never easier than the hardest policy action.
    int highest = quorum_.default_approvals;
    for (const auto& [k, n] : quorum_.per_action) highest = std::max(highest, n);
    return highest;
  }
  return quorum_.For(kind);
}

StatusOr<StateModel::QuorumNeed> LedgerState::NeedOf(
    const json& change, SimTime at, const std::vector<std::string>* batch_items) const {
  if (IsBatchChange(change)) {
    // Registrations and suspensions need no item (and no parse of 100,000 of them per vote).
    if (auto need = NeedFromHeader(change)) return *need;
    if (batch_items == nullptr) return absl::InvalidArgumentError("a batch without its items");
    return model_->BatchQuorumNeedOf(*batch_items, at);
  }
  if (change.is_object() && change.contains("action") && change["action"].is_string()) {
    const std::string action = change["action"];
    for (const auto& kind : GovernanceActionKinds()) {
      if (kind == "ledger." + action) return StateModel::QuorumNeed{kind, {}};
    }
  }
  return model_->QuorumNeedOf(change, at);
}

int LedgerState::QuorumWithFloors(const StateModel::QuorumNeed& need,
                                  std::string_view proposer) const {
  int quorum = QuorumOfKind(need.action_kind);
  for (const int64_t seq : need.lifts) {
    const ProposalRecord* imposed = FindProposalBySeq(seq);
    if (imposed != nullptr && imposed->status == ProposalStatus::kEnacted) {
      quorum = std::max(quorum, imposed->quorum);
    }
  }
  // A floor from a larger operator set is capped at everyone else, so a lift stays possible.
  int others = 0;
  for (const auto& op : operators_) others += op.name == proposer ? 0 : 1;
  return std::max(1, std::min(quorum, std::max(others, 1)));
}

StatusOr<std::pair<std::string, int>> LedgerState::QuorumFor(const json& change, SimTime at) const {
  LEOTWIN_ASSIGN_OR_RETURN(const StateModel::QuorumNeed need, NeedOf(change, at, nullptr));
  return std::make_pair(need.action_kind, QuorumWithFloors(need, ""));
}

std::string LedgerState::Describe(const json& change) const {
  if (IsBatchChange(change)) {
    auto header = ParseBatchChange(change);
    return header.ok() ? DescribeBatch(*header) : "batch change (malformed)";
  }
  std::string governance = DescribeGovernanceChange(change);
  return governance.empty() ? model_->Describe(change) : governance;
}

// ---- Governance ----

namespace {

struct GovernanceChange {
  std::string action;       // add_operator, remove_operator, rotate_key, set_quorum
  std::string name;         // operator (add/remove/rotate)
  PublicKey key{};          // add/rotate
  std::string action_kind;  // set_quorum: a kind or "default"
  int approvals = 0;        // set_quorum
};

StatusOr<GovernanceChange> ParseGovernance(const json& j) {
  constexpr std::string_view where = "change";
  GovernanceChange g;
  LEOTWIN_ASSIGN_OR_RETURN(g.action, GetString(j, "action", where));
  if (g.action == "add_operator" || g.action == "rotate_key") {
    LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j, {"action", "name", "public_key"}, where));
    LEOTWIN_ASSIGN_OR_RETURN(g.name, GetString(j, "name", where));
    LEOTWIN_ASSIGN_OR_RETURN(const std::string hex, GetString(j, "public_key", where));
    LEOTWIN_ASSIGN_OR_RETURN(g.key, FromHex<kPublicKeyBytes>(hex, "change: public_key"));
  } else if (g.action == "remove_operator") {
    LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j, {"action", "name"}, where));
    LEOTWIN_ASSIGN_OR_RETURN(g.name, GetString(j, "name", where));
  } else if (g.action == "set_quorum") {
    LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j, {"action", "action_kind", "approvals"}, where));
    LEOTWIN_ASSIGN_OR_RETURN(g.action_kind, GetString(j, "action_kind", where));
    LEOTWIN_ASSIGN_OR_RETURN(const int64_t n, GetInt(j, "approvals", where));
    if (n < 1 || n > 256) {
      return absl::InvalidArgumentError(
          fmt::format("change: approvals {} must be between 1 and 256", n));
    }
    g.approvals = static_cast<int>(n);
    return g;
  } else {
    return absl::InvalidArgumentError(
        fmt::format("change: \"{}\" is not a governance action", g.action));
  }
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(g.name));
  return g;
}

bool IsGovernanceAction(const json& change) {
  if (!change.is_object()) return false;
  const auto it = change.find("action");
  if (it == change.end() || !it->is_string()) return false;
  const std::string& a = it->get_ref<const std::string&>();
  return a == "add_operator" || a == "remove_operator" || a == "rotate_key" || a == "set_quorum";
}

}  // namespace

const std::vector<std::string>& GovernanceActionKinds() {
  static const std::vector<std::string> kinds = {"ledger.add_operator", "ledger.remove_operator",
                                                 "ledger.rotate_key", "ledger.set_quorum"};
  return kinds;
}

std::string DescribeGovernanceChange(const json& change) {
  if (!IsGovernanceAction(change)) return "";
  auto g = ParseGovernance(change);
  if (!g.ok()) return "governance change (malformed)";
  if (g->action == "add_operator") {
    return fmt::format("add operator {} (key {})", g->name, ToHex(g->key).substr(0, 16));
  }
  if (g->action == "remove_operator") return fmt::format("remove operator {}", g->name);
  if (g->action == "rotate_key") {
    return fmt::format("rotate the key of operator {} (new key {})", g->name,
                       ToHex(g->key).substr(0, 16));
  }
  return fmt::format("set the quorum of {} to {} approvals", g->action_kind, g->approvals);
}

Status LedgerState::CheckGovernance(const json& change) const {
  LEOTWIN_ASSIGN_OR_RETURN(const GovernanceChange g, ParseGovernance(change));
  const int operators = static_cast<int>(operators_.size());
  auto key_in_use = [&](const PublicKey& key) {
    if (retired_keys_.count(key) != 0) return true;
    return std::any_of(operators_.begin(), operators_.end(),
                       [&](const OperatorPublicKey& op) { return op.public_key == key; });
  };
  if (g.action == "add_operator" || g.action == "rotate_key") {
    const bool adding = g.action == "add_operator";
    if (adding && FindOperator(g.name) != nullptr) {
      return absl::AlreadyExistsError(fmt::format("\"{}\" is already an operator", g.name));
    }
    if (!adding && FindOperator(g.name) == nullptr) {
      return absl::NotFoundError(fmt::format("\"{}\" is not an operator", g.name));
    }
    if (key_in_use(g.key)) {
      return absl::AlreadyExistsError(
          "that public key is or was already used by an operator of this ledger; generate a new "
          "one");
    }
    return absl::OkStatus();
  }
  if (g.action == "remove_operator") {
    if (FindOperator(g.name) == nullptr) {
      return absl::NotFoundError(fmt::format("\"{}\" is not an operator", g.name));
    }
    if (operators < 3) {
      return absl::FailedPreconditionError(
          "a ledger keeps at least two operators (nobody approves their own proposal)");
    }
    int highest = quorum_.default_approvals;
    for (const auto& [k, n] : quorum_.per_action) highest = std::max(highest, n);
    if (highest > operators - 2) {
      return absl::FailedPreconditionError(fmt::format(
          "removing {} leaves {} operators, too few for a quorum of {}; lower that quorum first",
          g.name, operators - 1, highest));
    }
    return absl::OkStatus();
  }
  // set_quorum
  std::vector<std::string> kinds = model_->ActionKinds();
  for (const auto& k : GovernanceActionKinds()) kinds.push_back(k);
  if (g.action_kind != "default" &&
      std::find(kinds.begin(), kinds.end(), g.action_kind) == kinds.end()) {
    return absl::InvalidArgumentError(
        fmt::format("change: unknown action kind \"{}\"", g.action_kind));
  }
  if (g.approvals > operators - 1) {
    return absl::InvalidArgumentError(
        fmt::format("a quorum of {} cannot be reached with {} operators (at most {})", g.approvals,
                    operators, operators - 1));
  }
  return absl::OkStatus();
}

Status LedgerState::ApplyGovernance(const json& change, int64_t seq, SimTime at) {
  LEOTWIN_RETURN_IF_ERROR(CheckGovernance(change));
  LEOTWIN_ASSIGN_OR_RETURN(const GovernanceChange g, ParseGovernance(change));
  if (g.action == "add_operator") {
    operators_.push_back(OperatorPublicKey{g.name, g.key});
    operator_events_.push_back({seq, at, fmt::format("operator {} added", g.name)});
  } else if (g.action == "rotate_key") {
    for (auto& op : operators_) {
      if (op.name == g.name) {
        retired_keys_.insert(op.public_key);
        op.public_key = g.key;
      }
    }
    operator_events_.push_back(
        {seq, at, fmt::format("operator {}'s key rotated: the old key signs nothing new", g.name)});
  } else if (g.action == "remove_operator") {
    for (auto it = operators_.begin(); it != operators_.end(); ++it) {
      if (it->name == g.name) {
        retired_keys_.insert(it->public_key);
        operators_.erase(it);
        break;
      }
    }
    operator_events_.push_back({seq, at, fmt::format("operator {} removed", g.name)});
  } else {
    if (g.action_kind == "default") {
      quorum_.default_approvals = g.approvals;
    } else {
      quorum_.per_action[g.action_kind] = g.approvals;
    }
    operator_events_.push_back(
        {seq, at, fmt::format("quorum of {} set to {}", g.action_kind, g.approvals)});
  }
  return absl::OkStatus();
}

}  // namespace leotwin::ledger
