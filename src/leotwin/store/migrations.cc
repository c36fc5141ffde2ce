#include "leotwin/store/migrations.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <utility>

#include "fmt/format.h"

namespace leotwin::store {
namespace {

struct EmbeddedFile {
  const char* name;
  const char* text;
};

constexpr EmbeddedFile kSchemaFiles[] = {
#include "leotwin/store/schema_files.inc"
};

std::vector<Migration> BuildMigrations() {
  std::vector<Migration> out;
  for (const EmbeddedFile& f : kSchemaFiles) {
    Migration m;
    m.name = f.name;
    m.sql = f.text;
    m.version = std::atoi(f.name);  // "001_ledger.sql" -> 1; checked in Migrate()
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

const std::vector<Migration>& SchemaMigrations() {
  static const auto* migrations = new std::vector<Migration>(BuildMigrations());
  return *migrations;
}

int LatestSchemaVersion() {
  const auto& m = SchemaMigrations();
  return m.empty() ? 0 : m.back().version;
}

Status Migrate(Database& db, const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InternalError(fmt::format("migration '{}' has version {}, expected {}",
                                             migrations[i].name, migrations[i].version, i + 1));
    }
  }
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t current, db.QueryInt("PRAGMA user_version"));
  if (current > latest) {
    return absl::FailedPreconditionError(
        fmt::format("{} has schema version {}, newer than this leotwin knows ({}); use a newer "
                    "leotwin",
                    db.path(), current, latest));
  }
  if (current < 0) {
    return absl::DataLossError(
        fmt::format("{} has a negative schema version {}", db.path(), current));
  }
  for (int64_t v = current + 1; v <= latest; ++v) {
    const Migration& m = migrations[static_cast<size_t>(v - 1)];
    LEOTWIN_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db));
    // Re-read inside the write lock: another process may have migrated meanwhile.
    LEOTWIN_ASSIGN_OR_RETURN(const int64_t now, db.QueryInt("PRAGMA user_version"));
    if (now >= v) continue;  // tx rolls back (nothing written)
    LEOTWIN_RETURN_IF_ERROR_WITH_CONTEXT(db.Exec(m.sql),
                                         fmt::format("migration {} ({}) failed", v, m.name));
    LEOTWIN_RETURN_IF_ERROR(db.Exec(fmt::format("PRAGMA user_version = {}", v)));
    LEOTWIN_RETURN_IF_ERROR(tx.Commit());
  }
  return absl::OkStatus();
}

Status Migrate(Database& db) { return Migrate(db, SchemaMigrations()); }

StatusOr<Database> OpenLeotwinDatabase(const std::string& path, const OpenOptions& options) {
  if (!options.read_only && path != ":memory:" && std::filesystem::exists(path)) {
    // Probe read-only first: a file with tables but no leotwin schema version belongs to
    // something else, and even switching it to WAL would change it. Adding the ledger tables to
    // it would turn a typo'd --db into a ledger that "verifies".
    OpenOptions probe_options;
    probe_options.create_if_missing = false;
    probe_options.read_only = true;
    probe_options.wal = false;
    LEOTWIN_ASSIGN_OR_RETURN(Database probe, Database::Open(path, probe_options));
    LEOTWIN_ASSIGN_OR_RETURN(const int64_t version, probe.QueryInt("PRAGMA user_version"));
    if (version == 0) {
      LEOTWIN_ASSIGN_OR_RETURN(const int64_t tables,
                               probe.QueryInt("SELECT count(*) FROM sqlite_master"));
      if (tables > 0) {
        return absl::FailedPreconditionError(
            fmt::format("{} is a SQLite database of something else (it has tables but no "
                        "leotwin schema version); refusing to add leotwin tables to it",
                        path));
      }
      if (!options.create_if_missing) {
        return absl::NotFoundError(fmt::format("{} is not a leotwin ledger (it is empty)", path));
      }
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(Database db, Database::Open(path, options));
  if (options.read_only) {
    LEOTWIN_ASSIGN_OR_RETURN(const int64_t version, db.QueryInt("PRAGMA user_version"));
    // An older version is read as it is (readers treat tables a later migration adds as empty,
    // so a ledger written before batch changes still verifies read-only); a newer one is not.
    if (version < 1 || version > LatestSchemaVersion()) {
      return absl::FailedPreconditionError(
          fmt::format("{} has schema version {}, this leotwin reads 1..{} (open it writable once "
                      "to migrate)",
                      path, version, LatestSchemaVersion()));
    }
    return db;
  }
  LEOTWIN_RETURN_IF_ERROR(Migrate(db));
  return db;
}

}  // namespace leotwin::store
