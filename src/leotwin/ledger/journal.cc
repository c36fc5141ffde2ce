#include "leotwin/ledger/journal.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "fmt/format.h"
#include "leotwin/ledger/terminal_table.h"
#include "leotwin/store/migrations.h"

namespace leotwin::ledger {

namespace {

SimTime MachineClock() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return SimTime::FromUnixNanos(static_cast<int64_t>(ns));
}

// What a ledger that fails verification on open is reported as (the failure's code is kept).
std::string DoesNotVerify(const std::string& path) {
  return fmt::format("{}: the ledger does not verify (run 'leotwin ledger verify' for details)",
                     path);
}

}  // namespace

Journal::Journal(std::unique_ptr<store::Database> db, std::unique_ptr<StateModel> initial)
    : db_(std::move(db)),
      initial_(std::move(initial)),
      state_(std::make_unique<LedgerState>(initial_->Clone())),
      clock_(MachineClock) {}

void Journal::ClearTracking() {
  verified_hashes_.clear();
  times_.clear();
  checkpoints_.clear();
  checkpoint_interval_ = kFirstCheckpointInterval;
}

void Journal::Track(const Entry& e) {
  verified_hashes_.push_back(e.hash);
  times_.push_back(e.timestamp);
  if (e.seq % checkpoint_interval_ != 0) return;
  checkpoints_[e.seq] = std::make_shared<const LedgerState>(*state_);
  if (checkpoints_.size() > kMaxCheckpoints) {
    // Keep memory bounded: double the spacing and drop the checkpoints off the new grid.
    checkpoint_interval_ *= 2;
    for (auto it = checkpoints_.begin(); it != checkpoints_.end();) {
      it = it->first % checkpoint_interval_ != 0 ? checkpoints_.erase(it) : std::next(it);
    }
  }
}

StatusOr<Journal> Journal::Open(const std::string& path, std::unique_ptr<StateModel> initial) {
  if (initial == nullptr) return absl::InvalidArgumentError("Journal::Open: no initial state");
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path));
  Journal journal(std::make_unique<store::Database>(std::move(db)), std::move(initial));
  LEOTWIN_RETURN_IF_ERROR(journal.AttachDerived());
  LEOTWIN_RETURN_IF_ERROR_WITH_CONTEXT(journal.CatchUp(), DoesNotVerify(path));
  return journal;
}

StatusOr<Journal> Journal::OpenExisting(const std::string& path,
                                        std::unique_ptr<StateModel> initial) {
  if (initial == nullptr) return absl::InvalidArgumentError("Journal::Open: no initial state");
  store::OpenOptions options;
  options.create_if_missing = false;
  LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT(
      store::Database db, store::OpenLeotwinDatabase(path, options),
      "opening an existing ledger (create one with 'leotwin policy init', or pass --db)");
  Journal journal(std::make_unique<store::Database>(std::move(db)), std::move(initial));
  LEOTWIN_RETURN_IF_ERROR(journal.AttachDerived());
  LEOTWIN_RETURN_IF_ERROR_WITH_CONTEXT(journal.CatchUp(), DoesNotVerify(path));
  if (!journal.state().initialized()) {
    return absl::FailedPreconditionError(fmt::format(
        "{} has no genesis entry yet (create the ledger with 'leotwin policy init')", path));
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
  LEOTWIN_RETURN_IF_ERROR(journal.AttachDerived());
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

Status Journal::AttachDerived() {
  LEOTWIN_ASSIGN_OR_RETURN(writes_derived_, HasDerivedTables(*db_));
  const std::string& path = db_->path();
  // A private in-memory database cannot be opened a second time by a reader.
  if (!writes_derived_ || path.empty() || path == ":memory:" || path.starts_with("file:")) {
    return absl::OkStatus();
  }
  std::unique_ptr<StateModel> model = initial_->Clone();
  LEOTWIN_ASSIGN_OR_RETURN(const bool keeps, model->AttachDerived(path));
  if (!keeps) return absl::OkStatus();
  attached_ = std::move(model);
  state_ = std::make_unique<LedgerState>(attached_->Clone());
  return absl::OkStatus();
}

LedgerState::ItemLoader Journal::Loader() {
  store::Database* db = db_.get();
  return [db](int64_t seq) { return ReadBatchItemsOf(*db, seq); };
}

Status Journal::CatchUp() {
  // The derived head first: rows committed after it was read are simply not used.
  int64_t covered = 0;
  if (attached_ != nullptr) {
    LEOTWIN_ASSIGN_OR_RETURN(derived_head_, ReadDerivedHead(*db_));
    covered = derived_head_.seq;
  }
  state_->SetDerivedThrough(covered, Loader());
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                           ReadEntries(*db_, state_->head().seq + 1, -1, covered));
  for (const Entry& e : entries) {
    Status s = state_->Accept(e);
    if (s.ok() && e.seq == covered && e.hash != derived_head_.hash) {
      s = absl::DataLossError(fmt::format(
          "{}: the derived terminal state was written for another entry {} (hash {}, the chain's "
          "is {}); run 'leotwin ledger verify --rebuild'",
          db_->path(), e.seq, derived_head_.hash, e.hash));
    }
    if (!s.ok()) {
      // Leave a consistent (if stale) state behind; the caller reports the error.
      (void)Reload();
      return s;
    }
    Track(e);
  }
  // Single-entry changes of covered entries were applied in memory too; the table holds them.
  if (covered > 0) state_->mutable_model().DerivedCommitted(std::min(covered, state_->head().seq));
  return absl::OkStatus();
}

Status Journal::Reload() {
  // Every item from the chain (the derived head may be what failed).
  state_ = std::make_unique<LedgerState>(base().Clone());
  ClearTracking();
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries, ReadEntries(*db_));
  for (const Entry& e : entries) {
    if (!state_->Accept(e).ok()) break;
    Track(e);
  }
  return absl::OkStatus();
}

StatusOr<std::shared_ptr<const std::vector<std::string>>> Journal::BatchItems(int64_t seq) {
  return ReadBatchItemsOf(*db_, seq);
}

Status Journal::RewriteDerivedLocked() {
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<Entry> entries, ReadEntries(*db_));
  LEOTWIN_ASSIGN_OR_RETURN(const Head head, ReadHead(*db_));
  std::optional<LedgerState> replayed;
  const VerifyReport report =
      VerifyChain(entries, head, *initial_, std::nullopt, nullptr, &replayed);
  if (!report.ok) {
    return absl::DataLossError(
        fmt::format("{}: cannot rebuild the derived terminal state: entry {}: {}", db_->path(),
                    report.first_bad_seq, report.problem));
  }
  LEOTWIN_RETURN_IF_ERROR(replayed->model().RewriteDerived(*db_));
  return WriteDerivedHead(*db_, replayed->head());
}

StatusOr<VerifyReport> Journal::RebuildDerivedFile(const std::string& path,
                                                   std::unique_ptr<StateModel> initial) {
  if (initial == nullptr) return absl::InvalidArgumentError("RebuildDerivedFile: no initial state");
  store::OpenOptions options;
  options.create_if_missing = false;
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path, options));
  Journal journal(std::make_unique<store::Database>(std::move(db)), std::move(initial));
  store::Database& d = *journal.db_;
  LEOTWIN_ASSIGN_OR_RETURN(store::Transaction tx, store::Transaction::Begin(d));
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<Entry> entries, ReadEntries(d));
  LEOTWIN_ASSIGN_OR_RETURN(const Head head, ReadHead(d));
  std::optional<LedgerState> replayed;
  VerifyReport report =
      VerifyChain(entries, head, *journal.initial_, std::nullopt, nullptr, &replayed);
  if (!report.ok) return report;
  LEOTWIN_RETURN_IF_ERROR(replayed->model().RewriteDerived(d));
  LEOTWIN_RETURN_IF_ERROR(WriteDerivedHead(d, replayed->head()));
  LEOTWIN_RETURN_IF_ERROR(tx.Commit());
  report.derived_through = replayed->head().seq;
  return report;
}

Status Journal::Refresh() { return CatchUp(); }

StatusOr<Entry> Journal::Append(const MakeEntry& make, SimTime now, const ClockRules& rules) {
  return std::move(AppendGroupImpl({make}, now, rules)[0]);
}

std::vector<StatusOr<Entry>> Journal::AppendGroup(const std::vector<MakeEntry>& makes,
                                                  SimTime now) {
  return AppendGroupImpl(makes, now, state_->clock());
}

Journal::MakeEntry Journal::ProposalWrite(SignedProposal proposal, SimTime now) {
  return [proposal = std::move(proposal), now](const LedgerState& s) {
    return s.MakeProposalEntry(proposal, now);
  };
}

Journal::MakeEntry Journal::VoteWrite(SignedVote vote, SimTime now) {
  return [vote = std::move(vote), now](const LedgerState& s) { return s.MakeVoteEntry(vote, now); };
}

std::vector<StatusOr<Entry>> Journal::AppendGroupImpl(const std::vector<MakeEntry>& makes,
                                                      SimTime now, ClockRules rules) {
  std::vector<StatusOr<Entry>> results(makes.size(), absl::AbortedError("not attempted"));
  auto fail_all = [&](const Status& s) {
    for (auto& r : results) r = s;
    return std::move(results);
  };
  auto tx = store::Transaction::Begin(*db_);
  if (!tx.ok()) return fail_all(tx.status());
  // Inside the write lock: catch up with other writers, so the new entries link to the real head.
  if (Status s = CatchUp(); !s.ok()) return fail_all(s);
  auto stored_head = ReadHead(*db_);
  if (!stored_head.ok()) return fail_all(stored_head.status());
  if (*stored_head != state_->head()) {
    return fail_all(absl::DataLossError(fmt::format(
        "{}: the head record (entry {}) does not match the last entry ({}); run 'leotwin ledger "
        "verify'",
        db_->path(), stored_head->seq, state_->head().seq)));
  }
  // The commit time against this machine's clock: never in its future beyond the skew (a
  // future-dated entry would otherwise stand as a claim nobody can check until that date), and,
  // with the system clock, never a chosen time in its past either.
  const bool simulated = rules.mode == ClockMode::kSimulated;
  const int64_t max_skew_ns = rules.max_skew_ns;
  const SimTime machine = clock_();
  if (now > machine + max_skew_ns) {
    return fail_all(absl::InvalidArgumentError(fmt::format(
        "the commit time {} is after this machine's clock {} by more than the ledger's clock "
        "skew of {} s; refusing a future-dated entry",
        now.ToIso8601(), machine.ToIso8601(), max_skew_ns / 1'000'000'000)));
  }
  if (!simulated && now < machine - max_skew_ns) {
    return fail_all(absl::InvalidArgumentError(fmt::format(
        "the commit time {} is before this machine's clock {} by more than the ledger's clock "
        "skew of {} s; a ledger with the system clock records the time of the commit (only a "
        "ledger initialized with a simulated clock takes chosen times)",
        now.ToIso8601(), machine.ToIso8601(), max_skew_ns / 1'000'000'000)));
  }
  // Each write is checked against the state left by the writes before it, as if appended alone;
  // a refused one changes nothing (Accept() is all-or-nothing) and the others go on.
  std::vector<size_t> written_ok;
  Status written = absl::OkStatus();
  bool derived_checked = false;
  Head last;
  for (size_t i = 0; i < makes.size() && written.ok(); ++i) {
    StatusOr<Entry> entry = makes[i](*state_);
    if (!entry.ok()) {
      results[i] = entry.status();
      continue;
    }
    if (Status s = state_->AcceptNew(*entry); !s.ok()) {
      results[i] = s;
      continue;
    }
    if (writes_derived_) {
      // The derived rows follow the chain exactly: a lagging head (a file written before they
      // existed) is rebuilt first, then each entry's rows are added, all in this transaction.
      if (!derived_checked) {
        auto head = ReadDerivedHead(*db_);
        written = head.status();
        if (written.ok() &&
            (head->seq != entry->seq - 1 || (head->seq > 0 && head->hash != entry->prev_hash))) {
          written = RewriteDerivedLocked();
        }
        derived_checked = true;
      }
      if (written.ok()) written = state_->model().WriteDerived(*db_, entry->seq);
      if (written.ok()) written = WriteDerivedHead(*db_, Head{entry->seq, entry->hash});
    }
    if (written.ok()) written = InsertEntry(*db_, *entry);
    if (!written.ok()) {
      results[i] = written;
      break;
    }
    last = Head{entry->seq, entry->hash};
    Track(*entry);
    results[i] = std::move(*entry);
    written_ok.push_back(i);
  }
  // One commit (one WAL sync) for every accepted write: each is durable when this returns.
  if (written.ok() && !written_ok.empty()) written = tx->Commit();
  if (!written.ok()) {
    // The state already holds entries the file does not: rebuild it from the file.
    (void)tx->Rollback();
    (void)Reload();
    for (size_t i : written_ok) results[i] = written;
    return results;
  }
  if (writes_derived_ && !written_ok.empty()) {
    derived_head_ = last;
    state_->mutable_model().DerivedCommitted(last.seq);
  }
  return results;
}

StatusOr<Entry> Journal::Init(const Genesis& genesis, const OperatorKey& initiator, SimTime now) {
  // Before the genesis the clock rules come from the genesis being written.
  return Append([&](const LedgerState& s) { return s.MakeGenesisEntry(genesis, initiator, now); },
                now, genesis.clock);
}

StatusOr<Entry> Journal::Propose(const SignedProposal& proposal, SimTime now) {
  return Append([&](const LedgerState& s) { return s.MakeProposalEntry(proposal, now); }, now,
                state_->clock());
}

StatusOr<Entry> Journal::ProposeBatch(const SignedProposal& proposal,
                                      std::vector<std::string> items, SimTime now) {
  auto shared = std::make_shared<const std::vector<std::string>>(std::move(items));
  return Append([&](const LedgerState& s) { return s.MakeProposalEntry(proposal, now, shared); },
                now, state_->clock());
}

StatusOr<Entry> Journal::Vote(const SignedVote& vote, SimTime now) {
  return Append([&](const LedgerState& s) { return s.MakeVoteEntry(vote, now); }, now,
                state_->clock());
}

StatusOr<LedgerState> Journal::StateAt(SimTime t) {
  LEOTWIN_RETURN_IF_ERROR(CatchUp());
  // The longest prefix whose last entry was committed at or before t (with a simulated clock,
  // times never decrease, so this is every entry committed at or before t).
  int64_t last = static_cast<int64_t>(times_.size());
  while (last > 0 && times_[last - 1] > t) --last;
  if (last == state_->head().seq) return *state_;
  auto from = checkpoints_.upper_bound(last);
  std::optional<LedgerState> state;
  int64_t done = 0;
  if (from != checkpoints_.begin()) {
    --from;
    state.emplace(*from->second);
    done = from->first;
  } else {
    state.emplace(base().Clone());
  }
  state->SetDerivedThrough(state_->derived_through(), Loader());
  if (last == done) return std::move(*state);
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                           ReadEntries(*db_, done + 1, last, state_->derived_through()));
  for (const Entry& e : entries) {
    if (e.seq < 1 || e.seq > static_cast<int64_t>(verified_hashes_.size()) ||
        verified_hashes_[e.seq - 1] != e.hash) {
      return absl::DataLossError(
          fmt::format("{}: entry {} changed after this process verified it; run 'leotwin ledger "
                      "verify'",
                      db_->path(), e.seq));
    }
    LEOTWIN_RETURN_IF_ERROR(state->AcceptVerified(e));
  }
  return std::move(*state);
}

StatusOr<std::vector<Entry>> Journal::Entries(int64_t first, int64_t last) {
  return ReadEntries(*db_, first, last);
}

VerifyReport Journal::Verify(const std::optional<std::string>& expect_head) {
  VerifyReport report;
  // One read transaction so entries and head are read from the same snapshot.
  Status begun = db_->Exec("BEGIN");
  if (!begun.ok()) {
    report.problem = std::string(begun.message());
    return report;
  }
  struct EndRead {
    store::Database* db;
    ~EndRead() { (void)db->Exec("COMMIT"); }
  } end_read{db_.get()};
  auto entries = ReadEntries(*db_);
  if (!entries.ok()) {
    report.problem = std::string(entries.status().message());
    return report;
  }
  auto stored_head = ReadHead(*db_);
  if (!stored_head.ok()) {
    report.problem = std::string(stored_head.status().message());
    return report;
  }
  return VerifyChain(*entries, *stored_head, *initial_, expect_head, db_.get());
}

VerifyReport VerifyChain(const std::vector<Entry>& entries, const Head& stored_head_record,
                         const StateModel& initial, const std::optional<std::string>& expect_head,
                         store::Database* derived_db, std::optional<LedgerState>* final_state) {
  VerifyReport report;
  auto fail = [&](int64_t seq, std::string problem) {
    report.ok = false;
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return report;
  };
  const Head* stored_head = &stored_head_record;
  const std::vector<Entry>* entries_ptr = &entries;
  report.entries = static_cast<int64_t>(entries.size());

  std::unique_ptr<StateModel> model = initial.Clone();
  if (derived_db != nullptr || final_state != nullptr) model->RecordDerivedHistory();
  LedgerState state(std::move(model));
  for (const Entry& e : *entries_ptr) {
    Status s = state.Accept(e);
    if (!s.ok()) {
      // A missing entry is named by its number, not by the entry found in its place.
      int64_t bad = e.seq;
      if (e.seq != state.head().seq + 1) bad = state.head().seq + 1;
      report.head = state.head();
      report.ledger_id = state.ledger_id();
      return fail(bad, std::string(s.message()));
    }
    ++report.verified;
  }
  report.head = state.head();
  report.ledger_id = state.ledger_id();
  if (entries_ptr->empty() && stored_head->seq == 0) {
    return fail(1, "the ledger is empty: it has no genesis entry (nothing to verify)");
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
  if (derived_db != nullptr) {
    // The derived rows are not evidence, but opening trusts them: they must be exactly what the
    // chain gives for the entries their head names.
    auto has = HasDerivedTables(*derived_db);
    if (!has.ok()) return fail(1, std::string(has.status().message()));
    if (*has) {
      auto derived = ReadDerivedHead(*derived_db);
      if (!derived.ok()) return fail(1, std::string(derived.status().message()));
      const char* kRebuild = "; 'leotwin ledger verify --rebuild' rewrites it from the chain";
      if (derived->seq > state.head().seq) {
        return fail(state.head().seq,
                    fmt::format("the derived terminal state claims to cover entry {} but the chain "
                                "ends at entry {}{}",
                                derived->seq, state.head().seq, kRebuild));
      }
      if (derived->seq > 0 && (*entries_ptr)[derived->seq - 1].hash != derived->hash) {
        return fail(derived->seq,
                    fmt::format("the derived terminal state was written for another entry {} "
                                "(hash {}, the chain's is {}){}",
                                derived->seq, derived->hash, (*entries_ptr)[derived->seq - 1].hash,
                                kRebuild));
      }
      int64_t bad = 0;
      Status s = state.model().CheckDerived(*derived_db, derived->seq, &bad);
      if (!s.ok()) return fail(bad, std::string(s.message()) + kRebuild);
      report.derived_through = derived->seq;
    }
  }
  if (final_state != nullptr) {
    // Only the rebuild asks for the state, with no expected head.
    final_state->emplace(std::move(state));
    report.ok = true;
    return report;
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
    for (const Entry& e : *entries_ptr) {
      if (e.hash == want && (want_seq < 0 || e.seq == want_seq)) {
        report.ok = true;
        return report;
      }
    }
    if (want_seq >= 1 && want_seq <= static_cast<int64_t>(entries_ptr->size())) {
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
