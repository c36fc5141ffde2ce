#include "leotwin/ledger/terminal_table.h"

#include <cstdio>
#include <cstdlib>

#include "fmt/format.h"
#include "leotwin/store/migrations.h"

namespace leotwin::ledger {

namespace {

constexpr std::string_view kColumns =
    "id, since, kind, lat, lon, sponsor, status, registered_entry, status_entry";

[[noreturn]] void Fatal(const std::string& path, const Status& status) {
  const std::string what(status.message());
  std::fprintf(stderr,
               "leotwin: %s: the derived terminal table cannot be read (%s); run 'leotwin "
               "ledger verify' and 'leotwin ledger verify --rebuild'\n",
               path.c_str(), what.c_str());
  std::abort();
}

// A row read with the columns in kColumns order.
StatusOr<policy::TerminalVersion> RowToVersion(const store::Statement& st) {
  policy::TerminalVersion v;
  v.terminal.id = st.ColumnText(0);
  v.since = st.ColumnInt(1);
  LEOTWIN_ASSIGN_OR_RETURN(v.terminal.kind, policy::ParseTerminalKind(st.ColumnText(2)));
  v.terminal.service_lat_deg = st.ColumnDouble(3);
  v.terminal.service_lon_deg = st.ColumnDouble(4);
  v.terminal.sponsor = st.ColumnText(5);
  LEOTWIN_ASSIGN_OR_RETURN(v.terminal.status, policy::ParseTerminalStatus(st.ColumnText(6)));
  v.terminal.registered_entry_id = st.ColumnInt(7);
  v.terminal.status_entry_id = st.ColumnInt(8);
  return v;
}

}  // namespace

StatusOr<bool> HasDerivedTables(store::Database& db) {
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t n,
      db.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                  "('ledger_terminal_versions', 'ledger_derived_head')"));
  return n == 2;
}

StatusOr<Head> ReadDerivedHead(store::Database& db) {
  LEOTWIN_ASSIGN_OR_RETURN(const bool has, HasDerivedTables(db));
  if (!has) return Head{};
  LEOTWIN_ASSIGN_OR_RETURN(store::Statement st,
                           db.Prepare("SELECT seq, hash FROM ledger_derived_head WHERE id = 1"));
  LEOTWIN_ASSIGN_OR_RETURN(const bool row, st.Step());
  if (!row) return Head{};
  return Head{st.ColumnInt(0), st.ColumnText(1)};
}

Status WriteDerivedHead(store::Database& db, const Head& head) {
  LEOTWIN_ASSIGN_OR_RETURN(
      store::Statement st,
      db.Prepare("INSERT OR REPLACE INTO ledger_derived_head (id, seq, hash) VALUES (1, ?, ?)"));
  LEOTWIN_RETURN_IF_ERROR(st.BindInt(1, head.seq));
  LEOTWIN_RETURN_IF_ERROR(st.BindText(2, head.hash));
  return st.Run();
}

Status InsertTerminalVersions(store::Database& db,
                              const std::vector<const policy::TerminalVersion*>& versions) {
  if (versions.empty()) return absl::OkStatus();
  LEOTWIN_ASSIGN_OR_RETURN(
      store::Statement st,
      db.Prepare(fmt::format("INSERT INTO ledger_terminal_versions ({}) VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             kColumns)));
  for (const policy::TerminalVersion* v : versions) {
    const policy::Terminal& t = v->terminal;
    LEOTWIN_RETURN_IF_ERROR(st.Reset());
    LEOTWIN_RETURN_IF_ERROR(st.BindText(1, t.id));
    LEOTWIN_RETURN_IF_ERROR(st.BindInt(2, v->since));
    LEOTWIN_RETURN_IF_ERROR(st.BindText(3, policy::TerminalKindName(t.kind)));
    LEOTWIN_RETURN_IF_ERROR(st.BindDouble(4, t.service_lat_deg));
    LEOTWIN_RETURN_IF_ERROR(st.BindDouble(5, t.service_lon_deg));
    LEOTWIN_RETURN_IF_ERROR(st.BindText(6, t.sponsor));
    LEOTWIN_RETURN_IF_ERROR(st.BindText(7, policy::TerminalStatusName(t.status)));
    LEOTWIN_RETURN_IF_ERROR(st.BindInt(8, t.registered_entry_id));
    LEOTWIN_RETURN_IF_ERROR(st.BindInt(9, t.status_entry_id));
    LEOTWIN_RETURN_IF_ERROR(st.Run());
  }
  return absl::OkStatus();
}

Status ClearTerminalVersions(store::Database& db) {
  LEOTWIN_RETURN_IF_ERROR(db.Exec("DELETE FROM ledger_terminal_versions"));
  return db.Exec("DELETE FROM ledger_derived_head");
}

StatusOr<std::vector<policy::TerminalVersion>> ReadAllTerminalVersions(store::Database& db) {
  LEOTWIN_ASSIGN_OR_RETURN(
      store::Statement st,
      db.Prepare(
          fmt::format("SELECT {} FROM ledger_terminal_versions ORDER BY since, id", kColumns)));
  std::vector<policy::TerminalVersion> out;
  while (true) {
    LEOTWIN_ASSIGN_OR_RETURN(const bool row, st.Step());
    if (!row) break;
    auto v = RowToVersion(st);
    if (!v.ok()) {
      return absl::DataLossError(fmt::format("derived terminal row ({}, since {}): {}",
                                             st.ColumnText(0), st.ColumnInt(1),
                                             std::string(v.status().message())));
    }
    out.push_back(std::move(*v));
  }
  return out;
}

StatusOr<std::shared_ptr<SqliteTerminalSource>> SqliteTerminalSource::Open(
    const std::string& path) {
  store::OpenOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path, options));
  // Lookups land on random leaves of a table that may hold tens of millions of rows: map the
  // file (reads become memory accesses, no pread per page) and keep a larger page cache, so a
  // lookup costs about the same with 10,000,000 terminals as with 1,000.
  LEOTWIN_RETURN_IF_ERROR(db.Exec("PRAGMA mmap_size = 17179869184; PRAGMA cache_size = -65536"));
  return std::shared_ptr<SqliteTerminalSource>(new SqliteTerminalSource(std::move(db)));
}

std::optional<policy::TerminalVersion> SqliteTerminalSource::Find(std::string_view id,
                                                                  int64_t through) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!find_) {
    auto st = db_.Prepare(fmt::format(
        "SELECT {} FROM ledger_terminal_versions WHERE id = ?1 AND since <= ?2 ORDER BY since "
        "DESC LIMIT 1",
        kColumns));
    if (!st.ok()) Fatal(db_.path(), st.status());
    find_.emplace(std::move(*st));
  }
  store::Statement& st = *find_;
  Status s = st.Reset();
  if (s.ok()) s = st.BindText(1, id);
  if (s.ok()) s = st.BindInt(2, through);
  if (!s.ok()) Fatal(db_.path(), s);
  auto row = st.Step();
  if (!row.ok()) Fatal(db_.path(), row.status());
  if (!*row) return std::nullopt;
  auto v = RowToVersion(st);
  if (!v.ok()) Fatal(db_.path(), v.status());
  (void)st.Reset();  // end the read so the connection holds no snapshot between lookups
  return std::move(*v);
}

std::vector<policy::TerminalVersion> SqliteTerminalSource::All(int64_t through) const {
  std::lock_guard<std::mutex> lock(mu_);
  // The latest version per id at or before `through`, in id order.
  auto st = db_.Prepare(fmt::format(
      "SELECT {0} FROM ledger_terminal_versions AS v WHERE since = (SELECT max(since) FROM "
      "ledger_terminal_versions WHERE id = v.id AND since <= ?1) ORDER BY id",
      kColumns));
  if (!st.ok()) Fatal(db_.path(), st.status());
  Status s = st->BindInt(1, through);
  if (!s.ok()) Fatal(db_.path(), s);
  std::vector<policy::TerminalVersion> out;
  while (true) {
    auto row = st->Step();
    if (!row.ok()) Fatal(db_.path(), row.status());
    if (!*row) break;
    auto v = RowToVersion(*st);
    if (!v.ok()) Fatal(db_.path(), v.status());
    out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace leotwin::ledger
