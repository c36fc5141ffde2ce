// Decisions per second per core: compiled S2 cell index vs direct S2 polygon tests vs GEOS
// prepared geometry (the peer), on the bundled Natural Earth territories plus 100 seeded random
// geofences, on the same points in the same run. Two point sets: uniform on the sphere, and
// "border" (60% within 1 m of a territory or geofence boundary or on a vertex).
//
// The decision measured is policy::Decide() (verdict, reason, deciding rule and ledger entry, no
// strings). The GEOS peer locates the territory and the geofences with an STRtree of envelopes and
// GEOSPreparedContains (planar longitude/latitude, edges straight in degrees), then runs the same
// decision code (DecideLocated). After the timings it prints a digest of each method's decisions,
// their agreement with the compiled index, and the throughput ratios.
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"
#include "leotwin/policy/policy.h"
#include "leotwin/policy/testing/random_policy.h"

namespace leotwin::policy {
namespace {

constexpr uint64_t kSeed = 20260101;
constexpr size_t kPoints = 1 << 20;
const SimTime kT0 = SimTime::FromCivil(2026, 1, 1);
const SimTime kQueryTime = kT0 + 3 * SimTime::kNanosPerDay;

struct Point {
  double lat, lon, speed;
};

// ---- GEOS peer --------------------------------------------------------------------------------

class GeosPeer {
 public:
  GeosPeer() : ctx_(GEOS_init_r()) {}
  ~GeosPeer() {
    if (tree_) GEOSSTRtree_destroy_r(ctx_, tree_);
    for (auto* p : prepared_) GEOSPreparedGeom_destroy_r(ctx_, p);
    for (auto* g : geoms_) GEOSGeom_destroy_r(ctx_, g);
    GEOS_finish_r(ctx_);
  }

  // Adds a GeoJSON Polygon/MultiPolygon as item `id` (territories: 0..n-1; geofences: n + i).
  void Add(const nlohmann::json& geometry, int id) {
    std::vector<GEOSGeometry*> polygons;
    auto parts = geometry["type"] == "Polygon" ? nlohmann::json::array({geometry["coordinates"]})
                                               : geometry["coordinates"];
    for (const auto& rings : parts) AddPolygon(rings, &polygons);
    GEOSGeometry* g = GEOSGeom_createCollection_r(ctx_, GEOS_MULTIPOLYGON, polygons.data(),
                                                  static_cast<unsigned>(polygons.size()));
    geoms_.push_back(g);
    prepared_.push_back(GEOSPrepare_r(ctx_, g));
    ids_.push_back(id);
  }

  void Build() {
    tree_ = GEOSSTRtree_create_r(ctx_, 10);
    for (size_t i = 0; i < geoms_.size(); ++i) {
      GEOSSTRtree_insert_r(ctx_, tree_, geoms_[i], reinterpret_cast<void*>(i));
    }
  }

  // Items containing (lon, lat), sorted by id.
  void Locate(double lat, double lon, std::vector<int>* ids) {
    ids->clear();
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(ctx_, lon, lat);
    struct Ctx {
      GeosPeer* self;
      const GEOSGeometry* pt;
      std::vector<int>* ids;
    } c{this, pt, ids};
    GEOSSTRtree_query_r(
        ctx_, tree_, pt,
        [](void* item, void* user) {
          auto* c = static_cast<Ctx*>(user);
          const size_t i = reinterpret_cast<size_t>(item);
          if (GEOSPreparedContains_r(c->self->ctx_, c->self->prepared_[i], c->pt) == 1) {
            c->ids->push_back(c->self->ids_[i]);
          }
        },
        &c);
    GEOSGeom_destroy_r(ctx_, pt);
    std::sort(ids->begin(), ids->end());
  }

 private:
  // Planar rings in longitude/latitude. A ring crossing the antimeridian twice is shifted to
  // [0, 360) and added twice (also shifted by -360); a ring crossing once encloses a pole and is
  // closed along the pole's latitude.
  void AddPolygon(const nlohmann::json& rings, std::vector<GEOSGeometry*>* out) {
    auto jumps = [](const nlohmann::json& r) {
      int n = 0;
      for (size_t i = 0; i + 1 < r.size(); ++i) {
        n += std::abs(r[i][0].get<double>() - r[i + 1][0].get<double>()) > 180;
      }
      return n;
    };
    const int j = jumps(rings[0]);
    if (j == 2) {
      for (double shift : {0.0, -360.0}) out->push_back(MakePolygon(rings, true, shift));
    } else {
      out->push_back(MakePolygon(rings, false, 0.0));
    }
  }

  GEOSGeometry* MakeRing(const nlohmann::json& ring, bool wrap, double shift) {
    std::vector<std::pair<double, double>> pts;
    for (size_t i = 0; i < ring.size(); ++i) {
      double lon = ring[i][0].get<double>();
      const double lat = ring[i][1].get<double>();
      if (wrap && lon < 0) lon += 360;
      if (!pts.empty() && !wrap && std::abs(lon - pts.back().first) > 180) {
        // Single crossing: detour along the pole (south if the ring is in the south).
        const double pole = lat < 0 ? -90.0 : 90.0;
        const double from = pts.back().first > 0 ? 180.0 : -180.0;
        pts.emplace_back(from, pts.back().second);
        pts.emplace_back(from, pole);
        pts.emplace_back(-from, pole);
        pts.emplace_back(-from, lat);
      }
      pts.emplace_back(lon + shift, lat);
    }
    pts.back() = pts.front();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx_, static_cast<unsigned>(pts.size()), 2);
    for (size_t i = 0; i < pts.size(); ++i) {
      GEOSCoordSeq_setXY_r(ctx_, seq, static_cast<unsigned>(i), pts[i].first, pts[i].second);
    }
    return GEOSGeom_createLinearRing_r(ctx_, seq);
  }

  GEOSGeometry* MakePolygon(const nlohmann::json& rings, bool wrap, double shift) {
    GEOSGeometry* shell = MakeRing(rings[0], wrap, shift);
    std::vector<GEOSGeometry*> holes;
    for (size_t i = 1; i < rings.size(); ++i) holes.push_back(MakeRing(rings[i], wrap, shift));
    return GEOSGeom_createPolygon_r(ctx_, shell, holes.data(), static_cast<unsigned>(holes.size()));
  }

  GEOSContextHandle_t ctx_;
  std::vector<GEOSGeometry*> geoms_;
  std::vector<const GEOSPreparedGeometry*> prepared_;
  std::vector<int> ids_;
  GEOSSTRtree* tree_ = nullptr;
};

// ---- The shared world -------------------------------------------------------------------------

struct World {
  std::unique_ptr<Policy> policy;
  std::optional<Terminal> roam;
  std::vector<Point> uniform, border;
  GeosPeer geos;
  int num_territories = 0;

  World() {
    auto created = Policy::CreateDefault();
    if (!created.ok()) {
      std::fprintf(stderr, "%s\n", std::string(created.status().message()).c_str());
      std::exit(1);
    }
    policy = std::make_unique<Policy>(std::move(*created));
    std::mt19937_64 rng(kSeed);
    testing::AddRandomGeofences(*policy, rng, 100, 1, kT0);
    const int64_t next = testing::SetRandomStates(*policy, rng, 101, kT0);
    (void)policy->Apply(RegisterTerminal{"roam-1", TerminalKind::kRoam, 48.85, 2.35, ""}, next,
                        kT0);
    roam = policy->FindTerminal("roam-1");
    // Points.
    std::uniform_real_distribution<double> lon(-180.0, 180.0), speed(0.0, 200.0);
    for (size_t i = 0; i < kPoints; ++i) {
      uniform.push_back({testing::UniformLat(rng), lon(rng), speed(rng)});
    }
    testing::PointSampler sampler(*policy, kSeed + 1);
    for (size_t i = 0; i < kPoints; ++i) {
      const auto [la, lo] = sampler.Next();
      border.push_back({la, lo, speed(rng)});
    }
    // Warm the compiled territory index (built once per process).
    const auto& stats = policy->territories().cell_index().stats();
    std::printf(
        "compiled territory index: %lld cells (%lld boundary, %.2f%% of the area), %.1f MB, "
        "%.1f%% of table slots direct, built in %.2f s\n",
        static_cast<long long>(stats.cells), static_cast<long long>(stats.boundary_cells),
        100 * stats.boundary_area_fraction, stats.bytes / 1e6, 100 * stats.direct_slot_fraction,
        stats.build_seconds);
    for (const auto& [what, grid] : {std::pair<const char*, const geo::LatLngAnswerGrid*>{
                                         "territory", &policy->territories().answer_grid()},
                                     {"geofence", &policy->index().fence_grid()}}) {
      const auto& g = grid->stats();
      std::printf(
          "%s answer grid: %d cells/deg, %lld cells, %.2f%% mixed (%.2f%% of the area), %.2f MB, "
          "%lld "
          "components, built in %.2f s\n",
          what, grid->options().cells_per_degree, static_cast<long long>(g.cells),
          100.0 * g.mixed_cells / g.cells, 100 * g.mixed_area_fraction, g.bytes / 1e6,
          static_cast<long long>(g.components), g.build_seconds);
    }
    // The decision path's grids, now (decisions would otherwise start them in the background).
    policy->index().BuildGrids();
    // Which stage answers the uniform points: the grid cell, its quarter, the grid's exact
    // record, or the S2 cell index.
    for (const auto& [what, grid] : {std::pair<const char*, const geo::LatLngAnswerGrid*>{
                                         "territory", &policy->territories().answer_grid()},
                                     {"geofence", &policy->index().fence_grid()}}) {
      size_t by_cell = 0, by_quarter = 0, by_record = 0;
      for (const Point& pt : uniform) {
        if (grid->At(grid->CellOf(pt.lat, pt.lon)) != geo::LatLngAnswerGrid::kMixed) {
          ++by_cell;
        } else if (grid->QuarterAt(pt.lat, pt.lon) != geo::LatLngAnswerGrid::kMixed) {
          ++by_quarter;
        } else if (grid->LookupExact(pt.lat, pt.lon, geo::PointFromDegrees(pt.lat, pt.lon)) !=
                   geo::LatLngAnswerGrid::kMixed) {
          ++by_record;
        }
      }
      std::printf(
          "%s grid on uniform points: %.3f%% by cell, %.3f%% by quarter, %.3f%% by exact record, "
          "%.3f%% by the S2 cell index\n",
          what, 100.0 * by_cell / kPoints, 100.0 * by_quarter / kPoints,
          100.0 * by_record / kPoints,
          100.0 * (kPoints - by_cell - by_quarter - by_record) / kPoints);
    }
    // GEOS geometry from the same GeoJSON.
    std::ifstream in(std::string(LEOTWIN_SOURCE_DIR_FOR_BENCH) +
                     "/data/territories/countries.geojson");
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(text.str());
    num_territories = policy->territories().size();
    for (const auto& f : doc["features"]) {
      const int index = *policy->territories().Find(f["properties"]["iso_a2"].get<std::string>());
      geos.Add(f["geometry"], index);
    }
    const auto& fences = policy->index().geofences();
    for (size_t i = 0; i < fences.size(); ++i) {
      geos.Add(policy->FindGeofence(fences[i].id)->geometry, num_territories + static_cast<int>(i));
    }
    geos.Build();
  }
};

World& TheWorld() {
  static World* world = new World();
  return *world;
}

FastDecision DecideGeos(World& w, const Point& pt, std::vector<int>* ids,
                        std::vector<const CompiledGeofence*>* fences) {
  w.geos.Locate(pt.lat, pt.lon, ids);
  int territory = geo::TerritorySet::kOcean;
  fences->clear();
  const auto& all = w.policy->index().geofences();
  for (int id : *ids) {
    if (id < w.num_territories) {
      if (territory == geo::TerritorySet::kOcean) territory = id;
    } else {
      fences->push_back(&all[id - w.num_territories]);
    }
  }
  return DecideLocated(*w.policy, *w.roam, geo::PointFromDegrees(pt.lat, pt.lon), pt.speed,
                       kQueryTime, territory, *fences);
}

enum class Method { kIndex, kDirect, kGeos };

void BM_Decide(benchmark::State& state, Method method, bool border) {
  World& w = TheWorld();
  const std::vector<Point>& pts = border ? w.border : w.uniform;
  std::vector<int> ids;
  std::vector<const CompiledGeofence*> fences;
  size_t i = 0;
  for (auto _ : state) {
    const Point& pt = pts[i++ & (kPoints - 1)];
    FastDecision d;
    switch (method) {
      case Method::kIndex:
        d = Decide(*w.policy, *w.roam, pt.lat, pt.lon, pt.speed, kQueryTime);
        break;
      case Method::kDirect:
        d = Decide(*w.policy, *w.roam, pt.lat, pt.lon, pt.speed, kQueryTime, Evaluation::kDirect);
        break;
      case Method::kGeos:
        d = DecideGeos(w, pt, &ids, &fences);
        break;
    }
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// Cost breakdown of the compiled path on uniform points: 0 = degrees -> unit vector, 1 = + leaf
// cell id, 2 = + territory lookup, 3 = + geofence lookup.
void BM_Stage(benchmark::State& state) {
  World& w = TheWorld();
  const int stage = static_cast<int>(state.range(0));
  const CompiledIndex& index = w.policy->index();
  size_t i = 0;
  for (auto _ : state) {
    const Point& pt = w.uniform[i++ & (kPoints - 1)];
    const S2Point p = geo::PointFromDegrees(pt.lat, pt.lon);
    benchmark::DoNotOptimize(p);
    if (stage >= 1) {
      const S2CellId leaf = geo::LeafCellId(p);
      benchmark::DoNotOptimize(leaf);
      if (stage >= 2) benchmark::DoNotOptimize(index.Territory(p, leaf));
      if (stage >= 3) {
        int n = 0;
        index.VisitGeofences(p, leaf, [&](const CompiledGeofence&) {
          ++n;
          return true;
        });
        benchmark::DoNotOptimize(n);
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Stage)->DenseRange(0, 3);

BENCHMARK_CAPTURE(BM_Decide, index_uniform, Method::kIndex, false);
BENCHMARK_CAPTURE(BM_Decide, direct_s2_uniform, Method::kDirect, false);
BENCHMARK_CAPTURE(BM_Decide, geos_uniform, Method::kGeos, false);
BENCHMARK_CAPTURE(BM_Decide, index_border, Method::kIndex, true);
BENCHMARK_CAPTURE(BM_Decide, direct_s2_border, Method::kDirect, true);
BENCHMARK_CAPTURE(BM_Decide, geos_border, Method::kGeos, true);

// Digest of every decision of a method over a point set, and agreement with the compiled index.
uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}
uint64_t Key(const FastDecision& d) {
  return static_cast<uint64_t>(d.allowed) | static_cast<uint64_t>(d.reason) << 1 |
         static_cast<uint64_t>(d.rule) << 8 | static_cast<uint64_t>(d.territory + 1) << 16 |
         static_cast<uint64_t>(d.ledger_entry_id) << 32;
}

void PrintDigests() {
  World& w = TheWorld();
  std::vector<int> ids;
  std::vector<const CompiledGeofence*> fences;
  for (bool border : {false, true}) {
    const std::vector<Point>& pts = border ? w.border : w.uniform;
    uint64_t h_index = 0, h_direct = 0, h_geos = 0;
    size_t same_direct = 0, same_geos = 0, allowed = 0;
    for (const Point& pt : pts) {
      const FastDecision a = Decide(*w.policy, *w.roam, pt.lat, pt.lon, pt.speed, kQueryTime);
      const FastDecision b =
          Decide(*w.policy, *w.roam, pt.lat, pt.lon, pt.speed, kQueryTime, Evaluation::kDirect);
      const FastDecision c = DecideGeos(w, pt, &ids, &fences);
      h_index = Mix(h_index, Key(a));
      h_direct = Mix(h_direct, Key(b));
      h_geos = Mix(h_geos, Key(c));
      same_direct += Key(a) == Key(b);
      same_geos += Key(a) == Key(c);
      allowed += a.allowed;
    }
    std::printf(
        "digest %-7s points %zu seed %llu: index %016llx direct %016llx geos %016llx | "
        "allowed %zu | direct agrees %zu/%zu | geos agrees %zu/%zu (%.4f%%)\n",
        border ? "border" : "uniform", pts.size(), static_cast<unsigned long long>(kSeed),
        static_cast<unsigned long long>(h_index), static_cast<unsigned long long>(h_direct),
        static_cast<unsigned long long>(h_geos), allowed, same_direct, pts.size(), same_geos,
        pts.size(), 100.0 * same_geos / pts.size());
  }
}

// The index/GEOS ratio measured in alternation: each round times the index on a slice of
// points and GEOS on the first sixteenth of the same slice (it is ~20x slower: similar times),
// back to back, so a change in the machine's speed (these are shared VMs) affects both sides of a
// round's ratio alike. Prints the median, lowest and highest round ratio.
void PrintPairedRatios(int rounds) {
  World& w = TheWorld();
  constexpr size_t kIndexSlice = size_t{1} << 19, kGeosSlice = kIndexSlice / 16;
  std::vector<int> ids;
  std::vector<const CompiledGeofence*> fences;
  uint64_t sink = 0;
  for (bool border : {false, true}) {
    const std::vector<Point>& pts = border ? w.border : w.uniform;
    // Warm-up (the grids are built: see World).
    for (size_t i = 0; i < kIndexSlice; ++i) {
      sink += Key(Decide(*w.policy, *w.roam, pts[i].lat, pts[i].lon, pts[i].speed, kQueryTime));
    }
    std::vector<double> ratios, index_rates, geos_rates;
    for (int r = 0; r < rounds; ++r) {
      const Point* slice = pts.data() + (static_cast<size_t>(r) * kIndexSlice) % kPoints;
      const auto t0 = std::chrono::steady_clock::now();
      for (size_t i = 0; i < kIndexSlice; ++i) {
        const Point& pt = slice[i];
        sink += Key(Decide(*w.policy, *w.roam, pt.lat, pt.lon, pt.speed, kQueryTime));
      }
      const auto t1 = std::chrono::steady_clock::now();
      for (size_t i = 0; i < kGeosSlice; ++i) sink += Key(DecideGeos(w, slice[i], &ids, &fences));
      const auto t2 = std::chrono::steady_clock::now();
      const double index_rate = kIndexSlice / std::chrono::duration<double>(t1 - t0).count();
      const double geos_rate = kGeosSlice / std::chrono::duration<double>(t2 - t1).count();
      index_rates.push_back(index_rate);
      geos_rates.push_back(geos_rate);
      ratios.push_back(index_rate / geos_rate);
    }
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    std::printf(
        "paired %-7s (%d rounds of %zu points): index %.2f M decisions/s/core, geos %.0f k/s; "
        "index/geos median %.1fx (lowest %.1fx, highest %.1fx)\n",
        border ? "border" : "uniform", rounds, kIndexSlice, median(index_rates) / 1e6,
        median(geos_rates) / 1e3, median(ratios), *std::min_element(ratios.begin(), ratios.end()),
        *std::max_element(ratios.begin(), ratios.end()));
  }
  benchmark::DoNotOptimize(sink);
}

class RateCapture : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) rates[r.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates;
};

}  // namespace
}  // namespace leotwin::policy

int main(int argc, char** argv) {
  using leotwin::policy::RateCapture;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  leotwin::policy::TheWorld();
  RateCapture reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  // LEOTWIN_BENCH_NO_DIGEST=1 skips the digest pass (for profiling the timed loops alone).
  if (std::getenv("LEOTWIN_BENCH_NO_DIGEST") == nullptr) leotwin::policy::PrintDigests();
  // LEOTWIN_BENCH_PAIRED_ROUNDS=n (default 15; 0 skips): the alternating index/GEOS measurement.
  const char* rounds = std::getenv("LEOTWIN_BENCH_PAIRED_ROUNDS");
  const int paired_rounds = rounds == nullptr ? 15 : std::atoi(rounds);
  if (paired_rounds > 0) leotwin::policy::PrintPairedRatios(paired_rounds);
  for (const char* set : {"uniform", "border"}) {
    auto get = [&](const char* method) {
      // With --benchmark_repetitions, the median of the repetitions.
      const std::string name = fmt::format("BM_Decide/{}_{}", method, set);
      auto it = reporter.rates.find(name + "_median");
      if (it == reporter.rates.end()) it = reporter.rates.find(name);
      return it == reporter.rates.end() ? 0.0 : it->second;
    };
    const double index = get("index"), direct = get("direct_s2"), geos = get("geos");
    if (index > 0) {
      std::printf(
          "ratios %-7s: index %.2f M decisions/s/core; index/direct_s2 = %.1fx; "
          "index/geos = %.1fx (target >= 10 M/s and >= 20x)\n",
          set, index / 1e6, direct > 0 ? index / direct : 0.0, geos > 0 ? index / geos : 0.0);
    }
  }
  benchmark::Shutdown();
  return 0;
}
