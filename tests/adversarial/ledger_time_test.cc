// Issue 10, items 1 and 2: time. One operator alone, or a clock that jumps, must not freeze the
// ledger, and nobody may commit a signature at a time before it was made or after it expired.
// Before the defence: a proposal committed with `--now 2199-01-01` was accepted and every later
// write failed with "ledger time cannot go back"; a vote signed at 15:00 could be committed at
// 09:25 and rewrote "explain at 10:00"; a withheld signature could be committed weeks later.
#include "gtest/gtest.h"
#include "ledger_fixture.h"

namespace leotwin::ledger::adversarial {
namespace {

const SimTime k2199 = SimTime::FromCivil(2199, 1, 1);

class LedgerTime : public LedgerFixture {};

// Item 1, simulated clock: a commit time in the future of the machine's clock is refused, the
// file is unchanged, and the next honest entry goes through at its own time.
TEST_F(LedgerTime, FutureDatedEntryIsRefusedAndFreezesNothing) {
  Create();
  machine_clock_ = At(10);
  const std::string before = FileDigest();
  auto frozen = ProposeAt(alice_, Territory("UA", "available"), k2199, k2199);
  ASSERT_FALSE(frozen.ok());
  EXPECT_NE(frozen.status().message().find("after this machine's clock"), std::string::npos)
      << frozen.status();
  EXPECT_EQ(FileDigest(), before);
  // Within the skew of the machine clock is fine; far ahead is not, whoever signs.
  auto soon = ProposeAt(alice_, Territory("UA", "available"), At(11), At(11));
  ASSERT_TRUE(soon.ok()) << soon.status();
  EXPECT_EQ(ledger_->state().head_time(), At(11));
  ASSERT_TRUE(Approve(bob_, *soon, 10 + 1).ok());
  EXPECT_EQ(ledger_->state().head().seq, 3);
}

// Item 1, system clock: the host clock jumped to 2199 while an entry was committed, then came
// back. The later honest entries are accepted with their true times (not refused, not re-stamped
// to 2199), the chain verifies, and time travel sees them.
TEST_F(LedgerTime, ClockThatJumpedForwardAndBackDoesNotFreezeTheLedger) {
  Create({.clock = ClockMode::kSystem});
  machine_clock_ = k2199;  // the host clock jumps
  auto odd = ProposeAt(alice_, Territory("PL", "available"), k2199, k2199);
  ASSERT_TRUE(odd.ok()) << odd.status();
  machine_clock_ = At(20);  // ... and is corrected
  auto honest = ProposeAt(bob_, Territory("UA", "available"), At(20), At(20));
  ASSERT_TRUE(honest.ok()) << honest.status();
  ASSERT_TRUE(VoteAt(carol_, *honest, At(21), At(21)).ok());
  machine_clock_ = At(21);
  auto entries = ledger_->Entries();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[2].timestamp, At(20));  // recorded as committed, not moved after 2199
  EXPECT_EQ((*entries)[3].timestamp, At(21));
  EXPECT_TRUE(ledger_->Verify().ok) << ledger_->Verify().problem;
  auto pol = ledger_->PolicyAt(At(22));
  ASSERT_TRUE(pol.ok()) << pol.status();
  EXPECT_EQ(pol->TerritoryRuleAt("UA", At(22))->state, policy::TerritoryState::kAvailable);
  // Reopening replays the same file without complaint.
  ledger_.reset();
  auto reopened = Ledger::OpenReadOnly(path_, *testutil::SmallPolicy());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
}

// Item 1, system clock: a caller cannot choose the commit time (what `--now` did).
TEST_F(LedgerTime, SystemClockLedgerRefusesAChosenCommitTime) {
  Create({.clock = ClockMode::kSystem});
  machine_clock_ = At(60);
  const std::string before = FileDigest();
  auto past = ProposeAt(alice_, Territory("UA", "available"), At(5), At(5));
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("records the time of the commit"), std::string::npos)
      << past.status();
  auto future = ProposeAt(alice_, Territory("UA", "available"), k2199, k2199);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(FileDigest(), before);
}

// Item 2: a vote signed at 15:00 cannot be committed at 09:25 (it would make "explain at 10:00"
// report a state that did not exist then).
TEST_F(LedgerTime, BackdatedCommitOfALaterSignatureIsRefused) {
  Create();
  auto id = Propose(alice_, Territory("UA", "available"), 1);
  ASSERT_TRUE(id.ok()) << id.status();
  machine_clock_ = SimTime::FromCivil(2025, 10, 1, 15, 0, 0);
  const std::string before = FileDigest();
  Status s = VoteAt(bob_, *id, SimTime::FromCivil(2025, 10, 1, 15, 0, 0),
                    SimTime::FromCivil(2025, 10, 1, 9, 25, 0));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot be committed before it was made"), std::string::npos) << s;
  EXPECT_EQ(FileDigest(), before);
  auto pol = ledger_->PolicyAt(SimTime::FromCivil(2025, 10, 1, 10, 0, 0));
  ASSERT_TRUE(pol.ok());
  EXPECT_NE(pol->TerritoryRuleAt("UA", At(60))->state, policy::TerritoryState::kAvailable);
  // Within the skew it is fine: signers' clocks disagree a little.
  EXPECT_TRUE(VoteAt(bob_, *id, At(3), At(2)).ok());
}

// Item 2: a withheld signature expires; a window longer than the genesis allows is refused.
TEST_F(LedgerTime, WithheldSignatureExpires) {
  Create();
  auto id = Propose(alice_, Territory("UA", "available"), 1);
  ASSERT_TRUE(id.ok()) << id.status();
  auto vote = SignedVoteFor(bob_, *id, At(2));  // valid 24 h
  ASSERT_TRUE(vote.ok());
  const SimTime weeks_later = At(2) + 21 * SimTime::kNanosPerDay;
  machine_clock_ = weeks_later;
  const std::string before = FileDigest();
  auto late = ledger_->Vote(*vote, weeks_later);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.status().message().find("expired"), std::string::npos) << late.status();
  EXPECT_EQ(FileDigest(), before);
  // A signer cannot escape expiry by choosing a huge window.
  auto forever =
      SignedVoteFor(bob_, *id, weeks_later, Verdict::kApprove, 30 * SimTime::kNanosPerDay);
  ASSERT_TRUE(forever.ok());
  auto refused = ledger_->Vote(*forever, weeks_later);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("longer than this ledger's maximum"), std::string::npos)
      << refused.status();
  // The expired proposal itself: its own signature was valid when committed, so it stays; a
  // fresh approval works.
  EXPECT_TRUE(VoteAt(bob_, *id, weeks_later, weeks_later).ok());
}

// Item 2: the rule is part of the chain's meaning, so verify catches an entry written around the
// API (a backdated commit inserted straight into the file by someone with the keys' output).
TEST_F(LedgerTime, VerifyNamesABackdatedEntryWrittenAroundTheApi) {
  Create();
  auto id = Propose(alice_, Territory("UA", "available"), 1);
  ASSERT_TRUE(id.ok());
  auto vote = SignedVoteFor(bob_, *id, At(600));
  ASSERT_TRUE(vote.ok());
  auto entry = ledger_->state().MakeVoteEntry(*vote, At(2));  // commit time 10 h before signing
  ASSERT_TRUE(entry.ok()) << entry.status();
  {
    auto db = store::Database::Open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(InsertEntry(*db, *entry).ok());
  }
  auto report = Ledger::VerifyFile(path_, *testutil::SmallPolicy(), std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_seq, 3) << report->problem;
  EXPECT_NE(report->problem.find("before it was made"), std::string::npos) << report->problem;
}

}  // namespace
}  // namespace leotwin::ledger::adversarial
