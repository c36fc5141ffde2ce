// Single-entry commits per second with 1, 4 and 16 concurrent writer threads on one ledger file
// (synchronous=FULL: every commit syncs the WAL), before and after group commit, in one run:
//   one-by-one  each writer takes the ledger's lock and appends its entry in its own transaction
//               (what PolicyService did for every HTTP write before);
//   group       each writer hands its entry to ledger::GroupCommitter (what PolicyService does
//               now): the writes that arrive while a commit runs share the next transaction.
// The writes are pre-signed proposals registering distinct terminals, so the time measured is the
// commit path (checks, insert, derived rows, sync). This is the library path the HTTP handlers
// call, without the HTTP server. Prints commits/s, groups, and a digest of the final heads.
//   build/release/bench/ledger_group_commit_benchmark [--writes-per-thread K]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/group_commit.h"
#include "leotwin/ledger/ledger.h"

namespace lg = leotwin::ledger;
namespace pol = leotwin::policy;
using leotwin::SimTime;

namespace {

lg::OperatorKey Key(const std::string& name, uint8_t n) {
  std::array<uint8_t, lg::kSeedBytes> seed{};
  seed.fill(n);
  return lg::OperatorKey{name, *lg::SigningKey::FromSeed(seed)};
}

[[noreturn]] void Die(const leotwin::Status& s, const char* what) {
  fmt::print(stderr, "{}: {}\n", what, s.ToString());
  std::exit(1);
}

struct Result {
  double commits_per_s = 0;
  int64_t groups = 0;
  int64_t head = 0;
};

Result Run(const pol::Policy& initial, const std::string& path, int threads, int per_thread,
           bool group) {
  std::filesystem::remove(path);
  auto opened = lg::Ledger::Open(path, initial);
  if (!opened.ok()) Die(opened.status(), "open");
  lg::Ledger ledger = *std::move(opened);
  const lg::OperatorKey alice = Key("alice", 1), bob = Key("bob", 2);
  const SimTime t0 = SimTime::FromCivil(2025, 9, 23, 12, 0, 0);
  lg::Genesis g;
  g.clock.mode = lg::ClockMode::kSimulated;
  g.operators = {lg::PublicHalf(alice), lg::PublicHalf(bob)};
  g.initiator = "alice";
  g.created_at = t0;
  if (auto e = ledger.Init(g, alice, t0); !e.ok()) Die(e.status(), "init");
  // Pre-signed: writer w's k-th proposal registers terminal W<w>-<k>.
  std::vector<std::vector<lg::SignedProposal>> proposals(threads);
  for (int w = 0; w < threads; ++w) {
    for (int k = 0; k < per_thread; ++k) {
      const nlohmann::json change = {{"action", "register_terminal"},
                                     {"id", fmt::format("W{}-{}", w, k)},
                                     {"kind", "roam"},
                                     {"service_address", {{"lat", 50.0}, {"lon", 30.0}}},
                                     {"sponsor", ""}};
      auto body = lg::MakeProposalBody(ledger.id(), "alice", t0, change);
      if (!body.ok()) Die(body.status(), "body");
      auto p = lg::SignProposal(*std::move(body), alice);
      if (!p.ok()) Die(p.status(), "sign");
      proposals[w].push_back(*std::move(p));
    }
  }
  std::mutex ledger_mutex;
  lg::GroupCommitter committer([&](const std::vector<const lg::GroupCommitter::Write*>& writes) {
    std::lock_guard<std::mutex> lock(ledger_mutex);
    std::vector<lg::Journal::MakeEntry> makes;
    for (const auto* w : writes) makes.push_back((*w)(t0));
    return ledger.journal().AppendGroup(makes, t0);
  });
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int w = 0; w < threads; ++w) {
    pool.emplace_back([&, w] {
      for (const lg::SignedProposal& p : proposals[w]) {
        leotwin::StatusOr<lg::Entry> e =
            group
                ? committer.Commit([&p](SimTime now) { return lg::Journal::ProposalWrite(p, now); })
                : [&] {
                    std::lock_guard<std::mutex> lock(ledger_mutex);
                    return ledger.Propose(p, t0);
                  }();
        if (!e.ok()) Die(e.status(), "commit");
      }
    });
  }
  for (std::thread& t : pool) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Result r;
  r.commits_per_s = threads * per_thread / seconds;
  r.groups = group ? committer.groups() : threads * per_thread;
  r.head = ledger.state().head().seq;
  if (!ledger.Verify().ok) Die(absl::DataLossError("the ledger does not verify"), "verify");
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int per_thread = 64;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--writes-per-thread") per_thread = std::atoi(argv[i + 1]);
  }
  auto initial = pol::Policy::CreateDefault();
  if (!initial.ok()) Die(initial.status(), "territories");
  std::string pattern = (std::filesystem::temp_directory_path() / "leotwin_group_XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  const std::string path = (dir / "ledger.db").string();
  uint64_t digest = 0;
  for (int threads : {1, 4, 16}) {
    const Result before = Run(*initial, path, threads, per_thread, false);
    const Result after = Run(*initial, path, threads, per_thread, true);
    fmt::print(
        "{:2d} writers: one-by-one {:7.1f} commits/s, group {:7.1f} commits/s in {} groups "
        "({:.1f}x)\n",
        threads, before.commits_per_s, after.commits_per_s, after.groups,
        after.commits_per_s / before.commits_per_s);
    std::fflush(stdout);
    digest = digest * 31 + static_cast<uint64_t>(before.head);
    digest = digest * 31 + static_cast<uint64_t>(after.head);
  }
  fmt::print("digest {:016x}\n", digest);
  std::filesystem::remove_all(dir);
  return 0;
}
