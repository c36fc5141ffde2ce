#include "leotwin/ledger/chain.h"

#include <algorithm>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::ledger {

std::string_view EntryKindName(EntryKind kind) {
  switch (kind) {
    case EntryKind::kGenesis:
      return "genesis";
    case EntryKind::kProposal:
      return "proposal";
    case EntryKind::kApproval:
      return "approval";
    case EntryKind::kRejection:
      return "rejection";
  }
  return "?";
}

StatusOr<EntryKind> ParseEntryKind(std::string_view name) {
  for (EntryKind k :
       {EntryKind::kGenesis, EntryKind::kProposal, EntryKind::kApproval, EntryKind::kRejection}) {
    if (EntryKindName(k) == name) return k;
  }
  return absl::InvalidArgumentError(fmt::format("unknown entry kind \"{}\"", name));
}

StatusOr<std::string> ComputeEntryHash(const Entry& e) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string sig,
                           FromHexBytes(e.signature, kSignatureBytes, "signature"));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string prev,
                           FromHexBytes(e.prev_hash, kSha256Bytes, "prev_hash"));
  const std::string message = MessageWriter("leotwin.ledger.v2/entry")
                                  .Int(e.seq)
                                  .Bytes(e.kind)
                                  .Bytes(e.payload)
                                  .Bytes(e.signer)
                                  .Bytes(sig)
                                  .Int(e.timestamp.unix_nanos())
                                  .Bytes(prev)
                                  .bytes();
  return ToHex(Sha256(message));
}

StatusOr<Head> ReadHead(store::Database& db) {
  LEOTWIN_ASSIGN_OR_RETURN(store::Statement st,
                           db.Prepare("SELECT seq, hash FROM ledger_head WHERE id = 1"));
  LEOTWIN_ASSIGN_OR_RETURN(const bool row, st.Step());
  if (!row) return Head{};
  return Head{st.ColumnInt(0), st.ColumnText(1)};
}

namespace {

// Attaches the stored batch items to the entries in [first, last] that have any (a ledger written
// before migration 2 has no such table: no entry has items). Items stored for an entry that is not
// a batch proposal are attached too, so replay refuses them instead of ignoring them.
Status ReadBatchItems(store::Database& db, int64_t first, int64_t last, std::vector<Entry>& out) {
  if (out.empty()) return absl::OkStatus();
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t has_table,
      db.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                  "'ledger_batch_items'"));
  if (has_table == 0) return absl::OkStatus();
  LEOTWIN_ASSIGN_OR_RETURN(
      store::Statement st,
      db.Prepare("SELECT seq, idx, item, typeof(item) FROM ledger_batch_items WHERE seq >= ?1 AND "
                 "(?2 < 0 OR seq <= ?2) ORDER BY seq, idx"));
  LEOTWIN_RETURN_IF_ERROR(st.BindInt(1, first));
  LEOTWIN_RETURN_IF_ERROR(st.BindInt(2, last));
  size_t e = 0;
  std::shared_ptr<std::vector<std::string>> items;
  int64_t items_seq = -1;
  auto flush = [&] {
    if (items == nullptr) return;
    while (e < out.size() && out[e].seq < items_seq) ++e;
    if (e < out.size() && out[e].seq == items_seq) {
      out[e].batch_items = std::move(items);
    } else if (!out.empty()) {
      // Items of an entry that does not exist: named on the last entry read, so verify fails.
      if (out.back().storage_problem.empty()) {
        out.back().storage_problem =
            fmt::format("batch items are stored for entry {}, which does not exist", items_seq);
      }
    }
    items = nullptr;
  };
  while (true) {
    LEOTWIN_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) break;
    const int64_t seq = st.ColumnInt(0);
    if (seq != items_seq) {
      flush();
      items = std::make_shared<std::vector<std::string>>();
      items_seq = seq;
    }
    // Positions must run 0, 1, 2, ... and items be text; otherwise the count check fails.
    if (st.ColumnInt(1) != static_cast<int64_t>(items->size()) || st.ColumnText(3) != "text") {
      items->push_back(std::string("\x01not an item at this position"));
      continue;
    }
    items->push_back(st.ColumnText(2));
  }
  flush();
  return absl::OkStatus();
}

}  // namespace

StatusOr<std::shared_ptr<const std::vector<std::string>>> ReadBatchItemsOf(store::Database& db,
                                                                           int64_t seq) {
  std::vector<Entry> one(1);
  one[0].seq = seq;
  LEOTWIN_RETURN_IF_ERROR(ReadBatchItems(db, seq, seq, one));
  return one[0].batch_items;
}

StatusOr<std::vector<Entry>> ReadEntries(store::Database& db, int64_t first, int64_t last,
                                         int64_t items_after) {
  LEOTWIN_ASSIGN_OR_RETURN(
      store::Statement st,
      db.Prepare("SELECT seq, kind, payload, signer, signature, timestamp_ns, prev_hash, hash, "
                 "typeof(seq), typeof(kind), typeof(payload), typeof(signer), typeof(signature), "
                 "typeof(timestamp_ns), typeof(prev_hash), typeof(hash) "
                 "FROM ledger_entries WHERE seq >= ?1 AND (?2 < 0 OR seq <= ?2) ORDER BY seq"));
  LEOTWIN_RETURN_IF_ERROR(st.BindInt(1, first));
  LEOTWIN_RETURN_IF_ERROR(st.BindInt(2, last));
  std::vector<Entry> out;
  while (true) {
    LEOTWIN_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) break;
    Entry e;
    e.seq = st.ColumnInt(0);
    e.kind = st.ColumnText(1);
    e.payload = st.ColumnText(2);
    e.signer = st.ColumnText(3);
    e.signature = st.ColumnText(4);
    e.timestamp = SimTime::FromUnixNanos(st.ColumnInt(5));
    e.prev_hash = st.ColumnText(6);
    e.hash = st.ColumnText(7);
    // One canonical storage type per column: the same bytes stored as a blob (or a number as
    // text) would read back identically and hide an edit.
    static constexpr const char* kColumns[] = {"seq",       "kind",         "payload",   "signer",
                                               "signature", "timestamp_ns", "prev_hash", "hash"};
    for (int c = 0; c < 8; ++c) {
      const std::string type = st.ColumnText(8 + c);
      const char* want = (c == 0 || c == 5) ? "integer" : "text";
      if (type != want && e.storage_problem.empty()) {
        e.storage_problem =
            fmt::format("column {} is stored as {}, not {}", kColumns[c], type, want);
      }
    }
    out.push_back(std::move(e));
  }
  const int64_t items_first = std::max(first, items_after + 1);
  if (last < 0 || items_first <= last) {
    LEOTWIN_RETURN_IF_ERROR(ReadBatchItems(db, items_first, last, out));
  }
  return out;
}

StatusOr<int64_t> CountEntries(store::Database& db) {
  return db.QueryInt("SELECT count(*) FROM ledger_entries");
}

Status LinkEntry(const Head& head, Entry& entry) {
  entry.seq = head.seq + 1;
  entry.prev_hash = head.hash;
  LEOTWIN_ASSIGN_OR_RETURN(entry.hash, ComputeEntryHash(entry));
  return absl::OkStatus();
}

Status InsertEntry(store::Database& db, const Entry& entry) {
  // "Inside a transaction" is not asserted yet (sqlite3_get_autocommit(db.raw()) == 0) because
  // tests/adversarial/ledger_time_test.cc inserts a forged entry outside one.
  LEOTWIN_DCHECK(entry.seq >= 1 && !entry.hash.empty());
  LEOTWIN_ASSIGN_OR_RETURN(
      store::Statement ins,
      db.Prepare("INSERT INTO ledger_entries (seq, kind, payload, signer, signature, "
                 "timestamp_ns, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  LEOTWIN_RETURN_IF_ERROR(ins.BindInt(1, entry.seq));
  LEOTWIN_RETURN_IF_ERROR(ins.BindText(2, entry.kind));
  LEOTWIN_RETURN_IF_ERROR(ins.BindText(3, entry.payload));
  LEOTWIN_RETURN_IF_ERROR(ins.BindText(4, entry.signer));
  LEOTWIN_RETURN_IF_ERROR(ins.BindText(5, entry.signature));
  LEOTWIN_RETURN_IF_ERROR(ins.BindInt(6, entry.timestamp.unix_nanos()));
  LEOTWIN_RETURN_IF_ERROR(ins.BindText(7, entry.prev_hash));
  LEOTWIN_RETURN_IF_ERROR(ins.BindText(8, entry.hash));
  LEOTWIN_RETURN_IF_ERROR(ins.Run());
  if (entry.batch_items != nullptr) {
    LEOTWIN_ASSIGN_OR_RETURN(
        store::Statement item_st,
        db.Prepare("INSERT INTO ledger_batch_items (seq, idx, item) VALUES (?, ?, ?)"));
    for (size_t i = 0; i < entry.batch_items->size(); ++i) {
      LEOTWIN_RETURN_IF_ERROR(item_st.BindInt(1, entry.seq));
      LEOTWIN_RETURN_IF_ERROR(item_st.BindInt(2, static_cast<int64_t>(i)));
      LEOTWIN_RETURN_IF_ERROR(item_st.BindText(3, (*entry.batch_items)[i]));
      LEOTWIN_RETURN_IF_ERROR(item_st.Run());
      LEOTWIN_RETURN_IF_ERROR(item_st.Reset());
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(store::Statement head_st,
                           db.Prepare("INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?1, ?2) "
                                      "ON CONFLICT (id) DO UPDATE SET seq = ?1, hash = ?2"));
  LEOTWIN_RETURN_IF_ERROR(head_st.BindInt(1, entry.seq));
  LEOTWIN_RETURN_IF_ERROR(head_st.BindText(2, entry.hash));
  return head_st.Run();
}

Status CheckLink(const Entry* prev, const Entry& e) {
  if (!e.storage_problem.empty()) {
    return absl::DataLossError(fmt::format("entry {}: {}", e.seq, e.storage_problem));
  }
  const int64_t expected_seq = prev == nullptr ? 1 : prev->seq + 1;
  if (e.seq != expected_seq) {
    if (e.seq > expected_seq) {
      return absl::DataLossError(
          fmt::format("entry {} is missing (the next entry present is {})", expected_seq, e.seq));
    }
    return absl::DataLossError(
        fmt::format("entry {} is out of place (expected entry {})", e.seq, expected_seq));
  }
  const std::string& expected_prev = prev == nullptr ? kZeroHash : prev->hash;
  if (e.prev_hash != expected_prev) {
    return absl::DataLossError(fmt::format(
        "entry {}: prev_hash {} does not match the hash of entry {} ({}): an entry was removed, "
        "reordered or inserted here",
        e.seq, e.prev_hash, e.seq - 1, expected_prev));
  }
  auto hash = ComputeEntryHash(e);
  if (!hash.ok()) {
    // A stored signature that is not canonical hex is damage to the entry, like every failure
    // here: DataLoss (which the API keeps from clients), not the hex parser's InvalidArgument.
    return WithContext(absl::DataLossError(hash.status().message()),
                       fmt::format("entry {}", e.seq));
  }
  if (*hash != e.hash) {
    return absl::DataLossError(fmt::format(
        "entry {}: stored hash {} does not match its content (hash {}): the entry was edited",
        e.seq, e.hash, *hash));
  }
  return absl::OkStatus();
}

}  // namespace leotwin::ledger
