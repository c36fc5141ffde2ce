// Issue 10, item 11 (API half): a full verify and past-time queries used to run under the one
// policy mutex, so while `/ledger/verify` re-checked a long ledger every `/decide` for the current
// policy waited for it. Now time travel and verify use their own read-only handle and lock
// (api/policy_service.h, "Locks"). This test runs verify on a 2,001-entry ledger in one thread and
// requires current decisions in another to answer long before the verify ends.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "../ledger_test_util.h"
#include "gtest/gtest.h"
#include "leotwin/api/policy_service.h"
#include "leotwin/ledger/testing/synthetic_ledger.h"

namespace leotwin::api {
namespace {

using Clock = std::chrono::steady_clock;

TEST(AdversarialPolicyHistory, VerifyDoesNotBlockCurrentDecisions) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("leotwin_history_lock_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "ledger.db").string();
  auto initial = policy::Policy::CreateDefault();
  ASSERT_TRUE(initial.ok());
  ASSERT_TRUE(ledger::testing::WriteSyntheticLedger(
                  path, *initial, ledger::testutil::FixedKey("alice", 1),
                  ledger::testutil::FixedKey("bob", 2), 1000, SimTime::FromCivil(2025, 10, 1))
                  .ok());
  auto service = PolicyService::Open(path, true);
  ASSERT_TRUE(service.ok()) << service.status();
  PolicyService& s = **service;
  ASSERT_TRUE(s.Decide("T-7", 0, 0, 0, std::nullopt).ok());  // warm: current policy cached

  std::atomic<bool> verifying{true};
  double verify_ms = 0;
  std::thread verifier([&] {
    const auto t0 = Clock::now();
    auto report = s.Verify();
    verify_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    EXPECT_TRUE(report.ok() && report->ok);
    verifying = false;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  double worst_ms = 0;
  int during = 0;
  while (verifying && during < 200) {
    const auto t0 = Clock::now();
    auto d = s.Decide("T-7", 10.0, 20.0, 0, std::nullopt);
    worst_ms =
        std::max(worst_ms, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    ASSERT_TRUE(d.ok()) << d.status();
    ++during;
  }
  verifier.join();
  std::printf("verify %.0f ms; %d current decisions during it, the slowest %.1f ms\n", verify_ms,
              during, worst_ms);
  ASSERT_GT(during, 0) << "the verify ended before any decision was timed";
  // Before: the first decision waited for the whole verify.
  EXPECT_LT(worst_ms, verify_ms / 4) << "a current decision waited for the verify";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leotwin::api
