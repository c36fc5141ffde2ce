// Issue 10, item 11 (ledger half): a past-time query used to replay and re-verify the whole ledger
// (every Ed25519 signature) on every distinct instant. Now it starts from an in-memory checkpoint
// and replays at most one checkpoint interval of entries whose hashes this process verified;
// answers equal a from-scratch replay, and a file edited after it was opened fails loudly instead
// of answering from unverified bytes. (The HTTP half, past queries never holding the lock of
// current decisions, is in adversarial_http_test.cc; the 100,000-entry benchmark is
// bench/ledger_benchmark.cc.)
#include <random>

#include "gtest/gtest.h"
#include "ledger_fixture.h"
#include "leotwin/ledger/testing/synthetic_ledger.h"

namespace leotwin::ledger::adversarial {
namespace {

constexpr int kTerminals = 700;  // 1,401 entries: five checkpoints at interval 256

class LedgerCheckpoint : public LedgerFixture {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_checkpoint_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = (dir_ / "ledger.db").string();
    ASSERT_TRUE(testing::WriteSyntheticLedger(path_, *testutil::SmallPolicy(), alice_, bob_,
                                              kTerminals, kT0)
                    .ok());
    auto l = Ledger::Open(path_, *testutil::SmallPolicy());
    ASSERT_TRUE(l.ok()) << l.status();
    ledger_.emplace(*std::move(l));
  }

  // The reference: every entry committed at or before t, replayed and verified from the start.
  LedgerState FromScratch(SimTime t) {
    auto entries = ReadEntries(ledger_->journal().database());
    EXPECT_TRUE(entries.ok());
    LedgerState state(std::make_unique<PolicyModel>(*testutil::SmallPolicy()));
    for (const Entry& e : *entries) {
      if (e.timestamp > t) break;
      EXPECT_TRUE(state.Accept(e).ok());
    }
    return state;
  }
};

TEST_F(LedgerCheckpoint, PastQueriesFromCheckpointsEqualAFullReplay) {
  EXPECT_GE(ledger_->journal().checkpoint_count(), 5u);
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<int> second(0, 2 * kTerminals + 5);
  for (int i = 0; i < 40; ++i) {
    const SimTime t = kT0 + second(rng) * SimTime::kNanosPerSecond;
    SCOPED_TRACE(t.ToIso8601());
    auto fast = ledger_->StateAt(t);
    ASSERT_TRUE(fast.ok()) << fast.status();
    const LedgerState slow = FromScratch(t);
    ASSERT_EQ(fast->head(), slow.head());
    ASSERT_EQ(PolicyOf(*fast).ToJson(t), PolicyOf(slow).ToJson(t));
    ASSERT_EQ(fast->Proposals().size(), slow.Proposals().size());
  }
}

TEST_F(LedgerCheckpoint, AnEditAfterOpeningIsNotAnsweredFrom) {
  {
    auto db = store::Database::Open(path_);
    ASSERT_TRUE(db.ok());
    // Entry 300 (between the checkpoints at 256 and 512): one character of the payload.
    ASSERT_TRUE(db->Exec("DROP TRIGGER IF EXISTS ledger_entries_no_update; "
                         "UPDATE ledger_entries SET payload = replace(payload, 'T-', 'X-') "
                         "WHERE seq = 300")
                    .ok());
  }
  auto state = ledger_->StateAt(kT0 + 400 * SimTime::kNanosPerSecond);
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().code(), absl::StatusCode::kDataLoss) << state.status();
  // Found by the hash comparison or by the entry's own hash (the edit left the stored hash).
  EXPECT_NE(state.status().message().find("entry 300"), std::string::npos) << state.status();
}

}  // namespace
}  // namespace leotwin::ledger::adversarial
