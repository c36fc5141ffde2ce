// leotwin side of the SGP4 peer comparison (driven by bench/compare_sgp4.sh).
//
// Usage: sgp4_compare TLE_FILE START_UNIX_SECONDS STEPS STEP_SECONDS OUT.bin
// Times, on the same objects and instants as the peers: the scalar propagator on one thread, the
// batch propagator on one thread, and the batch propagator on every core. Writes the scalar TEME
// positions as float64 [satellite][step][xyz] km (NaN on error) for the position comparison, checks
// that the batch agrees with the scalar everywhere, and prints one JSON line per mode.
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/orbit/batch_propagator.h"
#include "leotwin/orbit/sgp4.h"
#include "leotwin/orbit/tle.h"

namespace {

using leotwin::SimTime;
using namespace leotwin::orbit;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void Report(const char* mode, size_t sats, int steps, int threads, double seconds, double digest) {
  const double count = static_cast<double>(sats) * steps;
  std::printf(
      "{\"peer\": \"%s\", \"satellites\": %zu, \"steps\": %d, \"threads\": %d, "
      "\"propagations\": %.0f, \"seconds\": %.4f, \"rate\": %.1f, \"rate_per_core\": %.1f, "
      "\"digest\": %.6f}\n",
      mode, sats, steps, threads, count, seconds, count / seconds, count / seconds / threads,
      digest);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s TLE_FILE START_UNIX_SECONDS STEPS STEP_SECONDS OUT.bin\n",
                 argv[0]);
    return 2;
  }
  auto parsed = ReadTleFile(argv[1]);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", std::string(parsed.status().message()).c_str());
    return 1;
  }
  const std::vector<ElementSet>& elements = parsed->elements;
  const SimTime start = SimTime::FromUnixSeconds(std::stod(argv[2]));
  const int steps = std::stoi(argv[3]);
  const int64_t step_ns = std::llround(std::stod(argv[4]) * 1e9);
  const size_t n = elements.size();

  // Scalar, one thread. Initialization is outside the timed loop, as in the peers.
  std::vector<Sgp4> scalar;
  scalar.reserve(n);
  for (const ElementSet& e : elements) {
    auto s = Sgp4::Create(e);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.status().message()).c_str());
      return 1;
    }
    scalar.push_back(*std::move(s));
  }
  std::vector<double> out(n * steps * 3);
  double digest = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) {
    for (int k = 0; k < steps; ++k) {
      const auto r = scalar[i].PropagateAt(start + k * step_ns);
      double* o = &out[(i * steps + k) * 3];
      if (r.error == 0) {
        o[0] = r.position.x;
        o[1] = r.position.y;
        o[2] = r.position.z;
        digest += r.position.x + r.position.y + r.position.z;
      } else {
        o[0] = o[1] = o[2] = NAN;
      }
    }
  }
  Report("leotwin scalar", n, steps, 1, Seconds(t0), digest);
  {
    std::ofstream f(argv[5], std::ios::binary);
    f.write(reinterpret_cast<const char*>(out.data()),
            static_cast<std::streamsize>(out.size() * sizeof(double)));
  }

  auto batch = BatchPropagator::Create(elements);
  if (!batch.ok()) {
    std::fprintf(stderr, "%s\n", std::string(batch.status().message()).c_str());
    return 1;
  }
  double worst_km = 0;
  int disagreements = 0;
  for (int threads : {1, omp_get_num_procs()}) {
    omp_set_num_threads(threads);
    SatelliteStates states;
    double batch_digest = 0;
    double seconds = 0;  // Only the propagation calls are timed.
    for (int k = 0; k < steps; ++k) {
      t0 = std::chrono::steady_clock::now();
      batch->PropagateTeme(start + k * step_ns, &states);
      seconds += Seconds(t0);
      for (size_t i = 0; i < n; ++i) {
        if (states.error[i] == 0) batch_digest += states.x[i] + states.y[i] + states.z[i];
      }
      if (threads == 1) {
        for (size_t i = 0; i < n; ++i) {
          const double* o = &out[(i * steps + k) * 3];
          const bool scalar_ok = !std::isnan(o[0]);
          if (scalar_ok != (states.error[i] == 0)) {
            ++disagreements;
          } else if (scalar_ok) {
            worst_km = std::max({worst_km, std::abs(states.x[i] - o[0]),
                                 std::abs(states.y[i] - o[1]), std::abs(states.z[i] - o[2])});
          }
        }
      }
    }
    Report(threads == 1 ? "leotwin batch" : "leotwin batch (all cores)", n, steps, threads, seconds,
           batch_digest);
  }
  std::printf(
      "{\"check\": \"batch vs scalar\", \"max_component_difference_km\": %.3e, "
      "\"success_disagreements\": %d}\n",
      worst_km, disagreements);
  return worst_km <= 1e-6 && disagreements == 0 ? 0 : 1;
}
