// RAII wrappers over SQLite (libsqlite3): a Database connection, prepared Statements and
// Transactions. Every failure is a Status whose message names the SQL error (sqlite3_errmsg and
// the extended result code) and the statement or file involved. No exceptions.
//
// Threading: a Database and its Statements belong to one thread at a time (no internal locking is
// relied on). Several connections and processes may open the same file: WAL mode lets readers run
// beside one writer, and writers wait up to `busy_timeout_ms` for the write lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace leotwin::store {

// How a connection is opened and configured.
struct OpenOptions {
  bool create_if_missing = true;
  bool read_only = false;
  // PRAGMA journal_mode=WAL (skipped for read-only connections and ":memory:").
  bool wal = true;
  // PRAGMA synchronous: FULL syncs the WAL on every commit, so a committed transaction survives a
  // power cut as well as a crash of the process. NORMAL may lose the last commits on power loss.
  enum class Sync { kOff, kNormal, kFull } synchronous = Sync::kFull;
  // How long a writer waits for another connection's write lock before SQLITE_BUSY, in ms (>= 0).
  int busy_timeout_ms = 5000;
};

class Statement;

class Database {
 public:
  // Opens (and by default creates) the database at `path` (":memory:" for a private in-memory
  // database) and applies `options`. Foreign keys are always on.
  static StatusOr<Database> Open(const std::string& path, const OpenOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more SQL statements that return no rows (or whose rows are ignored).
  Status Exec(std::string_view sql);
  // Compiles one SQL statement. InvalidArgument when `sql` holds more than one.
  StatusOr<Statement> Prepare(std::string_view sql);

  // Reads a one-row, one-column integer result (e.g. "PRAGMA user_version").
  StatusOr<int64_t> QueryInt(std::string_view sql);

  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }

  // The latest error of this connection as text: "<message> (SQLite code <extended code>)".
  std::string LastError() const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

// A compiled statement. Bind parameters are 1-based; column indexes are 0-based.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Status BindInt(int index, int64_t value);
  Status BindText(int index, std::string_view value);
  Status BindDouble(int index, double value);
  Status BindBlob(int index, std::string_view bytes);
  Status BindNull(int index);

  // Advances to the next row: true when a row is available, false when done.
  StatusOr<bool> Step();
  // Steps once and requires the statement to be finished (INSERT/UPDATE/DELETE/DDL).
  Status Run();
  // Makes the statement reusable (bindings are kept).
  Status Reset();

  int ColumnCount() const;
  bool ColumnIsNull(int column) const;
  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;

 private:
  friend class Database;
  Statement(sqlite3* db, std::string path, sqlite3_stmt* stmt, std::string sql)
      : db_(db), path_(std::move(path)), stmt_(stmt), sql_(std::move(sql)) {}
  Status Error(std::string_view what) const;

  // The connection, not the Database object, so moving a Database keeps its statements valid.
  sqlite3* db_ = nullptr;
  std::string path_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// A write transaction on one connection (BEGIN IMMEDIATE: takes the write lock at once, so two
// writers serialize instead of failing at commit). Rolls back in the destructor unless Commit()
// succeeded, so an early `return status;` writes nothing.
class Transaction {
 public:
  static StatusOr<Transaction> Begin(Database& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status Commit();
  Status Rollback();

 private:
  Transaction(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;  // null once committed or rolled back
  std::string path_;
};

}  // namespace leotwin::store
