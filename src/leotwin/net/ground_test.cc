#include "leotwin/net/ground.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "leotwin/orbit/geodesy.h"

namespace leotwin::net {
namespace {

using ::testing::HasSubstr;

TEST(GroundCsv, ParsesColumnsInAnyOrderWithQuotesAndComments) {
  const char* text =
      "# a comment\n"
      "lon_deg,Name,lat,kind,alt_m,population,max_links,min_elevation_deg,extra\n"
      "-0.1257,London,51.5085,city,35,7556900,,,ignored\n"
      "\n"
      "-74.006,\"New York, \"\"NYC\"\"\",40.7143,terminal,,,1,40,x\r\n"
      "10,GW Somewhere,20,gateway,0,0,8,,\n";
  auto nodes = ParseGroundCsv(text, "test.csv");
  ASSERT_TRUE(nodes.ok()) << nodes.status();
  ASSERT_EQ(nodes->size(), 3u);
  EXPECT_EQ((*nodes)[0].name, "London");
  EXPECT_DOUBLE_EQ((*nodes)[0].lat_deg, 51.5085);
  EXPECT_DOUBLE_EQ((*nodes)[0].lon_deg, -0.1257);
  EXPECT_DOUBLE_EQ((*nodes)[0].alt_m, 35);
  EXPECT_EQ((*nodes)[0].population, 7556900);
  EXPECT_FALSE((*nodes)[0].max_links.has_value());
  EXPECT_EQ((*nodes)[1].name, "New York, \"NYC\"");
  EXPECT_EQ((*nodes)[1].kind, GroundKind::kTerminal);
  EXPECT_EQ((*nodes)[1].max_links, 1);
  EXPECT_EQ((*nodes)[1].min_elevation_deg, 40.0);
  EXPECT_EQ((*nodes)[2].kind, GroundKind::kGateway);
  EXPECT_EQ((*nodes)[2].max_links, 8);
}

TEST(GroundCsv, ErrorsNameLineColumnAndExpectation) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"", "f.csv: empty file"},
      {"name,lat\nA,1\n", "f.csv:1: header lacks the required column 'lon_deg'"},
      {"name,lat,lon\nA,91,0\n", "f.csv:2:3: column 'lat_deg': expected a latitude in [-90, 90]"},
      {"name,lat,lon\nA,1,abc\n", "f.csv:2:5: column 'lon_deg': expected a longitude"},
      {"name,lat,lon\nA,1\n", "f.csv:2:1: expected 3 fields as in the header, got 2"},
      {"name,lat,lon,kind\nA,1,2,satellite\n", "f.csv:2:7: column 'kind': expected a kind"},
      {"name,lat,lon\n\"A,1,2\n", "f.csv:2:1: unterminated quoted field"},
      {"name,lat,lon\nA\"x,1,2\n", "f.csv:2:2: quote inside an unquoted field"},
      {"name,lat,lat\n", "f.csv:1:10: column 'lat' appears twice"},
      {"name,lat,lon\n ,1,2\n", "f.csv:2:1: column 'name': expected a non-empty name"},
      {"name,lat,lon,population\nA,1,2,-5\n", "f.csv:2:7: column 'population'"},
      {"name,lat,lon\nA,nan,2\n", "column 'lat_deg'"},
  };
  for (const auto& c : cases) {
    auto nodes = ParseGroundCsv(c.text, "f.csv");
    ASSERT_FALSE(nodes.ok()) << c.text;
    EXPECT_THAT(std::string(nodes.status().message()), HasSubstr(c.expected)) << c.text;
  }
}

TEST(GroundGeoJson, NumberOverflowIsAnErrorNotAnException) {
  // Found by fuzzing: nlohmann throws out_of_range (not parse_error) for 25E5085211.
  auto nodes = ParseGroundGeoJson(
      R"({"type":"FeatureCollection","features":[{"type":"Feature",
          "geometry":{"type":"Point","coordinates":[-0.1257,25E5085211]},"properties":{}}]})",
      "g.geojson");
  ASSERT_FALSE(nodes.ok());
  EXPECT_THAT(std::string(nodes.status().message()), HasSubstr("g.geojson"));
  EXPECT_THAT(std::string(nodes.status().message()), HasSubstr("number overflow"));
}

TEST(GroundGeoJson, ParsesPointsAndReportsFeatureErrors) {
  const char* text = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[-0.1257,51.5085,11]},
     "properties":{"name":"London","kind":"gateway","antennas":16,"population":null}},
    {"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},
     "properties":{"name":"Paris","min_elevation_deg":30}}]})";
  auto nodes = ParseGroundGeoJson(text, "g.geojson");
  ASSERT_TRUE(nodes.ok()) << nodes.status();
  ASSERT_EQ(nodes->size(), 2u);
  EXPECT_EQ((*nodes)[0].kind, GroundKind::kGateway);
  EXPECT_EQ((*nodes)[0].max_links, 16);
  EXPECT_DOUBLE_EQ((*nodes)[0].alt_m, 11);
  EXPECT_EQ((*nodes)[1].kind, GroundKind::kCity);
  EXPECT_EQ((*nodes)[1].min_elevation_deg, 30.0);

  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"{", "g.geojson:1:2: invalid JSON"},
      {"{\n  \"type\": x", "g.geojson:2:"},
      {"[]", "expected a GeoJSON object"},
      {R"({"type":"Polygon"})", "expected a FeatureCollection or a Feature"},
      {R"({"type":"Feature","geometry":{"type":"Point","coordinates":[0,95]},
          "properties":{"name":"x"}})",
       "feature 0: coordinates[1]: expected a latitude"},
      {R"({"type":"Feature","geometry":{"type":"Point","coordinates":[0,5]},"properties":{}})",
       "feature 0: properties.name is required"},
      {R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[]},"properties":{}})",
       "geometry must be a Point"},
  };
  for (const auto& c : cases) {
    auto r = ParseGroundGeoJson(c.text, "g.geojson");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.expected)) << c.text;
  }
}

TEST(GroundCsv, RoundTripsThroughGroundCsv) {
  std::vector<GroundNode> nodes(2);
  nodes[0] = {"A, \"quoted\"", GroundKind::kPop, 10.5, -20.25, 100, "GB", "ENG", 5, 3, 35.0};
  nodes[1] = {"B", GroundKind::kTerminal, -45, 179.5, 0, "", "", 0, std::nullopt, std::nullopt};
  auto back = ParseGroundCsv(GroundCsv(nodes), "rt");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, nodes[0].name);
  EXPECT_EQ((*back)[0].kind, GroundKind::kPop);
  EXPECT_EQ((*back)[0].max_links, 3);
  EXPECT_EQ((*back)[0].min_elevation_deg, 35.0);
  EXPECT_EQ((*back)[1].lon_deg, 179.5);
  EXPECT_FALSE((*back)[1].max_links.has_value());
}

TEST(GroundCsv, NamesWithLineBreaksOrALeadingHashRoundTrip) {
  std::vector<GroundNode> nodes(2);
  nodes[0] = {"two\nlines", GroundKind::kCity, 1, 2, 0, "", "", 0, std::nullopt, std::nullopt};
  nodes[1] = {"#1 site", GroundKind::kCity, 3, 4, 0, "", "", 0, std::nullopt, std::nullopt};
  auto back = ParseGroundCsv(GroundCsv(nodes), "rt");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "two\nlines");
  EXPECT_EQ((*back)[1].name, "#1 site");
}

TEST(GroundFile, DirectoryAndMissingFileAreRefusedByName) {
  auto dir = ReadGroundFile("tests");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(dir.status().message()), HasSubstr("tests: is a directory"));
  auto missing = ReadGroundFile("no/such/ground.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("no/such/ground.csv"));
  auto no_cities = LoadBundledCities("no/such/dir");
  ASSERT_FALSE(no_cities.ok());
  EXPECT_EQ(no_cities.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(no_cities.status().message()),
              HasSubstr("no/such/dir/cities/cities.csv"));
}

TEST(PlacePairsCsv, ParsesAndReportsErrors) {
  auto pairs = ParsePlacePairsCsv(
      "# pairs\nnote,to,from\nx,\"New York\",London\ny,\"51.5, -0.12\",\"Paris, FR\"\n", "p.csv");
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  ASSERT_EQ(pairs->size(), 2u);
  EXPECT_EQ((*pairs)[0], std::make_pair(std::string("London"), std::string("New York")));
  EXPECT_EQ((*pairs)[1].first, "Paris, FR");
  EXPECT_EQ((*pairs)[1].second, "51.5, -0.12");
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"", "p.csv: empty file"},
      {"from,dest\n", "p.csv:1: header must name the columns 'from' and 'to'"},
      {"from,to\nA\n", "p.csv:2:1: expected 2 fields, got 1"},
      {"from,to\nA, \n", "p.csv:2:3: expected a place name"},
  };
  for (const auto& c : cases) {
    auto r = ParsePlacePairsCsv(c.text, "p.csv");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(c.expected)) << c.text;
  }
}

TEST(BundledCities, LoadAndResolveNames) {
  auto cities = LoadBundledCities();
  ASSERT_TRUE(cities.ok()) << cities.status();
  EXPECT_GT(cities->size(), 4000u);
  // Most populous first (GeoNames city-proper populations).
  for (size_t i = 1; i < cities->size(); ++i) {
    ASSERT_GE((*cities)[i - 1].population, (*cities)[i].population);
  }
  auto london = ResolvePlace(*cities, "london");
  ASSERT_TRUE(london.ok());
  EXPECT_EQ(london->country, "GB");  // Not London, Ontario.
  auto ontario = ResolvePlace(*cities, "London, CA");
  ASSERT_TRUE(ontario.ok());
  EXPECT_EQ(ontario->country, "CA");
  auto ny = ResolvePlace(*cities, "New York");  // Prefix of "New York City".
  ASSERT_TRUE(ny.ok());
  EXPECT_EQ(ny->name, "New York City");
  EXPECT_NEAR(ny->lat_deg, 40.71, 0.01);
  auto coords = ResolvePlace(*cities, "51.5, -0.12");
  ASSERT_TRUE(coords.ok());
  EXPECT_EQ(coords->kind, GroundKind::kTerminal);
  EXPECT_DOUBLE_EQ(coords->lon_deg, -0.12);
  auto missing = ResolvePlace(*cities, "Atlantis");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(ResolvePlace(*cities, "95,0").ok());
}

TEST(PlaceSites, FollowsTheDocumentedRule) {
  auto cities = LoadBundledCities();
  ASSERT_TRUE(cities.ok()) << cities.status();
  const auto rule = DefaultGatewayRule();
  const auto sites = PlaceSites(*cities, GroundKind::kGateway, rule);
  ASSERT_EQ(static_cast<int>(sites.size()), rule.count);
  for (size_t i = 0; i < sites.size(); ++i) {
    EXPECT_EQ(sites[i].kind, GroundKind::kGateway);
    EXPECT_EQ(std::count(rule.excluded_countries.begin(), rule.excluded_countries.end(),
                         sites[i].country),
              0);
    for (size_t j = 0; j < i; ++j) {
      ASSERT_GE(orbit::GreatCircleKm(sites[i].lat_deg, sites[i].lon_deg, sites[j].lat_deg,
                                     sites[j].lon_deg),
                rule.min_spacing_km);
    }
  }
  // The most populous city outside the excluded countries is the first site: Istanbul (GeoNames
  // ranks Shanghai first; CN is excluded by the rule).
  EXPECT_EQ(sites[0].name, "GW Istanbul");
}

}  // namespace
}  // namespace leotwin::net
