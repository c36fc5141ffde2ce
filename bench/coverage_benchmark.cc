// Coverage benchmark: the fast engine (band index + exact predicate) against the brute-force
// reference (every cell against every satellite), in the same run.
//
//   coverage_benchmark [--tle PATH] [--level 9] [--sample 20000] [--repeat 5] [--window-steps 61]
//
// 1. A global snapshot at level 9 (1,572,864 cells) for the 8,325-satellite Starlink snapshot:
//    median wall and CPU time over --repeat runs, with all threads and with one thread.
// 2. The brute force on a seeded random sample of cells: its counts must equal the fast counts
//    exactly (the program exits 1 otherwise); its per-cell rate gives the speedup, extrapolated
//    to the whole grid from the sample measured in this run.
// 3. A one-hour window at one-minute steps (61 instants): the window statistics of the sampled
//    cells recomputed from brute-force counts at every step must equal the engine's exactly.
// 4. A digest (FNV-1a of every count and statistic) so an optimization cannot silently change an
//    answer.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/coverage/coverage.h"
#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/constellation_source.h"

namespace {

using namespace leotwin;
using namespace leotwin::coverage;

struct Timing {
  double wall = 0, cpu = 0;
};

template <class F>
Timing Time(F&& f) {
  const auto a = std::chrono::steady_clock::now();
  const std::clock_t c = std::clock();
  f();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count(),
          static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC};
}

Timing Median(std::vector<Timing> v) {
  std::sort(v.begin(), v.end(), [](const Timing& a, const Timing& b) { return a.wall < b.wall; });
  return v[v.size() / 2];
}

struct Fnv {
  uint64_t h = 1469598103934665603ull;
  void Add(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  }
};

double LoadAverage() {
  double la = -1;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &la) != 1) la = -1;
    std::fclose(f);
  }
  return la;
}

}  // namespace

int main(int argc, char** argv) {
  std::string tle = std::string(LEOTWIN_SOURCE_DIR) + "/../shared/data/starlink_20250923.tle";
  int level = 9, repeat = 5, window_steps = 61;
  size_t sample = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--tle")
      tle = v;
    else if (a == "--level")
      level = std::stoi(v);
    else if (a == "--sample")
      sample = std::stoul(v);
    else if (a == "--repeat")
      repeat = std::stoi(v);
    else if (a == "--window-steps")
      window_steps = std::stoi(v);
    else {
      fmt::print(stderr, "unknown option {}\n", a);
      return 2;
    }
  }
  const SimTime t0 = SimTime::FromCivil(2025, 9, 23);
  std::string source = tle;
  if (!std::filesystem::exists(tle)) {
    fmt::print("{} is absent: using the starlink-gen1 preset instead\n", tle);
    source = "starlink-gen1";
  }
  orbit::ConstellationSourceOptions so;
  so.preset_epoch = t0;
  auto loaded = orbit::LoadConstellation(source, so);
  if (!loaded.ok()) {
    fmt::print(stderr, "{}\n", loaded.status().ToString());
    return 1;
  }
  auto prop = orbit::BatchPropagator::Create(loaded->constellation.elements);
  if (!prop.ok()) {
    fmt::print(stderr, "{}\n", prop.status().ToString());
    return 1;
  }
  const int threads = omp_get_max_threads();
  fmt::print("constellation: {} ({} satellites), t = {}\n", source, prop->size(), t0.ToIso8601());
  fmt::print("threads: {} (OpenMP), load average at start: {:.2f}\n", threads, LoadAverage());

  StatusOr<CellGrid> grid = absl::UnknownError("");
  const Timing t_grid = Time([&] { grid = CellGrid::Global(level); });
  StatusOr<CoverageEngine> engine = absl::UnknownError("");
  const Timing t_engine = Time([&] { engine = CoverageEngine::Create(&*grid); });
  if (!grid.ok() || !engine.ok()) return 1;
  fmt::print("grid: level {}, {} cells (built in {:.3f} s); engine index {:.3f} s\n", level,
             grid->size(), t_grid.wall, t_engine.wall);

  // 1. Snapshot.
  PositionBuffer pos;
  const Timing t_prop = Time([&] { pos.Update(*prop, t0); });
  CellCounts fast;
  std::vector<Timing> runs;
  for (int r = 0; r < repeat; ++r) {
    runs.push_back(Time([&] { (void)engine->Snapshot(pos.view(), &fast); }));
  }
  const Timing snap = Median(runs);
  runs.clear();
  omp_set_num_threads(1);
  CellCounts fast1;
  for (int r = 0; r < std::max(1, repeat / 2); ++r) {
    runs.push_back(Time([&] { (void)engine->Snapshot(pos.view(), &fast1); }));
  }
  omp_set_num_threads(threads);
  const Timing snap1 = Median(runs);
  uint64_t pairs = 0;
  size_t covered = 0;
  for (uint16_t c : fast) pairs += c, covered += c > 0;
  fmt::print("propagation to ECEF: {:.4f} s ({} invalid)\n", t_prop.wall, pos.invalid());
  fmt::print(
      "snapshot (fast): median of {} = {:.3f} s wall, {:.3f} s CPU, {} threads; 1 thread: {:.3f} "
      "s wall\n",
      repeat, snap.wall, snap.cpu, threads, snap1.wall);
  fmt::print("  {} cells covered of {} ({:.2f} %), {} cell-satellite pairs in view, mean {:.2f}\n",
             covered, grid->size(), 100.0 * covered / grid->size(), pairs,
             static_cast<double>(pairs) / grid->size());
  const bool threads_agree = fast == fast1;

  // 2. Brute force on a sample.
  std::mt19937_64 rng(20250923);
  std::vector<size_t> cells(sample);
  for (size_t& c : cells) c = rng() % grid->size();
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  CellCounts slow;
  const Timing brute =
      Time([&] { (void)SnapshotBruteForce(*grid, cells, pos.view(), engine->options(), &slow); });
  size_t mismatches = 0;
  for (size_t j = 0; j < cells.size(); ++j) mismatches += slow[j] != fast[cells[j]];
  const double brute_full = brute.wall / cells.size() * grid->size();
  fmt::print(
      "brute force: {} sampled cells x {} satellites in {:.3f} s wall ({} threads) -> {:.1f} s "
      "for the whole grid (extrapolated from the sample)\n",
      cells.size(), prop->size(), brute.wall, threads, brute_full);
  fmt::print(
      "  agreement on the sample: {} of {} cells equal ({} mismatches); 1 vs {} threads: "
      "{}\n",
      cells.size() - mismatches, cells.size(), mismatches, threads,
      threads_agree ? "identical" : "DIFFERENT");
  fmt::print("  speedup fast vs brute force: {:.0f}x (same threads, same run)\n",
             brute_full / snap.wall);

  // 3. Window: 1 h at 1 min.
  const TimeGrid times{t0, SimTime::kNanosPerMinute, window_steps};
  StatusOr<WindowAccumulator> window = absl::UnknownError("");
  const Timing t_window = Time([&] { window = ComputeWindow(*engine, *prop, times); });
  if (!window.ok()) return 1;
  WindowAccumulator ref(cells.size(), times.step_ns);
  Timing t_ref_window;
  for (int64_t k = 0; k < times.count; ++k) {
    pos.Update(*prop, times.At(k));
    CellCounts c;
    const Timing t =
        Time([&] { (void)SnapshotBruteForce(*grid, cells, pos.view(), engine->options(), &c); });
    t_ref_window.wall += t.wall;
    (void)ref.Add(c);
  }
  size_t window_mismatches = 0;
  for (size_t j = 0; j < cells.size(); ++j) {
    const CellWindowStats a = window->Stats(cells[j]), b = ref.Stats(j);
    window_mismatches += a.covered_share != b.covered_share || a.mean_in_view != b.mean_in_view ||
                         a.min_in_view != b.min_in_view || a.max_in_view != b.max_in_view ||
                         a.longest_gap_steps != b.longest_gap_steps;
  }
  auto summary = Summarize(*grid, *window, 3, 90.0);
  auto summary53 = Summarize(*grid, *window, 3, 53.0);
  fmt::print(
      "window: {} instants, 1 min step: {:.2f} s wall ({:.3f} s per instant incl. "
      "propagation); brute force on the sample {:.2f} s\n",
      times.count, t_window.wall, t_window.wall / times.count, t_ref_window.wall);
  fmt::print("  agreement of window statistics on the sample: {} of {} cells equal\n",
             cells.size() - window_mismatches, cells.size());
  if (summary.ok() && summary53.ok()) {
    fmt::print(
        "  global: time covered (area-weighted) {:.2f} %, mean in view {:.2f}; "
        "|lat| <= 53: {:.2f} %, mean {:.2f}, never-covered cells {}\n",
        100 * summary->covered_area_share, summary->mean_in_view,
        100 * summary53->covered_area_share, summary53->mean_in_view,
        summary53->cells_never_covered);
  }

  // 4. Digest.
  Fnv digest;
  for (uint16_t c : fast) digest.Add(c);
  for (size_t i = 0; i < grid->size(); ++i) {
    const CellWindowStats s = window->Stats(i);
    digest.Add(static_cast<uint64_t>(s.mean_in_view * window_steps + 0.5));
    digest.Add(static_cast<uint64_t>(s.min_in_view));
    digest.Add(static_cast<uint64_t>(s.longest_gap_steps));
  }
  fmt::print("digest: {:016x}\n", digest.h);
  fmt::print("target: global snapshot < 1 s on 2 cores: {} ({:.3f} s)\n",
             snap.wall < 1.0 ? "met" : "NOT met", snap.wall);
  const bool ok = mismatches == 0 && window_mismatches == 0 && threads_agree;
  fmt::print("result: {}\n", ok ? "fast == brute force (exact)" : "MISMATCH");
  return ok ? 0 : 1;
}
