// SGP4 propagation speed: scalar Sgp4 vs BatchPropagator (one thread and all threads), TEME and
// ECEF, on the Starlink snapshot (../shared/data, when present) or a seeded synthetic set of
// Starlink-like orbits. Each benchmark reports satellites propagated per second
// ("items_per_second") and the ratio of the batch to the scalar is printed at the end, with a
// digest (sum of every position component at fixed instants) for scalar and batch so that an
// optimization cannot silently change answers. The peer comparison with satellite.js and
// python-sgp4 is bench/compare_sgp4.sh.
#include <benchmark/benchmark.h>
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/sgp4.h"
#include "leotwin/orbit/tle.h"

namespace {

using leotwin::SimTime;
using namespace leotwin::orbit;

const SimTime kStart = SimTime::FromCivil(2025, 9, 23);

struct Fixture {
  std::string source;
  std::vector<ElementSet> elements;
  std::vector<Sgp4> scalar;
  std::unique_ptr<BatchPropagator> batch;
};

std::vector<ElementSet> SyntheticStarlinkLike(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<ElementSet> out;
  for (size_t i = 0; i < n; ++i) {
    ElementSet e;
    e.catalog_number = static_cast<int64_t>(i);
    e.epoch_year = 2025;
    e.epoch_day_of_year = 261.0 + 5.0 * u(rng);
    e.epoch = EpochFromYearDay(e.epoch_year, e.epoch_day_of_year);
    const double incl[] = {43.0, 53.0, 53.2, 70.0, 97.6};
    e.inclination_deg = incl[i % 5];
    e.raan_deg = 360.0 * u(rng);
    e.eccentricity = 0.0001 + 0.0005 * u(rng);
    e.arg_perigee_deg = 360.0 * u(rng);
    e.mean_anomaly_deg = 360.0 * u(rng);
    e.mean_motion_rev_per_day = 15.0 + 0.3 * u(rng);
    e.bstar = 1e-4 * u(rng);
    out.push_back(e);
  }
  return out;
}

Fixture& GetFixture() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const std::string path =
        std::string(LEOTWIN_SOURCE_DIR) + "/../shared/data/starlink_20250923.tle";
    if (std::filesystem::exists(path)) {
      auto parsed = ReadTleFile(path);
      if (parsed.ok()) {
        fx->elements = parsed->elements;
        fx->source = "Starlink snapshot 2025-09-23";
      }
    }
    if (fx->elements.empty()) {
      fx->elements = SyntheticStarlinkLike(8325, 20250923);
      fx->source = "synthetic Starlink-like set (seed 20250923)";
    }
    for (const ElementSet& e : fx->elements) fx->scalar.push_back(*Sgp4::Create(e));
    fx->batch = std::make_unique<BatchPropagator>(*BatchPropagator::Create(fx->elements));
    return fx;
  }();
  return *f;
}

// One instant per iteration, stepping a minute each time (as a simulation does).
SimTime Instant(int64_t k) { return kStart + (k % 1440) * SimTime::kNanosPerMinute; }

void BM_Sgp4Scalar(benchmark::State& state) {
  Fixture& f = GetFixture();
  int64_t k = 0;
  double sum = 0;
  for (auto _ : state) {
    const SimTime t = Instant(k++);
    for (const Sgp4& s : f.scalar) sum += s.PropagateAt(t).position.x;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(f.scalar.size()));
}
BENCHMARK(BM_Sgp4Scalar)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Batch(benchmark::State& state) {
  Fixture& f = GetFixture();
  const int threads = state.range(0) == 0 ? omp_get_num_procs() : static_cast<int>(state.range(0));
  const bool ecef = state.range(1) != 0;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  SatelliteStates states;
  int64_t k = 0;
  for (auto _ : state) {
    if (ecef) {
      f.batch->PropagateEcef(Instant(k++), &states);
    } else {
      f.batch->PropagateTeme(Instant(k++), &states);
    }
    benchmark::DoNotOptimize(states.x.data());
  }
  omp_set_num_threads(saved);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(f.batch->size()));
  state.counters["threads"] = threads;
}
// Args: threads (0 = all processors), ecef.
BENCHMARK(BM_Batch)
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({0, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A day of one-minute steps through PropagateGrid (threads take whole instants).
void BM_Grid(benchmark::State& state) {
  Fixture& f = GetFixture();
  const leotwin::TimeGrid grid{kStart, SimTime::kNanosPerMinute, 240};
  std::vector<SatelliteStates> out;
  for (auto _ : state) {
    f.batch->PropagateGrid(grid, /*ecef=*/true, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * grid.count * static_cast<int64_t>(f.batch->size()));
  state.counters["threads"] = omp_get_max_threads();
}
BENCHMARK(BM_Grid)->Unit(benchmark::kMillisecond)->UseRealTime();

// Digest: sum of every position component over 60 instants 24 minutes apart, scalar and batch.
void PrintDigest() {
  Fixture& f = GetFixture();
  double scalar_sum = 0, batch_sum = 0, worst = 0;
  int64_t ok = 0;
  SatelliteStates states;
  for (int64_t k = 0; k < 60; ++k) {
    const SimTime t = kStart + k * 24 * SimTime::kNanosPerMinute;
    f.batch->PropagateTeme(t, &states);
    for (size_t i = 0; i < f.scalar.size(); ++i) {
      const Sgp4Result r = f.scalar[i].PropagateAt(t);
      if (r.error != 0) continue;
      ++ok;
      scalar_sum += r.position.x + r.position.y + r.position.z;
      batch_sum += states.x[i] + states.y[i] + states.z[i];
      worst =
          std::max({worst, std::fabs(states.x[i] - r.position.x),
                    std::fabs(states.y[i] - r.position.y), std::fabs(states.z[i] - r.position.z)});
    }
  }
  std::printf("objects: %zu (%s)\n", f.elements.size(), f.source.c_str());
  std::printf("digest (sum of TEME position components over 60 instants, %lld ok states):\n",
              static_cast<long long>(ok));
  std::printf(
      "  scalar %.9f km\n  batch  %.9f km\n  largest batch-scalar component difference "
      "%.3e km\n",
      scalar_sum, batch_sum, worst);
}

// Ratio of the batch (one thread) to the scalar, measured here with a plain timer.
void PrintRatio() {
  Fixture& f = GetFixture();
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  auto time = [](auto&& fn) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  double sum = 0;
  const int steps = 30;
  const double scalar_s = time([&] {
    for (int k = 0; k < steps; ++k)
      for (const Sgp4& s : f.scalar) sum += s.PropagateAt(Instant(k)).position.x;
  });
  SatelliteStates states;
  const double batch_s = time([&] {
    for (int k = 0; k < steps; ++k) f.batch->PropagateTeme(Instant(k), &states);
  });
  omp_set_num_threads(saved);
  benchmark::DoNotOptimize(sum);
  const double n = static_cast<double>(f.scalar.size()) * steps;
  std::printf("one thread: scalar %.2f M/s, batch %.2f M/s, batch/scalar %.2fx\n",
              n / scalar_s / 1e6, n / batch_s / 1e6, scalar_s / batch_s);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  PrintRatio();
  PrintDigest();
  return 0;
}
