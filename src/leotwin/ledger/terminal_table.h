// Terminal state derived from the ledger, kept in SQLite beside the chain (tables
// ledger_terminal_versions and ledger_derived_head, migration 003_terminal_state.sql).
//
// Why: a ledger of a million terminals registered in batches would otherwise be replayed item by
// item (parse, Merkle root, apply) by every open, explanation and decision. With this table an
// open replays the entries (signatures, quorums, territory rules) but reads no batch item of an
// entry the table covers; a terminal is one indexed lookup, and a loaded policy holds only the
// terminals changed since the table was last written (ledger/policy_model.h).
//
// Rows: one per version of a terminal, (id, since) -> kind, service address, sponsor, status,
// registration and status proposal entries; `since` is the entry that enacted the version. The
// version of T after entry n is the row of T with the largest since <= n, so time travel reads the
// same table. ledger_derived_head (seq, hash) names the last entry the rows cover; a writer adds an
// entry's rows and moves that head in the entry's own transaction (journal.h).
//
// Trust: the rows are not evidence (they are outside every hash). Opening a ledger trusts them for
// the covered entries, as it trusts the file it reads; `leotwin ledger verify` replays every item
// from the chain and fails, naming the entry, when any row differs, is missing or is extra, or the
// head's hash is not the chain's; `leotwin ledger verify --rebuild` rewrites them from the chain.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/chain.h"
#include "leotwin/policy/policy.h"
#include "leotwin/store/database.h"

namespace leotwin::ledger {

// True when the file has the derived tables (schema version 3 or later).
StatusOr<bool> HasDerivedTables(store::Database& db);
// The last entry the rows cover (seq 0 when none, or when the tables do not exist).
StatusOr<Head> ReadDerivedHead(store::Database& db);
// REQUIRES: inside a write transaction, HasDerivedTables.
Status WriteDerivedHead(store::Database& db, const Head& head);
Status InsertTerminalVersions(store::Database& db,
                              const std::vector<const policy::TerminalVersion*>& versions);
Status ClearTerminalVersions(store::Database& db);
// Every stored row ordered by (since, id).
StatusOr<std::vector<policy::TerminalVersion>> ReadAllTerminalVersions(store::Database& db);

// The table as a policy::TerminalSource, over its own read-only connection (so a Policy copy may
// outlive the ledger that made it). Lookups are serialized by a mutex. A row that cannot be read
// (I/O error, unknown kind or status) stops the process with a message naming `ledger verify`:
// answering "not registered" instead would be a wrong decision.
class SqliteTerminalSource : public policy::TerminalSource {
 public:
  static StatusOr<std::shared_ptr<SqliteTerminalSource>> Open(const std::string& path);
  std::optional<policy::TerminalVersion> Find(std::string_view id, int64_t through) const override;
  std::vector<policy::TerminalVersion> All(int64_t through) const override;

 private:
  explicit SqliteTerminalSource(store::Database db) : db_(std::move(db)) {}
  mutable std::mutex mu_;
  mutable store::Database db_;
  mutable std::optional<store::Statement> find_;
};

}  // namespace leotwin::ledger
