#include "leotwin/ledger/journal.h"

#include <charconv>

#include "fmt/format.h"
#include "leotwin/store/migrations.h"

namespace leotwin::ledger {

Journal::Journal(std::unique_ptr<store::Database> db, std::unique_ptr<StateModel> initial)
    : db_(std::move(db)),
      initial_(std::move(initial)),
      state_(std::make_unique<LedgerState>(initial_->Clone())) {}

StatusOr<Journal> Journal::Open(const std::string& path, std::unique_ptr<StateModel> initial) {
  if (initial == nullptr) return absl::InvalidArgumentError("Journal::Open: no initial state");
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path));
  Journal journal(std::make_unique<store::Database>(std::move(db)), std::move(initial));
  Status s = journal.CatchUp();
  if (!s.ok()) {
    return Status(s.code(), fmt::format("{}: the ledger does not verify ({}); run 'leotwin ledger "
                                        "verify' for details",
                                        path, std::string(s.message())));
  }
  return journal;
}

StatusOr<Journal> Journal::OpenReadOnly(const std::string& path,
                                        std::unique_ptr<StateModel> initial) {
  if (initial == nullptr) return absl::InvalidArgumentError("Journal::Open: no initial state");
  store::OpenOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path, options));
  Journal journal(std::make_unique<store::Database>(std::move(db)), std::move(initial));
  LEOTWIN_RETURN_IF_ERROR(journal.CatchUp());
  return journal;
}

StatusOr<VerifyReport> Journal::VerifyFile(const std::string& path,
                                           std::unique_ptr<StateModel> initial,
                                           const std::optional<std::string>& expect_head) {
  if (initial == nullptr) return absl::InvalidArgumentError("VerifyFile: no initial state");
  store::OpenOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path, options));
  Journal journal(std::make_unique<store::Database>(std::move(db)), std::move(initial));
  return journal.Verify(expect_head);
}

Status Journal::CatchUp() {
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries, ReadEntries(*db_, state_->head().seq + 1));
  for (const Entry& e : entries) {
    Status s = state_->Accept(e);
    if (!s.ok()) {
      // Leave a consistent (if stale) state behind; the caller reports the error.
      (void)Reload();
      return s;
    }
  }
  return absl::OkStatus();
}

Status Journal::Reload() {
  state_ = std::make_unique<LedgerState>(initial_->Clone());
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries, ReadEntries(*db_));
  for (const Entry& e : entries) {
    if (!state_->Accept(e).ok()) break;
  }
  return absl::OkStatus();
}

Status Journal::Refresh() { return CatchUp(); }

StatusOr<Entry> Journal::Append(const std::function<StatusOr<Entry>(const LedgerState&)>& make,
                                SimTime now) {
  (void)now;
  LEOTWIN_ASSIGN_OR_RETURN(store::Transaction tx, store::Transaction::Begin(*db_));
  // Inside the write lock: catch up with other writers, so the new entry links to the real head.
  LEOTWIN_RETURN_IF_ERROR(CatchUp());
  LEOTWIN_ASSIGN_OR_RETURN(const Head stored_head, ReadHead(*db_));
  if (stored_head != state_->head()) {
    return absl::DataLossError(fmt::format(
        "{}: the head record (entry {}) does not match the last entry ({}); run 'leotwin ledger "
        "verify'",
        db_->path(), stored_head.seq, state_->head().seq));
  }
  LEOTWIN_ASSIGN_OR_RETURN(Entry entry, make(*state_));
  // Accept() is all-or-nothing: on error the state is unchanged and the transaction rolls back.
  LEOTWIN_RETURN_IF_ERROR(state_->AcceptNew(entry));
  Status written = InsertEntry(*db_, entry);
  if (written.ok()) written = tx.Commit();
  if (!written.ok()) {
    // The state already holds the entry but the file does not: rebuild it from the file.
    (void)tx.Rollback();
    (void)Reload();
    return written;
  }
  return entry;
}

StatusOr<Entry> Journal::Init(const Genesis& genesis, const OperatorKey& initiator, SimTime now) {
  return Append([&](const LedgerState& s) { return s.MakeGenesisEntry(genesis, initiator, now); },
                now);
}

StatusOr<Entry> Journal::Propose(const SignedProposal& proposal, SimTime now) {
  return Append([&](const LedgerState& s) { return s.MakeProposalEntry(proposal, now); }, now);
}

StatusOr<Entry> Journal::Vote(const SignedVote& vote, SimTime now) {
  return Append([&](const LedgerState& s) { return s.MakeVoteEntry(vote, now); }, now);
}

StatusOr<LedgerState> Journal::StateAt(SimTime t) {
  // At or after the last entry: the current state (after catching up with other writers).
  LEOTWIN_RETURN_IF_ERROR(CatchUp());
  if (t >= state_->head_time()) return *state_;
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries, ReadEntries(*db_));
  LedgerState state(initial_->Clone());
  for (const Entry& e : entries) {
    if (e.timestamp > t) break;  // timestamps are non-decreasing (checked by Accept)
    LEOTWIN_RETURN_IF_ERROR(state.Accept(e));
  }
  return state;
}

StatusOr<std::vector<Entry>> Journal::Entries(int64_t first, int64_t last) {
  return ReadEntries(*db_, first, last);
}

VerifyReport Journal::Verify(const std::optional<std::string>& expect_head) {
  VerifyReport report;
  auto fail = [&](int64_t seq, std::string problem) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return report;
  };
  // One read transaction so entries and head are read from the same snapshot.
  Status begun = db_->Exec("BEGIN");
  if (!begun.ok()) return fail(0, std::string(begun.message()));
  struct EndRead {
    store::Database* db;
    ~EndRead() { (void)db->Exec("COMMIT"); }
  } end_read{db_.get()};

  auto entries = ReadEntries(*db_);
  if (!entries.ok()) return fail(0, std::string(entries.status().message()));
  auto stored_head = ReadHead(*db_);
  if (!stored_head.ok()) return fail(0, std::string(stored_head.status().message()));
  report.entries = static_cast<int64_t>(entries->size());

  LedgerState state(initial_->Clone());
  for (const Entry& e : *entries) {
    Status s = state.Accept(e);
    if (!s.ok()) {
      // A missing entry is named by its number, not by the entry found in its place.
      int64_t bad = e.seq;
      if (e.seq > state.head().seq + 1) bad = state.head().seq + 1;
      report.head = state.head();
      report.ledger_id = state.ledger_id();
      return fail(bad, std::string(s.message()));
    }
    ++report.verified;
  }
  report.head = state.head();
  report.ledger_id = state.ledger_id();
  if (entries->empty() && stored_head->seq == 0) {
    report.ok = true;
    return report;
  }
  if (stored_head->seq > state.head().seq) {
    return fail(
        state.head().seq + 1,
        fmt::format("entries {}..{} are missing: the head record names entry {} but the "
                    "chain ends at entry {} (the tail was deleted)",
                    state.head().seq + 1, stored_head->seq, stored_head->seq, state.head().seq));
  }
  if (stored_head->seq < state.head().seq) {
    return fail(stored_head->seq + 1,
                fmt::format("entry {} follows the head record's last entry {} (appended without "
                            "updating the head, or the head record was rolled back)",
                            stored_head->seq + 1, stored_head->seq));
  }
  if (stored_head->hash != state.head().hash) {
    return fail(state.head().seq,
                fmt::format("the head record's hash {} does not match entry {}'s hash {}",
                            stored_head->hash, state.head().seq, state.head().hash));
  }
  if (expect_head) {
    std::string want = *expect_head;
    int64_t want_seq = -1;
    if (const auto colon = want.find(':'); colon != std::string::npos) {
      const std::string seq_text = want.substr(0, colon);
      auto [ptr, ec] =
          std::from_chars(seq_text.data(), seq_text.data() + seq_text.size(), want_seq);
      if (ec != std::errc() || ptr != seq_text.data() + seq_text.size() || want_seq < 1) {
        return fail(
            0, fmt::format("--expect-head \"{}\": expected <hash> or <seq>:<hash>", *expect_head));
      }
      want = want.substr(colon + 1);
    }
    for (const Entry& e : *entries) {
      if (e.hash == want && (want_seq < 0 || e.seq == want_seq)) {
        report.ok = true;
        return report;
      }
    }
    if (want_seq >= 1 && want_seq <= static_cast<int64_t>(entries->size())) {
      return fail(want_seq, fmt::format("entry {} does not have the expected hash {}: the chain "
                                        "was rewritten from there or earlier",
                                        want_seq, want));
    }
    return fail(want_seq > 0 ? want_seq : state.head().seq + 1,
                fmt::format("the expected head {} is not in the chain (entries were removed or "
                            "the chain was rewritten)",
                            *expect_head));
  }
  report.ok = true;
  return report;
}

}  // namespace leotwin::ledger
