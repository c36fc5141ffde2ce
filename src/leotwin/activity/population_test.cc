#include "leotwin/activity/population.h"

#include <cmath>

#include "gtest/gtest.h"
#include "leotwin/base/constants.h"
#include "s2/s2latlng.h"

namespace leotwin::activity {
namespace {

std::vector<City> ThreeCities() {
  return {{"Big", "FR", 48.85, 2.35, 3'000'000},
          {"Small", "DE", 52.5, 13.4, 1'000'000},
          {"Nowhere", "XX", 0, 0, 0}};  // Population 0: never chosen.
}

TEST(PopulationTest, DeterministicAndPrefixStable) {
  PopulationOptions o;
  o.terminals = 2000;
  o.seed = 42;
  auto a = GeneratePopulation(ThreeCities(), o);
  auto b = GeneratePopulation(ThreeCities(), o);
  o.terminals = 3000;
  auto c = GeneratePopulation(ThreeCities(), o);
  o.seed = 43;
  auto d = GeneratePopulation(ThreeCities(), o);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && d.ok());
  size_t same_as_other_seed = 0;
  for (size_t i = 0; i < a->terminals.size(); ++i) {
    EXPECT_EQ(a->terminals[i].leaf, b->terminals[i].leaf);
    EXPECT_EQ(a->terminals[i].leaf, c->terminals[i].leaf);  // First n of a larger population.
    same_as_other_seed += a->terminals[i].leaf == d->terminals[i].leaf;
  }
  EXPECT_EQ(same_as_other_seed, 0u);
  EXPECT_EQ(a->TerminalId(7), "syn-42-7");
}

TEST(PopulationTest, WeightedByCityPopulationAndPlacedAroundIt) {
  PopulationOptions o;
  o.terminals = 40000;
  o.seed = 5;
  o.rural_share = 0.0;
  o.roam_share = 0.25;
  auto p = GeneratePopulation(ThreeCities(), o);
  ASSERT_TRUE(p.ok());
  int64_t big = 0, roam = 0;
  double max_km_big = 0;
  const S2LatLng centre = S2LatLng::FromDegrees(48.85, 2.35);
  for (const SyntheticTerminal& t : p->terminals) {
    ASSERT_NE(t.city, 2);
    roam += t.kind == policy::TerminalKind::kRoam;
    EXPECT_EQ(t.leaf, S2CellId(S2LatLng::FromDegrees(t.lat_deg, t.lon_deg)));
    if (t.city == 0) {
      ++big;
      max_km_big = std::max(
          max_km_big, centre.GetDistance(S2LatLng::FromDegrees(t.lat_deg, t.lon_deg)).radians() *
                          kEarthMeanRadiusKm);
    }
  }
  // Expected share 0.75; binomial sd = sqrt(0.75 * 0.25 / 40000) = 0.0022.
  EXPECT_NEAR(static_cast<double>(big) / o.terminals, 0.75, 0.011);
  EXPECT_NEAR(static_cast<double>(roam) / o.terminals, 0.25, 0.011);
  // Urban sigma for 3M: 2 + 4 sqrt(3) = 8.9 km per axis; 6 sigma radius ~ 55 km.
  EXPECT_LT(max_km_big, 60.0);
  EXPECT_GT(max_km_big, 20.0);
}

TEST(PopulationTest, RejectsBadInput) {
  PopulationOptions o;
  o.terminals = 0;
  EXPECT_FALSE(GeneratePopulation(ThreeCities(), o).ok());
  o.terminals = 10;
  o.rural_share = 1.5;
  EXPECT_FALSE(GeneratePopulation(ThreeCities(), o).ok());
  o.rural_share = 0.3;
  EXPECT_FALSE(GeneratePopulation({{"x", "", 95, 0, 10}}, o).ok());
  EXPECT_FALSE(GeneratePopulation({{"x", "", 0, 0, 0}}, o).ok());
  EXPECT_FALSE(GeneratePopulation({}, o).ok());
  EXPECT_FALSE(GeneratePopulation({{"x", "", std::nan(""), 0, 10}}, o).ok());
}

}  // namespace
}  // namespace leotwin::activity
