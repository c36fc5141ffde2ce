#include "leotwin/ledger/messages.h"

#include <set>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

constexpr int kMaxOperators = 256;

// True when `text` is JSON whose canonical form is `text` itself (the genesis contract).
bool IsCanonicalJson(std::string_view text) {
  const json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return false;
  const StatusOr<std::string> canonical = CanonicalJson(parsed);
  return canonical.ok() && *canonical == text;
}
constexpr int kMaxQuorumRules = 256;
constexpr size_t kMaxActionKindBytes = 128;

Status CheckComment(const std::string& comment, std::string_view where) {
  if (comment.size() > kMaxCommentBytes) {
    return absl::InvalidArgumentError(fmt::format("{}: comment is {} bytes, over the limit of {}",
                                                  where, comment.size(), kMaxCommentBytes));
  }
  return ValidateText(comment, fmt::format("{}: comment", where));
}

constexpr int64_t kMaxSkewLimitNs = SimTime::kNanosPerDay;
constexpr int64_t kMaxValidityLimitNs = 366 * SimTime::kNanosPerDay;

StatusOr<SimTime> ExpiryField(const json& j, std::string_view where, SimTime signed_at) {
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t expires, GetInt(j, "expires_at_ns", where));
  if (expires <= signed_at.unix_nanos()) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: \"expires_at_ns\" must be after the signing time (the validity window is empty)",
        where));
  }
  return SimTime::FromUnixNanos(expires);
}

SimTime DefaultExpiry(SimTime signed_at, SimTime expires_at) {
  return expires_at > signed_at ? expires_at : signed_at + kDefaultValidityNs;
}

Status CheckLedgerId(const std::string& id, std::string_view where) {
  return FromHexBytes(id, kSha256Bytes, fmt::format("{}: ledger", where)).status();
}

StatusOr<std::string> OptionalComment(const json& j, std::string_view where) {
  if (!j.contains("comment")) return std::string();
  LEOTWIN_ASSIGN_OR_RETURN(std::string comment, GetString(j, "comment", where));
  LEOTWIN_RETURN_IF_ERROR(CheckComment(comment, where));
  return comment;
}

StatusOr<Signature> SignatureField(const json& j, std::string_view where,
                                   const std::string* signature_hex) {
  if (signature_hex != nullptr) {
    if (j.contains("signature")) {
      return absl::InvalidArgumentError(
          fmt::format("{}: a ledger payload must not carry a \"signature\" field", where));
    }
    return FromHex<kSignatureBytes>(*signature_hex, fmt::format("{}: signature", where));
  }
  LEOTWIN_ASSIGN_OR_RETURN(std::string hex, GetString(j, "signature", where));
  return FromHex<kSignatureBytes>(hex, fmt::format("{}: signature", where));
}

Status CheckVersion(const json& j, std::string_view tag, std::string_view where) {
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t version, GetInt(j, tag, where));
  if (version != 2) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: unsupported {} version {} (this leotwin reads version 2)", where, tag, version));
  }
  return absl::OkStatus();
}

}  // namespace

// ---- Genesis ----

std::string_view ClockModeName(ClockMode mode) {
  return mode == ClockMode::kSystem ? "system" : "simulated";
}

int QuorumRules::For(std::string_view action_kind) const {
  const auto it = per_action.find(std::string(action_kind));
  return it == per_action.end() ? default_approvals : it->second;
}

Status ValidateGenesis(const Genesis& genesis, const std::vector<std::string>& known_action_kinds) {
  if (genesis.operators.empty()) {
    return absl::InvalidArgumentError("genesis: at least one operator is needed");
  }
  if (genesis.operators.size() > static_cast<size_t>(kMaxOperators)) {
    return absl::InvalidArgumentError(fmt::format("genesis: at most {} operators", kMaxOperators));
  }
  std::set<std::string> names;
  std::set<PublicKey> keys;
  for (const auto& op : genesis.operators) {
    LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(op.name));
    if (!names.insert(op.name).second) {
      return absl::InvalidArgumentError(
          fmt::format("genesis: operator \"{}\" is listed twice", op.name));
    }
    if (!keys.insert(op.public_key).second) {
      return absl::InvalidArgumentError(fmt::format(
          "genesis: operator \"{}\" has the same public key as another operator", op.name));
    }
  }
  if (names.count(genesis.initiator) == 0) {
    return absl::InvalidArgumentError(fmt::format(
        "genesis: the initiator \"{}\" must be one of the operators", genesis.initiator));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckComment(genesis.comment, "genesis"));
  if (genesis.clock.max_skew_ns < 0 || genesis.clock.max_skew_ns > kMaxSkewLimitNs) {
    return absl::InvalidArgumentError(fmt::format(
        "genesis: clock max_skew_ns {} must be between 0 and one day", genesis.clock.max_skew_ns));
  }
  if (genesis.clock.max_validity_ns < SimTime::kNanosPerMinute ||
      genesis.clock.max_validity_ns > kMaxValidityLimitNs) {
    return absl::InvalidArgumentError(
        fmt::format("genesis: clock max_validity_ns {} must be between one minute and 366 days",
                    genesis.clock.max_validity_ns));
  }
  const int others = static_cast<int>(genesis.operators.size()) - 1;
  auto check = [&](std::string_view kind, int n) -> Status {
    if (n < 1 || n > others) {
      return absl::InvalidArgumentError(fmt::format(
          "genesis: quorum for \"{}\" is {}; it must be between 1 and {} (the number of "
          "operators other than the proposer)",
          kind, n, others));
    }
    return absl::OkStatus();
  };
  LEOTWIN_RETURN_IF_ERROR(check("default", genesis.quorum.default_approvals));
  if (genesis.quorum.per_action.size() > static_cast<size_t>(kMaxQuorumRules)) {
    return absl::InvalidArgumentError(
        fmt::format("genesis: at most {} quorum rules", kMaxQuorumRules));
  }
  for (const auto& [kind, n] : genesis.quorum.per_action) {
    if (kind.empty() || kind.size() > kMaxActionKindBytes) {
      return absl::InvalidArgumentError("genesis: quorum rule with an empty or too long name");
    }
    LEOTWIN_RETURN_IF_ERROR(check(kind, n));
    if (!known_action_kinds.empty() &&
        std::find(known_action_kinds.begin(), known_action_kinds.end(), kind) ==
            known_action_kinds.end()) {
      std::string list;
      for (const auto& k : known_action_kinds) list += (list.empty() ? "" : ", ") + k;
      return absl::InvalidArgumentError(fmt::format(
          "genesis: quorum rule names the unknown action kind \"{}\" (known: {})", kind, list));
    }
  }
  return absl::OkStatus();
}

json GenesisToJson(const Genesis& genesis) {
  json ops = json::array();
  for (const auto& op : genesis.operators) {
    ops.push_back({{"name", op.name}, {"public_key", ToHex(op.public_key)}});
  }
  json per_action = json::object();
  for (const auto& [kind, n] : genesis.quorum.per_action) per_action[kind] = n;
  return json{
      {"leotwin_genesis", 2},
      {"operators", ops},
      {"quorum", {{"default", genesis.quorum.default_approvals}, {"per_action", per_action}}},
      {"clock",
       {{"mode", ClockModeName(genesis.clock.mode)},
        {"max_skew_ns", genesis.clock.max_skew_ns},
        {"max_validity_ns", genesis.clock.max_validity_ns}}},
      {"initiator", genesis.initiator},
      {"created_at_ns", genesis.created_at.unix_nanos()},
      {"comment", genesis.comment}};
}

StatusOr<Genesis> GenesisFromJson(const json& j, std::string_view where) {
  if (!j.is_object()) return absl::InvalidArgumentError(fmt::format("{}: not an object", where));
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(
      j,
      {"leotwin_genesis", "operators", "quorum", "clock", "initiator", "created_at_ns", "comment"},
      where));
  LEOTWIN_RETURN_IF_ERROR(CheckVersion(j, "leotwin_genesis", where));
  Genesis g;
  const auto ops = j.find("operators");
  if (ops == j.end() || !ops->is_array()) {
    return absl::InvalidArgumentError(fmt::format("{}: \"operators\" must be an array", where));
  }
  for (const auto& op : *ops) {
    const std::string w = fmt::format("{}: operators[{}]", where, g.operators.size());
    if (!op.is_object()) return absl::InvalidArgumentError(fmt::format("{}: not an object", w));
    LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(op, {"name", "public_key"}, w));
    OperatorPublicKey k;
    LEOTWIN_ASSIGN_OR_RETURN(k.name, GetString(op, "name", w));
    LEOTWIN_ASSIGN_OR_RETURN(std::string hex, GetString(op, "public_key", w));
    LEOTWIN_ASSIGN_OR_RETURN(k.public_key,
                             FromHex<kPublicKeyBytes>(hex, fmt::format("{}: public_key", w)));
    g.operators.push_back(std::move(k));
  }
  const auto quorum = j.find("quorum");
  if (quorum == j.end() || !quorum->is_object()) {
    return absl::InvalidArgumentError(fmt::format("{}: \"quorum\" must be an object", where));
  }
  const std::string qw = fmt::format("{}: quorum", where);
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(*quorum, {"default", "per_action"}, qw));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t def, GetInt(*quorum, "default", qw));
  if (def < 0 || def > kMaxOperators) {
    return absl::InvalidArgumentError(fmt::format("{}: default {} out of range", qw, def));
  }
  g.quorum.default_approvals = static_cast<int>(def);
  const auto per = quorum->find("per_action");
  if (per == quorum->end() || !per->is_object()) {
    return absl::InvalidArgumentError(fmt::format("{}: \"per_action\" must be an object", qw));
  }
  for (const auto& [kind, n] : per->items()) {
    if (!n.is_number_integer() || n.get<int64_t>() < 0 || n.get<int64_t>() > kMaxOperators) {
      return absl::InvalidArgumentError(
          fmt::format("{}: per_action \"{}\" must be an integer 0..{}", qw, kind, kMaxOperators));
    }
    g.quorum.per_action[kind] = n.get<int>();
  }
  const auto clock = j.find("clock");
  if (clock == j.end() || !clock->is_object()) {
    return absl::InvalidArgumentError(fmt::format("{}: \"clock\" must be an object", where));
  }
  const std::string cw = fmt::format("{}: clock", where);
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(*clock, {"mode", "max_skew_ns", "max_validity_ns"}, cw));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string mode, GetString(*clock, "mode", cw));
  if (mode == "system") {
    g.clock.mode = ClockMode::kSystem;
  } else if (mode == "simulated") {
    g.clock.mode = ClockMode::kSimulated;
  } else {
    return absl::InvalidArgumentError(
        fmt::format("{}: mode must be \"system\" or \"simulated\", not \"{}\"", cw, mode));
  }
  LEOTWIN_ASSIGN_OR_RETURN(g.clock.max_skew_ns, GetInt(*clock, "max_skew_ns", cw));
  LEOTWIN_ASSIGN_OR_RETURN(g.clock.max_validity_ns, GetInt(*clock, "max_validity_ns", cw));
  LEOTWIN_ASSIGN_OR_RETURN(g.initiator, GetString(j, "initiator", where));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t created, GetInt(j, "created_at_ns", where));
  g.created_at = SimTime::FromUnixNanos(created);
  LEOTWIN_ASSIGN_OR_RETURN(g.comment, OptionalComment(j, where));
  LEOTWIN_RETURN_IF_ERROR(ValidateGenesis(g, {}));
  return g;
}

std::string GenesisSigningMessage(std::string_view canonical_payload) {
  LEOTWIN_DCHECK(IsCanonicalJson(canonical_payload));
  return MessageWriter("leotwin.ledger.v2/genesis").Bytes(canonical_payload).bytes();
}

// ---- Proposals ----

StatusOr<std::string> ProposalSigningMessage(const ProposalBody& body) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string change, CanonicalJson(body.change));
  return MessageWriter("leotwin.ledger.v2/proposal")
      .Bytes(body.ledger_id)
      .Bytes(body.proposer)
      .Int(body.created_at.unix_nanos())
      .Int(body.expires_at.unix_nanos())
      .Bytes(change)
      .Bytes(body.comment)
      .bytes();
}

StatusOr<std::string> ProposalId(const ProposalBody& body) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string message, ProposalSigningMessage(body));
  return ToHex(Sha256(message));
}

StatusOr<SignedProposal> SignProposal(ProposalBody body, const OperatorKey& key) {
  if (key.name != body.proposer) {
    return absl::InvalidArgumentError(fmt::format(
        "the key belongs to \"{}\" but the proposer is \"{}\"", key.name, body.proposer));
  }
  if (!body.change.is_object()) {
    return absl::InvalidArgumentError("a proposal's change must be a JSON object");
  }
  LEOTWIN_RETURN_IF_ERROR(CheckComment(body.comment, "proposal"));
  LEOTWIN_RETURN_IF_ERROR(ValidateJsonText(body.change, "proposal: change"));
  body.expires_at = DefaultExpiry(body.created_at, body.expires_at);
  LEOTWIN_ASSIGN_OR_RETURN(const std::string message, ProposalSigningMessage(body));
  SignedProposal out{std::move(body), {}};
  out.signature = key.key.Sign(message);
  return out;
}

bool VerifyProposal(const SignedProposal& proposal, const PublicKey& key) {
  auto message = ProposalSigningMessage(proposal.body);
  return message.ok() && VerifySignature(key, *message, proposal.signature);
}

json ProposalToJson(const SignedProposal& p, bool with_signature) {
  json j{{"leotwin_proposal", 2},
         {"ledger", p.body.ledger_id},
         {"proposer", p.body.proposer},
         {"created_at_ns", p.body.created_at.unix_nanos()},
         {"expires_at_ns", p.body.expires_at.unix_nanos()},
         {"change", p.body.change},
         {"comment", p.body.comment}};
  if (with_signature) j["signature"] = ToHex(p.signature);
  return j;
}

StatusOr<SignedProposal> ProposalFromJson(const json& j, std::string_view where,
                                          const std::string* signature_hex) {
  if (!j.is_object()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: a proposal must be a JSON object, not {}", where, j.type_name()));
  }
  LEOTWIN_RETURN_IF_ERROR(
      CheckOnlyFields(j,
                      {"leotwin_proposal", "ledger", "proposer", "created_at_ns", "expires_at_ns",
                       "change", "comment", "signature"},
                      where));
  LEOTWIN_RETURN_IF_ERROR(CheckVersion(j, "leotwin_proposal", where));
  SignedProposal p;
  LEOTWIN_ASSIGN_OR_RETURN(p.body.ledger_id, GetString(j, "ledger", where));
  LEOTWIN_RETURN_IF_ERROR(CheckLedgerId(p.body.ledger_id, where));
  LEOTWIN_ASSIGN_OR_RETURN(p.body.proposer, GetString(j, "proposer", where));
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(p.body.proposer));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t created, GetInt(j, "created_at_ns", where));
  p.body.created_at = SimTime::FromUnixNanos(created);
  LEOTWIN_ASSIGN_OR_RETURN(p.body.expires_at, ExpiryField(j, where, p.body.created_at));
  const auto change = j.find("change");
  if (change == j.end() || !change->is_object()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: \"change\" must be a JSON object describing the policy change", where));
  }
  LEOTWIN_RETURN_IF_ERROR(ValidateJsonText(*change, fmt::format("{}: change", where)));
  p.body.change = *change;
  LEOTWIN_ASSIGN_OR_RETURN(p.body.comment, OptionalComment(j, where));
  LEOTWIN_ASSIGN_OR_RETURN(p.signature, SignatureField(j, where, signature_hex));
  return p;
}

StatusOr<SignedProposal> ParseSignedProposal(std::string_view text, std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(text, source));
  return ProposalFromJson(j, source);
}

// ---- Votes ----

std::string_view VerdictName(Verdict verdict) {
  return verdict == Verdict::kApprove ? "approve" : "reject";
}

std::string VoteSigningMessage(const VoteBody& body) {
  return MessageWriter("leotwin.ledger.v2/vote")
      .Bytes(body.ledger_id)
      .Bytes(body.proposal_id)
      .Bytes(body.voter)
      .Bytes(VerdictName(body.verdict))
      .Int(body.signed_at.unix_nanos())
      .Int(body.expires_at.unix_nanos())
      .Bytes(body.comment)
      .bytes();
}

StatusOr<SignedVote> SignVote(VoteBody body, const OperatorKey& key) {
  if (key.name != body.voter) {
    return absl::InvalidArgumentError(
        fmt::format("the key belongs to \"{}\" but the voter is \"{}\"", key.name, body.voter));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckComment(body.comment, "vote"));
  body.expires_at = DefaultExpiry(body.signed_at, body.expires_at);
  SignedVote out{std::move(body), {}};
  out.signature = key.key.Sign(VoteSigningMessage(out.body));
  return out;
}

bool VerifyVote(const SignedVote& vote, const PublicKey& key) {
  return VerifySignature(key, VoteSigningMessage(vote.body), vote.signature);
}

json VoteToJson(const SignedVote& v, bool with_signature) {
  json j{{"leotwin_vote", 2},
         {"ledger", v.body.ledger_id},
         {"proposal", v.body.proposal_id},
         {"voter", v.body.voter},
         {"verdict", VerdictName(v.body.verdict)},
         {"signed_at_ns", v.body.signed_at.unix_nanos()},
         {"expires_at_ns", v.body.expires_at.unix_nanos()},
         {"comment", v.body.comment}};
  if (with_signature) j["signature"] = ToHex(v.signature);
  return j;
}

StatusOr<SignedVote> VoteFromJson(const json& j, std::string_view where,
                                  const std::string* signature_hex) {
  if (!j.is_object()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: a vote must be a JSON object, not {}", where, j.type_name()));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j,
                                          {"leotwin_vote", "ledger", "proposal", "voter", "verdict",
                                           "signed_at_ns", "expires_at_ns", "comment", "signature"},
                                          where));
  LEOTWIN_RETURN_IF_ERROR(CheckVersion(j, "leotwin_vote", where));
  SignedVote v;
  LEOTWIN_ASSIGN_OR_RETURN(v.body.ledger_id, GetString(j, "ledger", where));
  LEOTWIN_RETURN_IF_ERROR(CheckLedgerId(v.body.ledger_id, where));
  LEOTWIN_ASSIGN_OR_RETURN(v.body.proposal_id, GetString(j, "proposal", where));
  LEOTWIN_RETURN_IF_ERROR(
      FromHexBytes(v.body.proposal_id, kSha256Bytes, fmt::format("{}: proposal", where)).status());
  LEOTWIN_ASSIGN_OR_RETURN(v.body.voter, GetString(j, "voter", where));
  LEOTWIN_RETURN_IF_ERROR(ValidateOperatorName(v.body.voter));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string verdict, GetString(j, "verdict", where));
  if (verdict == "approve") {
    v.body.verdict = Verdict::kApprove;
  } else if (verdict == "reject") {
    v.body.verdict = Verdict::kReject;
  } else {
    return absl::InvalidArgumentError(fmt::format(
        "{}: \"verdict\" must be \"approve\" or \"reject\", not \"{}\"", where, verdict));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t signed_at, GetInt(j, "signed_at_ns", where));
  v.body.signed_at = SimTime::FromUnixNanos(signed_at);
  LEOTWIN_ASSIGN_OR_RETURN(v.body.expires_at, ExpiryField(j, where, v.body.signed_at));
  LEOTWIN_ASSIGN_OR_RETURN(v.body.comment, OptionalComment(j, where));
  LEOTWIN_ASSIGN_OR_RETURN(v.signature, SignatureField(j, where, signature_hex));
  return v;
}

StatusOr<SignedVote> ParseSignedVote(std::string_view text, std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(text, source));
  return VoteFromJson(j, source);
}

}  // namespace leotwin::ledger
