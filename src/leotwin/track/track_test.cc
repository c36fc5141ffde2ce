// Track readers (GPX 1.1, CSV, GeoJSON) and the interpolation between fixes.
#include "leotwin/track/track.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leotwin/base/constants.h"

namespace leotwin::track {
namespace {

using ::testing::HasSubstr;

constexpr double kMeanRadiusKm = 6371.0088;  // IUGG mean Earth radius (orbit/geodesy.h)

SimTime At(const char* iso) { return *SimTime::Parse(iso); }

constexpr const char* kGpx = R"(<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>t</name>
    <trkseg>
      <trkpt lat="48.5" lon="37.0"><ele>120.5</ele><time>2022-10-01T14:00:00Z</time></trkpt>
      <trkpt lat="48.6" lon="37.0"><time>2022-10-01T14:01:00Z</time></trkpt>
    </trkseg>
    <trkseg>
      <trkpt lat="48.7" lon="37.0"><ele>80</ele><time>2022-10-01T14:02:00Z</time></trkpt>
    </trkseg>
  </trk>
</gpx>
)";

TEST(TrackReaders, GpxReadsEveryTrackPointInOrder) {
  auto t = ParseGpx(kGpx, "t.gpx");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->fixes().size(), 3u);
  EXPECT_EQ(t->fixes()[0].time, At("2022-10-01T14:00:00Z"));
  EXPECT_DOUBLE_EQ(t->fixes()[0].alt_m, 120.5);
  EXPECT_DOUBLE_EQ(t->fixes()[1].alt_m, 0.0);
  EXPECT_DOUBLE_EQ(t->fixes()[2].lat_deg, 48.7);
  EXPECT_EQ(t->fixes()[0].line, 5);
  EXPECT_EQ(t->fixes()[2].line, 9);
}

TEST(TrackReaders, GpxErrorsNameTheLine) {
  std::string bad = kGpx;
  bad.replace(bad.find("14:01:00Z"), 9, "13:59:00Z");  // second point earlier than the first
  auto t = ParseGpx(bad, "t.gpx");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.gpx:6:"));
  EXPECT_THAT(t.status().message(), HasSubstr("increase strictly"));

  std::string lat = kGpx;
  lat.replace(lat.find("lat=\"48.7\""), 10, "lat=\"98.7\"");
  t = ParseGpx(lat, "t.gpx");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.gpx:9:"));
  EXPECT_THAT(t.status().message(), HasSubstr("latitude"));

  std::string no_time = kGpx;
  no_time.replace(no_time.find("<time>2022-10-01T14:01:00Z</time>"), 33, "");
  t = ParseGpx(no_time, "t.gpx");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.gpx:6:"));

  t = ParseGpx("<gpx><trk><trkseg><trkpt lat=\"1\"", "x.gpx");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("x.gpx:1:"));
  EXPECT_THAT(t.status().message(), HasSubstr("invalid XML"));
  EXPECT_FALSE(ParseGpx("<kml/>", "x.gpx").ok());
}

TEST(TrackReaders, CsvWithAndWithoutHeader) {
  auto a = ParseTrackCsv(
      "# a comment\ntime,lat,lon,alt\n2022-10-01T14:00:00Z,48.5,37.0,100\n"
      "2022-10-01T14:00:10Z,48.6,37.1,\n",
      "a.csv");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->fixes().size(), 2u);
  EXPECT_DOUBLE_EQ(a->fixes()[0].alt_m, 100.0);
  EXPECT_EQ(a->fixes()[1].line, 4);
  auto b = ParseTrackCsv("1664632800,48.5,37.0\n1664632801.5,48.5,37.01\n", "b.csv");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->fixes()[0].time, At("2022-10-01T14:00:00Z"));
  EXPECT_EQ(b->fixes()[1].time, At("2022-10-01T14:00:01.5Z"));
  auto c = ParseTrackCsv("lon,latitude,timestamp\n37.0,48.5,2022-10-01T14:00:00Z\n", "c.csv");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_DOUBLE_EQ(c->fixes()[0].lon_deg, 37.0);
}

TEST(TrackReaders, CsvErrorsNameLineAndColumn) {
  auto t = ParseTrackCsv("time,lat,lon\n2022-10-01T14:00:00Z,48.5,37\n2022-10-01T14:00:01Z,x,37\n",
                         "t.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.csv:3:22:"));
  t = ParseTrackCsv("time,lat,lon\n2022-10-01T14:00:00Z,48.5,37\n2022-10-01T14:00:00Z,48.5,37\n",
                    "t.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.csv:3:"));
  t = ParseTrackCsv("time,lat,lon\n2022-10-01T14:00:00Z,48.5,190\n", "t.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.csv:2:"));
  EXPECT_THAT(t.status().message(), HasSubstr("longitude"));
  EXPECT_FALSE(ParseTrackCsv("a,b\n", "t.csv").ok());
  EXPECT_FALSE(ParseTrackCsv("", "t.csv").ok());
}

TEST(TrackReaders, GeoJsonTimesAndCoordTimes) {
  auto a = ParseTrackGeoJson(R"({"type":"Feature","properties":{"coordTimes":
      ["2022-10-01T14:00:00Z","2022-10-01T14:00:05Z"]},
      "geometry":{"type":"LineString","coordinates":[[37.0,48.5,10],[37.1,48.6]]}})",
                             "a.geojson");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_DOUBLE_EQ(a->fixes()[0].alt_m, 10.0);
  EXPECT_DOUBLE_EQ(a->fixes()[1].lat_deg, 48.6);
  auto b = ParseTrackGeoJson(R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}},
      {"type":"Feature","properties":{"times":[1664632800000,1664632805000]},
       "geometry":{"type":"LineString","coordinates":[[37.0,48.5],[37.1,48.6]]}}]})",
                             "b.geojson");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->fixes()[1].time, At("2022-10-01T14:00:05Z"));
}

TEST(TrackReaders, GeoJsonErrors) {
  auto t = ParseTrackGeoJson("{\n\"type\": \"Feature\",\n  oops}", "t.geojson");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("t.geojson:3:"));
  t = ParseTrackGeoJson(R"({"type":"Feature","properties":{"times":["2022-10-01T14:00:00Z"]},
      "geometry":{"type":"LineString","coordinates":[[37.0,48.5],[37.1,48.6]]}})",
                        "t.geojson");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("2 coordinates but 1 times"));
  t = ParseTrackGeoJson(R"({"type":"Feature","properties":{"times":
      ["2022-10-01T14:00:00Z","2022-10-01T14:00:00Z"]},
      "geometry":{"type":"LineString","coordinates":[[37.0,48.5],[37.1,48.6]]}})",
                        "t.geojson");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(), HasSubstr("coordinate 1"));
  // Members of the wrong JSON type are refused, not thrown (json::value would throw).
  EXPECT_FALSE(ParseTrackGeoJson(R"({"type": 5})", "t.geojson").ok());
  EXPECT_FALSE(
      ParseTrackGeoJson(R"({"type":"Feature","geometry":{"type":["LineString"]}})", "t.geojson")
          .ok());
  EXPECT_FALSE(ParseTrackGeoJson(R"({"type":"FeatureCollection","features":[{"type":1,
      "geometry":{"type":2}}]})",
                                 "t.geojson")
                   .ok());
}

// Along a meridian the great circle keeps the longitude and the latitude moves linearly in time;
// the speed is the arc on the mean sphere over the time.
TEST(TrackInterpolation, AlongAMeridian) {
  auto t = ParseTrackCsv(
      "time,lat,lon,alt\n2022-10-01T14:00:00Z,48.0,37.0,0\n2022-10-01T15:00:00Z,49.0,37.0,1000\n"
      "2022-10-01T15:00:10Z,49.0,37.0,1000\n",
      "m.csv");
  ASSERT_TRUE(t.ok()) << t.status();
  const TrackPoint p = t->At(At("2022-10-01T14:15:00Z"));
  EXPECT_NEAR(p.lat_deg, 48.25, 1e-9);
  EXPECT_NEAR(p.lon_deg, 37.0, 1e-9);
  EXPECT_NEAR(p.alt_m, 250.0, 1e-9);
  EXPECT_NEAR(p.speed_kmh, kMeanRadiusKm * kDegToRad * 1.0, 1e-6);
  EXPECT_EQ(p.segment, 0);
  // At a fix the segment that starts there: at rest.
  const TrackPoint q = t->At(At("2022-10-01T15:00:00Z"));
  EXPECT_EQ(q.segment, 1);
  EXPECT_NEAR(q.speed_kmh, 0.0, 1e-12);
  EXPECT_EQ(t->AtFrom(At("2022-10-01T15:00:05Z"), 0).segment, 1);
  EXPECT_NEAR(t->length_km(), kMeanRadiusKm * kDegToRad, 1e-6);
}

// Across the antimeridian on the equator: the short way, longitude wrapped.
TEST(TrackInterpolation, AcrossTheAntimeridian) {
  auto t = ParseTrackCsv("2022-10-01T00:00:00Z,0,179\n2022-10-01T01:00:00Z,0,-179\n", "a.csv");
  ASSERT_TRUE(t.ok()) << t.status();
  const TrackPoint mid = t->At(At("2022-10-01T00:30:00Z"));
  EXPECT_NEAR(std::abs(mid.lon_deg), 180.0, 1e-9);
  EXPECT_NEAR(mid.lat_deg, 0.0, 1e-9);
  const TrackPoint q = t->At(At("2022-10-01T00:45:00Z"));
  EXPECT_NEAR(q.lon_deg, -179.5, 1e-9);
  EXPECT_NEAR(q.speed_kmh, kMeanRadiusKm * 2.0 * kDegToRad, 1e-6);
}

TEST(TrackReaders, FileByExtensionOrContent) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("leotwin_track_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const char* name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  EXPECT_TRUE(ReadTrackFile(write("a.gpx", kGpx)).ok());
  EXPECT_TRUE(ReadTrackFile(write("a.txt", kGpx)).ok());
  EXPECT_TRUE(ReadTrackFile(write("b.dat", "2022-10-01T00:00:00Z,0,1\n")).ok());
  auto missing = ReadTrackFile((dir / "none.gpx").string());
  EXPECT_FALSE(missing.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leotwin::track
