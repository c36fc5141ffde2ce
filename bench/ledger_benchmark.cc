// Time travel on a large ledger (issue 10, item 11). Builds a ledger of `--terminals N` terminal
// registrations (2N + 1 entries, default N = 50,000: a 100,001-entry ledger) on the bundled
// territories, opens it (one full verification), then answers past-time queries at random
// instants two ways in the same run:
//   checkpoint  Journal::StateAt: the nearest in-memory checkpoint plus at most one interval of
//               entries, hashes compared with those verified at open (what leotwin does now);
//   scratch     every entry up to the instant replayed and verified from the genesis (what every
//               distinct past `at` cost before).
// Prints per-query times, the ratio, and a digest of the answers (heads and terminal counts), so
// an optimization cannot silently change them. Run from the source tree (bundled territories):
//   build/release/bench/ledger_benchmark [--terminals N] [--queries Q]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/ledger/testing/synthetic_ledger.h"

namespace lg = leotwin::ledger;
using leotwin::SimTime;

namespace {

double Seconds(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

lg::OperatorKey Key(const std::string& name, uint8_t n) {
  std::array<uint8_t, lg::kSeedBytes> seed{};
  seed.fill(n);
  return lg::OperatorKey{name, *lg::SigningKey::FromSeed(seed)};
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int terminals = 50'000;
  int queries = 20;
  int scratch_queries = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--terminals") terminals = std::atoi(argv[i + 1]);
    if (flag == "--queries") queries = std::atoi(argv[i + 1]);
    if (flag == "--scratch-queries") scratch_queries = std::atoi(argv[i + 1]);
  }
  auto initial = leotwin::policy::Policy::CreateDefault();
  if (!initial.ok()) {
    fmt::print(stderr, "{}\n", std::string(initial.status().message()));
    return 1;
  }
  const std::string dir =
      (std::filesystem::temp_directory_path() / fmt::format("leotwin_ledger_bench_{}", ::getpid()))
          .string();
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/ledger.db";
  const SimTime t0 = SimTime::FromCivil(2025, 10, 1);
  const lg::OperatorKey alice = Key("alice", 1), bob = Key("bob", 2);

  auto start = std::chrono::steady_clock::now();
  if (auto s = lg::testing::WriteSyntheticLedger(path, *initial, alice, bob, terminals, t0);
      !s.ok()) {
    fmt::print(stderr, "{}\n", std::string(s.message()));
    return 1;
  }
  const int64_t entries = 2 * static_cast<int64_t>(terminals) + 1;
  fmt::print("ledger: {} entries ({} terminal registrations) written in {:.2f} s\n", entries,
             terminals, Seconds(start));

  start = std::chrono::steady_clock::now();
  auto ledger = lg::Ledger::Open(path, *initial);
  if (!ledger.ok()) {
    fmt::print(stderr, "{}\n", std::string(ledger.status().message()));
    return 1;
  }
  fmt::print("open (full verification): {:.2f} s, {} checkpoints kept\n", Seconds(start),
             ledger->journal().checkpoint_count());

  std::mt19937_64 rng(20261207);
  std::uniform_int_distribution<int64_t> second(1, entries - 2);
  std::vector<SimTime> instants;
  for (int i = 0; i < queries; ++i) instants.push_back(t0 + second(rng) * SimTime::kNanosPerSecond);

  std::vector<double> fast_times;
  uint64_t digest = 1469598103934665603ull;
  auto mix = [&digest](uint64_t v) { digest = (digest ^ v) * 1099511628211ull; };
  for (const SimTime t : instants) {
    start = std::chrono::steady_clock::now();
    auto state = ledger->StateAt(t);
    fast_times.push_back(Seconds(start));
    if (!state.ok()) {
      fmt::print(stderr, "{}\n", std::string(state.status().message()));
      return 1;
    }
    mix(static_cast<uint64_t>(state->head().seq));
    mix(lg::PolicyOf(*state).terminals().size());
  }

  // The reference: the old cost of a past query (read every entry, verify and replay the prefix).
  std::vector<double> scratch_times;
  for (int i = 0; i < std::min(scratch_queries, queries); ++i) {
    start = std::chrono::steady_clock::now();
    auto all = lg::ReadEntries(ledger->journal().database());
    lg::LedgerState state(std::make_unique<lg::PolicyModel>(*initial));
    for (const lg::Entry& e : *all) {
      if (e.timestamp > instants[i]) break;
      if (!state.Accept(e).ok()) return 1;
    }
    scratch_times.push_back(Seconds(start));
    if (state.head().seq != 0) mix(0);  // same answers as above are checked by the tests
  }

  const double fast = Median(fast_times);
  const double scratch = Median(scratch_times);
  fmt::print("past queries at {} random instants: checkpoint median {:.1f} ms, max {:.1f} ms\n",
             queries, fast * 1e3, *std::max_element(fast_times.begin(), fast_times.end()) * 1e3);
  fmt::print("from-scratch replay (the old path), {} of the same instants: median {:.1f} ms\n",
             scratch_times.size(), scratch * 1e3);
  fmt::print("ratio scratch / checkpoint: {:.0f}x\n", fast > 0 ? scratch / fast : 0.0);
  fmt::print("digest {:016x}\n", digest);
  std::filesystem::remove_all(dir);  // the open handle keeps the unlinked file alive until exit
  return 0;
}
