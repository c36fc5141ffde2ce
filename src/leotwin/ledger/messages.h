// What operators sign: the genesis of a ledger, proposals and votes (approvals and rejections).
// Pure functions: a client can build and sign these offline (e.g. on an air-gapped machine) and
// hand the JSON to `leotwin policy propose/approve` or to the HTTP API.
//
// Signed messages (see encoding.h for the binary layout):
//   genesis   "leotwin.ledger.v2/genesis"  | canonical genesis payload JSON
//   proposal  "leotwin.ledger.v2/proposal" | ledger id | proposer | created_at_ns | expires_at_ns
//                                          | canonical change | comment
//   vote      "leotwin.ledger.v2/vote"     | ledger id | proposal id | voter | verdict
//                                          | signed_at_ns | expires_at_ns | comment
// Every signed message carries its signing time and the end of its validity window, chosen by
// the signer and bounded by the genesis clock rules: a ledger commits it only while it is valid
// and not before it was signed (minus the stated clock skew), so a withheld signature cannot be
// committed weeks later and a signature cannot be committed at an earlier (backdated) time.
// The ledger id (hex SHA-256 hash of the genesis entry) binds every signature to one ledger, so a
// proposal or vote cannot be replayed into another ledger with the same operators. A proposal id
// is the hex SHA-256 of the proposal's signed message; a vote names it, so a vote cannot be moved
// to another proposal.
//
// JSON forms (files, HTTP bodies, and, without "signature", the ledger entry payloads):
//   {"leotwin_proposal":2,"ledger":"<hex>","proposer":"alice","created_at_ns":<int>,
//    "expires_at_ns":<int>,"change":{...},"comment":"...","signature":"<128 hex>"}
//   {"leotwin_vote":2,"ledger":"<hex>","proposal":"<hex>","voter":"bob","verdict":"approve",
//    "signed_at_ns":<int>,"expires_at_ns":<int>,"comment":"...","signature":"<128 hex>"}
// Times are integer nanoseconds since 1970-01-01 UTC (SimTime). Comments and every string in a
// change refuse control characters (C0, DEL, C1, bidirectional overrides; see ValidateText), so a
// comment cannot forge lines or colours in an audit listing.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/keys.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger {

inline constexpr size_t kMaxCommentBytes = 4096;
// Validity window a signer gets when it does not choose one.
inline constexpr int64_t kDefaultValidityNs = 24 * SimTime::kNanosPerSecond * 3600;

// ---- Genesis: the operators and the quorum rules ----

// Approvals needed (from operators other than the proposer) per action kind. The action kind of
// a change comes from the governed state (e.g. policy::ActionKind); kinds not listed use
// `default_approvals`.
struct QuorumRules {
  int default_approvals = 1;
  std::map<std::string, int> per_action;
  int For(std::string_view action_kind) const;
  friend bool operator==(const QuorumRules&, const QuorumRules&) = default;
};

// Where entry times come from (see docs/ledger.md, "Time").
enum class ClockMode {
  // Production: the committing machine's clock stamps every entry (no caller-chosen time), and no
  // order is imposed between entries, so a clock that jumped forward and back cannot freeze the
  // ledger; time travel takes the longest prefix of entries committed at or before the instant.
  kSystem,
  // Demos, tests and replays of a past history: the caller chooses each commit time, never before
  // the previous entry's and never after the committing machine's clock plus the skew.
  kSimulated,
};
std::string_view ClockModeName(ClockMode mode);  // "system" / "simulated"

struct ClockRules {
  ClockMode mode = ClockMode::kSystem;
  // Largest disagreement tolerated between a signer's clock and the committing clock.
  int64_t max_skew_ns = 5 * SimTime::kNanosPerMinute;
  // Longest validity window (expires_at - signed_at) a signer may choose.
  int64_t max_validity_ns = 7 * SimTime::kNanosPerDay;
  friend bool operator==(const ClockRules&, const ClockRules&) = default;
};

struct Genesis {
  std::vector<OperatorPublicKey> operators;  // names unique, keys unique
  QuorumRules quorum;
  ClockRules clock;
  std::string initiator;  // the operator who signs the genesis entry; one of `operators`
  SimTime created_at;
  std::string comment;
};

// Checks names, duplicates, that every quorum is in 1..(operators - 1) (reachable, since nobody
// approves their own proposal), and, when `known_action_kinds` is not empty, that every rule names
// a known kind (a typo would otherwise silently fall back to the default).
Status ValidateGenesis(const Genesis& genesis, const std::vector<std::string>& known_action_kinds);

nlohmann::json GenesisToJson(const Genesis& genesis);
StatusOr<Genesis> GenesisFromJson(const nlohmann::json& j, std::string_view where);
// REQUIRES: `canonical_payload` == CanonicalJson(GenesisToJson(genesis)).
std::string GenesisSigningMessage(std::string_view canonical_payload);

// ---- Proposals ----

struct ProposalBody {
  std::string ledger_id;  // 64 hex digits
  std::string proposer;
  SimTime created_at;
  nlohmann::json change;  // an object; its meaning belongs to the governed state
  std::string comment;
  // End of the validity window; unset (<= created_at) means created_at + kDefaultValidityNs,
  // filled in by SignProposal.
  SimTime expires_at;
};

struct SignedProposal {
  ProposalBody body;
  Signature signature{};
};

StatusOr<std::string> ProposalSigningMessage(const ProposalBody& body);
// Hex SHA-256 of the signing message.
StatusOr<std::string> ProposalId(const ProposalBody& body);
// InvalidArgument unless key.name == body.proposer.
StatusOr<SignedProposal> SignProposal(ProposalBody body, const OperatorKey& key);
bool VerifyProposal(const SignedProposal& proposal, const PublicKey& key);

// With `with_signature` false: the ledger entry payload form.
nlohmann::json ProposalToJson(const SignedProposal& proposal, bool with_signature = true);
// Parses the JSON form. `signature_hex` (entry payloads) replaces a "signature" field, which must
// then be absent. Validates field types, names, hex, sizes; does not verify the signature.
StatusOr<SignedProposal> ProposalFromJson(const nlohmann::json& j, std::string_view where,
                                          const std::string* signature_hex = nullptr);
// Text (a file or an HTTP body) -> SignedProposal; errors name `source`, line and column.
StatusOr<SignedProposal> ParseSignedProposal(std::string_view text, std::string_view source);

// ---- Votes (approvals and rejections) ----

enum class Verdict { kApprove, kReject };
std::string_view VerdictName(Verdict verdict);  // "approve" / "reject"

struct VoteBody {
  std::string ledger_id;
  std::string proposal_id;
  std::string voter;
  Verdict verdict = Verdict::kApprove;
  SimTime signed_at;
  std::string comment;
  // End of the validity window; unset (<= signed_at): signed_at + kDefaultValidityNs (SignVote).
  SimTime expires_at;
};

struct SignedVote {
  VoteBody body;
  Signature signature{};
};

std::string VoteSigningMessage(const VoteBody& body);
StatusOr<SignedVote> SignVote(VoteBody body, const OperatorKey& key);
bool VerifyVote(const SignedVote& vote, const PublicKey& key);
nlohmann::json VoteToJson(const SignedVote& vote, bool with_signature = true);
StatusOr<SignedVote> VoteFromJson(const nlohmann::json& j, std::string_view where,
                                  const std::string* signature_hex = nullptr);
StatusOr<SignedVote> ParseSignedVote(std::string_view text, std::string_view source);

}  // namespace leotwin::ledger
