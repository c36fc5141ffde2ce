#include "leotwin/store/database.h"

#include <sqlite3.h>

#include <utility>

#include "fmt/format.h"

namespace leotwin::store {
namespace {

std::string Abbreviate(std::string_view sql) {
  std::string out(sql.substr(0, 120));
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (sql.size() > 120) out += "...";
  return out;
}

std::string ErrorText(sqlite3* db) {
  if (db == nullptr) return "out of memory";
  return fmt::format("{} (SQLite code {})", sqlite3_errmsg(db), sqlite3_extended_errcode(db));
}

// Maps SQLite result codes to the Status vocabulary: busy/locked is retryable, constraint
// violations are refused input, read-only/permission problems are permission errors.
absl::StatusCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::StatusCode::kPermissionDenied;
    case SQLITE_CANTOPEN:
      return absl::StatusCode::kNotFound;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::StatusCode::kDataLoss;
    default:
      return absl::StatusCode::kInternal;
  }
}

Status ExecOn(sqlite3* db, const std::string& path, std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string what = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return Status(CodeFor(rc), fmt::format("{}: SQL error in '{}': {} (SQLite code {})", path,
                                           Abbreviate(sql), what, sqlite3_extended_errcode(db)));
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<Database> Database::Open(const std::string& path, const OpenOptions& options) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create_if_missing && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status(CodeFor(rc), fmt::format("cannot open database {}: {}", path, ErrorText(raw)));
    sqlite3_close(raw);
    return status;
  }
  sqlite3_extended_result_codes(raw, 1);
  Database db(raw, path);
  if (options.busy_timeout_ms < 0) {
    return absl::InvalidArgumentError("busy_timeout_ms must be >= 0");
  }
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  LEOTWIN_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  // Reading the schema fails here (SQLITE_NOTADB) for a file that is not a database, which gives a
  // clearer error than a failure in the middle of a later operation.
  LEOTWIN_RETURN_IF_ERROR(db.QueryInt("PRAGMA user_version").status());
  if (!options.read_only) {
    if (options.wal && path != ":memory:" && !path.empty()) {
      LEOTWIN_ASSIGN_OR_RETURN(Statement st, db.Prepare("PRAGMA journal_mode = WAL"));
      LEOTWIN_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row || st.ColumnText(0) != "wal") {
        return absl::FailedPreconditionError(
            fmt::format("cannot switch {} to WAL journal mode (got '{}')", path,
                        row ? st.ColumnText(0) : std::string()));
      }
    }
    const char* sync = options.synchronous == OpenOptions::Sync::kFull     ? "FULL"
                       : options.synchronous == OpenOptions::Sync::kNormal ? "NORMAL"
                                                                           : "OFF";
    LEOTWIN_RETURN_IF_ERROR(db.Exec(fmt::format("PRAGMA synchronous = {}", sync)));
  }
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

std::string Database::LastError() const { return ErrorText(db_); }

Status Database::Exec(std::string_view sql) { return ExecOn(db_, path_, sql); }

StatusOr<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
  if (rc != SQLITE_OK) {
    return Status(CodeFor(rc), fmt::format("{}: cannot prepare '{}': {}", path_, Abbreviate(sql),
                                           ErrorText(db_)));
  }
  Statement statement(db_, path_, stmt, std::string(sql));
  if (tail != nullptr) {
    std::string_view rest(tail, sql.data() + sql.size() - tail);
    if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      return absl::InvalidArgumentError(
          fmt::format("Prepare takes one statement; trailing text '{}'", Abbreviate(rest)));
    }
  }
  return statement;
}

StatusOr<int64_t> Database::QueryInt(std::string_view sql) {
  LEOTWIN_ASSIGN_OR_RETURN(Statement st, Prepare(sql));
  LEOTWIN_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) {
    return absl::NotFoundError(fmt::format("{}: '{}' returned no row", path_, Abbreviate(sql)));
  }
  return st.ColumnInt(0);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      path_(std::move(other.path_)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

Status Statement::Error(std::string_view what) const {
  return Status(CodeFor(sqlite3_extended_errcode(db_)),
                fmt::format("{}: {} '{}': {}", path_, what, Abbreviate(sql_), ErrorText(db_)));
}

Status Statement::BindInt(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
    return Error(fmt::format("cannot bind parameter {} of", index));
  }
  return absl::OkStatus();
}

Status Statement::BindDouble(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) {
    return Error(fmt::format("cannot bind parameter {} of", index));
  }
  return absl::OkStatus();
}

Status Statement::BindText(int index, std::string_view value) {
  if (sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK) {
    return Error(fmt::format("cannot bind parameter {} of", index));
  }
  return absl::OkStatus();
}

Status Statement::BindBlob(int index, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) !=
      SQLITE_OK) {
    return Error(fmt::format("cannot bind parameter {} of", index));
  }
  return absl::OkStatus();
}

Status Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
    return Error(fmt::format("cannot bind parameter {} of", index));
  }
  return absl::OkStatus();
}

StatusOr<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error("cannot run");
}

Status Statement::Run() {
  LEOTWIN_ASSIGN_OR_RETURN(bool row, Step());
  if (row) {
    return absl::InternalError(
        fmt::format("{}: '{}' returned rows where none were expected", path_, Abbreviate(sql_)));
  }
  return absl::OkStatus();
}

Status Statement::Reset() {
  if (sqlite3_reset(stmt_) != SQLITE_OK) return Error("cannot reset");
  return absl::OkStatus();
}

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob), static_cast<size_t>(size));
}

StatusOr<Transaction> Transaction::Begin(Database& db) {
  LEOTWIN_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(db.raw(), db.path());
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)Rollback();
}

Status Transaction::Commit() {
  if (db_ == nullptr) return absl::FailedPreconditionError("transaction already finished");
  Status status = ExecOn(db_, path_, "COMMIT");
  if (!status.ok()) {
    // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); roll it back so nothing
    // of it is written and the connection is usable again.
    (void)Rollback();
    return status;
  }
  db_ = nullptr;
  return absl::OkStatus();
}

Status Transaction::Rollback() {
  if (db_ == nullptr) return absl::OkStatus();
  sqlite3* db = std::exchange(db_, nullptr);
  if (sqlite3_get_autocommit(db) != 0) return absl::OkStatus();  // already rolled back
  return ExecOn(db, path_, "ROLLBACK");
}

}  // namespace leotwin::store
