// Crash safety of the ledger: a driver process appends a burst of quorum-approved changes and is
// killed with SIGKILL at a random moment (often inside a transaction); after each kill the ledger
// must open, verify end to end, and contain every change the driver acknowledged (it prints an
// acknowledgement only after the commit returned). The driver is restarted on the same file
// several times. The seed is logged; rerun with LEOTWIN_TEST_SEED=<seed>.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "ledger_test_util.h"
#include "leotwin/ledger/ledger.h"

namespace leotwin::ledger {
namespace {

struct Ack {
  int64_t seq;
  std::string hash;
};

// Runs the driver, kills it after `acks_before_kill` acknowledgements plus `delay_us`, and returns
// every acknowledgement it printed (read to EOF after the kill). Sets *killed when SIGKILL ended
// it.
std::map<int, Ack> RunAndKill(const std::string& db, int acks_before_kill, int delay_us,
                              bool* killed, const char* mode = nullptr) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(LEOTWIN_CRASH_DRIVER, LEOTWIN_CRASH_DRIVER, db.c_str(), "100000", mode, (char*)nullptr);
    _exit(127);
  }
  close(fds[1]);
  FILE* in = fdopen(fds[0], "r");
  std::map<int, Ack> acks;
  char line[512];
  bool sent = false;
  while (std::fgets(line, sizeof line, in) != nullptr) {
    int n = 0;
    long long seq = 0;
    char hash[80] = {0};
    char id[80] = {0};
    if (std::sscanf(line, "ACK %d %lld %79s", &n, &seq, hash) == 3) acks[n] = Ack{seq, hash};
    if (std::sscanf(line, "GACK %79s %lld %79s", id, &seq, hash) == 3) {
      acks[static_cast<int>(acks.size())] = Ack{seq, std::string(id) + " " + hash};
    }
    if (!sent && static_cast<int>(acks.size()) >= acks_before_kill) {
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
      kill(pid, SIGKILL);
      sent = true;
    }
  }
  std::fclose(in);
  int status = 0;
  waitpid(pid, &status, 0);
  *killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  return acks;
}

TEST(LedgerCrashTest, EveryAcknowledgedChangeSurvivesSigkill) {
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("LEOTWIN_TEST_SEED")) seed = std::strtoull(env, nullptr, 10);
  std::printf("LEOTWIN_TEST_SEED=%llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);

  std::string pattern = (std::filesystem::temp_directory_path() / "leotwin_crash_XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  const std::string db = (dir / "ledger.db").string();

  std::map<int, Ack> acked;
  constexpr int kTrials = 6;
  for (int trial = 0; trial < kTrials; ++trial) {
    const int acks_before_kill = std::uniform_int_distribution<int>(1, 25)(rng);
    const int delay_us = std::uniform_int_distribution<int>(0, 3000)(rng);
    bool killed = false;
    const auto acks = RunAndKill(db, acks_before_kill, delay_us, &killed);
    ASSERT_TRUE(killed) << "trial " << trial << ": the driver was not killed by SIGKILL";
    ASSERT_GE(static_cast<int>(acks.size()), acks_before_kill) << "trial " << trial;
    acked.insert(acks.begin(), acks.end());

    // Restart: the ledger opens (which replays and checks every entry), verifies, and holds every
    // acknowledged change at the acknowledged position with the acknowledged hash.
    auto ledger = Ledger::Open(db, *testutil::SmallPolicy());
    ASSERT_TRUE(ledger.ok()) << "trial " << trial << ": " << ledger.status();
    const VerifyReport report = ledger->Verify();
    ASSERT_TRUE(report.ok) << "trial " << trial << ": entry " << report.first_bad_seq << ": "
                           << report.problem;
    auto entries = ledger->Entries();
    ASSERT_TRUE(entries.ok());
    for (const auto& [n, ack] : acked) {
      ASSERT_LE(ack.seq, static_cast<int64_t>(entries->size())) << "change " << n << " lost";
      EXPECT_EQ((*entries)[ack.seq - 1].hash, ack.hash) << "change " << n;
      const std::optional<policy::Terminal> t =
          ledger->policy().FindTerminal("T-" + std::to_string(n));
      ASSERT_TRUE(t.has_value()) << "acknowledged change " << n << " is not in force";
      EXPECT_EQ(t->registered_entry_id, ack.seq - 1);  // the proposal just before the approval
    }
    // Nothing beyond the acknowledged changes is half-done: every proposal is either enacted or
    // (if the kill fell between proposal and approval) pending with no votes.
    for (const ProposalRecord* r : ledger->state().Proposals()) {
      if (r->status != ProposalStatus::kEnacted) {
        EXPECT_EQ(r->status, ProposalStatus::kPending);
        EXPECT_TRUE(r->votes.empty());
      }
    }
    std::printf("trial %d: killed after %d acks + %d us; %zu acknowledged so far, %zu entries\n",
                trial, acks_before_kill, delay_us, acked.size(), entries->size());
  }
  std::filesystem::remove_all(dir);
}

// The same with group commits: four writer threads, the writes that arrive together committed in
// one transaction; each acknowledged after its group committed.
TEST(LedgerCrashTest, EveryAcknowledgedGroupCommitSurvivesSigkill) {
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("LEOTWIN_TEST_SEED")) seed = std::strtoull(env, nullptr, 10);
  std::printf("LEOTWIN_TEST_SEED=%llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  std::string pattern = (std::filesystem::temp_directory_path() / "leotwin_crash_XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  const std::string db = (dir / "ledger.db").string();
  std::vector<Ack> acked;
  constexpr int kTrials = 4;
  for (int trial = 0; trial < kTrials; ++trial) {
    const int acks_before_kill = std::uniform_int_distribution<int>(1, 25)(rng);
    const int delay_us = std::uniform_int_distribution<int>(0, 3000)(rng);
    bool killed = false;
    const auto acks = RunAndKill(db, acks_before_kill, delay_us, &killed, "group");
    ASSERT_TRUE(killed) << "trial " << trial;
    for (const auto& [n, ack] : acks) acked.push_back(ack);
    auto ledger = Ledger::Open(db, *testutil::SmallPolicy());
    ASSERT_TRUE(ledger.ok()) << "trial " << trial << ": " << ledger.status();
    const VerifyReport report = ledger->Verify();
    ASSERT_TRUE(report.ok) << "trial " << trial << ": entry " << report.first_bad_seq << ": "
                           << report.problem;
    auto entries = ledger->Entries();
    ASSERT_TRUE(entries.ok());
    for (const Ack& ack : acked) {
      const std::string terminal = ack.hash.substr(0, ack.hash.find(' '));
      const std::string hash = ack.hash.substr(ack.hash.find(' ') + 1);
      ASSERT_LE(ack.seq, static_cast<int64_t>(entries->size())) << terminal << " lost";
      EXPECT_EQ((*entries)[ack.seq - 1].hash, hash) << terminal;
      EXPECT_TRUE(ledger->policy().FindTerminal(terminal).has_value())
          << "acknowledged " << terminal << " is not in force";
    }
    std::printf("trial %d: killed after %d acks + %d us; %zu acknowledged, %zu entries\n", trial,
                acks_before_kill, delay_us, acked.size(), entries->size());
  }
  std::filesystem::remove_all(dir);
}

// The same with batch commits: one entry carries 100 items and their 100 derived rows; a kill
// inside that transaction must leave no item, no row and no terminal of the batch behind.
TEST(LedgerCrashTest, EveryAcknowledgedBatchSurvivesSigkillWhole) {
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("LEOTWIN_TEST_SEED")) seed = std::strtoull(env, nullptr, 10);
  std::printf("LEOTWIN_TEST_SEED=%llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  std::string pattern = (std::filesystem::temp_directory_path() / "leotwin_crash_XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  const std::string db = (dir / "ledger.db").string();
  std::map<int, Ack> acked;
  constexpr int kTrials = 4;
  for (int trial = 0; trial < kTrials; ++trial) {
    const int acks_before_kill = std::uniform_int_distribution<int>(1, 6)(rng);
    const int delay_us = std::uniform_int_distribution<int>(0, 20000)(rng);
    bool killed = false;
    const auto acks = RunAndKill(db, acks_before_kill, delay_us, &killed, "batch");
    ASSERT_TRUE(killed) << "trial " << trial;
    acked.insert(acks.begin(), acks.end());
    auto ledger = Ledger::Open(db, *testutil::SmallPolicy());
    ASSERT_TRUE(ledger.ok()) << "trial " << trial << ": " << ledger.status();
    // Verify also compares every derived row with the chain.
    const VerifyReport report = ledger->Verify();
    ASSERT_TRUE(report.ok) << "trial " << trial << ": entry " << report.first_bad_seq << ": "
                           << report.problem;
    EXPECT_EQ(report.derived_through, report.head.seq);
    auto entries = ledger->Entries();
    ASSERT_TRUE(entries.ok());
    for (const auto& [n, ack] : acked) {
      ASSERT_LE(ack.seq, static_cast<int64_t>(entries->size())) << "batch " << n << " lost";
      EXPECT_EQ((*entries)[ack.seq - 1].hash, ack.hash) << "batch " << n;
      for (int i = 0; i < 100; ++i) {
        ASSERT_TRUE(ledger->policy().FindTerminal(fmt::format("B{}-{}", n, i)).has_value())
            << "terminal " << i << " of acknowledged batch " << n;
      }
    }
    // No partial batch: terminals come in whole enacted batches only.
    int enacted = 0;
    for (const ProposalRecord* r : ledger->state().Proposals()) {
      if (r->status == ProposalStatus::kEnacted) {
        ++enacted;
      } else {
        EXPECT_EQ(r->status, ProposalStatus::kPending);
        EXPECT_TRUE(r->votes.empty());
      }
    }
    EXPECT_EQ(ledger->policy().terminals().size(), 100u * enacted);
    auto items = ledger->journal().database().QueryInt("SELECT count(*) FROM ledger_batch_items");
    ASSERT_TRUE(items.ok());
    EXPECT_EQ(*items, 100 * static_cast<int64_t>(ledger->state().Proposals().size()));
    std::printf("trial %d: killed after %d acks + %d us; %zu batches acknowledged, %d enacted\n",
                trial, acks_before_kill, delay_us, acked.size(), enacted);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leotwin::ledger
