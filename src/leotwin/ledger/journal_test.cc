// The generic ledger mechanics (quorum, signatures, replay refusal, hash chain, tamper detection,
// time travel) on a toy state model; the policy integration is tested in ledger_test.cc.
#include "leotwin/ledger/journal.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "leotwin/ledger/testing/fixtures.h"
#include "leotwin/ledger/testing/toy_model.h"
#include "leotwin/store/database.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;
using testing::ToyModel;

using testing::At;
using testing::FixedKey;
using testing::kT0;

std::string ReadFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_journal_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = (dir_ / "ledger.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Journal OpenJournal() {
    auto j = Journal::Open(path_, std::make_unique<ToyModel>());
    EXPECT_TRUE(j.ok()) << j.status();
    return *std::move(j);
  }

  // alice, bob, carol; default quorum 1, "toy.set_big" needs 2.
  Journal InitJournal() {
    Journal j = OpenJournal();
    Genesis g;
    g.clock.mode = ClockMode::kSimulated;  // fixed past instants
    g.operators = {PublicHalf(alice_), PublicHalf(bob_), PublicHalf(carol_)};
    g.quorum.default_approvals = 1;
    g.quorum.per_action["toy.set_big"] = 2;
    g.initiator = "alice";
    g.created_at = At(0);
    auto e = j.Init(g, alice_, At(0));
    EXPECT_TRUE(e.ok()) << e.status();
    return j;
  }

  SignedProposal Proposal(const Journal& j, const OperatorKey& by, json change, int minute) {
    ProposalBody body{j.state().ledger_id(), by.name, At(minute), std::move(change), "", SimTime{}};
    return *SignProposal(std::move(body), by);
  }
  SignedVote Vote(const Journal& j, const OperatorKey& by, const std::string& proposal_id,
                  Verdict verdict, int minute) {
    VoteBody body{j.state().ledger_id(), proposal_id, by.name, verdict, At(minute), "", SimTime{}};
    return *SignVote(std::move(body), by);
  }
  static json Set(const std::string& key, int64_t value) {
    return json{{"action", "set"}, {"key", key}, {"value", value}};
  }

  // Everything that identifies the file's content: bytes of the database and its WAL.
  std::string FileDigest() const {
    return ToHex(Sha256(ReadFileBytes(path_) + "|" + ReadFileBytes(path_ + "-wal")));
  }

  // Raw SQL on the file, as someone tampering with it would (triggers dropped first).
  void Tamper(const std::string& sql) {
    auto db = store::Database::Open(path_);
    ASSERT_TRUE(db.ok()) << db.status();
    Status s = db->Exec(
        "DROP TRIGGER IF EXISTS ledger_entries_no_update; "
        "DROP TRIGGER IF EXISTS ledger_entries_no_delete; " +
        sql);
    ASSERT_TRUE(s.ok()) << s;
  }

  // A ledger with 7 entries: genesis, 3 proposals, 3 approvals (keys a, b, c set).
  void BuildSeven() {
    Journal j = InitJournal();
    int minute = 1;
    for (const char* key : {"a", "b", "c"}) {
      auto p = Proposal(j, alice_, Set(key, 1), minute);
      ASSERT_TRUE(j.Propose(p, At(minute)).ok());
      ++minute;
      ASSERT_TRUE(
          j.Vote(Vote(j, bob_, *ProposalId(p.body), Verdict::kApprove, minute), At(minute)).ok());
      ++minute;
    }
    ASSERT_EQ(j.state().head().seq, 7);
  }

  VerifyReport VerifyNow(const std::optional<std::string>& expect = std::nullopt) {
    auto r = Journal::VerifyFile(path_, std::make_unique<ToyModel>(), expect);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }

  std::filesystem::path dir_;
  std::string path_;
  OperatorKey alice_ = FixedKey("alice", 1);
  OperatorKey bob_ = FixedKey("bob", 2);
  OperatorKey carol_ = FixedKey("carol", 3);
  OperatorKey mallory_ = FixedKey("mallory", 4);  // not an operator
};

const ToyModel& Toy(const LedgerState& s) { return static_cast<const ToyModel&>(s.model()); }

TEST_F(JournalTest, ProposalTakesEffectWhenTheQuorumIsReached) {
  Journal j = InitJournal();
  EXPECT_EQ(j.state().ledger_id().size(), 64u);
  auto p = Proposal(j, alice_, Set("x", 5), 1);
  const std::string id = *ProposalId(p.body);
  auto pe = j.Propose(p, At(1));
  ASSERT_TRUE(pe.ok()) << pe.status();
  EXPECT_EQ(pe->seq, 2);
  EXPECT_TRUE(Toy(j.state()).values().empty());
  EXPECT_EQ(j.state().FindProposal(id)->status, ProposalStatus::kPending);
  auto ve = j.Vote(Vote(j, bob_, id, Verdict::kApprove, 2), At(2));
  ASSERT_TRUE(ve.ok()) << ve.status();
  const ProposalRecord* rec = j.state().FindProposal(id);
  EXPECT_EQ(rec->status, ProposalStatus::kEnacted);
  EXPECT_EQ(rec->decided_seq, 3);
  ASSERT_EQ(Toy(j.state()).values().count("x"), 1u);
  EXPECT_EQ(Toy(j.state()).values().at("x").value, 5);
  EXPECT_EQ(Toy(j.state()).values().at("x").entry, 2);   // the proposal's entry
  EXPECT_EQ(Toy(j.state()).values().at("x").at, At(2));  // enacted at the approval
}

// Group commit: the writes of a group are checked in order as if appended alone (a later one may
// depend on an earlier one; a refused one leaves the others), and share one transaction: one
// commit, counted by SQLite's commit hook.
TEST_F(JournalTest, GroupCommitChecksEachWriteAloneAndCommitsOnce) {
  Journal j = InitJournal();
  int commits = 0;
  sqlite3_commit_hook(
      j.database().raw(),
      [](void* n) {
        ++*static_cast<int*>(n);
        return 0;
      },
      &commits);
  auto p = Proposal(j, alice_, Set("x", 5), 1);
  const std::string id = *ProposalId(p.body);
  const std::vector<Journal::MakeEntry> writes = {
      Journal::ProposalWrite(p, At(1)),
      Journal::VoteWrite(Vote(j, alice_, id, Verdict::kApprove, 1), At(1)),  // self-approval
      Journal::VoteWrite(Vote(j, bob_, id, Verdict::kApprove, 1), At(1)),    // needs the first
      Journal::ProposalWrite(p, At(1)),                                      // a replay
  };
  const auto results = j.AppendGroup(writes, At(1));
  ASSERT_EQ(results.size(), 4u);
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_EQ(results[0]->seq, 2);
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(results[2].ok()) << results[2].status();
  EXPECT_EQ(results[2]->seq, 3);
  EXPECT_EQ(results[3].status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(commits, 1);
  EXPECT_EQ(Toy(j.state()).values().at("x").value, 5);
  sqlite3_commit_hook(j.database().raw(), nullptr, nullptr);
  // The file holds exactly the accepted writes, and verifies.
  Journal reopened = OpenJournal();
  EXPECT_EQ(reopened.state().head(), j.state().head());
  EXPECT_TRUE(reopened.Verify().ok);
  // A group of refused writes writes nothing.
  const auto refused = j.AppendGroup({Journal::ProposalWrite(p, At(2))}, At(2));
  EXPECT_FALSE(refused[0].ok());
  EXPECT_EQ(j.state().head().seq, 3);
}

TEST_F(JournalTest, PerActionQuorumNeedsTwoApprovers) {
  Journal j = InitJournal();
  auto p = Proposal(j, bob_, Set("big", 500), 1);  // toy.set_big: 2 approvals
  const std::string id = *ProposalId(p.body);
  ASSERT_TRUE(j.Propose(p, At(1)).ok());
  EXPECT_EQ(j.state().FindProposal(id)->quorum, 2);
  ASSERT_TRUE(j.Vote(Vote(j, alice_, id, Verdict::kApprove, 2), At(2)).ok());
  EXPECT_EQ(j.state().FindProposal(id)->status, ProposalStatus::kPending);
  EXPECT_TRUE(Toy(j.state()).values().empty());
  ASSERT_TRUE(j.Vote(Vote(j, carol_, id, Verdict::kApprove, 3), At(3)).ok());
  EXPECT_EQ(j.state().FindProposal(id)->status, ProposalStatus::kEnacted);
  EXPECT_EQ(Toy(j.state()).values().at("big").value, 500);
}

TEST_F(JournalTest, SelfApprovalIsRefusedAndWritesNothing) {
  Journal j = InitJournal();
  auto p = Proposal(j, alice_, Set("x", 1), 1);
  ASSERT_TRUE(j.Propose(p, At(1)).ok());
  const std::string before = FileDigest();
  auto r = j.Vote(Vote(j, alice_, *ProposalId(p.body), Verdict::kApprove, 2), At(2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("cannot approve it"), std::string::npos) << r.status();
  EXPECT_EQ(FileDigest(), before);
  EXPECT_EQ(j.state().head().seq, 2);
}

TEST_F(JournalTest, ReplayedAndDuplicateVotesAreRefused) {
  Journal j = InitJournal();
  auto p = Proposal(j, bob_, Set("big", 500), 1);
  const std::string id = *ProposalId(p.body);
  ASSERT_TRUE(j.Propose(p, At(1)).ok());
  const SignedVote v = Vote(j, alice_, id, Verdict::kApprove, 2);
  ASSERT_TRUE(j.Vote(v, At(2)).ok());
  const std::string before = FileDigest();
  // The same signed approval again (a replay) must not count twice towards the quorum of 2.
  auto replay = j.Vote(v, At(3));
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.status().code(), absl::StatusCode::kAlreadyExists) << replay.status();
  EXPECT_NE(replay.status().message().find("already voted"), std::string::npos);
  // A fresh signature by the same voter is refused too (one vote per operator).
  auto again = j.Vote(Vote(j, alice_, id, Verdict::kApprove, 4), At(4));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists) << again.status();
  EXPECT_EQ(FileDigest(), before);
  EXPECT_EQ(j.state().FindProposal(id)->status, ProposalStatus::kPending);
  // A replayed proposal is refused as well.
  auto dup = j.Propose(p, At(5));
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists) << dup.status();
  EXPECT_EQ(FileDigest(), before);
}

TEST_F(JournalTest, ForgedAndWrongSignaturesAreRefused) {
  Journal j = InitJournal();
  const std::string before = FileDigest();
  // A flipped bit in the signature.
  auto p = Proposal(j, alice_, Set("x", 1), 1);
  SignedProposal forged = p;
  forged.signature[10] ^= 0x20;
  auto r1 = j.Propose(forged, At(1));
  EXPECT_EQ(r1.status().code(), absl::StatusCode::kUnauthenticated) << r1.status();
  // The content changed after signing.
  SignedProposal altered = p;
  altered.body.change["value"] = 2;
  auto r2 = j.Propose(altered, At(1));
  EXPECT_EQ(r2.status().code(), absl::StatusCode::kUnauthenticated) << r2.status();
  // Signed with mallory's key but claiming to be alice.
  OperatorKey fake = FixedKey("alice", 4);
  auto r3 = j.Propose(*SignProposal(p.body, fake), At(1));
  EXPECT_EQ(r3.status().code(), absl::StatusCode::kUnauthenticated) << r3.status();
  // Not an operator at all.
  auto r4 = j.Propose(Proposal(j, mallory_, Set("x", 1), 1), At(1));
  EXPECT_EQ(r4.status().code(), absl::StatusCode::kPermissionDenied) << r4.status();
  EXPECT_NE(r4.status().message().find("not an operator"), std::string::npos);
  EXPECT_EQ(FileDigest(), before);

  ASSERT_TRUE(j.Propose(p, At(1)).ok());
  const std::string after_proposal = FileDigest();
  SignedVote v = Vote(j, bob_, *ProposalId(p.body), Verdict::kApprove, 2);
  SignedVote bad_vote = v;
  bad_vote.signature[0] ^= 1;
  EXPECT_EQ(j.Vote(bad_vote, At(2)).status().code(), absl::StatusCode::kUnauthenticated);
  // Bob's signature moved to a rejection.
  SignedVote flipped = v;
  flipped.body.verdict = Verdict::kReject;
  EXPECT_EQ(j.Vote(flipped, At(2)).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(FileDigest(), after_proposal);
  EXPECT_TRUE(j.Vote(v, At(2)).ok());
}

TEST_F(JournalTest, SignaturesForAnotherLedgerAreRefused) {
  Journal j = InitJournal();
  auto p = Proposal(j, alice_, Set("x", 1), 1);
  p.body.ledger_id = std::string(64, 'a');
  p = *SignProposal(p.body, alice_);
  auto r = j.Propose(p, At(1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("is for ledger aaaaaaaaaaaa"), std::string::npos)
      << r.status();
}

TEST_F(JournalTest, ChangesThatDoNotApplyAreRefused) {
  Journal j = InitJournal();
  const std::string before = FileDigest();
  // Unknown key (the toy analogue of an unknown territory): refused at proposal time.
  auto r = j.Propose(Proposal(j, alice_, json{{"action", "erase"}, {"key", "nope"}}, 1), At(1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown key \"nope\""), std::string::npos) << r.status();
  // Malformed change.
  auto m = j.Propose(Proposal(j, alice_, json{{"action", "explode"}, {"key", "k"}}, 1), At(1));
  EXPECT_NE(m.status().message().find("unknown action"), std::string::npos) << m.status();
  EXPECT_EQ(FileDigest(), before);

  // Two proposals that conflict: both erase "k"; after the first is enacted, the approval that
  // would enact the second is refused and nothing is written.
  auto set = Proposal(j, alice_, Set("k", 1), 1);
  ASSERT_TRUE(j.Propose(set, At(1)).ok());
  ASSERT_TRUE(j.Vote(Vote(j, bob_, *ProposalId(set.body), Verdict::kApprove, 2), At(2)).ok());
  auto e1 = Proposal(j, alice_, json{{"action", "erase"}, {"key", "k"}}, 3);
  auto e2 = Proposal(j, carol_, json{{"action", "erase"}, {"key", "k"}}, 3);
  ASSERT_TRUE(j.Propose(e1, At(3)).ok());
  ASSERT_TRUE(j.Propose(e2, At(3)).ok());
  ASSERT_TRUE(j.Vote(Vote(j, bob_, *ProposalId(e1.body), Verdict::kApprove, 4), At(4)).ok());
  const std::string mid = FileDigest();
  auto conflict = j.Vote(Vote(j, bob_, *ProposalId(e2.body), Verdict::kApprove, 5), At(5));
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.status().message().find("no longer applies"), std::string::npos)
      << conflict.status();
  EXPECT_EQ(FileDigest(), mid);
  EXPECT_EQ(j.state().FindProposal(*ProposalId(e2.body))->status, ProposalStatus::kPending);
}

TEST_F(JournalTest, RejectionsAndWithdrawal) {
  Journal j = InitJournal();
  // Quorum 2 of {bob, carol}: one rejection makes it unreachable.
  auto big = Proposal(j, alice_, Set("big", 100), 1);
  const std::string big_id = *ProposalId(big.body);
  ASSERT_TRUE(j.Propose(big, At(1)).ok());
  ASSERT_TRUE(j.Vote(Vote(j, carol_, big_id, Verdict::kReject, 2), At(2)).ok());
  EXPECT_EQ(j.state().FindProposal(big_id)->status, ProposalStatus::kRejected);
  auto late = j.Vote(Vote(j, bob_, big_id, Verdict::kApprove, 3), At(3));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition) << late.status();
  EXPECT_NE(late.status().message().find("already rejected"), std::string::npos);
  // Quorum 1: one rejection leaves another approver; still pending.
  auto small = Proposal(j, alice_, Set("s", 1), 4);
  const std::string small_id = *ProposalId(small.body);
  ASSERT_TRUE(j.Propose(small, At(4)).ok());
  ASSERT_TRUE(j.Vote(Vote(j, carol_, small_id, Verdict::kReject, 5), At(5)).ok());
  EXPECT_EQ(j.state().FindProposal(small_id)->status, ProposalStatus::kPending);
  // The proposer withdraws it.
  ASSERT_TRUE(j.Vote(Vote(j, alice_, small_id, Verdict::kReject, 6), At(6)).ok());
  EXPECT_EQ(j.state().FindProposal(small_id)->status, ProposalStatus::kWithdrawn);
  EXPECT_TRUE(Toy(j.state()).values().empty());
}

TEST_F(JournalTest, TimeCannotGoBackwards) {
  Journal j = InitJournal();
  auto r = j.Propose(Proposal(j, alice_, Set("x", 1), 1), At(-1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot go back"), std::string::npos) << r.status();
}

TEST_F(JournalTest, TimeTravelReplaysEntriesUpToTheInstant) {
  {
    Journal j = InitJournal();
    auto p1 = Proposal(j, alice_, Set("x", 1), 10);
    ASSERT_TRUE(j.Propose(p1, At(10)).ok());
    ASSERT_TRUE(j.Vote(Vote(j, bob_, *ProposalId(p1.body), Verdict::kApprove, 20), At(20)).ok());
    auto p2 = Proposal(j, alice_, Set("x", 2), 30);
    ASSERT_TRUE(j.Propose(p2, At(30)).ok());
    ASSERT_TRUE(j.Vote(Vote(j, carol_, *ProposalId(p2.body), Verdict::kApprove, 40), At(40)).ok());
  }
  Journal j = OpenJournal();  // reopened: replayed from the file
  EXPECT_EQ(Toy(j.state()).values().at("x").value, 2);
  EXPECT_TRUE(Toy(*j.StateAt(At(19))).values().empty());
  EXPECT_EQ(Toy(*j.StateAt(At(20))).values().at("x").value, 1);  // at the instant: included
  EXPECT_EQ(Toy(*j.StateAt(At(39))).values().at("x").value, 1);
  EXPECT_EQ(Toy(*j.StateAt(At(40))).values().at("x").value, 2);
  EXPECT_FALSE(j.StateAt(At(-5))->initialized());
}

TEST_F(JournalTest, TwoWritersOnOneFileStayInOrder) {
  Journal a = InitJournal();
  Journal b = OpenJournal();
  auto p = Proposal(a, alice_, Set("x", 1), 1);
  ASSERT_TRUE(a.Propose(p, At(1)).ok());
  // b has not seen the proposal; its write catches up inside the write lock.
  ASSERT_TRUE(b.Vote(Vote(a, bob_, *ProposalId(p.body), Verdict::kApprove, 2), At(2)).ok());
  EXPECT_EQ(b.state().head().seq, 3);
  ASSERT_TRUE(a.Refresh().ok());
  EXPECT_EQ(a.state().head(), b.state().head());
  EXPECT_TRUE(VerifyNow().ok);
}

TEST_F(JournalTest, VerifyPassesOnAnIntactLedgerAndChecksTheExpectedHead) {
  BuildSeven();
  VerifyReport r = VerifyNow();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.entries, 7);
  EXPECT_EQ(r.verified, 7);
  const std::string head = r.head.hash;
  EXPECT_TRUE(VerifyNow(head).ok);
  EXPECT_TRUE(VerifyNow("7:" + head).ok);
  auto entries = Journal::Open(path_, std::make_unique<ToyModel>())->Entries();
  EXPECT_TRUE(VerifyNow("4:" + (*entries)[3].hash).ok);  // an older checkpoint is still in it
  VerifyReport wrong = VerifyNow("4:" + head);
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.first_bad_seq, 4);
}

// Each tampering case edits the SQLite file directly, as an attacker with write access would.
struct TamperCase {
  const char* name;
  const char* sql;
  int64_t first_bad;
  const char* problem;
};

class TamperTest : public JournalTest, public ::testing::WithParamInterface<TamperCase> {};

TEST_P(TamperTest, VerifyNamesTheFirstBadEntry) {
  BuildSeven();
  ASSERT_TRUE(VerifyNow().ok);
  Tamper(GetParam().sql);
  VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, GetParam().first_bad) << r.problem;
  EXPECT_NE(r.problem.find(GetParam().problem), std::string::npos) << r.problem;
  // A damaged ledger does not open for writing either.
  auto j = Journal::Open(path_, std::make_unique<ToyModel>());
  if (std::string(GetParam().name) != "TruncatedTail") {
    EXPECT_FALSE(j.ok());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TamperTest,
    ::testing::Values(
        TamperCase{"EditedPayload",
                   "UPDATE ledger_entries SET payload = replace(payload, '\"value\":1', "
                   "'\"value\":9') WHERE seq = 4",
                   4, "the entry was edited"},
        TamperCase{"EditedSigner", "UPDATE ledger_entries SET signer = 'carol' WHERE seq = 5", 5,
                   "the entry was edited"},
        TamperCase{"EditedTimestamp",
                   "UPDATE ledger_entries SET timestamp_ns = timestamp_ns + 1 WHERE seq = 3", 3,
                   "the entry was edited"},
        TamperCase{"EditedHash",
                   "UPDATE ledger_entries SET hash = substr(hash, 2) || '0' WHERE seq = 2", 2,
                   "the entry was edited"},
        TamperCase{"DeletedMiddle", "DELETE FROM ledger_entries WHERE seq = 4", 4,
                   "entry 4 is missing"},
        TamperCase{"DeletedFirst", "DELETE FROM ledger_entries WHERE seq = 1", 1,
                   "entry 1 is missing"},
        TamperCase{"TruncatedTail", "DELETE FROM ledger_entries WHERE seq >= 6", 6,
                   "the tail was deleted"},
        // Swap entries 4 and 5 (seq numbers exchanged, contents kept).
        TamperCase{"Reordered",
                   "UPDATE ledger_entries SET seq = seq + 1000 WHERE seq IN (4, 5); "
                   "UPDATE ledger_entries SET seq = 5 WHERE seq = 1004; "
                   "UPDATE ledger_entries SET seq = 4 WHERE seq = 1005",
                   4, "prev_hash"},
        // Insert a copy of entry 3 (a validly signed approval) after entry 5, renumbering the rest.
        TamperCase{"Inserted",
                   "UPDATE ledger_entries SET seq = seq + 1001 WHERE seq >= 6; "
                   "UPDATE ledger_entries SET seq = seq - 1000 WHERE seq > 1000; "
                   "INSERT INTO ledger_entries (seq, kind, payload, signer, signature, "
                   "timestamp_ns, prev_hash, hash) SELECT 6, kind, payload, signer, signature, "
                   "timestamp_ns + 600000000000, prev_hash, 'x' || hash FROM ledger_entries "
                   "WHERE seq = 3",
                   6, "prev_hash"}),
    [](const ::testing::TestParamInfo<TamperCase>& info) { return info.param.name; });

TEST_F(JournalTest, ARehashedInsertionIsCaughtByTheRules) {
  // A smarter attacker re-links the chain after inserting a copy of a signed approval: hashes
  // and links are then consistent, but the duplicate vote breaks the rules at the inserted entry.
  BuildSeven();
  auto j = Journal::Open(path_, std::make_unique<ToyModel>());
  ASSERT_TRUE(j.ok());
  auto entries = *j->Entries();
  std::vector<Entry> forged(entries.begin(), entries.begin() + 5);
  Entry copy = entries[2];  // bob's approval of the first proposal
  copy.timestamp = entries[4].timestamp;
  forged.push_back(copy);
  forged.insert(forged.end(), entries.begin() + 5, entries.end());
  Head head;
  for (Entry& e : forged) {
    ASSERT_TRUE(LinkEntry(head, e).ok());
    head = Head{e.seq, e.hash};
  }
  Tamper("DELETE FROM ledger_entries; DELETE FROM ledger_head;");
  {
    auto db = store::Database::Open(path_);
    auto transaction = store::Transaction::Begin(*db);  // InsertEntry's contract.
    ASSERT_TRUE(transaction.ok()) << transaction.status();
    for (const Entry& e : forged) ASSERT_TRUE(InsertEntry(*db, e).ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_seq, 6) << r.problem;
  EXPECT_NE(r.problem.find("already voted"), std::string::npos) << r.problem;
}

TEST_F(JournalTest, AnEmptyFileDoesNotVerifyAndInitTwiceIsRefused) {
  { OpenJournal(); }
  // Nothing to verify is not "ok": a typo'd path must not pass as a verified ledger.
  const VerifyReport empty = VerifyNow();
  EXPECT_FALSE(empty.ok);
  EXPECT_NE(empty.problem.find("no genesis"), std::string::npos) << empty.problem;
  Journal j = InitJournal();
  Genesis g;
  g.clock.mode = ClockMode::kSimulated;  // fixed past instants
  g.operators = {PublicHalf(alice_), PublicHalf(bob_)};
  g.initiator = "alice";
  auto again = j.Init(g, alice_, At(1));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists) << again.status();
}

TEST_F(JournalTest, GenesisRulesAreChecked) {
  Journal j = OpenJournal();
  Genesis g;
  g.clock.mode = ClockMode::kSimulated;  // fixed past instants
  g.operators = {PublicHalf(alice_), PublicHalf(bob_)};
  g.initiator = "alice";
  g.quorum.per_action["toy.set_big"] = 2;  // only 1 other operator: unreachable
  auto r = j.Init(g, alice_, At(0));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("between 1 and 1"), std::string::npos) << r.status();
  g.quorum.per_action.clear();
  g.quorum.per_action["toy.typo"] = 1;
  r = j.Init(g, alice_, At(0));
  EXPECT_NE(r.status().message().find("unknown action kind \"toy.typo\""), std::string::npos)
      << r.status();
  g.quorum.per_action.clear();
  g.operators.push_back(OperatorPublicKey{"alice", bob_.key.public_key()});
  r = j.Init(g, alice_, At(0));
  EXPECT_NE(r.status().message().find("listed twice"), std::string::npos) << r.status();
  g.operators.pop_back();
  r = j.Init(g, bob_, At(0));  // bob's key, alice named as initiator
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(*CountEntries(j.database()), 0);
}

}  // namespace
}  // namespace leotwin::ledger
