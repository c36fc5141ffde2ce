#include "leotwin/geo/region.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "leotwin/geo/cell_index.h"
#include "leotwin/geo/territories.h"
#include "s2/s2coords_internal.h"

namespace leotwin::geo {
namespace {

using ::testing::HasSubstr;

nlohmann::json Poly(std::vector<std::vector<std::pair<double, double>>> rings) {
  nlohmann::json coords = nlohmann::json::array();
  for (const auto& r : rings) {
    nlohmann::json ring = nlohmann::json::array();
    for (const auto& [lon, lat] : r) ring.push_back({lon, lat});
    coords.push_back(ring);
  }
  return {{"type", "Polygon"}, {"coordinates", coords}};
}

std::unique_ptr<S2Polygon> MustParse(const nlohmann::json& g) {
  auto p = PolygonFromGeoJson(g, "test");
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? std::move(*p) : nullptr;
}

std::string ErrorOf(const nlohmann::json& g) {
  auto p = PolygonFromGeoJson(g, "feature 7 (id \"X\")");
  EXPECT_FALSE(p.ok());
  return p.ok() ? "" : std::string(p.status().message());
}

bool In(const S2Polygon& p, double lat, double lon) {
  return p.Contains(PointFromDegrees(lat, lon));
}

const std::vector<std::pair<double, double>> kSquare = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};

TEST(GeoJson, NumberOverflowIsAnErrorNotAnException) {
  // Found by fuzzing: nlohmann throws out_of_range (not parse_error) for 1e999.
  auto parsed = ParseGeoJsonFeatures(
      R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e999,0]}})",
      "big.geojson");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("big.geojson"));
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("number overflow"));
}

TEST(GeoJson, SquareContainsItsInsideOnly) {
  auto p = MustParse(Poly({kSquare}));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(In(*p, 5, 5));
  EXPECT_FALSE(In(*p, -1, 5));
  EXPECT_FALSE(In(*p, 5, 11));
}

TEST(GeoJson, WindingOrderDoesNotMatter) {
  std::vector<std::pair<double, double>> cw(kSquare.rbegin(), kSquare.rend());
  auto a = MustParse(Poly({kSquare}));
  auto b = MustParse(Poly({cw}));
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->Contains(*b));
  EXPECT_TRUE(b->Contains(*a));
  EXPECT_TRUE(In(*b, 5, 5));
  EXPECT_FALSE(In(*b, -45, 100));
}

TEST(GeoJson, HoleIsExcluded) {
  auto p = MustParse(Poly({kSquare, {{4, 4}, {4, 6}, {6, 6}, {6, 4}, {4, 4}}}));
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(In(*p, 5, 5));
  EXPECT_TRUE(In(*p, 2, 2));
}

TEST(GeoJson, RingAcrossTheAntimeridianTakesTheShortWay) {
  auto p = MustParse(Poly({{{179, -1}, {-179, -1}, {-179, 1}, {179, 1}, {179, -1}}}));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(In(*p, 0, 180));
  EXPECT_TRUE(In(*p, 0.5, 179.5));
  EXPECT_TRUE(In(*p, 0.5, -179.5));
  EXPECT_FALSE(In(*p, 0, 0));
  EXPECT_LT(p->GetArea(), 0.01);
}

TEST(GeoJson, PartsSplitAtTheAntimeridianAreMerged) {
  nlohmann::json g = {{"type", "MultiPolygon"},
                      {"coordinates",
                       {{{{170, -5}, {180, -5}, {180, 5}, {170, 5}, {170, -5}}},
                        {{{-180, -5}, {-170, -5}, {-170, 5}, {-180, 5}, {-180, -5}}}}}};
  auto p = MustParse(g);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->num_loops(), 1);  // the shared edge along 180 cancelled
  EXPECT_TRUE(In(*p, 0, 180));
  EXPECT_TRUE(In(*p, 1, -175));
  EXPECT_TRUE(In(*p, 1, 175));
}

TEST(GeoJson, LongitudeMinus180And180AreTheSamePoint) {
  EXPECT_EQ(PointFromDegrees(12.5, -180), PointFromDegrees(12.5, 180));
}

TEST(GeoJson, PolarCapRingContainsThePole) {
  std::vector<std::pair<double, double>> ring;
  for (int lon = -180; lon < 180; lon += 10) ring.emplace_back(lon, 80);
  ring.emplace_back(-180, 80);
  auto p = MustParse(Poly({ring}));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(In(*p, 90, 0));
  EXPECT_TRUE(In(*p, 85, 123));
  EXPECT_FALSE(In(*p, 70, 0));
}

TEST(GeoJson, AntarcticaStyleCutToThePoleIsRemoved) {
  // Natural Earth draws Antarctica as a ring that runs down the antimeridian to the pole.
  std::vector<std::pair<double, double>> ring = {{-180, -80}, {-90, -80}, {0, -80},   {90, -80},
                                                 {180, -80},  {180, -85}, {180, -90}, {-180, -90},
                                                 {-180, -85}, {-180, -80}};
  auto p = MustParse(Poly({ring}));
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(In(*p, -90, 0));
  EXPECT_TRUE(In(*p, -85, 45));
  EXPECT_FALSE(In(*p, -60, 45));
}

TEST(GeoJson, RejectsUnclosedRing) {
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {10, 0}, {10, 10}, {0, 10}}})), HasSubstr("not closed"));
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 1}}})),
              HasSubstr("feature 7 (id \"X\") polygon ring 0: ring is not closed"));
}

TEST(GeoJson, RejectsDegenerateRings) {
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {10, 0}, {0, 0}}})), HasSubstr("at least 4"));
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {10, 0}, {10, 0}, {0, 0}}})),
              HasSubstr("fewer than 3 distinct"));
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {5, 0}, {10, 0}, {0, 0}}})),
              testing::AnyOf(HasSubstr("no area"), HasSubstr("invalid ring")));
}

TEST(GeoJson, RejectsSelfIntersection) {
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}})),
              HasSubstr("invalid ring"));
}

TEST(GeoJson, RejectsOutOfRangeAndNonNumbers) {
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {10, 0}, {10, 91}, {0, 10}, {0, 0}}})),
              HasSubstr("position 2: latitude 91 outside [-90, 90]"));
  EXPECT_THAT(ErrorOf(Poly({{{0, 0}, {181, 0}, {10, 10}, {0, 10}, {0, 0}}})),
              HasSubstr("longitude 181"));
  nlohmann::json g = Poly({kSquare});
  g["coordinates"][0][1][0] = "ten";
  EXPECT_THAT(ErrorOf(g), HasSubstr("position 1: element 0 is not a number"));
  g = Poly({kSquare});
  g["coordinates"][0][1] = {1};
  EXPECT_THAT(ErrorOf(g), HasSubstr("expected [lon, lat]"));
}

TEST(GeoJson, RejectsWrongTypes) {
  EXPECT_THAT(ErrorOf({{"type", "LineString"}, {"coordinates", {{0, 0}, {1, 1}}}}),
              HasSubstr("\"LineString\" is not Polygon or MultiPolygon"));
  EXPECT_THAT(ErrorOf(nlohmann::json::array()), HasSubstr("must be an object"));
  EXPECT_THAT(ErrorOf({{"type", "Polygon"}}), HasSubstr("coordinates"));
  EXPECT_THAT(ErrorOf({{"type", "Polygon"}, {"coordinates", {}}, {"extra", 1}}),
              HasSubstr("unknown member \"extra\""));
  EXPECT_THAT(ErrorOf({{"type", "Polygon"}, {"coordinates", nlohmann::json::array()}}),
              HasSubstr("no rings"));
}

TEST(GeoJson, RejectsBadHoles) {
  EXPECT_THAT(ErrorOf(Poly({kSquare, {{20, 20}, {21, 20}, {21, 21}, {20, 21}, {20, 20}}})),
              HasSubstr("not inside the exterior"));
  EXPECT_THAT(ErrorOf(Poly({kSquare,
                            {{2, 2}, {6, 2}, {6, 6}, {2, 6}, {2, 2}},
                            {{4, 4}, {8, 4}, {8, 8}, {4, 8}, {4, 4}}})),
              HasSubstr("holes (rings 1 and 2) overlap"));
  EXPECT_THAT(ErrorOf(Poly({kSquare, {{-2, 2}, {6, 2}, {6, 6}, {-2, 6}, {-2, 2}}})),
              HasSubstr("ring 1"));
}

TEST(GeoJson, RejectsOverlappingParts) {
  nlohmann::json g = {{"type", "MultiPolygon"},
                      {"coordinates",
                       {{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}},
                        {{{5, 5}, {15, 5}, {15, 15}, {5, 15}, {5, 5}}}}}};
  EXPECT_THAT(ErrorOf(g), HasSubstr("overlap"));
  nlohmann::json nested = {{"type", "MultiPolygon"},
                           {"coordinates",
                            {{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}},
                             {{{2, 2}, {3, 2}, {3, 3}, {2, 3}, {2, 2}}}}}};
  EXPECT_THAT(ErrorOf(nested), HasSubstr("overlap"));
}

TEST(GeoJson, FeatureCollectionErrorsNameTheFeature) {
  const std::string text = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","id":"ok","properties":{},"geometry":{"type":"Polygon",
      "coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
    {"type":"Feature","id":"bad","properties":{},"geometry":{"type":"Polygon",
      "coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]})";
  auto r = ParseGeoJsonFeatures(text, "zones.geojson");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("zones.geojson: feature 1 (id \"bad\") polygon ring 0"));
  auto syntax = ParseGeoJsonFeatures("{\"type\": [", "x.geojson");
  ASSERT_FALSE(syntax.ok());
  EXPECT_THAT(std::string(syntax.status().message()), HasSubstr("x.geojson:1:11: invalid JSON"));
  auto null_geometry =
      ParseGeoJsonFeatures(R"({"type":"Feature","properties":null,"geometry":null})", "f");
  EXPECT_FALSE(null_geometry.ok());
}

TEST(GeoJson, ParsesAllThreeTopLevelForms) {
  const std::string geom = R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]})";
  EXPECT_TRUE(ParseGeoJsonFeatures(geom, "g").ok());
  EXPECT_TRUE(
      ParseGeoJsonFeatures(R"({"type":"Feature","properties":{},"geometry":)" + geom + "}", "f")
          .ok());
  auto fc = ParseGeoJsonFeatures(
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":)" +
          geom + "}]}",
      "fc");
  ASSERT_TRUE(fc.ok());
  EXPECT_EQ(fc->size(), 1u);
}

}  // namespace
}  // namespace leotwin::geo

namespace leotwin::geo {
namespace {

TEST(LeafCellId, CurveTablesMatchS2) {
  for (int o = 0; o < 4; ++o) {
    for (int ij = 0; ij < 4; ++ij)
      EXPECT_EQ(internal::kIJtoPos[o][ij], S2::internal::kIJtoPos[o][ij]);
    EXPECT_EQ(internal::kPosToOrientation[o], S2::internal::kPosToOrientation[o]);
  }
}

// The inline leaf cell id equals S2's on random points, points on cube-face edges and corners,
// and points close to them.
TEST(LeafCellId, EqualsS2CellIdEverywhere) {
  const uint64_t seed = 7;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  int mismatches = 0;
  auto check = [&](const S2Point& p) {
    if (LeafCellId(p) != S2CellId(p) && mismatches++ < 5) {
      ADD_FAILURE() << "seed " << seed << " point " << p;
    }
  };
  for (int i = 0; i < 200000; ++i) {
    S2Point p(u(rng), u(rng), u(rng));
    if (p.Norm2() < 1e-6) continue;
    check(p.Normalize());
    // Snap one or two coordinates to a face boundary (|x| == |y| etc.) and nudge.
    S2Point q = p.Normalize();
    q[1] = std::copysign(std::abs(q[0]), q[1]);
    check(q.Normalize());
    q[2] = std::copysign(std::abs(q[0]), q[2]);
    check(q.Normalize());
    check((q + S2Point(1e-16, -1e-16, 1e-16)).Normalize());
  }
  for (const S2Point& p : {S2Point(1, 0, 0), S2Point(0, 1, 0), S2Point(0, 0, 1), S2Point(-1, 0, 0),
                           S2Point(0, -1, 0), S2Point(0, 0, -1)}) {
    check(p);
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace leotwin::geo
