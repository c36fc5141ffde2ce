#include "leotwin/geo/latlng_grid.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "leotwin/geo/cell_index.h"
#include "leotwin/geo/territories.h"
#include "nlohmann/json.hpp"

namespace leotwin::geo {
namespace {

std::unique_ptr<Region> RegionFromGeoJson(const std::string& text) {
  auto polygon = PolygonFromGeoJson(nlohmann::json::parse(text), "test");
  EXPECT_TRUE(polygon.ok()) << polygon.status();
  return std::make_unique<Region>("test", std::move(*polygon));
}

// Checks grid answers against the exact index at `lat`, `lon`: a pure cell must hold the exact
// answer (first containing region + 1). Returns false (and reports) on a mismatch.
bool Agrees(const LatLngAnswerGrid& grid, const RegionCellIndex& index, double lat, double lon) {
  const uint16_t v = grid.Lookup(lat, lon);
  if (v == LatLngAnswerGrid::kMixed) return true;
  const int exact = index.FirstContaining(PointFromDegrees(lat, lon)) + 1;
  EXPECT_EQ(v, exact) << "at lat " << lat << " lon " << lon;
  return v == exact;
}

// With exact records (BuildFirstContaining): every answer is exact, none is kMixed.
bool AgreesExact(const LatLngAnswerGrid& grid, const RegionCellIndex& index, double lat,
                 double lon) {
  const S2Point p = PointFromDegrees(lat, lon);
  const uint16_t v = grid.LookupExact(lat, lon, p);
  const int exact = index.FirstContaining(p) + 1;
  EXPECT_EQ(v, exact) << "exact record at lat " << lat << " lon " << lon;
  return v == exact;
}

struct Fixture {
  std::vector<std::unique_ptr<Region>> owned;
  std::vector<const Region*> regions;
  std::unique_ptr<RegionCellIndex> index;
  std::unique_ptr<LatLngAnswerGrid> grid;
  std::unique_ptr<LatLngAnswerGrid> exact_grid;  // BuildFirstContaining over the same regions
  void Build(LatLngAnswerGrid::Options options = {}) {
    for (const auto& r : owned) regions.push_back(r.get());
    index = RegionCellIndex::Build(regions);
    grid = LatLngAnswerGrid::Build(
        regions,
        [&](const S2Point& p) { return static_cast<uint32_t>(index->FirstContaining(p) + 1); },
        options);
    exact_grid = LatLngAnswerGrid::BuildFirstContaining(
        regions,
        [&](const S2Point& p, std::vector<int>* out) {
          out->clear();
          index->VisitContaining(p, LeafCellId(p), [&](int r) {
            out->push_back(r);
            return true;
          });
        },
        options);
  }
  bool Check(double lat, double lon) const {
    return Agrees(*grid, *index, lat, lon) && AgreesExact(*exact_grid, *index, lat, lon);
  }
};

TEST(LatLngAnswerGrid, SquareEdgesAreMixedAndInsideOutsideArePure) {
  Fixture f;
  // A 2 x 2 degree square whose sides lie exactly on grid lines (16 cells per degree).
  f.owned.push_back(RegionFromGeoJson(
      R"({"type":"Polygon","coordinates":[[[10,40],[12,40],[12,42],[10,42],[10,40]]]})"));
  f.Build();
  // Far inside and far outside: pure with the right answer.
  EXPECT_EQ(f.grid->Lookup(41.0, 11.0), 1);
  EXPECT_EQ(f.grid->Lookup(0.0, 0.0), 0);
  EXPECT_EQ(f.grid->Lookup(-89.99, 179.99), 0);
  // On and next to every side: the exact path (mixed), since a side passes through the cell.
  EXPECT_EQ(f.grid->Lookup(40.0, 11.0), LatLngAnswerGrid::kMixed);
  EXPECT_EQ(f.grid->Lookup(39.99, 10.01), LatLngAnswerGrid::kMixed);  // next to a vertex
  // South of the southern side mid-way: it bulges north (to ~40.004), so this cell is pure.
  EXPECT_EQ(f.grid->Lookup(39.99, 11.0), 0);
  EXPECT_EQ(f.grid->Lookup(41.0, 12.0 + 1e-9), LatLngAnswerGrid::kMixed);
  // The northern side is a geodesic: it bulges poleward of 42 deg between its ends, and the
  // cells it bulges into must be mixed too.
  EXPECT_EQ(f.grid->Lookup(42.0 + 0.0005, 11.0), LatLngAnswerGrid::kMixed);
  EXPECT_GT(f.grid->stats().components, 1);
  EXPECT_GT(f.grid->stats().mixed_cells, 4 * 2 * 16);
  // Exact records answer inside mixed quarters, on the sides and at the corners.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> along(9.9, 12.1), off(-1e-6, 1e-6);
  for (int i = 0; i < 20000; ++i) {
    const double t = along(rng), d = i % 4 == 0 ? 0.0 : off(rng) * std::pow(10.0, i % 5);
    const double lat = i % 2 ? 40.0 + d : 42.0 + d * 1e3, lon = i % 3 ? t : 10.0 + d;
    ASSERT_TRUE(f.Check(lat + (t - 11) * 1e-3, lon));
  }
  for (const auto& [lat, lon] : {std::pair{40.0, 10.0}, {40.0, 12.0}, {42.0, 12.0}, {42.0, 10.0}}) {
    ASSERT_TRUE(f.Check(lat, lon));
  }
  EXPECT_GT(f.exact_grid->stats().exact_cells, 100);
}

TEST(LatLngAnswerGrid, ExactRecordsWithHolesAndOverlaps) {
  Fixture f;
  // A square with a square hole (the hole's edges run the other way in S2's shape), and a second
  // region overlapping it, so the first containing region changes inside mixed cells.
  f.owned.push_back(RegionFromGeoJson(
      R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],)"
      R"([[0.25,0.25],[0.25,0.75],[0.75,0.75],[0.75,0.25],[0.25,0.25]]]})"));
  f.owned.push_back(RegionFromGeoJson(
      R"({"type":"Polygon","coordinates":[[[0.5,0.5],[1.5,0.5],[1.5,1.5],[0.5,1.5],[0.5,0.5]]]})"));
  f.Build();
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> pick(0, 5);
  std::uniform_real_distribution<double> unit(-0.1, 1.6), off(-1e-7, 1e-7);
  const double lines[] = {0.0, 0.25, 0.5, 0.75, 1.0, 1.5};
  for (int i = 0; i < 40000; ++i) {
    double lat = unit(rng), lon = unit(rng);
    // Snap one or both coordinates onto a region side (or a vertex), give or take 1e-7 deg.
    if (i % 3 != 0) lat = lines[pick(rng)] + (i % 2 ? off(rng) : 0.0);
    if (i % 5 < 2) lon = lines[pick(rng)] + (i % 7 ? off(rng) : 0.0);
    ASSERT_TRUE(f.Check(lat, lon));
  }
}

TEST(LatLngAnswerGrid, AntimeridianAndPoleRegions) {
  Fixture f;
  // A band around the north pole (ring at 80 N) and a box across the antimeridian.
  f.owned.push_back(RegionFromGeoJson(
      R"({"type":"Polygon","coordinates":[[[-180,80],[-90,80],[0,80],[90,80],[180,80],[-180,80]]]})"));
  f.owned.push_back(RegionFromGeoJson(
      R"({"type":"Polygon","coordinates":[[[175,-20],[-175,-20],[-175,-10],[175,-10],[175,-20]]]})"));
  f.Build();
  EXPECT_EQ(f.grid->Lookup(90.0, 0.0), 1);
  EXPECT_EQ(f.grid->Lookup(89.0, -180.0), 1);
  EXPECT_EQ(f.grid->Lookup(-15.0, 180.0), 2);
  EXPECT_EQ(f.grid->Lookup(-15.0, -180.0), 2);
  EXPECT_EQ(f.grid->Lookup(-15.0, 179.0), 2);
  EXPECT_EQ(f.grid->Lookup(-15.0, -179.0), 2);
  EXPECT_EQ(f.grid->Lookup(-15.0, 170.0), 0);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), jitter(-1e-7, 1e-7);
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    // Near the regions' edges and the grid's own lines, poles and seam included.
    double la = i % 2 ? lat(rng) : std::round(lat(rng) * 16) / 16 + jitter(rng);
    double lo = i % 3 ? lon(rng) : std::round(lon(rng) * 16) / 16 + jitter(rng);
    if (i % 5 == 0) la = (i % 10 ? -15.0 : 80.0) + jitter(rng) * 1e3;
    if (i % 7 == 0) lo = (i % 14 ? 180.0 : -175.0) + jitter(rng);
    la = std::clamp(la, -90.0, 90.0);
    lo = WrapLongitude(lo);
    ASSERT_TRUE(f.Check(la, lo));
    ++checked;
  }
  EXPECT_EQ(checked, 20000);
}

TEST(LatLngAnswerGrid, ManyDistinctValuesUseWideBlocks) {
  Fixture f;
  // 300 small squares packed into a few degrees: more than 256 distinct values in the blocks.
  for (int i = 0; i < 300; ++i) {
    const double lat0 = 10 + (i / 20) * 0.2, lon0 = 20 + (i % 20) * 0.2;
    f.owned.push_back(RegionFromGeoJson(nlohmann::json{
        {"type", "Polygon"},
        {"coordinates",
         {{{lon0, lat0},
           {lon0 + 0.1, lat0},
           {lon0 + 0.1, lat0 + 0.1},
           {lon0, lat0 + 0.1},
           {lon0, lat0}}}}}.dump()));
  }
  f.Build();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lat(9.5, 13.5), lon(19.5, 24.5);
  int pure = 0;
  for (int i = 0; i < 50000; ++i) {
    const double la = lat(rng), lo = lon(rng);
    pure += f.grid->Lookup(la, lo) != LatLngAnswerGrid::kMixed;
    ASSERT_TRUE(f.Check(la, lo));
  }
  EXPECT_GT(pure, 10000);
  // Square 299's centre is pure and answers 300.
  EXPECT_EQ(f.grid->Lookup(10 + 14 * 0.2 + 0.05, 20 + 19 * 0.2 + 0.05), 300);
}

TEST(LatLngAnswerGrid, TerritoriesAgreeWithExactNearBorders) {
  auto set = TerritorySet::Default();
  ASSERT_TRUE(set.ok()) << set.status();
  const LatLngAnswerGrid& grid = (*set)->answer_grid();
  const RegionCellIndex& index = (*set)->cell_index();
  // Natural Earth borders and coasts: a few percent of the area needs the exact path.
  EXPECT_GT(grid.stats().mixed_area_fraction, 0.005);
  EXPECT_LT(grid.stats().mixed_area_fraction, 0.05);
  // Points on and within a metre of territory vertices and grid lines.
  std::mt19937_64 rng(20261126);
  std::uniform_real_distribution<double> jitter(-1e-5, 1e-5);
  int checked = 0;
  for (int t = 0; t < (*set)->size(); ++t) {
    const S2Polygon& polygon = (*set)->at(t).region->polygon();
    const S2Loop& loop = *polygon.loop(0);
    for (int v = 0; v < loop.num_vertices(); v += std::max(1, loop.num_vertices() / 40)) {
      const S2LatLng ll(loop.vertex(v));
      const double la = std::clamp(ll.lat().degrees() + jitter(rng), -90.0, 90.0);
      const double lo = WrapLongitude(ll.lng().degrees() + jitter(rng));
      const double gla = std::clamp(std::round(la * 16) / 16, -90.0, 90.0);
      const double glo = WrapLongitude(std::round(lo * 16) / 16);
      const double vla = std::clamp(ll.lat().degrees(), -90.0, 90.0);
      const double vlo = WrapLongitude(ll.lng().degrees());
      for (const auto& [a, b] : {std::pair{la, lo}, {gla, lo}, {la, glo}, {vla, vlo}}) {
        ASSERT_TRUE(Agrees(grid, index, a, b)) << (*set)->at(t).iso_a2;
        // The territory grid has exact records: never kMixed, always the index's answer.
        ASSERT_TRUE(AgreesExact(grid, index, a, b)) << (*set)->at(t).iso_a2;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 13000);
  EXPECT_GT(grid.stats().exact_cells, 10000);
}

}  // namespace
}  // namespace leotwin::geo
