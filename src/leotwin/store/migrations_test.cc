#include "leotwin/store/migrations.h"

#include <gtest/gtest.h>

#include <vector>

namespace leotwin::store {
namespace {

std::vector<Migration> TwoSteps() {
  return {{1, "001_a.sql", "CREATE TABLE a (x INTEGER);"},
          {2, "002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (7);"}};
}

TEST(MigrationsTest, EmbeddedSchemaIsNumberedFromOne) {
  const auto& m = SchemaMigrations();
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.front().name, "001_ledger.sql");
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(m[i].version, static_cast<int>(i) + 1);
  EXPECT_EQ(LatestSchemaVersion(), m.back().version);
}

TEST(MigrationsTest, MigratesANewFileToTheLatestVersion) {
  auto db = OpenLeotwinDatabase(":memory:");
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM ledger_entries"), 0);
  // Idempotent.
  ASSERT_TRUE(Migrate(*db).ok());
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), LatestSchemaVersion());
}

TEST(MigrationsTest, AppliesOnlyTheMissingSteps) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto steps = TwoSteps();
  ASSERT_TRUE(Migrate(*db, {steps[0]}).ok());
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), 1);
  ASSERT_TRUE(Migrate(*db, steps).ok());
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), 2);
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM a"), 1);  // step 2 ran exactly once
  ASSERT_TRUE(Migrate(*db, steps).ok());
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM a"), 1);
}

TEST(MigrationsTest, AFailingStepLeavesThePreviousVersionUnchanged) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto steps = TwoSteps();
  steps.push_back(
      {3, "003_bad.sql", "CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);"});
  Status s = Migrate(*db, steps);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("003_bad.sql"), std::string::npos) << s;
  EXPECT_NE(s.message().find("no such table: nowhere"), std::string::npos) << s;
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), 2);
  // Table c of the failed step does not exist.
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM sqlite_master WHERE name = 'c'"), 0);
}

TEST(MigrationsTest, RefusesANewerFile) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Exec("PRAGMA user_version = 99").ok());
  Status s = Migrate(*db, TwoSteps());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("99"), std::string::npos);
}

TEST(MigrationsTest, RefusesMisnumberedMigrations) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  std::vector<Migration> gap = {{1, "001_a.sql", "SELECT 1;"}, {3, "003_c.sql", "SELECT 1;"}};
  EXPECT_FALSE(Migrate(*db, gap).ok());
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), 0);
}

TEST(MigrationsTest, LedgerEntriesAreAppendOnly) {
  auto db = OpenLeotwinDatabase(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(
      db->Exec("INSERT INTO ledger_entries VALUES (1, 'genesis', '{}', 'a', '', 0, '', 'h')").ok());
  Status upd = db->Exec("UPDATE ledger_entries SET payload = '[]'");
  EXPECT_NE(upd.message().find("append-only"), std::string::npos) << upd;
  Status del = db->Exec("DELETE FROM ledger_entries");
  EXPECT_NE(del.message().find("append-only"), std::string::npos) << del;
  EXPECT_EQ(*db->QueryInt("SELECT count(*) FROM ledger_entries"), 1);
}

}  // namespace
}  // namespace leotwin::store
