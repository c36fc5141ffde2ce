// Issue 10, item 6: an edit verify misses. Before the defence signatures were accepted in
// upper-case hex but hashed as raw bytes, so `UPDATE ledger_entries SET signature =
// upper(signature)` (triggers dropped) still verified. Now every stored field has one canonical
// encoding (lower-case hex, canonical JSON, integer/text storage types), and this property test
// changes every byte of every column of every row (and deletes, reorders, duplicates rows) and
// requires verify to fail and name the entry.
#include <random>

#include "gtest/gtest.h"
#include "ledger_fixture.h"
#include "leotwin/ledger/policy_model.h"

namespace leotwin::ledger::adversarial {
namespace {

class LedgerEncoding : public LedgerFixture {
 protected:
  void SetUp() override {
    Create();
    int minute = 1;
    Enact(alice_, Territory("UA", "available"), {&bob_}, minute);
    auto pending = Propose(bob_, Territory("PL", "blocked"), minute++);
    ASSERT_TRUE(pending.ok());
    ASSERT_TRUE(Reject(carol_, *pending, minute++).ok());
    auto read = ReadEntries(ledger_->journal().database());
    ASSERT_TRUE(read.ok());
    entries_ = *read;
    auto head = ReadHead(ledger_->journal().database());
    ASSERT_TRUE(head.ok());
    head_ = *head;
    model_ = std::make_unique<PolicyModel>(*testutil::SmallPolicy());
    ASSERT_TRUE(VerifyChain(entries_, head_, *model_).ok);
  }

  VerifyReport Check(const std::vector<Entry>& entries) const {
    return VerifyChain(entries, head_, *model_);
  }

  std::vector<Entry> entries_;
  Head head_;
  std::unique_ptr<PolicyModel> model_;
};

// Every byte of every text column, replaced by another byte (the case-flipped letter first, then
// a different digit or letter): verify fails and names that row's entry.
TEST_F(LedgerEncoding, EveryByteOfEveryTextColumnIsCovered) {
  int64_t mutations = 0;
  for (size_t row = 0; row < entries_.size(); ++row) {
    for (std::string Entry::*column : {&Entry::kind, &Entry::payload, &Entry::signer,
                                       &Entry::signature, &Entry::prev_hash, &Entry::hash}) {
      const std::string original = entries_[row].*column;
      for (size_t i = 0; i < original.size(); ++i) {
        const char c = original[i];
        std::vector<char> replacements;
        if (std::isalpha(static_cast<unsigned char>(c))) {
          replacements.push_back(static_cast<char>(c ^ 0x20));  // upper <-> lower case
        }
        replacements.push_back(c == '0' ? '1' : '0');
        for (const char r : replacements) {
          std::vector<Entry> mutated = entries_;
          (mutated[row].*column)[i] = r;
          const VerifyReport report = Check(mutated);
          ++mutations;
          ASSERT_FALSE(report.ok) << "row " << row << " byte " << i << " '" << c << "' -> '" << r
                                  << "' verified";
          // A change to an entry is found at that entry (a changed hash also breaks the next
          // entry's link, but the entry itself is found first).
          ASSERT_EQ(report.first_bad_seq, entries_[row].seq)
              << "row " << row << " byte " << i << ": " << report.problem;
        }
      }
    }
  }
  EXPECT_GT(mutations, 3000);
}

// Integer columns: every decimal digit changed, and +-1.
TEST_F(LedgerEncoding, EveryDigitOfEveryIntegerColumnIsCovered) {
  for (size_t row = 0; row < entries_.size(); ++row) {
    const int64_t ts = entries_[row].timestamp.unix_nanos();
    std::vector<int64_t> values = {ts - 1, ts + 1};
    const std::string digits = std::to_string(ts);
    for (size_t i = 0; i < digits.size(); ++i) {
      std::string d = digits;
      d[i] = d[i] == '9' ? '8' : static_cast<char>(d[i] + 1);
      values.push_back(std::stoll(d));
    }
    for (const int64_t v : values) {
      std::vector<Entry> mutated = entries_;
      mutated[row].timestamp = SimTime::FromUnixNanos(v);
      const VerifyReport report = Check(mutated);
      ASSERT_FALSE(report.ok) << "row " << row << " timestamp " << v;
      ASSERT_EQ(report.first_bad_seq, entries_[row].seq) << report.problem;
    }
    for (const int64_t seq : {entries_[row].seq - 1, entries_[row].seq + 1, int64_t{0}}) {
      std::vector<Entry> mutated = entries_;
      mutated[row].seq = seq;
      const VerifyReport report = Check(mutated);
      ASSERT_FALSE(report.ok) << "row " << row << " seq " << seq;
      ASSERT_EQ(report.first_bad_seq, entries_[row].seq) << report.problem;
    }
  }
}

TEST_F(LedgerEncoding, DeletedReorderedAndDuplicatedRowsAreNamed) {
  for (size_t row = 0; row < entries_.size(); ++row) {
    std::vector<Entry> deleted = entries_;
    deleted.erase(deleted.begin() + static_cast<std::ptrdiff_t>(row));
    const VerifyReport r = Check(deleted);
    ASSERT_FALSE(r.ok) << "row " << row << " deleted";
    ASSERT_EQ(r.first_bad_seq, entries_[row].seq) << r.problem;

    std::vector<Entry> duplicated = entries_;
    duplicated.insert(duplicated.begin() + static_cast<std::ptrdiff_t>(row) + 1, entries_[row]);
    const VerifyReport d = Check(duplicated);
    ASSERT_FALSE(d.ok) << "row " << row << " duplicated";
    ASSERT_EQ(d.first_bad_seq, entries_[row].seq + 1) << d.problem;

    if (row + 1 < entries_.size()) {
      std::vector<Entry> swapped = entries_;
      std::swap(swapped[row], swapped[row + 1]);
      const VerifyReport s = Check(swapped);
      ASSERT_FALSE(s.ok) << "rows " << row << " and " << row + 1 << " swapped";
      ASSERT_EQ(s.first_bad_seq, entries_[row].seq) << s.problem;
    }
  }
}

// The finding itself, through SQLite with the triggers dropped, and the storage-type twin of it
// (the same bytes stored as a blob).
TEST_F(LedgerEncoding, SqliteEditsThatKeepTheBytesAreFound) {
  const char* kEdits[] = {
      "UPDATE ledger_entries SET signature = upper(signature) WHERE seq = 3",
      "UPDATE ledger_entries SET signature = CAST(signature AS BLOB) WHERE seq = 3",
      "UPDATE ledger_entries SET payload = CAST(payload AS BLOB) WHERE seq = 3",
      "UPDATE ledger_entries SET timestamp_ns = CAST(timestamp_ns AS TEXT) || 'x' WHERE seq = 3",
      "UPDATE ledger_entries SET prev_hash = upper(prev_hash) WHERE seq = 3",
  };
  ledger_.reset();
  const std::string pristine = ReadFileBytes(path_);
  for (const char* sql : kEdits) {
    SCOPED_TRACE(sql);
    {
      std::ofstream(path_, std::ios::binary | std::ios::trunc) << pristine;
      std::filesystem::remove(path_ + "-wal");
      auto db = store::Database::Open(path_);
      ASSERT_TRUE(db.ok()) << db.status();
      ASSERT_TRUE(
          db->Exec(std::string("DROP TRIGGER IF EXISTS ledger_entries_no_update; ") + sql).ok());
    }
    auto report = Ledger::VerifyFile(path_, *testutil::SmallPolicy(), std::nullopt);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->first_bad_seq, 3) << report->problem;
  }
}

}  // namespace
}  // namespace leotwin::ledger::adversarial
