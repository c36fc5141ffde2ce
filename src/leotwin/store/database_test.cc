#include "leotwin/store/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace leotwin::store {
namespace {

// A fresh directory under $TMPDIR, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_store_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST(DatabaseTest, OpensInWalModeWithFullSync) {
  TempDir dir;
  auto db = Database::Open(dir.File("a.db"));
  ASSERT_TRUE(db.ok()) << db.status();
  auto st = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(st.ok()) << st.status();
  ASSERT_TRUE(*st->Step());
  EXPECT_EQ(st->ColumnText(0), "wal");
  // synchronous: 0 OFF, 1 NORMAL, 2 FULL.
  EXPECT_EQ(*db->QueryInt("PRAGMA synchronous"), 2);
  EXPECT_EQ(*db->QueryInt("PRAGMA foreign_keys"), 1);
}

TEST(DatabaseTest, BindsAndReadsBack) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(db->Exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)").ok());
  auto ins = db->Prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
  ASSERT_TRUE(ins.ok()) << ins.status();
  const std::string blob("a\0b", 3);
  ASSERT_TRUE(ins->BindInt(1, -(int64_t{1} << 62)).ok());
  ASSERT_TRUE(ins->BindText(2, "héllo").ok());
  ASSERT_TRUE(ins->BindBlob(3, blob).ok());
  ASSERT_TRUE(ins->BindNull(4).ok());
  ASSERT_TRUE(ins->Run().ok());
  auto sel = db->Prepare("SELECT i, s, b, n FROM t");
  ASSERT_TRUE(sel.ok());
  ASSERT_TRUE(*sel->Step());
  EXPECT_EQ(sel->ColumnInt(0), -(int64_t{1} << 62));
  EXPECT_EQ(sel->ColumnText(1), "héllo");
  EXPECT_EQ(sel->ColumnBlob(2), blob);
  EXPECT_TRUE(sel->ColumnIsNull(3));
  EXPECT_FALSE(*sel->Step());
}

TEST(DatabaseTest, ErrorsNameTheSqlError) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  Status s = db->Exec("CREATE TABLE t (x INTEGER NOT NULL); INSERT INTO t VALUES (NULL)");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("NOT NULL constraint failed: t.x"), std::string::npos) << s;
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  auto bad = db->Prepare("SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("syntax error"), std::string::npos) << bad.status();
  auto two = db->Prepare("SELECT 1; SELECT 2");
  EXPECT_FALSE(two.ok());
}

TEST(DatabaseTest, RefusesAFileThatIsNotADatabase) {
  TempDir dir;
  {
    std::ofstream f(dir.File("junk.db"));
    f << std::string(4096, 'x');
  }
  auto db = Database::Open(dir.File("junk.db"));
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.status().message().find("not a database"), std::string::npos) << db.status();
}

TEST(DatabaseTest, MissingFileWithoutCreateIsNotFound) {
  TempDir dir;
  OpenOptions options;
  options.create_if_missing = false;
  auto db = Database::Open(dir.File("missing.db"), options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kNotFound) << db.status();
}

TEST(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  TempDir dir;
  auto db = Database::Open(dir.File("tx.db"));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t (x INTEGER)").ok());
  {
    auto tx = Transaction::Begin(*db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1)").ok());
    EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM t"), 1);
  }  // destroyed without Commit()
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM t"), 0);
  {
    auto tx = Transaction::Begin(*db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  // A second connection (as another process would) sees the committed row.
  auto other = Database::Open(dir.File("tx.db"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other->QueryInt("SELECT sum(x) FROM t"), 2);
}

TEST(DatabaseTest, SecondWriterWaitsThenFailsWithUnavailable) {
  TempDir dir;
  OpenOptions quick;
  quick.busy_timeout_ms = 50;
  auto a = Database::Open(dir.File("lock.db"), quick);
  auto b = Database::Open(dir.File("lock.db"), quick);
  ASSERT_TRUE(a.ok() && b.ok());
  auto tx = Transaction::Begin(*a);
  ASSERT_TRUE(tx.ok());
  auto tx2 = Transaction::Begin(*b);
  ASSERT_FALSE(tx2.ok());
  EXPECT_EQ(tx2.status().code(), absl::StatusCode::kUnavailable) << tx2.status();
  EXPECT_NE(tx2.status().message().find("locked"), std::string::npos) << tx2.status();
}

TEST(DatabaseTest, StatementsSurviveMovingTheDatabase) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto st = db->Prepare("SELECT 42");
  ASSERT_TRUE(st.ok());
  Database moved = std::move(*db);
  ASSERT_TRUE(*st->Step());
  EXPECT_EQ(st->ColumnInt(0), 42);
}

}  // namespace
}  // namespace leotwin::store
