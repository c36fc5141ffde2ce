// Schema migrations. The schema version of a database file is SQLite's PRAGMA user_version: 0 for
// a new file, N after migration N. Migration N is src/leotwin/store/schema/NNN_<name>.sql (embedded
// in the binary at build time). Each migration runs in its own transaction together with the
// version bump, so a failure leaves the file at the previous version, unchanged.
#pragma once

#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/store/database.h"

namespace leotwin::store {

struct Migration {
  int version = 0;   // 1, 2, 3, ... in order without gaps
  std::string name;  // file name, e.g. "001_ledger.sql"
  std::string sql;
};

// The migrations embedded from schema/*.sql, in order. Their versions come from the NNN prefix.
const std::vector<Migration>& SchemaMigrations();

// The version a fully migrated database has (the last migration's version).
int LatestSchemaVersion();

// Brings `db` to the last version of `migrations` (default: SchemaMigrations()). Refuses a file
// whose version is newer than the last known migration (written by a newer leotwin) with
// FailedPrecondition, and migrations that are not numbered 1..N.
Status Migrate(Database& db, const std::vector<Migration>& migrations);
Status Migrate(Database& db);

// Opens `path` with `options` and migrates it to the latest schema: the one call every user of the
// leotwin database makes. Refuses, without changing it, a file that has tables but no leotwin
// schema version (another program's database), and with create_if_missing false an empty one.
StatusOr<Database> OpenLeotwinDatabase(const std::string& path, const OpenOptions& options = {});

}  // namespace leotwin::store
