// Group commit for concurrent writers of one ledger (the HTTP API's writers): each thread hands
// its write to Commit() and waits; the first thread to find no commit running becomes the leader,
// takes every write queued so far (its own included) and runs them as one group through `run`
// (Journal::AppendGroup: one transaction, one WAL sync); the others wait for their result. Writes
// that arrive while a group commits form the next group. A write is answered only after the
// commit that made it durable returned, so acknowledgements keep their meaning (journal.h).
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/journal.h"

namespace leotwin::ledger {

class GroupCommitter {
 public:
  // A write: makes its entry at the group's commit time.
  using Write = std::function<Journal::MakeEntry(SimTime now)>;
  // Runs a group (in order); returns one result per write. Called by one leader at a time.
  using RunGroup = std::function<std::vector<StatusOr<Entry>>(const std::vector<const Write*>&)>;

  explicit GroupCommitter(RunGroup run) : run_(std::move(run)) {}
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  StatusOr<Entry> Commit(Write write);
  // Groups run so far (for tests and benchmarks).
  int64_t groups() const;

 private:
  struct Pending {
    const Write* write;
    std::optional<StatusOr<Entry>> result;
  };
  RunGroup run_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::vector<Pending*> queue_;
  bool committing_ = false;
  int64_t groups_ = 0;
};

}  // namespace leotwin::ledger
