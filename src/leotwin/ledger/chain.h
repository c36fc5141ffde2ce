// The hash chain: append-only ledger entries in SQLite (table ledger_entries, see
// src/leotwin/store/schema/001_ledger.sql).
//
// Entry n (n = 1, 2, ...) stores prev_hash = hash of entry n-1 (32 zero bytes for n = 1) and
//   hash = SHA-256( "leotwin.ledger.v2/entry\0" | seq | kind | payload | signer | signature
//                   | timestamp_ns | prev_hash )
// in the length-prefixed encoding of encoding.h (signature and hashes as raw bytes). Editing any
// field of an entry changes its hash; deleting, reordering or inserting entries breaks the seq
// numbering or a prev_hash link. Hashing is public, so someone who can write the file could
// rebuild the chain after an edit; what they cannot do is sign entries without the operators'
// keys, and the head hash (printed after every write) can be kept elsewhere and checked with
// `leotwin ledger verify --expect-head`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/store/database.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::ledger {

enum class EntryKind { kGenesis, kProposal, kApproval, kRejection };
std::string_view EntryKindName(EntryKind kind);  // "genesis", "proposal", "approval", "rejection"
StatusOr<EntryKind> ParseEntryKind(std::string_view name);

// One row of ledger_entries. Text fields hold exactly what is stored, so a damaged row can still
// be read and reported by Verify.
struct Entry {
  int64_t seq = 0;
  std::string kind;       // EntryKindName()
  std::string payload;    // canonical JSON
  std::string signer;     // operator name
  std::string signature;  // 128 hex digits
  SimTime timestamp;      // when the entry was committed (UTC)
  std::string prev_hash;  // 64 hex digits
  std::string hash;       // 64 hex digits
  // The items of a batch proposal (batch.h), in order, from table ledger_batch_items; null for
  // every other entry. Not part of the hash: the signed payload names them by their Merkle root.
  std::shared_ptr<const std::vector<std::string>> batch_items;
  // Set by ReadEntries when a column is not stored with its canonical SQLite type (integer for
  // seq and timestamp_ns, text for the rest); CheckLink refuses such an entry.
  std::string storage_problem;
};

inline const std::string kZeroHash(64, '0');

// The hash an entry must carry, from its other fields. Fails if signature or prev_hash is not hex
// of the right length.
StatusOr<std::string> ComputeEntryHash(const Entry& entry);

// The last entry's seq and hash (0 and kZeroHash for an empty chain), as recorded in ledger_head.
struct Head {
  int64_t seq = 0;
  std::string hash = kZeroHash;
  friend bool operator==(const Head&, const Head&) = default;
};

// Raw access to the tables; callers hold a store::Transaction around writes.
StatusOr<Head> ReadHead(store::Database& db);
// Reads entries with seq in [first, last] (last < 0: to the end), ordered by seq, with the batch
// items of those after entry `items_after` (the others are covered by derived state, see
// terminal_table.h).
StatusOr<std::vector<Entry>> ReadEntries(store::Database& db, int64_t first = 1, int64_t last = -1,
                                         int64_t items_after = 0);
// The stored items of entry `seq` (null when it has none).
StatusOr<std::shared_ptr<const std::vector<std::string>>> ReadBatchItemsOf(store::Database& db,
                                                                           int64_t seq);
StatusOr<int64_t> CountEntries(store::Database& db);
// Fills seq, prev_hash and hash of `entry` so that it follows `head`.
Status LinkEntry(const Head& head, Entry& entry);
// Inserts a linked entry (and its batch items) and moves ledger_head to it.
// REQUIRES: inside a transaction; `entry` was linked to the current head.
Status InsertEntry(store::Database& db, const Entry& entry);

// Structural check of one entry following `prev` (nullptr for the first): storage types, seq
// numbering, the prev_hash link and the hash itself (time rules depend on the genesis clock and
// live in LedgerState). Returns the problem or OK.
Status CheckLink(const Entry* prev, const Entry& entry);

}  // namespace leotwin::ledger
