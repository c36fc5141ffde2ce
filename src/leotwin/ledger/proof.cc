#include "leotwin/ledger/proof.h"

#include <charconv>

#include "fmt/format.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/merkle.h"
#include "leotwin/policy/change.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

json EntryFields(const Entry& e) {
  return json{{"seq", e.seq},
              {"kind", e.kind},
              {"payload", e.payload},
              {"signer", e.signer},
              {"signature", e.signature},
              {"timestamp_ns", e.timestamp.unix_nanos()},
              {"prev_hash", e.prev_hash},
              {"hash", e.hash}};
}

StatusOr<Entry> EntryFromFields(const json& j, std::string_view where) {
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(
      j, {"seq", "kind", "payload", "signer", "signature", "timestamp_ns", "prev_hash", "hash"},
      where));
  Entry e;
  LEOTWIN_ASSIGN_OR_RETURN(e.seq, GetInt(j, "seq", where));
  LEOTWIN_ASSIGN_OR_RETURN(e.kind, GetString(j, "kind", where));
  LEOTWIN_ASSIGN_OR_RETURN(e.payload, GetString(j, "payload", where));
  LEOTWIN_ASSIGN_OR_RETURN(e.signer, GetString(j, "signer", where));
  LEOTWIN_ASSIGN_OR_RETURN(e.signature, GetString(j, "signature", where));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t ts, GetInt(j, "timestamp_ns", where));
  e.timestamp = SimTime::FromUnixNanos(ts);
  LEOTWIN_ASSIGN_OR_RETURN(e.prev_hash, GetString(j, "prev_hash", where));
  LEOTWIN_ASSIGN_OR_RETURN(e.hash, GetString(j, "hash", where));
  return e;
}

Status Fail(std::string_view what) {
  return absl::DataLossError(fmt::format("the proof does not hold: {}", what));
}

}  // namespace

StatusOr<InclusionProof> ProveTerminal(Ledger& ledger, std::string_view terminal, ProofOf of) {
  LEOTWIN_RETURN_IF_ERROR(ledger.Refresh());
  const std::optional<policy::Terminal> t = ledger.policy().FindTerminal(terminal);
  if (!t) {
    return absl::NotFoundError(
        fmt::format("terminal \"{}\" is not registered", EscapeForDisplay(terminal)));
  }
  const bool status = of == ProofOf::kStatus;
  if (status && t->status_entry_id == t->registered_entry_id) {
    return absl::FailedPreconditionError(
        fmt::format("terminal \"{}\" is {} since its registration (entry {}): no status change "
                    "to prove",
                    EscapeForDisplay(terminal), policy::TerminalStatusName(t->status),
                    t->registered_entry_id));
  }
  const int64_t seq = status ? t->status_entry_id : t->registered_entry_id;
  const ProposalRecord* r = ledger.state().FindProposalBySeq(seq);
  if (r == nullptr || !IsBatchChange(r->proposal.body.change)) {
    return absl::FailedPreconditionError(fmt::format(
        "terminal \"{}\" was {} by the single-entry proposal in entry {}; that entry "
        "(leotwin ledger export) is its own proof",
        EscapeForDisplay(terminal),
        status ? fmt::format("made {}", policy::TerminalStatusName(t->status)) : "registered",
        seq));
  }
  InclusionProof p;
  p.terminal = std::string(terminal);
  // A batch covered by the derived table was replayed without its items: read them now.
  std::shared_ptr<const std::vector<std::string>> loaded = r->batch_items;
  if (loaded == nullptr) {
    LEOTWIN_ASSIGN_OR_RETURN(const BatchHeader header, ParseBatchChange(r->proposal.body.change));
    LEOTWIN_ASSIGN_OR_RETURN(loaded, ledger.journal().BatchItems(r->seq));
    if (loaded == nullptr) return absl::DataLossError("the batch's items are missing");
    LEOTWIN_RETURN_IF_ERROR(CheckBatchItems(header, *loaded));
  }
  const auto& items = *loaded;
  p.count = items.size();
  bool found = false;
  for (size_t i = 0; i < items.size() && !found; ++i) {
    if (BatchItemTerminal(items[i]) == terminal) {
      p.index = i;
      p.item = items[i];
      found = true;
    }
  }
  if (!found) return absl::InternalError("the terminal is not among its batch's items");
  std::vector<Sha256Digest> leaves;
  leaves.reserve(items.size());
  for (const std::string& item : items) leaves.push_back(MerkleLeaf(item));
  p.path = MerklePath(std::move(leaves), p.index);
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries, ledger.Entries(r->seq));
  if (entries.empty() || entries.front().seq != r->seq) {
    return absl::DataLossError("the batch entry is missing from the file");
  }
  p.entry = entries.front();
  p.entry.batch_items = nullptr;
  p.chain.assign(entries.begin() + 1, entries.end());
  for (Entry& e : p.chain) e.batch_items = nullptr;
  p.head = Head{entries.back().seq, entries.back().hash};
  return p;
}

json ProofToJson(const InclusionProof& p) {
  json path = json::array();
  for (const auto& h : p.path) path.push_back(ToHex(h));
  json chain = json::array();
  for (const Entry& e : p.chain) chain.push_back(EntryFields(e));
  return json{{"leotwin_proof", 1},
              {"terminal", p.terminal},
              {"item", p.item},
              {"index", p.index},
              {"count", p.count},
              {"path", path},
              {"entry", EntryFields(p.entry)},
              {"chain", chain},
              {"head", {{"seq", p.head.seq}, {"hash", p.head.hash}}}};
}

StatusOr<InclusionProof> ProofFromJson(std::string_view text, std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const json j, ParseJson(text, source));
  const std::string where(source);
  if (!j.is_object()) return absl::InvalidArgumentError(where + ": expected a JSON object");
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(
      j, {"leotwin_proof", "terminal", "item", "index", "count", "path", "entry", "chain", "head"},
      where));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t version, GetInt(j, "leotwin_proof", where));
  if (version != 1) {
    return absl::InvalidArgumentError(
        fmt::format("{}: proof version {}, expected 1", where, version));
  }
  InclusionProof p;
  LEOTWIN_ASSIGN_OR_RETURN(p.terminal, GetString(j, "terminal", where));
  LEOTWIN_ASSIGN_OR_RETURN(p.item, GetString(j, "item", where));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t index, GetInt(j, "index", where));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t count, GetInt(j, "count", where));
  if (index < 0 || count < 1 || index >= count) {
    return absl::InvalidArgumentError(fmt::format("{}: index {} of {}", where, index, count));
  }
  p.index = static_cast<uint64_t>(index);
  p.count = static_cast<uint64_t>(count);
  if (!j.contains("path") || !j["path"].is_array() || j["path"].size() > 64) {
    return absl::InvalidArgumentError(where + ": \"path\" must be an array of at most 64 hashes");
  }
  for (const json& h : j["path"]) {
    if (!h.is_string()) return absl::InvalidArgumentError(where + ": path: expected hex strings");
    LEOTWIN_ASSIGN_OR_RETURN(const Sha256Digest d,
                             FromHex<kSha256Bytes>(h.get<std::string>(), where + ": path"));
    p.path.push_back(d);
  }
  if (!j.contains("entry") || !j["entry"].is_object()) {
    return absl::InvalidArgumentError(where + ": \"entry\" missing");
  }
  LEOTWIN_ASSIGN_OR_RETURN(p.entry, EntryFromFields(j["entry"], where + ": entry"));
  if (!j.contains("chain") || !j["chain"].is_array()) {
    return absl::InvalidArgumentError(where + ": \"chain\" must be an array");
  }
  for (const json& e : j["chain"]) {
    if (!e.is_object()) return absl::InvalidArgumentError(where + ": chain: expected objects");
    LEOTWIN_ASSIGN_OR_RETURN(Entry entry, EntryFromFields(e, where + ": chain"));
    p.chain.push_back(std::move(entry));
  }
  if (!j.contains("head") || !j["head"].is_object()) {
    return absl::InvalidArgumentError(where + ": \"head\" missing");
  }
  LEOTWIN_RETURN_IF_ERROR(CheckOnlyFields(j["head"], {"seq", "hash"}, where + ": head"));
  LEOTWIN_ASSIGN_OR_RETURN(p.head.seq, GetInt(j["head"], "seq", where + ": head"));
  LEOTWIN_ASSIGN_OR_RETURN(p.head.hash, GetString(j["head"], "hash", where + ": head"));
  return p;
}

Status CheckProof(const InclusionProof& p, std::string_view expect_head) {
  // The head the checker trusts.
  std::string_view want_hash = expect_head;
  int64_t want_seq = -1;
  if (const auto colon = expect_head.find(':'); colon != std::string_view::npos) {
    const std::string_view seq = expect_head.substr(0, colon);
    const auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), want_seq);
    if (ec != std::errc() || end != seq.data() + seq.size() || want_seq < 1) {
      return absl::InvalidArgumentError("--head: expected <hash> or <seq>:<hash>");
    }
    want_hash = expect_head.substr(colon + 1);
  }
  LEOTWIN_RETURN_IF_ERROR(FromHexBytes(want_hash, kSha256Bytes, "--head").status());
  // The item: a canonical change of the batch's kind, for this terminal.
  LEOTWIN_ASSIGN_OR_RETURN(const json item, ParseJson(p.item, "item"));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string canonical, CanonicalJson(item));
  if (canonical != p.item) return Fail("the item is not canonical JSON");
  if (BatchItemTerminal(p.item) != p.terminal) return Fail("the item names another terminal");
  // The entry: its hash, and the Merkle root its signed proposal carries.
  auto hash = ComputeEntryHash(p.entry);
  if (!hash.ok() || *hash != p.entry.hash) return Fail("the batch entry's hash does not recompute");
  if (p.entry.kind != "proposal") return Fail("the entry is not a proposal");
  LEOTWIN_ASSIGN_OR_RETURN(const json payload, ParseJson(p.entry.payload, "entry payload"));
  auto proposal = ProposalFromJson(payload, "entry payload", &p.entry.signature);
  if (!proposal.ok()) return Fail(std::string(proposal.status().message()));
  if (!IsBatchChange(proposal->body.change)) return Fail("the entry is not a batch proposal");
  auto header = ParseBatchChange(proposal->body.change);
  if (!header.ok()) return Fail(std::string(header.status().message()));
  if (header->count != p.count) return Fail("the item count differs from the signed count");
  auto change = policy::PolicyChangeFromJson(item);
  if (!change.ok()) return Fail(std::string(change.status().message()));
  const bool reg = std::holds_alternative<policy::RegisterTerminal>(*change);
  if (reg != (header->kind == BatchKind::kRegisterTerminals)) {
    return Fail("the item is not of the batch's kind");
  }
  if (const auto* s = std::get_if<policy::SetTerminalStatus>(&*change)) {
    if ((s->status == policy::TerminalStatus::kSuspended) !=
        (header->kind == BatchKind::kSuspendTerminals)) {
      return Fail("the item is not of the batch's kind");
    }
  }
  if (!VerifyMerklePath(MerkleLeaf(p.item), p.index, p.count, p.path, header->root)) {
    return Fail("the Merkle path does not lead from the item to the signed root");
  }
  // The chain from the entry to the head.
  const Entry* prev = &p.entry;
  for (const Entry& e : p.chain) {
    if (e.seq != prev->seq + 1 || e.prev_hash != prev->hash) {
      return Fail(fmt::format("entry {} does not link to entry {}", e.seq, prev->seq));
    }
    auto h = ComputeEntryHash(e);
    if (!h.ok() || *h != e.hash)
      return Fail(fmt::format("entry {}'s hash does not recompute", e.seq));
    prev = &e;
  }
  if (p.head.seq != prev->seq || p.head.hash != prev->hash) {
    return Fail("the proof's head is not its last entry");
  }
  if (prev->hash != want_hash || (want_seq >= 0 && prev->seq != want_seq)) {
    return Fail(fmt::format("it leads to head {}:{}, not the head given", prev->seq, prev->hash));
  }
  return absl::OkStatus();
}

}  // namespace leotwin::ledger
