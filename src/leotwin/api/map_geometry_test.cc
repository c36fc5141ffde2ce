#include "leotwin/api/map_geometry.h"

#include <gtest/gtest.h>

#include <cmath>

namespace leotwin::api {
namespace {

using nlohmann::json;

json Polygon(json rings) { return {{"type", "Polygon"}, {"coordinates", std::move(rings)}}; }

// The text forms, read back (they are what the server sends).
json UnwrapGeometry(const json& geometry) { return json::parse(UnwrapGeometryJson(geometry)); }
json OutlineGeometry(const json& geometry) { return json::parse(OutlineGeometryJson(geometry)); }

// Consecutive vertices more than 180 degrees of longitude apart, other than along a pole.
int Jumps(const json& ring) {
  int jumps = 0;
  for (size_t i = 1; i < ring.size(); ++i) {
    const bool along_pole =
        std::abs(ring[i][1].get<double>()) == 90 && std::abs(ring[i - 1][1].get<double>()) == 90;
    if (!along_pole && std::abs(ring[i][0].get<double>() - ring[i - 1][0].get<double>()) > 180) {
      ++jumps;
    }
  }
  return jumps;
}

TEST(MapGeometryTest, ARingAcrossTheAntimeridianStaysInOnePiece) {
  // Fiji-like: 170 E to 170 W. Stored, the ring jumps 340 degrees twice; unwrapped it spans
  // 20 degrees, shifted by a whole turn so that the middle of its span (180) is on the map.
  const json unwrapped =
      UnwrapGeometry(Polygon({{{170, -20}, {-170, -20}, {-170, -10}, {170, -10}, {170, -20}}}));
  const json expected = {{-190, -20}, {-170, -20}, {-170, -10}, {-190, -10}, {-190, -20}};
  EXPECT_EQ(unwrapped["coordinates"][0], expected);
  EXPECT_EQ(unwrapped["type"], "Polygon");
}

TEST(MapGeometryTest, AnOrdinaryRingIsLeftWhereItIs) {
  const json ring = {{2, 48}, {3, 48}, {3, 49}, {2, 49}, {2, 48}};
  EXPECT_EQ(UnwrapGeometry(Polygon({ring}))["coordinates"][0], ring);
}

TEST(MapGeometryTest, ARingAroundTheSouthPoleIsClosedThroughThePole) {
  // Antarctica-like: once around the pole at 70 S. Stored, the edge from 270 E (-90) back to 0
  // is ordinary, but the ring winds once around: unwrapped it runs 0, 90, 180, 270, and it is
  // closed along the map's edge at 90 S: (360, -70), (360, -90), (0, -90), then shifted a turn
  // west so that its span is centred.
  const json unwrapped =
      UnwrapGeometry(Polygon({{{0, -70}, {90, -70}, {180, -70}, {-90, -70}, {0, -70}}}));
  const json expected = {{-360, -70}, {-270, -70}, {-180, -70}, {-90, -70},
                         {0, -70},    {0, -90},    {-360, -90}, {-360, -70}};
  EXPECT_EQ(unwrapped["coordinates"][0], expected);
  EXPECT_EQ(Jumps(unwrapped["coordinates"][0]), 0);
  // Its border stops at the ring's own vertices: no line along the map's edge or down the
  // antimeridian.
  const json border =
      OutlineGeometry(Polygon({{{0, -70}, {90, -70}, {180, -70}, {-90, -70}, {0, -70}}}));
  ASSERT_EQ(border["type"], "MultiLineString");
  const json expected_border = {{-360, -70}, {-270, -70}, {-180, -70}, {-90, -70}, {0, -70}};
  EXPECT_EQ(border["coordinates"][0], expected_border);
}

TEST(MapGeometryTest, AHoleFollowsItsExteriorRing) {
  // An exterior ring from 160 E to 170 W: unwrapped 160..190, the middle of its span (175) is on
  // the map, so it stays east of 180. A hole at 175 W alone would stay at -176..-174: it moves a
  // turn east, inside its ring.
  const json rings = {{{160, 0}, {-170, 0}, {-170, 10}, {160, 10}, {160, 0}},
                      {{-176, 4}, {-174, 4}, {-174, 6}, {-176, 6}, {-176, 4}}};
  const json unwrapped = UnwrapGeometry(Polygon(rings))["coordinates"];
  EXPECT_EQ(unwrapped[0][1], json({190, 0}));
  EXPECT_EQ(unwrapped[1][0], json({184, 4}));
  const json border = OutlineGeometry({{"type", "MultiPolygon"}, {"coordinates", {rings}}});
  EXPECT_EQ(border["coordinates"][1], unwrapped[1]);  // Its border moved alike.
}

TEST(MapGeometryTest, LinesAndCollectionsAreUnwrappedAndOtherValuesLeftAlone) {
  const json line = {{"type", "LineString"}, {"coordinates", {{179, 0}, {-179, 1}}}};
  EXPECT_EQ(UnwrapGeometry(line)["coordinates"], json({{179, 0}, {181, 1}}));
  const json collection = {{"type", "GeometryCollection"}, {"geometries", {line}}};
  EXPECT_EQ(UnwrapGeometry(collection)["geometries"][0]["coordinates"][1], json({181, 1}));
  const json point = {{"type", "Point"}, {"coordinates", {-179, 0}}};
  EXPECT_EQ(UnwrapGeometry(point), point);
  EXPECT_EQ(UnwrapGeometry(nullptr), nullptr);
  EXPECT_TRUE(OutlineGeometry(line).is_null());
  EXPECT_TRUE(OutlineGeometry(point).is_null());
  // Malformed coordinates give empty rings, never a crash.
  EXPECT_NO_THROW(UnwrapGeometry({{"type", "Polygon"}, {"coordinates", "x"}}));
  EXPECT_NO_THROW(OutlineGeometry({{"type", "MultiPolygon"}, {"coordinates", {{{1}}, 2}}}));
}

}  // namespace
}  // namespace leotwin::api
