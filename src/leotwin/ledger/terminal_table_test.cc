// Derived terminal state (terminal_table.h): an open reads covered terminals from the table and
// none of their batch items, holds none of them in memory, answers time travel from the same
// rows; verify finds every row that disagrees with the chain and --rebuild repairs it; a file
// without rows (written before migration 3) gets them at its next write.
#include "leotwin/ledger/terminal_table.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/ledger/testing/fixtures.h"

namespace leotwin::ledger {
namespace {

using testing::At;
using testing::FixedKey;
using testing::kT0;
const auto SmallPolicy = testing::UkrainePolicy;

Batch Parse(const std::string& csv, BatchKind kind) {
  auto b = ParseBatchFile(csv, "t.csv", kind);
  EXPECT_TRUE(b.ok()) << b.status();
  return *b;
}

Batch Register(int n) {
  std::string csv = "id,kind,lat,lon\n";
  for (int i = 0; i < n; ++i) {
    csv += fmt::format("T-{},fixed,{},{}\n", i, 45.5 + (i % 60) * 0.1, 30.5 + (i % 90) * 0.1);
  }
  return Parse(csv, BatchKind::kRegisterTerminals);
}

class DerivedStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_derived_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = (dir_ / "ledger.db").string();
    auto l = Ledger::Open(path_, SmallPolicy());
    ASSERT_TRUE(l.ok()) << l.status();
    ledger_.emplace(*std::move(l));
    Genesis g;
    g.clock.mode = ClockMode::kSimulated;
    g.operators = {PublicHalf(alice_), PublicHalf(bob_), PublicHalf(carol_)};
    g.initiator = "alice";
    g.created_at = At(0);
    ASSERT_TRUE(ledger_->Init(g, alice_, At(0)).ok());
    // Entries: 2 register 50 (batch), 3 approve; 4 suspend T-1, T-2 (batch), 5 approve;
    // 6 register T-single (one entry), 7 approve; 8 activate T-2 (batch), 9 approve.
    ASSERT_TRUE(Enact(Register(50), 1).ok());
    ASSERT_TRUE(Enact(Parse("id\nT-1\nT-2\n", BatchKind::kSuspendTerminals), 3).ok());
    auto body = MakeProposalBody(ledger_->id(), "alice", At(5),
                                 {{"action", "register_terminal"},
                                  {"id", "T-single"},
                                  {"kind", "roam"},
                                  {"service_address", {{"lat", 50.0}, {"lon", 31.0}}}});
    ASSERT_TRUE(body.ok()) << body.status();
    auto p = SignProposal(*body, alice_);
    ASSERT_TRUE(ledger_->Propose(*p, At(5)).ok());
    ASSERT_TRUE(Approve(*ProposalId(p->body), 6).ok());
    ASSERT_TRUE(Enact(Parse("id\nT-2\n", BatchKind::kActivateTerminals), 7).ok());
    ASSERT_EQ(ledger_->state().head().seq, 9);
  }
  void TearDown() override {
    ledger_.reset();
    std::filesystem::remove_all(dir_);
  }

  Status Enact(const Batch& batch, int minute) {
    LEOTWIN_ASSIGN_OR_RETURN(ProposalBody body, MakeProposalBody(ledger_->id(), "alice", At(minute),
                                                                 BatchChange(batch)));
    LEOTWIN_ASSIGN_OR_RETURN(SignedProposal p, SignProposal(std::move(body), alice_));
    LEOTWIN_RETURN_IF_ERROR(ledger_->ProposeBatch(p, batch.items, At(minute)).status());
    return Approve(*ProposalId(p.body), minute + 1);
  }
  Status Approve(const std::string& id, int minute) {
    VoteBody body{ledger_->id(), id, "bob", Verdict::kApprove, At(minute), "", SimTime{}};
    LEOTWIN_ASSIGN_OR_RETURN(SignedVote v, SignVote(std::move(body), bob_));
    return ledger_->Vote(v, At(minute)).status();
  }
  // A copy of the ledger file with `sql` run on it (triggers on the item table dropped first).
  std::string EditedCopy(const std::string& sql) {
    const std::string copy = (dir_ / fmt::format("edited{}.db", copies_++)).string();
    std::filesystem::copy_file(path_, copy);
    auto db = store::Database::Open(copy, store::OpenOptions{});
    EXPECT_TRUE(db.ok()) << db.status();
    EXPECT_TRUE(db->Exec("DROP TRIGGER ledger_batch_items_no_update").ok());
    EXPECT_TRUE(db->Exec("DROP TRIGGER ledger_batch_items_no_delete").ok());
    EXPECT_TRUE(db->Exec(sql).ok()) << sql;
    return copy;
  }

  std::filesystem::path dir_;
  std::string path_;
  std::optional<Ledger> ledger_;
  int copies_ = 0;
  OperatorKey alice_ = FixedKey("alice", 1);
  OperatorKey bob_ = FixedKey("bob", 2);
  OperatorKey carol_ = FixedKey("carol", 3);
};

// The rows are written with each entry: one version per registration and status change.
TEST_F(DerivedStateTest, EachWriteStoresItsEntrysRowsAndHead) {
  store::Database& db = ledger_->journal().database();
  auto head = ReadDerivedHead(db);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, ledger_->state().head());
  auto rows = ReadAllTerminalVersions(db);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 50u + 2 + 1 + 1);
  EXPECT_EQ(rows->front().since, 3);
  EXPECT_EQ(rows->back().since, 9);
  EXPECT_EQ(rows->back().terminal.id, "T-2");
  EXPECT_EQ(rows->back().terminal.status, policy::TerminalStatus::kActive);
  EXPECT_EQ(rows->back().terminal.status_entry_id, 8);
  // The writer keeps none of them in memory once committed.
  EXPECT_EQ(ledger_->policy().terminal_versions().size(), 0u);
  EXPECT_TRUE(ledger_->Verify().ok);
}

// Opening reads no item of a covered batch (here: none are left) and answers from the table, at
// the head and in the past.
TEST_F(DerivedStateTest, OpenReadsNoItemOfACoveredBatch) {
  ledger_.reset();
  const std::string copy = EditedCopy("DELETE FROM ledger_batch_items WHERE seq IN (2, 4)");
  auto l = Ledger::OpenReadOnly(copy, SmallPolicy());
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->policy().terminal_versions().size(), 0u);
  EXPECT_EQ(l->policy().terminals().size(), 51u);
  auto t1 = l->policy().FindTerminal("T-1");
  ASSERT_TRUE(t1.has_value());
  EXPECT_EQ(t1->status, policy::TerminalStatus::kSuspended);
  EXPECT_EQ(t1->registered_entry_id, 2);
  EXPECT_EQ(t1->status_entry_id, 4);
  EXPECT_EQ(t1->service_territory, 0);
  EXPECT_EQ(l->policy().FindTerminal("T-2")->status, policy::TerminalStatus::kActive);
  EXPECT_EQ(l->policy().FindTerminal("T-single")->kind, policy::TerminalKind::kRoam);
  // The activation's quorum floor (the suspension, entry 4) came from its items, read on demand.
  EXPECT_EQ(l->state().FindProposalBySeq(8)->lifts, std::vector<int64_t>{4});
  // Time travel over the same rows.
  auto before = l->PolicyAt(At(2));  // entries 1..3: registered, none suspended
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->FindTerminal("T-2")->status, policy::TerminalStatus::kActive);
  EXPECT_FALSE(before->FindTerminal("T-single").has_value());
  auto suspended = l->PolicyAt(At(4));
  ASSERT_TRUE(suspended.ok());
  EXPECT_EQ(suspended->FindTerminal("T-2")->status, policy::TerminalStatus::kSuspended);
  auto empty = l->PolicyAt(At(0));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->FindTerminal("T-0").has_value());
  // ... while verify, which replays every item, finds them missing.
  const VerifyReport report = l->Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 2) << report.problem;
}

// Every kind of disagreement between the rows and the chain fails verify naming an entry, and
// --rebuild repairs it.
TEST_F(DerivedStateTest, VerifyFindsEveryDisagreementAndRebuildRepairsIt) {
  ledger_.reset();
  struct Case {
    std::string sql;
    int64_t bad;
  };
  const std::vector<Case> cases = {
      {"UPDATE ledger_terminal_versions SET status = 'active' WHERE id = 'T-1' AND since = 5", 5},
      {"UPDATE ledger_terminal_versions SET lat = lat + 1e-9 WHERE id = 'T-7'", 3},
      {"UPDATE ledger_terminal_versions SET sponsor = 'x' WHERE id = 'T-single'", 7},
      {"UPDATE ledger_terminal_versions SET registered_entry = 4 WHERE id = 'T-9'", 3},
      {"UPDATE ledger_terminal_versions SET kind = 'roam' WHERE id = 'T-9'", 3},
      {"DELETE FROM ledger_terminal_versions WHERE id = 'T-2' AND since = 9", 9},
      {"INSERT INTO ledger_terminal_versions VALUES ('T-999', 3, 'fixed', 50, 30, '', 'active', "
       "2, 2)",
       3},
      {"INSERT INTO ledger_terminal_versions VALUES ('T-5', 12, 'fixed', 50, 30, '', "
       "'suspended', 2, 2)",
       9},
      {"UPDATE ledger_derived_head SET hash = printf('%064d', 0)", 9},
      {"UPDATE ledger_derived_head SET seq = 10", 9},
  };
  for (const Case& c : cases) {
    const std::string copy = EditedCopy(c.sql);
    auto report = Ledger::VerifyFile(copy, SmallPolicy(), std::nullopt);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_FALSE(report->ok) << c.sql;
    EXPECT_EQ(report->first_bad_seq, c.bad) << c.sql << ": " << report->problem;
    EXPECT_NE(report->problem.find("derived terminal"), std::string::npos) << report->problem;
    auto rebuilt = Ledger::RebuildDerivedFile(copy, SmallPolicy());
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
    EXPECT_TRUE(rebuilt->ok) << rebuilt->problem;
    EXPECT_EQ(rebuilt->derived_through, 9);
    auto again = Ledger::VerifyFile(copy, SmallPolicy(), std::nullopt);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->ok) << c.sql << ": " << again->problem;
  }
  // A rebuild refuses a chain that does not verify, and writes nothing.
  const std::string broken = EditedCopy(
      "DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET signer = 'carol' WHERE "
      "seq = 3");
  auto refused = Ledger::RebuildDerivedFile(broken, SmallPolicy());
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->ok);
  EXPECT_EQ(refused->first_bad_seq, 3);
}

// A ledger whose rows are missing (written before migration 3, or by an older leotwin) is read
// from its items, and its next write rebuilds every row first.
TEST_F(DerivedStateTest, ALedgerWithoutRowsGetsThemAtItsNextWrite) {
  ledger_.reset();
  const std::string copy =
      EditedCopy("DELETE FROM ledger_terminal_versions; DELETE FROM ledger_derived_head");
  {
    auto l = Ledger::OpenReadOnly(copy, SmallPolicy());
    ASSERT_TRUE(l.ok()) << l.status();
    EXPECT_EQ(l->policy().FindTerminal("T-1")->status, policy::TerminalStatus::kSuspended);
    EXPECT_EQ(l->policy().terminal_versions().size(), 51u);  // replayed from the items
  }
  auto w = Ledger::Open(copy, SmallPolicy());
  ASSERT_TRUE(w.ok()) << w.status();
  ledger_.emplace(*std::move(w));
  ASSERT_TRUE(Enact(Parse("id\nT-3\n", BatchKind::kSuspendTerminals), 9).ok());
  auto head = ReadDerivedHead(ledger_->journal().database());
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->seq, 11);
  const VerifyReport report = ledger_->Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.derived_through, 11);
}

}  // namespace
}  // namespace leotwin::ledger
