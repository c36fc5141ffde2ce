// The control plane at scale (issue 18), ratios in one run. On a real ledger file over the
// bundled territories:
//   register   N terminals (default 1,000,000) in batches of B (default 100,000) through the
//              library: parse the batch CSV, sign the proposal, ProposeBatch (Merkle root, dry
//              run, items and derived rows written), sign and commit the approval (enactment);
//   verify     one full verification (every signature, every item against its root, every
//              derived row against the replay);
//   open       OpenReadOnly with the derived terminal table (what every CLI call pays) against
//              the same file without it (every batch item replayed, as before), with the memory
//              each loaded policy holds (heap in use while the ledger is open);
//   decide     decisions per second on one core (policy::Authorize of a registered terminal at
//              a random position) with the table holding 1,000 terminals and with --decide-big
//              terminals (default 10,000,000; rows written straight into a scratch file, as the
//              lookup does not depend on how they were written).
// Prints one line per measure and a digest of the answers. Run from the source tree:
//   build/release/bench/ledger_scale_benchmark [--terminals N] [--batch B] [--decide-big M]
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/crypto.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/ledger/terminal_table.h"
#include "leotwin/store/migrations.h"

namespace lg = leotwin::ledger;
namespace pol = leotwin::policy;
using leotwin::SimTime;

namespace {

double Seconds(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

// CPU seconds of this process (user + system): the shared machine's load inflates wall times.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

lg::OperatorKey Key(const std::string& name, uint8_t n) {
  std::array<uint8_t, lg::kSeedBytes> seed{};
  seed.fill(n);
  return lg::OperatorKey{name, *lg::SigningKey::FromSeed(seed)};
}

// Heap bytes in use, in MiB (glibc): what a loaded ledger holds, whatever the allocator kept
// from earlier phases of this run.
double RssMiB() { return static_cast<double>(mallinfo2().uordblks) / 1048576.0; }

template <typename T>
T Check(leotwin::StatusOr<T> v, const char* what) {
  if (!v.ok()) {
    fmt::print(stderr, "{}: {}\n", what, v.status().ToString());
    std::exit(1);
  }
  return *std::move(v);
}
void Check(const leotwin::Status& s, const char* what) {
  if (!s.ok()) {
    fmt::print(stderr, "{}: {}\n", what, s.ToString());
    std::exit(1);
  }
}

double LatOf(int64_t i) { return -50 + static_cast<double>(i * 7919 % 100000) / 1000; }
double LonOf(int64_t i) { return -170 + static_cast<double>(i * 104729 % 340000) / 1000; }

// A scratch ledger-schema file whose derived table holds `n` registered terminals (entry 2).
std::string SyntheticTable(const std::filesystem::path& dir, int64_t n) {
  const std::string path = (dir / fmt::format("table{}.db", n)).string();
  leotwin::store::OpenOptions options;
  options.synchronous = leotwin::store::OpenOptions::Sync::kOff;
  auto db = Check(leotwin::store::OpenLeotwinDatabase(path, options), "scratch table");
  Check(db.Exec("BEGIN"), "begin");
  auto st = Check(db.Prepare("INSERT INTO ledger_terminal_versions VALUES (?1, 3, 'roam', ?2, ?3, "
                             "'', 'active', 2, 2)"),
                  "insert");
  for (int64_t i = 0; i < n; ++i) {
    Check(st.Reset(), "reset");
    Check(st.BindText(1, fmt::format("T-{}", i)), "bind");
    Check(st.BindDouble(2, LatOf(i)), "bind");
    Check(st.BindDouble(3, LonOf(i)), "bind");
    Check(st.Run(), "run");
  }
  Check(db.Exec("COMMIT"), "commit");
  return path;
}

// Decisions per second on this thread over a policy reading `table`, and a digest of them.
std::pair<double, uint64_t> DecisionRate(const pol::Policy& base, const std::string& table,
                                         int64_t n, int decisions) {
  pol::Policy policy = base;
  policy.AttachTerminalSource(Check(lg::SqliteTerminalSource::Open(table), "source"));
  policy.SetTerminalPosition(3);
  std::mt19937_64 rng(18);
  std::uniform_int_distribution<int64_t> pick(0, n - 1);
  std::uniform_real_distribution<double> jitter(-0.5, 0.5);
  const SimTime t = SimTime::FromCivil(2025, 9, 23, 12, 0, 0);
  std::vector<std::string> ids(decisions);
  std::vector<std::pair<double, double>> where(decisions);
  for (int i = 0; i < decisions; ++i) {
    const int64_t k = pick(rng);
    ids[i] = fmt::format("T-{}", k);
    where[i] = {std::clamp(LatOf(k) + jitter(rng), -90.0, 90.0), LonOf(k) + jitter(rng)};
  }
  uint64_t digest = 0;
  // Warm-up on as many other random terminals (a running server has touched the table before).
  std::mt19937_64 warm_rng(19);
  for (int i = 0; i < decisions; ++i) {
    (void)pol::Authorize(policy, fmt::format("T-{}", pick(warm_rng)), 0, 0, 0, t);
  }
  const double cpu0 = CpuSeconds();  // per core: CPU time of this (only) thread
  for (int i = 0; i < decisions; ++i) {
    const pol::Decision d = pol::Authorize(policy, ids[i], where[i].first, where[i].second, 0, t);
    digest = digest * 31 + static_cast<uint64_t>(d.reason) * 2 + (d.allowed ? 1 : 0);
  }
  return {decisions / (CpuSeconds() - cpu0), digest};
}

}  // namespace

int main(int argc, char** argv) {
  int64_t terminals = 1'000'000;
  int64_t batch = 100'000;
  int64_t decide_big = 10'000'000;
  int decisions = 200'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--terminals") terminals = std::atoll(argv[i + 1]);
    if (flag == "--batch") batch = std::atoll(argv[i + 1]);
    if (flag == "--decide-big") decide_big = std::atoll(argv[i + 1]);
    if (flag == "--decisions") decisions = std::atoi(argv[i + 1]);
  }
  auto initial = Check(pol::Policy::CreateDefault(), "territories");
  std::string pattern = (std::filesystem::temp_directory_path() / "leotwin_scale_XXXXXX").string();
  const std::filesystem::path dir = mkdtemp(pattern.data());
  const std::string path = (dir / "ledger.db").string();
  const lg::OperatorKey alice = Key("alice", 1), bob = Key("bob", 2);
  const SimTime t0 = SimTime::FromCivil(2025, 9, 23, 12, 0, 0);
  uint64_t digest = 0;

  {
    auto ledger = Check(lg::Ledger::Open(path, initial), "open");
    lg::Genesis g;
    g.clock.mode = lg::ClockMode::kSimulated;
    g.operators = {lg::PublicHalf(alice), lg::PublicHalf(bob)};
    g.initiator = "alice";
    g.created_at = t0;
    Check(ledger.Init(g, alice, t0).status(), "init");
    const auto start = std::chrono::steady_clock::now();
    const double cpu0 = CpuSeconds();
    int minute = 1;
    for (int64_t first = 0; first < terminals; first += batch) {
      const auto step = std::chrono::steady_clock::now();
      std::string csv = "id,kind,lat,lon\n";
      for (int64_t i = first; i < std::min(terminals, first + batch); ++i) {
        csv += fmt::format("T-{},fixed,{:.3f},{:.3f}\n", i, LatOf(i), LonOf(i));
      }
      const auto b = Check(lg::ParseBatchFile(csv, "batch.csv", lg::BatchKind::kRegisterTerminals),
                           "batch file");
      const SimTime at = t0 + int64_t{minute++} * SimTime::kNanosPerMinute;
      auto body = Check(lg::MakeProposalBody(ledger.id(), "alice", at, lg::BatchChange(b)), "body");
      auto p = Check(lg::SignProposal(std::move(body), alice), "sign");
      Check(ledger.ProposeBatch(p, b.items, at).status(), "propose");
      const SimTime vote_at = t0 + int64_t{minute++} * SimTime::kNanosPerMinute;
      lg::VoteBody vb{
          ledger.id(), *lg::ProposalId(p.body), "bob", lg::Verdict::kApprove, vote_at, "",
          SimTime{}};
      auto v = Check(lg::SignVote(std::move(vb), bob), "vote");
      Check(ledger.Vote(v, vote_at).status(), "approve");
      fmt::print("batch at {}: {:.2f} s\n", first, Seconds(step));
      std::fflush(stdout);
    }
    const double register_s = Seconds(start);
    const double register_cpu = CpuSeconds() - cpu0;
    fmt::print(
        "register {} terminals in batches of {}: {:.1f} s wall, {:.1f} s CPU ({:.1f} us CPU "
        "per terminal)\n",
        terminals, batch, register_s, register_cpu, register_cpu * 1e6 / terminals);
    const auto vstart = std::chrono::steady_clock::now();
    const double vcpu0 = CpuSeconds();
    const lg::VerifyReport report = ledger.Verify();
    const double verify_s = Seconds(vstart);
    const double verify_cpu = CpuSeconds() - vcpu0;
    fmt::print(
        "verify: {:.1f} s wall, {:.1f} s CPU ({}, {} entries, derived rows through entry "
        "{})\n",
        verify_s, verify_cpu, report.ok ? "ok" : report.problem, report.verified,
        report.derived_through);
    fmt::print("register + verify: {:.1f} s wall, {:.1f} s CPU (target 60 s)\n",
               register_s + verify_s, register_cpu + verify_cpu);
    std::fflush(stdout);
    digest = digest * 31 + static_cast<uint64_t>(report.head.seq);
  }
  fmt::print("file: {:.0f} MiB\n", std::filesystem::file_size(path) / 1048576.0);

  // Open with the derived table, then a copy without it (items replayed as before).
  const std::string legacy = (dir / "legacy.db").string();
  std::filesystem::copy_file(path, legacy);
  {
    auto db = Check(leotwin::store::Database::Open(legacy), "legacy copy");
    Check(db.Exec("DROP TABLE ledger_terminal_versions; DROP TABLE ledger_derived_head; "
                  "PRAGMA user_version = 2"),
          "drop tables");
  }
  double open_rss = 0, legacy_rss = 0, open_s = 0, legacy_s = 0, open_cpu = 0, legacy_cpu = 0;
  {
    const double rss0 = RssMiB();
    const auto start = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    auto ledger = Check(lg::Ledger::OpenReadOnly(path, initial), "open read-only");
    open_s = Seconds(start);
    open_cpu = CpuSeconds() - c0;
    open_rss = RssMiB() - rss0;
    digest = digest * 31 + (ledger.policy().FindTerminal("T-12345") ? 1 : 0);
  }
  {
    const double rss0 = RssMiB();
    const auto start = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    auto ledger = Check(lg::Ledger::OpenReadOnly(legacy, initial), "open legacy");
    legacy_s = Seconds(start);
    legacy_cpu = CpuSeconds() - c0;
    legacy_rss = RssMiB() - rss0;
    digest = digest * 31 + ledger.policy().terminal_versions().size();
  }
  fmt::print("open with the derived table: {:.3f} s wall, {:.3f} s CPU, +{:.1f} MiB heap\n", open_s,
             open_cpu, open_rss);
  fmt::print(
      "open replaying every item:   {:.3f} s wall, {:.3f} s CPU, +{:.1f} MiB heap "
      "({:.1f} MiB per million terminals)\n",
      legacy_s, legacy_cpu, legacy_rss, legacy_rss * 1e6 / terminals);
  fmt::print("open ratio (CPU): {:.0f}x\n", legacy_cpu / open_cpu);
  std::fflush(stdout);

  // Decisions per second per core: 1,000 terminals against decide_big.
  const std::string small = SyntheticTable(dir, 1000);
  const auto big_start = std::chrono::steady_clock::now();
  const std::string big = SyntheticTable(dir, decide_big);
  fmt::print("table of {} terminals written in {:.1f} s ({:.0f} MiB)\n", decide_big,
             Seconds(big_start), std::filesystem::file_size(big) / 1048576.0);
  std::fflush(stdout);
  // Interleaved rounds (the shared machine's load drifts); medians compared.
  std::vector<double> small_rates, big_rates;
  for (int round = 0; round < 5; ++round) {
    const auto [s_rate, s_digest] = DecisionRate(initial, small, 1000, decisions);
    const auto [b_rate, b_digest] = DecisionRate(initial, big, decide_big, decisions);
    fmt::print("round {}: {:.0f} decisions per CPU second with 1,000 terminals, {:.0f} with {}\n",
               round, s_rate, b_rate, decide_big);
    std::fflush(stdout);
    small_rates.push_back(s_rate);
    big_rates.push_back(b_rate);
    digest = digest * 31 + s_digest;
    digest = digest * 31 + b_digest;
  }
  std::sort(small_rates.begin(), small_rates.end());
  std::sort(big_rates.begin(), big_rates.end());
  const double small_median = small_rates[2], big_median = big_rates[2];
  fmt::print("decisions per CPU second (median of 5): {:.0f} with 1,000 terminals, {:.0f} with {} "
             "({:+.1f} %)\n",
             small_median, big_median, decide_big, (big_median / small_median - 1) * 100);
  fmt::print("digest {:016x}\n", digest);
  std::filesystem::remove_all(dir);
  return 0;
}
