// Differential test: the compiled cell index, and the latitude/longitude answer grids in front of
// it, give the same answers as direct S2 polygon evaluation, on a million seeded random points
// (LEOTWIN_DIFF_POINTS overrides the count) over the Natural Earth territories plus 100 random
// geofences, 60% of them within 1 m of a territory or geofence boundary (or exactly on a vertex).
#include "leotwin/policy/compiled_index.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "leotwin/policy/testing/random_policy.h"

namespace leotwin::policy {
namespace {

TEST(CompiledIndex, SameAnswersAsDirectPolygonEvaluation) {
  const uint64_t seed = std::getenv("LEOTWIN_SEED")
                            ? std::strtoull(std::getenv("LEOTWIN_SEED"), nullptr, 10)
                            : 20260101;
  const int64_t n = std::getenv("LEOTWIN_DIFF_POINTS")
                        ? std::strtoll(std::getenv("LEOTWIN_DIFF_POINTS"), nullptr, 10)
                        : 1'000'000;
  std::printf("seed %llu (rerun with LEOTWIN_SEED=%llu), %lld points\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
              static_cast<long long>(n));
  auto created = Policy::CreateDefault();
  ASSERT_TRUE(created.ok()) << created.status();
  Policy policy = std::move(*created);
  std::mt19937_64 rng(seed);
  const SimTime t0 = SimTime::FromCivil(2026, 1, 1);
  testing::AddRandomGeofences(policy, rng, 100, 1, t0);
  ASSERT_EQ(policy.geofences().size(), 100u);
  const int64_t next = testing::SetRandomStates(policy, rng, 101, t0);
  const std::vector<std::string> kinds = {"fixed", "roam", "maritime", "aviation", "government"};
  for (int k = 0; k < 5; ++k) {
    RegisterTerminal r{kinds[k], static_cast<TerminalKind>(k), 48.0, 38.0, ""};
    ASSERT_TRUE(policy.Apply(r, next + k, t0).ok());
  }

  const CompiledIndex& index = policy.index();
  testing::PointSampler sampler(policy, seed ^ 0x9e3779b97f4a7c15ull);
  std::vector<int> direct_fences, compiled_fences, grid_fences;
  int64_t territory_mismatch = 0, fence_mismatch = 0, decision_mismatch = 0, land = 0;
  int64_t fence_hits = 0, decisions = 0;
  int reported = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    const auto [lat, lon] = sampler.Next();
    const S2Point p = geo::PointFromDegrees(lat, lon);
    const S2CellId leaf(p);
    const int compiled = index.Territory(p, leaf);
    const int direct = index.TerritoryDirect(p);
    land += direct != geo::TerritorySet::kOcean;
    compiled_fences.clear();
    direct_fences.clear();
    index.VisitGeofences(p, leaf, [&](const CompiledGeofence& g) {
      compiled_fences.push_back(static_cast<int>(g.ledger_entry_id));
      return true;
    });
    index.VisitGeofencesDirect(p, [&](const CompiledGeofence& g) {
      direct_fences.push_back(static_cast<int>(g.ledger_entry_id));
      return true;
    });
    // The decision path: latitude/longitude answer grids in front of the cell indexes (built
    // in the background after the first kDecisionsBeforeGrids lookups; here, at point 1000).
    grid_fences.clear();
    if (i == 1000) index.BuildGrids();
    const int grid =
        index.LocateDegrees(lat, geo::WrapLongitude(lon), [&](const CompiledGeofence& g) {
          grid_fences.push_back(static_cast<int>(g.ledger_entry_id));
          return true;
        });
    fence_hits += !direct_fences.empty();
    const bool bad_territory = compiled != direct || grid != direct;
    const bool bad_fences = compiled_fences != direct_fences || grid_fences != direct_fences;
    territory_mismatch += bad_territory;
    fence_mismatch += bad_fences;
    if ((bad_territory || bad_fences) && reported++ < 10) {
      ADD_FAILURE() << fmt::format(
          "point {} ({:.17g}, {:.17g}): territory {} (grid {}) vs direct {}, {} (grid {}) vs {} "
          "fences",
          i, lat, lon, compiled, grid, direct, compiled_fences.size(), grid_fences.size(),
          direct_fences.size());
    }
    // Whole decisions (with their messages) on a subset: every 16th point, random kind/time/speed.
    if (i % 16 == 0) {
      const std::string& kind = kinds[i / 16 % 5];
      const SimTime t = t0 + static_cast<int64_t>((i / 80) % 12) * SimTime::kNanosPerDay;
      const double speed = static_cast<double>(i % 250);
      const Decision a = Authorize(policy, kind, lat, lon, speed, t, Evaluation::kCompiledIndex);
      const Decision b = Authorize(policy, kind, lat, lon, speed, t, Evaluation::kDirect);
      ++decisions;
      if (a.allowed != b.allowed || a.reason != b.reason || a.rule_id != b.rule_id ||
          a.ledger_entry_id != b.ledger_entry_id || a.message != b.message) {
        ++decision_mismatch;
        if (reported++ < 10) ADD_FAILURE() << a.message << " vs " << b.message;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%lld points in %.1f s: %lld on land, %lld inside a geofence, %lld decisions; "
      "mismatches: territory %lld, geofences %lld, decisions %lld\n",
      static_cast<long long>(n), seconds, static_cast<long long>(land),
      static_cast<long long>(fence_hits), static_cast<long long>(decisions),
      static_cast<long long>(territory_mismatch), static_cast<long long>(fence_mismatch),
      static_cast<long long>(decision_mismatch));
  EXPECT_EQ(territory_mismatch, 0) << "seed " << seed;
  EXPECT_EQ(fence_mismatch, 0) << "seed " << seed;
  EXPECT_EQ(decision_mismatch, 0) << "seed " << seed;
  // The sampler really exercised borders and fences.
  EXPECT_GT(fence_hits, n / 50);
  EXPECT_GT(land, n / 5);
}

}  // namespace
}  // namespace leotwin::policy
