#include "leotwin/ledger/ledger_state.h"

#include <algorithm>

#include "fmt/format.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

std::string Msg(const Status& s) { return std::string(s.message()); }

Status WithContext(const Status& s, std::string_view context) {
  if (s.ok()) return s;
  return Status(s.code(), fmt::format("{}: {}", context, Msg(s)));
}

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

LedgerState::LedgerState(std::unique_ptr<StateModel> initial) : model_(std::move(initial)) {}

LedgerState::LedgerState(const LedgerState& other)
    : model_(other.model_->Clone()),
      genesis_(other.genesis_),
      ledger_id_(other.ledger_id_),
      head_(other.head_),
      head_time_(other.head_time_),
      last_(other.last_),
      proposals_(other.proposals_),
      proposal_by_seq_(other.proposal_by_seq_) {}

LedgerState& LedgerState::operator=(const LedgerState& other) {
  if (this != &other) *this = LedgerState(other);
  return *this;
}

const OperatorPublicKey* LedgerState::FindOperator(std::string_view name) const {
  if (!genesis_) return nullptr;
  for (const auto& op : genesis_->operators) {
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
  return absl::OkStatus();
}

namespace {

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
  LEOTWIN_RETURN_IF_ERROR(ValidateGenesis(g, model_->ActionKinds()));
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
      !VerifySignature(initiator->public_key, GenesisSigningMessage(e.payload), sig)) {
    return absl::UnauthenticatedError(
        fmt::format("the signature is not a valid signature of \"{}\"", g.initiator));
  }
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
  if (!VerifyProposal(p, op->public_key)) {
    return absl::UnauthenticatedError(fmt::format(
        "the signature is not a valid signature of \"{}\" over this proposal (forged, altered "
        "or signed with another key)",
        p.body.proposer));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::string id, ProposalId(p.body));
  if (const ProposalRecord* dup = FindProposal(id)) {
    return absl::AlreadyExistsError(fmt::format(
        "proposal {} is already in the ledger (entry {}): a proposal cannot be replayed", Short(id),
        dup->seq));
  }
  auto kind = model_->ActionKindOf(p.body.change);
  if (!kind.ok()) return WithContext(kind.status(), "change");
  // Dry run: the change must apply to the state as it is now.
  Status dry = model_->Check(p.body.change, e.seq, e.timestamp);
  if (!dry.ok()) return WithContext(dry, "the change does not apply");
  ProposalRecord record;
  record.id = id;
  record.seq = e.seq;
  record.proposed_at = e.timestamp;
  record.action_kind = *kind;
  record.quorum = genesis_->quorum.For(*kind);
  record.proposal = std::move(p);
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
  if (!VerifyVote(v, op->public_key)) {
    return absl::UnauthenticatedError(fmt::format(
        "the signature is not a valid signature of \"{}\" over this vote (forged, altered or "
        "signed with another key)",
        v.body.voter));
  }
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
  if (verdict == Verdict::kApprove) {
    if (next.approvals() >= next.quorum) {
      Status applied = model_->Apply(next.proposal.body.change, next.seq, e.timestamp);
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
    const int eligible = static_cast<int>(genesis_->operators.size()) - 1;
    const int not_voted = eligible - static_cast<int>(next.votes.size());
    if (next.approvals() + not_voted < next.quorum) next.status = ProposalStatus::kRejected;
  }
  if (next.status != ProposalStatus::kPending) {
    next.decided_seq = e.seq;
    next.decided_at = e.timestamp;
  }
  it->second = std::move(next);
  return absl::OkStatus();
}

StatusOr<Entry> LedgerState::Finish(Entry entry, SimTime now) const {
  if (now < head_time_) {
    return absl::FailedPreconditionError(
        fmt::format("the time {} is before the last entry's time {}; ledger time cannot go back",
                    now.ToIso8601(), head_time_.ToIso8601()));
  }
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
  LEOTWIN_RETURN_IF_ERROR(ValidateGenesis(genesis, model_->ActionKinds()));
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

StatusOr<Entry> LedgerState::MakeProposalEntry(const SignedProposal& proposal, SimTime now) const {
  if (!initialized()) {
    return absl::FailedPreconditionError("the ledger has no genesis yet (run 'policy init')");
  }
  Entry e;
  e.kind = std::string(EntryKindName(EntryKind::kProposal));
  LEOTWIN_ASSIGN_OR_RETURN(e.payload, CanonicalJson(ProposalToJson(proposal, false)));
  e.signer = proposal.body.proposer;
  e.signature = ToHex(proposal.signature);
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

}  // namespace leotwin::ledger
