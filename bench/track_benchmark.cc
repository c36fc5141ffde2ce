// Track benchmark (issue 13): 24 hours of a 1 Hz track (86,400 fixes) for the demo's roaming
// terminal UA-R-0417 driving through eastern Ukraine on 2022-10-01 (across the front-line geofence
// enacted at 14:02), over starlink-gen1 (+Grid lasers), routed to Kyiv, with the demo ledger
// seeded into a temporary folder. Target: under 10 s on one core. The ratio is against the
// from-scratch reference (each instant alone: ledger replayed, direct polygons, fresh cursor,
// snapshot and reference Dijkstra), timed on the first instants and checked equal there.
// Runs on one thread (OpenMP set to 1). Prints a digest of every instant's state, serving
// satellite, RTT and deciding rule.
#include <benchmark/benchmark.h>
#include <omp.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include "fmt/format.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/net/scenario.h"
#include "leotwin/scenario/scenario.h"
#include "leotwin/scenario/seed.h"
#include "leotwin/track/evaluate.h"
#include "leotwin/track/track.h"

namespace leotwin::track {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kFixes = 86'400;
constexpr int64_t kReferenceInstants = 120;

struct Figures {
  double parse_s = 0, setup_s = 0, run_s = 0, run_cpu_s = 0, ref_per_instant_s = 0;
  int64_t routed = 0, local_routes = 0, transitions = 0, mismatches = -1;
  std::array<int64_t, kStateCount> counts{};
  uint64_t digest = 0;
} g_fig;

// CPU time of this thread (robust to a loaded machine).
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

// A drive at about 60 km/h: a slow loop through Donetsk and Zaporizhzhia oblasts, in and out of
// the illustrative front-line band, one fix per second.
std::string DriveCsv() {
  std::string csv = "time,lat,lon,alt\n";
  csv.reserve(kFixes * 48);
  const SimTime t0 = SimTime::FromCivil(2022, 10, 1);
  for (int64_t i = 0; i < kFixes; ++i) {
    const double a = 2.0 * 3.141592653589793 * static_cast<double>(i) / kFixes;
    const double lat = 48.0 + 0.9 * std::sin(3 * a);
    const double lon = 36.6 + 1.6 * std::sin(2 * a);
    csv += fmt::format("{},{:.6f},{:.6f},{:.1f}\n", (t0 + i * SimTime::kNanosPerSecond).ToIso8601(),
                       lat, lon, 150.0 + 50.0 * std::sin(a));
  }
  return csv;
}

struct World {
  fs::path dir;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<net::NetScenario> scenario;
  std::unique_ptr<Track> track;
};

World& GetWorld() {
  static World* w = [] {
    auto* w = new World;
    w->dir = fs::temp_directory_path() / fmt::format("leotwin_track_bench_{}", getpid());
    fs::remove_all(w->dir);
    auto s = scenario::LoadScenario("demo");
    auto seeded = scenario::Seed(*s, (w->dir / "demo").string());
    if (!seeded.ok()) std::abort();
    auto l = ledger::Ledger::OpenReadOnly(seeded->ledger_path);
    w->ledger = std::make_unique<ledger::Ledger>(std::move(*l));
    auto n = net::NetScenario::Load(net::NetScenarioOptions{});
    w->scenario = std::make_unique<net::NetScenario>(std::move(*n));
    const std::string csv = DriveCsv();
    const auto t0 = std::chrono::steady_clock::now();
    auto t = ParseTrackCsv(csv, "drive.csv");
    g_fig.parse_s = Seconds(t0);
    if (!t.ok()) std::abort();
    w->track = std::make_unique<Track>(std::move(*t));
    return w;
  }();
  return *w;
}

uint64_t Digest(const TrackResult& r) {
  uint64_t h = 1469598103934665603ull;
  const auto mix = [&](uint64_t v) {
    for (int k = 0; k < 8; ++k) h = (h ^ ((v >> (8 * k)) & 0xff)) * 1099511628211ull;
  };
  for (const Sample& s : r.samples) {
    mix(static_cast<uint64_t>(s.state));
    mix(static_cast<uint64_t>(static_cast<int64_t>(s.serving)));
    mix(s.rtt_ms < net::kInfinity ? static_cast<uint64_t>(std::llround(s.rtt_ms * 1e6)) : ~0ull);
    const DecisionInfo* d = r.DecisionOf(s);
    mix(d ? static_cast<uint64_t>(d->decision.ledger_entry_id) : 0);
    mix(d ? static_cast<uint64_t>(d->decision.reason) : 0);
  }
  return h;
}

void BM_Track24hAt1Hz(benchmark::State& state) {
  World& w = GetWorld();
  const TimeGrid grid =
      TimeGrid::Over(w.track->start(), w.track->end() - w.track->start(), SimTime::kNanosPerSecond);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto setup = NetSetup::Create(*w.scenario, "Kyiv", w.track->fixes()[0].lat_deg,
                                  w.track->fixes()[0].lon_deg);
    auto history = PolicyHistory::FromLedger(*w.ledger, grid.start, grid.end());
    if (!setup.ok() || !history.ok()) {
      state.SkipWithError("setup failed");
      return;
    }
    g_fig.setup_s = Seconds(t0);
    const auto t1 = std::chrono::steady_clock::now();
    const double c1 = ThreadCpuSeconds();
    auto r = Evaluate(*w.track, TerminalSpec::Registered("UA-R-0417"), *history, *setup,
                      {.grid = grid, .progress = false});
    g_fig.run_s = Seconds(t1);
    g_fig.run_cpu_s = ThreadCpuSeconds() - c1;
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    g_fig.routed = r->routed;
    g_fig.local_routes = r->local_routes;
    g_fig.transitions = static_cast<int64_t>(r->Transitions().size());
    g_fig.counts = r->Counts();
    g_fig.digest = Digest(*r);
    state.counters["instants"] = static_cast<double>(grid.count);
    state.counters["routed"] = static_cast<double>(r->routed);
    // The reference on the first instants: its time per instant, and equality.
    TimeGrid head = grid;
    head.count = kReferenceInstants;
    const auto t2 = std::chrono::steady_clock::now();
    auto ref = EvaluateFromScratch(*w.track, TerminalSpec::Registered("UA-R-0417"), w.ledger.get(),
                                   *setup, {.grid = head, .progress = false});
    g_fig.ref_per_instant_s = Seconds(t2) / static_cast<double>(head.count);
    if (!ref.ok()) {
      state.SkipWithError("reference failed");
      return;
    }
    g_fig.mismatches = 0;
    for (int64_t i = 0; i < head.count; ++i) {
      const Sample& a = r->samples[i];
      const Sample& b = ref->samples[i];
      if (a.state != b.state || a.serving != b.serving ||
          (std::isfinite(a.rtt_ms) != std::isfinite(b.rtt_ms)) ||
          (std::isfinite(a.rtt_ms) && std::fabs(a.rtt_ms - b.rtt_ms) > 1e-9)) {
        ++g_fig.mismatches;
      }
    }
  }
}
BENCHMARK(BM_Track24hAt1Hz)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace leotwin::track

int main(int argc, char** argv) {
  using leotwin::track::g_fig;
  // One core: the batch propagator would otherwise spread each knot over OpenMP threads.
  omp_set_num_threads(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  const double ref_total = g_fig.ref_per_instant_s * leotwin::track::kFixes;
  std::printf(
      "\n== track benchmark: 86,400 fixes (24 h at 1 Hz), UA-R-0417 over starlink-gen1 "
      "(4,408 sats, +Grid) to Kyiv, demo ledger ==\n");
  std::printf("parse CSV %.2f s; setup (network, ledger states) %.2f s\n", g_fig.parse_s,
              g_fig.setup_s);
  std::printf(
      "one pass: %.2f s for 86,400 instants (%.1f us each; target < 10 s), %.2f s of CPU on its "
      "thread; %lld routed, %lld of them on a local snapshot\n",
      g_fig.run_s, g_fig.run_s / 86400 * 1e6, g_fig.run_cpu_s, static_cast<long long>(g_fig.routed),
      static_cast<long long>(g_fig.local_routes));
  std::printf(
      "from scratch: %.1f ms per instant over the first %lld -> %.0f s for the day, %.1fx the "
      "one pass; mismatches on those instants: %lld\n",
      g_fig.ref_per_instant_s * 1e3, static_cast<long long>(leotwin::track::kReferenceInstants),
      ref_total, g_fig.run_s > 0 ? ref_total / g_fig.run_s : 0.0,
      static_cast<long long>(g_fig.mismatches));
  std::printf(
      "states: connected %lld, denied %lld, no_satellite %lld, no_route %lld; %lld "
      "transitions\n",
      static_cast<long long>(g_fig.counts[0]), static_cast<long long>(g_fig.counts[1]),
      static_cast<long long>(g_fig.counts[2]), static_cast<long long>(g_fig.counts[3]),
      static_cast<long long>(g_fig.transitions));
  std::printf("digest %016llx\n", static_cast<unsigned long long>(g_fig.digest));
  std::filesystem::remove_all(leotwin::track::GetWorld().dir);
  benchmark::Shutdown();
  return 0;
}
