#include "leotwin/geo/territories.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "leotwin/base/check.h"
#include "s2/s2earth.h"

namespace leotwin::geo {
namespace {

class TerritoriesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto set = TerritorySet::Default();
    ASSERT_TRUE(set.ok()) << set.status();
    set_ = *set;
    const auto& stats = set_->cell_index().stats();
    std::printf(
        "compiled territory index: %lld cells (%lld boundary), %lld items, %.1f MB, "
        "built in %.2f s\n",
        static_cast<long long>(stats.cells), static_cast<long long>(stats.boundary_cells),
        static_cast<long long>(stats.items), stats.bytes / 1e6, stats.build_seconds);
  }
  static std::string At(double lat, double lon) {
    const int i = set_->LocateDirect(lat, lon);
    return i == TerritorySet::kOcean ? "ocean" : set_->at(i).iso_a2;
  }
  static std::shared_ptr<const TerritorySet> set_;
};
std::shared_ptr<const TerritorySet> TerritoriesTest::set_;

TEST_F(TerritoriesTest, LoadsEveryNaturalEarthFeatureWithCodes) {
  EXPECT_EQ(set_->size(), 241);
  ASSERT_TRUE(set_->Find("UA").has_value());
  EXPECT_EQ(set_->Find("ukr"), set_->Find("UA"));
  EXPECT_EQ(set_->at(*set_->Find("UA")).iso_numeric, 804);
  EXPECT_EQ(set_->at(*set_->Find("XKX")).name, "Kosovo");
  EXPECT_TRUE(set_->at(*set_->Find("XK")).user_assigned);
  EXPECT_FALSE(set_->Find("QQ").has_value());
}

// Places with published coordinates, well inside their territory at 1:50m resolution.
TEST_F(TerritoriesTest, KnownPlaces) {
  EXPECT_EQ(At(50.45, 30.52), "UA");     // Kyiv
  EXPECT_EQ(At(48.8566, 2.3522), "FR");  // Paris
  EXPECT_EQ(At(-29.31, 27.48), "LS");    // Maseru: Lesotho is a hole in South Africa
  EXPECT_EQ(At(-26.2, 28.05), "ZA");     // Johannesburg
  EXPECT_EQ(At(45.46, 9.19), "IT");      // Milan
  EXPECT_EQ(At(42.66, 21.17), "XK");     // Pristina
  EXPECT_EQ(At(35.18, 33.36), "XC");     // North Nicosia
  EXPECT_EQ(At(9.56, 44.06), "XS");      // Hargeisa
  EXPECT_EQ(At(-10.49, 105.63), "CX");   // Christmas Island
  EXPECT_EQ(At(19.6, -155.5), "US");     // Hawaii, Big Island
  EXPECT_EQ(At(39.74, -104.99), "US");   // Denver
  EXPECT_EQ(At(-15.79, -47.88), "BR");   // Brasilia
  EXPECT_EQ(At(39.9, 116.4), "CN");      // Beijing
  EXPECT_EQ(At(71.0, -42.0), "GL");      // Greenland ice sheet
  EXPECT_EQ(At(-54.8, -68.3), "AR");     // Ushuaia
  // Natural Earth shows de facto control: Crimea (Simferopol) is drawn as part of Russia in this
  // edition. Documented in data/territories/PROVENANCE.md; this test notices a data change.
  EXPECT_EQ(At(44.95, 34.10), "RU");
}

TEST_F(TerritoriesTest, AntimeridianAndPoles) {
  EXPECT_EQ(At(66.0, 172.0), "RU");   // Chukotka, east of 180
  EXPECT_EQ(At(66.0, -173.0), "RU");  // Chukotka, west of 180
  EXPECT_EQ(At(-16.5, 179.5), "FJ");  // Vanua Levu
  EXPECT_EQ(At(-90.0, 0.0), "AQ");    // South Pole
  EXPECT_EQ(At(-85.0, 45.0), "AQ");
  EXPECT_EQ(At(-80.0, -120.0), "AQ");
  EXPECT_EQ(At(90.0, 0.0), "ocean");        // North Pole: Arctic Ocean
  EXPECT_EQ(At(30.0, -40.0), "ocean");      // mid-Atlantic
  EXPECT_EQ(At(-48.88, -123.39), "ocean");  // Point Nemo
}

// Published total areas (CIA World Factbook, km2, land + inland water). Natural Earth 1:50m on a
// sphere of mean radius agrees within a few percent (generalisation, spherical vs ellipsoidal).
TEST_F(TerritoriesTest, AreasMatchPublishedValues) {
  const std::vector<std::pair<std::string, double>> published = {{"RU", 17098242}, {"BR", 8515770},
                                                                 {"AU", 7741220},  {"IN", 3287263},
                                                                 {"FR", 643801},   {"DZ", 2381741}};
  for (const auto& [iso, km2] : published) {
    const auto& t = set_->at(*set_->Find(iso));
    const double area = t.region->polygon().GetArea() * S2Earth::RadiusKm() * S2Earth::RadiusKm();
    EXPECT_NEAR(area / km2, 1.0, 0.04) << iso << " area " << area;
  }
}

// Territories never overlap: no random point is inside two of them, and the compiled index
// agrees with the direct evaluation.
TEST_F(TerritoriesTest, DisjointAndCompiledAgreesWithDirect) {
  const uint64_t seed = 20250923;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::uniform_real_distribution<double> lon(-180.0, 180.0);
  int overlaps = 0, mismatches = 0, land = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double lat = std::asin(u(rng)) * 180.0 / M_PI;
    const S2Point p = PointFromDegrees(lat, lon(rng));
    int count = 0;
    for (int t = 0; t < set_->size(); ++t) count += set_->at(t).region->Contains(p);
    overlaps += count > 1;
    const int direct = set_->LocateDirect(p);
    land += direct != TerritorySet::kOcean;
    mismatches += set_->Locate(p) != direct;
  }
  EXPECT_EQ(overlaps, 0) << "seed " << seed;
  EXPECT_EQ(mismatches, 0) << "seed " << seed;
  // Land (with Antarctica) is about 29% of the Earth's surface.
  EXPECT_NEAR(static_cast<double>(land) / n, 0.29, 0.02) << "seed " << seed;
}

TEST(TerritorySetFromGeoJson, RejectsBadProperties) {
  const std::string geom =
      R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})";
  auto missing = TerritorySet::FromGeoJson(
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a2":"AA"},)" +
          geom + "}]}",
      "t.geojson");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("t.geojson: feature 0: property \"iso_a3\""),
            std::string::npos)
      << missing.status();
  auto dup = TerritorySet::FromGeoJson(
      R"({"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"iso_a2":"AA","iso_a3":"AAA","name":"a"},)" +
          geom + R"(},
        {"type":"Feature","properties":{"iso_a2":"AA","iso_a3":"AAB","name":"b"},)" +
          geom + "}]}",
      "t.geojson");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("duplicate territory code"), std::string::npos);
}

// The REQUIRES of LocateDirect are checked in the dev preset: a latitude past the pole, a
// non-finite longitude or a point off the unit sphere is a caller's bug, not "ocean".
TEST(TerritorySetDeathTest, LocateDirectOutsideItsContractAborts) {
  const auto set = TerritorySet::FromGeoJson(
      R"({"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"iso_a2":"AA","iso_a3":"AAA","name":"a"},
        "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]})",
      "t.geojson");
  ASSERT_TRUE(set.ok()) << set.status();
  // Inside the contract: a point in the square, one at the pole, one at a wrapped longitude.
  EXPECT_EQ((*set)->LocateDirect(0.5, 0.5), 0);
  EXPECT_EQ((*set)->LocateDirect(90.0, 0.0), TerritorySet::kOcean);
  EXPECT_EQ((*set)->LocateDirect(0.5, 360.5), 0);
#if LEOTWIN_DCHECKS
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH((*set)->LocateDirect(90.5, 0.0), "contract violated: std::fabs\\(lat_deg\\) <= 90");
  EXPECT_DEATH((*set)->LocateDirect(0.5, std::nan("")), "contract violated: std::isfinite");
  EXPECT_DEATH((*set)->LocateDirect(S2Point(2, 0, 0)), "contract violated: S2::IsUnitLength");
#else
  GTEST_SKIP() << "LEOTWIN_DCHECKS is off in this build (release)";
#endif
}

}  // namespace
}  // namespace leotwin::geo
