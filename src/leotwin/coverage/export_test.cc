#include "leotwin/coverage/export.h"

#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "s2/s2cell.h"
#include "s2/s2latlng.h"
#include "s2/s2loop.h"

namespace leotwin::coverage {
namespace {

// Area on the unit sphere of the lon/lat rings (each ring as an S2 loop of geodesic edges;
// densified rings make that a close approximation of the cell's own geodesic edges).
double RingsArea(const std::vector<std::vector<std::pair<double, double>>>& rings) {
  double area = 0;
  for (const auto& ring : rings) {
    std::vector<S2Point> pts;
    for (size_t k = 0; k + 1 < ring.size(); ++k) {
      const S2Point p = S2LatLng::FromDegrees(ring[k].second, ring[k].first).ToPoint();
      if (pts.empty() || pts.back() != p) pts.push_back(p);
    }
    S2Loop loop(pts, S2Debug::DISABLE);
    loop.Normalize();
    area += loop.GetArea();
  }
  return area;
}

TEST(ExportTest, CellRingsTraceTheCell) {
  const S2CellId cells[] = {
      S2CellId(S2LatLng::FromDegrees(48.85, 2.35)).parent(9),
      S2CellId(S2LatLng::FromDegrees(-33.9, 151.2)).parent(4),
      S2CellId(S2LatLng::FromDegrees(0.1, 179.999)).parent(5),  // Crosses the antimeridian.
      S2CellId(S2LatLng::FromDegrees(10, -179.999)).parent(3),  // Crosses it too.
      S2CellId(S2LatLng::FromDegrees(89.99, 30)).parent(6),     // A vertex on the pole.
      S2CellId(S2LatLng::FromDegrees(-89.99, -100)).parent(2),
  };
  for (const S2CellId id : cells) {
    SCOPED_TRACE(id.ToToken());
    const auto rings = CellRingsLonLat(id);
    ASSERT_FALSE(rings.empty());
    for (const auto& ring : rings) {
      ASSERT_GE(ring.size(), 4u);
      EXPECT_EQ(ring.front(), ring.back());
      for (const auto& [lon, lat] : ring) {
        EXPECT_GE(lon, -180.0);
        EXPECT_LE(lon, 180.0);
        EXPECT_GE(lat, -90.0);
        EXPECT_LE(lat, 90.0);
      }
    }
    const double exact = S2Cell(id).ExactArea();
    EXPECT_NEAR(RingsArea(rings) / exact, 1.0, 0.02);
  }
  // S2 grid lines run along the antimeridian at every level >= 1, so a cell touching it keeps
  // +180 on its west side and -180 on its east side; only face 3 needs a split.
  auto lon_range = [](S2CellId id) {
    double lo = 1e9, hi = -1e9;
    for (const auto& ring : CellRingsLonLat(id)) {
      for (const auto& p : ring) lo = std::min(lo, p.first), hi = std::max(hi, p.first);
    }
    return std::make_pair(lo, hi);
  };
  const S2CellId west = S2CellId(S2LatLng::FromDegrees(0.1, 179.999)).parent(5);
  const S2CellId east = S2CellId(S2LatLng::FromDegrees(0.1, -179.999)).parent(5);
  EXPECT_EQ(CellRingsLonLat(west).size(), 1u);
  EXPECT_NEAR(lon_range(west).second, 180.0, 1e-9);
  EXPECT_GT(lon_range(west).first, 170.0);
  EXPECT_NEAR(lon_range(east).first, -180.0, 1e-9);
  EXPECT_LT(lon_range(east).second, -170.0);
  EXPECT_EQ(CellRingsLonLat(S2CellId::FromFace(3)).size(), 2u);
  EXPECT_EQ(CellRingsLonLat(S2CellId(S2LatLng::FromDegrees(48.85, 2.35)).parent(9)).size(), 1u);
}

TEST(ExportTest, CsvAndGeoJsonCarryTheColumns) {
  auto grid = CellGrid::InBox(40, -5, 45, 5, 6);
  ASSERT_TRUE(grid.ok());
  CellCounts counts(grid->size());
  for (size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<uint16_t>(i % 7);
  WindowAccumulator window(grid->size(), 60'000'000'000);
  ASSERT_TRUE(window.Add(counts).ok());
  CellCounts zero(grid->size(), 0);
  ASSERT_TRUE(window.Add(zero).ok());
  CellColumns columns;
  columns.in_view = &counts;
  columns.window = &window;
  columns.keep = [&](size_t i) { return counts[i] != 3; };
  size_t kept = 0;
  for (size_t i = 0; i < counts.size(); ++i) kept += counts[i] != 3;

  std::ostringstream csv;
  auto rows = WriteCellsCsv(csv, *grid, columns);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, kept);
  std::istringstream lines(csv.str());
  std::string header, first;
  std::getline(lines, header);
  std::getline(lines, first);
  EXPECT_EQ(header,
            "cell,level,lat,lon,in_view,covered_share,mean_in_view,min_in_view,max_in_view,"
            "longest_gap_s");
  // First cell: in view 0 then 0 -> share 0, gap 2 minutes.
  EXPECT_NE(first.find(",0,0.0000,0.000,0,0,120"), std::string::npos) << first;

  std::ostringstream gj;
  ASSERT_TRUE(WriteCellsGeoJson(gj, *grid, columns).ok());
  const nlohmann::json doc = nlohmann::json::parse(gj.str());
  EXPECT_EQ(doc["type"], "FeatureCollection");
  ASSERT_EQ(doc["features"].size(), kept);
  const auto& f = doc["features"][1];
  EXPECT_EQ(f["geometry"]["type"], "Polygon");
  EXPECT_EQ(f["properties"]["level"], 6);
  EXPECT_EQ(f["id"], f["properties"]["cell"]);
  const size_t i1 = 1;  // Second kept cell is grid cell 1 (cell 0 has count 0, kept).
  EXPECT_EQ(f["properties"]["in_view"], counts[i1]);
  EXPECT_DOUBLE_EQ(f["properties"]["mean_in_view"].get<double>(), counts[i1] / 2.0);
  EXPECT_EQ(f["properties"]["longest_gap_s"], 60);

  CellCounts wrong(3);
  columns.in_view = &wrong;
  EXPECT_FALSE(WriteCellsCsv(csv, *grid, columns).ok());
}

}  // namespace
}  // namespace leotwin::coverage
