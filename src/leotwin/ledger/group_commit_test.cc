// Group commit (group_commit.h): writes that arrive while a group commits share the next group,
// each writer gets its own result, in arrival order within its group.
#include "leotwin/ledger/group_commit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace leotwin::ledger {
namespace {

TEST(GroupCommitTest, WritesQueuedDuringACommitShareTheNextGroup) {
  constexpr int kWriters = 8;
  std::atomic<int> started{0};
  std::atomic<bool> leading{false};
  std::vector<size_t> group_sizes;
  int64_t next_seq = 1;
  GroupCommitter committer([&](const std::vector<const GroupCommitter::Write*>& writes) {
    // The first group (one write) holds the commit until every other writer has queued.
    if (group_sizes.empty()) {
      leading = true;
      while (started.load() < kWriters) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      // They announced themselves just before calling Commit: give them time to queue.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    group_sizes.push_back(writes.size());
    std::vector<StatusOr<Entry>> out;
    for (const GroupCommitter::Write* w : writes) {
      Entry e;
      e.seq = next_seq++;
      e.signer = std::to_string(reinterpret_cast<uintptr_t>(w));
      out.push_back(e);
    }
    out.back() = absl::PermissionDeniedError("refused");  // one refusal stays its writer's
    return out;
  });
  std::vector<StatusOr<Entry>> results(kWriters, absl::UnknownError("unset"));
  std::thread first([&] {
    started.fetch_add(1);
    results[0] = committer.Commit([](SimTime) { return Journal::MakeEntry(); });
  });
  while (!leading.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<std::thread> others;
  for (int i = 1; i < kWriters; ++i) {
    others.emplace_back([&, i] {
      started.fetch_add(1);
      results[i] = committer.Commit([](SimTime) { return Journal::MakeEntry(); });
    });
  }
  first.join();
  for (std::thread& t : others) t.join();
  // The leader's own group, then everyone who queued meanwhile in one group.
  ASSERT_EQ(group_sizes.size(), 2u);
  EXPECT_EQ(group_sizes[0], 1u);
  EXPECT_EQ(group_sizes[1], static_cast<size_t>(kWriters - 1));
  EXPECT_EQ(committer.groups(), 2);
  int refused = 0;
  std::vector<int64_t> seqs;
  for (const auto& r : results) {
    if (r.ok()) {
      seqs.push_back(r->seq);
    } else {
      EXPECT_EQ(r.status().code(), absl::StatusCode::kPermissionDenied);
      ++refused;
    }
  }
  EXPECT_EQ(refused, 2);  // the last write of each group
  std::sort(seqs.begin(), seqs.end());
  EXPECT_EQ(seqs, (std::vector<int64_t>{2, 3, 4, 5, 6, 7}));
}

}  // namespace
}  // namespace leotwin::ledger
