// A ledger file: the hash-chained entries in SQLite plus their meaning (LedgerState), for any
// StateModel. ledger.h specializes it to the service policy.
//
// Writes: each Init/Propose/Vote runs in one SQLite write transaction (BEGIN IMMEDIATE, WAL,
// synchronous=FULL). Inside it the journal first catches up with entries other processes appended,
// checks the new entry with LedgerState::Accept, inserts it and moves the head, then commits. Any
// error rolls the transaction back: the file is unchanged. When a write returns OK the entry is
// durable (fsynced) and a crash afterwards cannot lose it.
// Reads (StateAt, Verify, Entries) see the file as of their start.
// Time travel (StateAt) starts from an in-memory checkpoint (a copy of the state every `interval`
// entries; at most kMaxCheckpoints, the interval doubling as the ledger grows) and replays only
// the entries after it, without re-checking their signatures: each entry's hash is compared with
// the hash this process verified when it first accepted the entry, so a past query costs at most
// one interval of replay whatever the ledger's length, and a file edited since fails loudly.
// Derived state (terminal_table.h): when the file has the derived tables, each write also stores
// the derived rows of its entry and moves the derived head, in the entry's transaction (a file
// whose derived head lags, e.g. one written before migration 3, gets all its rows rebuilt from the
// chain by the next write). Opening and catching up read no batch item of a covered entry.
// Commit times are checked against the machine clock (SetClockForTesting replaces it): never after
// it plus the genesis skew, and with the system clock never before it minus the skew either.
// A Journal is used by one thread at a time; several processes may share the file.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/chain.h"
#include "leotwin/ledger/ledger_state.h"
#include "leotwin/store/database.h"

namespace leotwin::ledger {

// Result of a full verification.
struct VerifyReport {
  bool ok = false;
  int64_t entries = 0;        // entries in the file
  int64_t verified = 0;       // entries that passed, from the first
  int64_t first_bad_seq = 0;  // the first bad (edited, missing, out of place, ...) entry; 0 if ok
  std::string problem;        // what is wrong with it
  Head head;                  // the verified head (last good entry)
  std::string ledger_id;
  int64_t derived_through = 0;  // the derived rows cover entries 1..derived_through (checked)
};

class Journal {
 public:
  // Opens or creates the ledger database at `path` (migrating its schema) and replays it from
  // `initial` (the state before any change). Fails if the existing entries do not verify; use
  // VerifyFile() to diagnose a damaged file.
  static StatusOr<Journal> Open(const std::string& path, std::unique_ptr<StateModel> initial);
  // Opens an existing ledger for writing: refuses a missing file, an empty one and one that is
  // not a leotwin database, without creating or changing anything (only `policy init` creates).
  static StatusOr<Journal> OpenExisting(const std::string& path,
                                        std::unique_ptr<StateModel> initial);
  // Opens an existing ledger read-only (queries only; writes fail).
  static StatusOr<Journal> OpenReadOnly(const std::string& path,
                                        std::unique_ptr<StateModel> initial);

  Journal(Journal&&) noexcept = default;
  Journal& operator=(Journal&&) noexcept = default;

  // Appends the genesis entry. AlreadyExists when the ledger has one.
  StatusOr<Entry> Init(const Genesis& genesis, const OperatorKey& initiator, SimTime now);
  // Appends a signed proposal (see messages.h for building and signing one).
  StatusOr<Entry> Propose(const SignedProposal& proposal, SimTime now);
  // Appends a batch proposal with its items (one transaction: the entry and every item, or
  // nothing).
  StatusOr<Entry> ProposeBatch(const SignedProposal& proposal, std::vector<std::string> items,
                               SimTime now);
  // Appends a signed approval or rejection. An approval that completes a quorum enacts the change.
  StatusOr<Entry> Vote(const SignedVote& vote, SimTime now);

  // Group commit: several writes (made by ProposalWrite / VoteWrite) appended in one transaction,
  // so one WAL sync makes them all durable. Each is checked in order against the state the
  // writes before it left, exactly as if appended alone: a refused write gets its own error and
  // the others go on. When the transaction cannot commit, every write fails and nothing is
  // written. Results are in the order of `makes`; each OK entry is durable when this returns.
  using MakeEntry = std::function<StatusOr<Entry>(const LedgerState&)>;
  static MakeEntry ProposalWrite(SignedProposal proposal, SimTime now);
  static MakeEntry VoteWrite(SignedVote vote, SimTime now);
  std::vector<StatusOr<Entry>> AppendGroup(const std::vector<MakeEntry>& makes, SimTime now);

  // Catches up with entries appended by other processes.
  Status Refresh();
  // The state after the last entry (as of the last write or Refresh()).
  const LedgerState& state() const { return *state_; }
  // The state as of instant `t`: every entry committed at or before `t` replayed.
  StatusOr<LedgerState> StateAt(SimTime t);
  StatusOr<std::vector<Entry>> Entries(int64_t first = 1, int64_t last = -1);

  // Re-reads every entry and checks the chain, every signature and every rule from scratch, then
  // the head record, and, if given, that `expect_head` (a hex hash kept elsewhere, or
  // "<seq>:<hash>") is an entry of the chain. Never modifies the file.
  VerifyReport Verify(const std::optional<std::string>& expect_head = std::nullopt);
  // Rebuilds the derived rows of the file at `path` from its chain (`ledger verify --rebuild`), in
  // one transaction, after a full verification that ignores them: the report of that verification
  // (nothing is written unless it is ok).
  static StatusOr<VerifyReport> RebuildDerivedFile(const std::string& path,
                                                   std::unique_ptr<StateModel> initial);
  // The stored items of batch entry `seq` (null when it has none); for proofs of covered batches.
  StatusOr<std::shared_ptr<const std::vector<std::string>>> BatchItems(int64_t seq);
  // Verify() on a file that may be too damaged to Open(); opened read-only.
  static StatusOr<VerifyReport> VerifyFile(
      const std::string& path, std::unique_ptr<StateModel> initial,
      const std::optional<std::string>& expect_head = std::nullopt);

  store::Database& database() { return *db_; }
  void SetClockForTesting(std::function<SimTime()> clock) { clock_ = std::move(clock); }

  static constexpr int64_t kFirstCheckpointInterval = 256;
  static constexpr size_t kMaxCheckpoints = 32;
  size_t checkpoint_count() const { return checkpoints_.size(); }

 private:
  Journal(std::unique_ptr<store::Database> db, std::unique_ptr<StateModel> initial);
  StatusOr<Entry> Append(const MakeEntry& make, SimTime now, const ClockRules& rules);
  // `rules` by value: a catch-up may replace the state it came from.
  std::vector<StatusOr<Entry>> AppendGroupImpl(const std::vector<MakeEntry>& makes, SimTime now,
                                               ClockRules rules);
  Status AttachDerived();
  Status CatchUp();
  Status Reload();
  // What replays start from: the initial state, reading derived state when the file has it.
  const StateModel& base() const { return attached_ != nullptr ? *attached_ : *initial_; }
  LedgerState::ItemLoader Loader();
  // Inside a write transaction: replaces every derived row by a replay of the chain.
  Status RewriteDerivedLocked();
  // Bookkeeping after state_ accepted `e`: its hash and time, and a checkpoint when due.
  void Track(const Entry& e);
  void ClearTracking();

  std::unique_ptr<store::Database> db_;
  std::unique_ptr<StateModel> initial_;   // never reads derived state (verify's reference)
  std::unique_ptr<StateModel> attached_;  // initial_ reading the file's derived state, if any
  bool writes_derived_ = false;           // the file has the derived tables
  Head derived_head_;
  std::unique_ptr<LedgerState> state_;
  std::function<SimTime()> clock_;
  std::vector<std::string> verified_hashes_;  // by seq - 1
  std::vector<SimTime> times_;                // by seq - 1
  int64_t checkpoint_interval_ = kFirstCheckpointInterval;
  std::map<int64_t, std::shared_ptr<const LedgerState>> checkpoints_;  // by last seq replayed
};

// Verify() over entries and a head record already read (the property tests mutate these in
// memory): the chain, every signature and rule from scratch, then the head record and
// `expect_head`.
// With `derived_db`, the derived rows stored there are checked too (after the chain, before
// `expect_head`); with `final_state` (and no `expect_head`), it receives the replayed state
// (history of derived rows recorded) when the chain verifies.
VerifyReport VerifyChain(const std::vector<Entry>& entries, const Head& stored_head,
                         const StateModel& initial,
                         const std::optional<std::string>& expect_head = std::nullopt,
                         store::Database* derived_db = nullptr,
                         std::optional<LedgerState>* final_state = nullptr);

}  // namespace leotwin::ledger
