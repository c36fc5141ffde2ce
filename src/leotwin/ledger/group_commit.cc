#include "leotwin/ledger/group_commit.h"

namespace leotwin::ledger {

StatusOr<Entry> GroupCommitter::Commit(Write write) {
  Pending mine{&write, std::nullopt};
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&mine);
  while (!mine.result) {
    if (committing_) {
      done_.wait(lock);
      continue;
    }
    // Leader: every write queued so far, in arrival order.
    committing_ = true;
    std::vector<Pending*> group;
    group.swap(queue_);
    lock.unlock();
    std::vector<const Write*> writes;
    writes.reserve(group.size());
    for (const Pending* p : group) writes.push_back(p->write);
    std::vector<StatusOr<Entry>> results = run_(writes);
    if (results.size() != group.size()) {
      results.assign(group.size(), absl::InternalError("group commit: one result per write"));
    }
    lock.lock();
    for (size_t i = 0; i < group.size(); ++i) group[i]->result = std::move(results[i]);
    ++groups_;
    committing_ = false;
    done_.notify_all();
  }
  return std::move(*mine.result);
}

int64_t GroupCommitter::groups() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return groups_;
}

}  // namespace leotwin::ledger
