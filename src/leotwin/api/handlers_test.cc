// The API handlers on the real default twin (starlink-gen1, bundled cities), called directly
// through the RequestRouter (no sockets): shapes, bounds and physically checkable facts.
#include "leotwin/api/handlers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "leotwin/api/endpoints.h"
#include "leotwin/orbit/frames.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

class HandlersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto twin = Twin::Load(TwinOptions{});
    ASSERT_TRUE(twin.ok()) << twin.status();
    twin_ = new std::shared_ptr<const Twin>(*twin);
    router_ = new std::shared_ptr<RequestRouter>(BuildRouter(*twin_));
  }
  static void TearDownTestSuite() {
    delete router_;
    delete twin_;
  }
  static HttpResponse Get(const std::string& target) {
    return (*router_)->Handle("GET", target, "", "test");
  }
  static json GetJson(const std::string& target, int expected_status = 200) {
    const HttpResponse r = Get(target);
    EXPECT_EQ(r.status, expected_status) << target << " -> " << r.body.substr(0, 500);
    return json::parse(r.body);
  }
  static const Twin& twin() { return **twin_; }

  static std::shared_ptr<const Twin>* twin_;
  static std::shared_ptr<RequestRouter>* router_;
};
std::shared_ptr<const Twin>* HandlersTest::twin_ = nullptr;
std::shared_ptr<RequestRouter>* HandlersTest::router_ = nullptr;

TEST_F(HandlersTest, InfoDescribesStarlinkGen1) {
  const json info = GetJson("/api/v1/info");
  // Starlink Gen1 final licence: 72x22 + 72x22 + 36x20 + 6x58 + 4x43 = 4,408 satellites.
  EXPECT_EQ(info["constellation"]["satellites"], 4408);
  EXPECT_EQ(info["constellation"]["shells"].size(), 5u);
  EXPECT_EQ(info["layers"]["satellites"]["available"], true);
  EXPECT_EQ(info["layers"]["links"]["available"], true);
  EXPECT_LT(info["time"]["start"].get<std::string>(), info["time"]["end"].get<std::string>());
  const json index = GetJson("/api/v1");
  EXPECT_GE(index["endpoints"].size(), 10u);
}

TEST_F(HandlersTest, SatellitesArePlausibleAndConsistentWithTheEphemeris) {
  const SimTime t = twin().default_time() + 1234 * SimTime::kNanosPerSecond;
  const json s = GetJson("/api/v1/satellites?at=" + t.ToIso8601());
  ASSERT_EQ(s["count"], 4408);
  EXPECT_EQ(s["valid"], 4408);
  ASSERT_EQ(s["lat"].size(), 4408u);
  int beyond_53 = 0;
  net::EcefStatesBuffer ecef;
  ASSERT_TRUE(twin().scenario().ephemeris().StatesAt(t, &ecef).ok());
  for (size_t i = 0; i < 4408; ++i) {
    const double lat = s["lat"][i], lon = s["lon"][i], alt = s["alt_km"][i];
    // Geodetic latitude of an orbit of inclination i stays within about i (retrograde: 180 - i)
    // plus a fraction of a degree; the highest shells here are 70 deg and 97.6 deg (82.4 deg).
    ASSERT_LE(std::fabs(lat), 82.4 + 0.5) << i;
    ASSERT_GE(lon, -180.0);
    ASSERT_LE(lon, 180.0);
    // Shells at 540..570 km mean altitude; J2 and the ellipsoid move the height by < 30 km.
    ASSERT_GT(alt, 505.0) << i;
    ASSERT_LT(alt, 605.0) << i;
    if (std::fabs(lat) > 53.2 + 0.5) ++beyond_53;
    // The rounded output maps back to the ephemeris position within the rounding (1e-4 deg is
    // 11 m on the ground, 12 m at 550 km; 0.01 km in height).
    const EcefVector back = orbit::GeodeticToEcef({lat, lon, alt});
    const EcefVector ref{ecef.x[i], ecef.y[i], ecef.z[i]};
    ASSERT_LT((back - ref).Norm(), 0.03) << i;
  }
  // Only the 70 deg (720) and 97.6 deg (520) shells reach beyond 53.7 deg.
  EXPECT_GT(beyond_53, 0);
  EXPECT_LE(beyond_53, 720 + 520);
}

TEST_F(HandlersTest, SatellitesGeoJson) {
  const HttpResponse r = Get("/api/v1/satellites?format=geojson");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/geo+json");
  const json g = json::parse(r.body);
  EXPECT_EQ(g["type"], "FeatureCollection");
  ASSERT_EQ(g["features"].size(), 4408u);
  const json& f = g["features"][0];
  EXPECT_EQ(f["geometry"]["type"], "Point");
  EXPECT_EQ(f["geometry"]["coordinates"].size(), 3u);
  EXPECT_GT(f["geometry"]["coordinates"][2].get<double>(), 500e3);  // Metres.
}

// The map's binary form, read by the layout its documentation gives (handlers.h): the same
// positions as the JSON form to float32 precision, NaN where JSON says null.
TEST_F(HandlersTest, SatellitesAsFloat32ArraysMatchTheJsonForm) {
  const std::string at = "2025-09-23T06:00:00Z";
  const HttpResponse r = Get("/api/v1/satellites?format=f32&at=" + at);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, kSatellitesF32ContentType);
  const json s = GetJson("/api/v1/satellites?at=" + at);
  const size_t n = s["count"].get<size_t>();
  ASSERT_EQ(r.body.size(), 24 + 12 * n);
  EXPECT_EQ(r.body.substr(0, 4), "LTS1");
  uint32_t count = 0, valid = 0;
  int64_t unix_ns = 0;
  std::memcpy(&count, r.body.data() + 4, 4);
  std::memcpy(&valid, r.body.data() + 8, 4);
  std::memcpy(&unix_ns, r.body.data() + 12, 8);
  EXPECT_EQ(count, n);
  EXPECT_EQ(valid, s["valid"].get<uint32_t>());
  EXPECT_EQ(unix_ns, 1758607200LL * 1'000'000'000LL);  // 2025-09-23T06:00:00Z
  const auto column = [&](int k, size_t i) {
    float v;
    std::memcpy(&v, r.body.data() + 24 + 4 * (k * n + i), 4);
    return v;
  };
  int compared = 0;
  for (size_t i = 0; i < n; ++i) {
    const char* keys[] = {"lat", "lon", "alt_km"};
    for (int k = 0; k < 3; ++k) {
      const json& v = s[keys[k]][i];
      if (v.is_null()) {
        EXPECT_TRUE(std::isnan(column(k, i))) << keys[k] << " " << i;
      } else {
        // JSON rounds to 1e-4 degree and 0.01 km; float32 keeps ~7 digits.
        EXPECT_NEAR(column(k, i), v.get<double>(), k == 2 ? 0.01 : 2e-4) << keys[k] << " " << i;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 3 * 4000);
  // Both forms name their bytes (ETag) and ask caches to revalidate.
  const auto header = [](const HttpResponse& h, const std::string& name) {
    for (const auto& [k, v] : h.headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
  EXPECT_FALSE(header(r, "ETag").empty());
  EXPECT_EQ(header(Get("/api/v1/satellites?format=f32&at=" + at), "ETag"), header(r, "ETag"));
  EXPECT_NE(header(Get("/api/v1/satellites?format=f32&at=2025-09-23T06:00:01Z"), "ETag"),
            header(r, "ETag"));
  EXPECT_NE(header(Get("/api/v1/satellites?at=" + at), "ETag"), header(r, "ETag"));
}

TEST_F(HandlersTest, LinksAreWithinRangeAndBetweenSatellites) {
  const json l = GetJson("/api/v1/links");
  const int count = l["count"];
  EXPECT_GT(count, 4408);  // +Grid: about two links per satellite.
  EXPECT_LE(count, l["total"].get<int>());
  EXPECT_LE(l["total"].get<int>(), 2 * 4408);
  for (int k = 0; k < count; ++k) {
    ASSERT_GE(l["a"][k].get<int>(), 0);
    ASSERT_LT(l["b"][k].get<int>(), 4408);
    ASSERT_LE(l["length_km"][k].get<double>(), 5016.0 + 0.1);
    ASSERT_GT(l["length_km"][k].get<double>(), 0.0);
  }
  const json g = GetJson("/api/v1/links?format=geojson");
  EXPECT_EQ(g["features"].size(), static_cast<size_t>(count));
}

TEST_F(HandlersTest, RouteLondonNewYorkBeatsNothingFasterThanLight) {
  const json r = GetJson("/api/v1/route?from=London&to=New%20York");
  ASSERT_EQ(r["reachable"], true) << r.dump();
  const double rtt = r["rtt_ms"], fiber = r["fiber"]["rtt_ms"];
  // Great circle London-New York is about 5,570 km: 2 * 5570 km / c = 37.2 ms is a hard floor
  // for any path; Handley (2018) reports about 50 ms over lasers.
  EXPECT_GT(rtt, 37.0);
  EXPECT_LT(rtt, 80.0);
  EXPECT_NEAR(r["fiber"]["great_circle_km"].get<double>(), 5570.0, 60.0);
  EXPECT_NEAR(fiber, 2 * 5570.0 * 1.47 / 299792.458 * 1e3, 0.8);
  const json& path = r["path"];
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path.front()["name"], "London");
  EXPECT_EQ(path.back()["name"], "New York City");
  EXPECT_EQ(path[1]["kind"], "satellite");
  EXPECT_EQ(r["hops"].get<size_t>(), path.size() - 1);
  const json g = GetJson("/api/v1/route?from=London&to=New%20York&format=geojson");
  EXPECT_EQ(g["features"][0]["geometry"]["type"], "LineString");
}

TEST_F(HandlersTest, RttSeriesHasTheRequestedGrid) {
  const json r = GetJson("/api/v1/rtt?from=London&to=Paris&duration=10min&step=60s");
  ASSERT_EQ(r["count"], 11);
  ASSERT_EQ(r["t"].size(), 11u);
  for (size_t i = 1; i < 11; ++i) {
    EXPECT_NEAR(r["t"][i].get<double>() - r["t"][i - 1].get<double>(), 60.0, 1e-6);
  }
  EXPECT_EQ(r["summary"]["samples"], 11);
  EXPECT_FALSE(r.contains("path"));
  // paths=true adds each sample's path by node name (the document `leotwin route --json` writes).
  const json p = GetJson("/api/v1/rtt?from=London&to=Paris&duration=10min&step=60s&paths=true");
  ASSERT_EQ(p["path"].size(), 11u);
  for (size_t i = 0; i < 11; ++i) {
    if (p["rtt_ms"][i].is_null()) continue;
    ASSERT_EQ(p["path"][i].size(), p["hops"][i].get<size_t>() + 1) << i;
    EXPECT_EQ(p["path"][i].front(), "London");
    EXPECT_EQ(p["path"][i].back(), "Paris");
  }
  EXPECT_EQ(p["rtt_ms"], r["rtt_ms"]);
  GetJson("/api/v1/rtt?from=London&to=Paris&paths=maybe", 400);
  // Too many samples, bad durations and unknown places are client errors.
  GetJson("/api/v1/rtt?from=London&to=Paris&duration=2d&step=1s", 400);
  GetJson("/api/v1/rtt?from=London&to=Paris&duration=-5s", 400);
  EXPECT_GE(Get("/api/v1/rtt?from=Nowhereville%20Qq&to=Paris").status, 400);
  EXPECT_LT(Get("/api/v1/rtt?from=Nowhereville%20Qq&to=Paris").status, 500);
}

TEST_F(HandlersTest, BadInstantsAndFormatsAre400) {
  GetJson("/api/v1/satellites?at=1999-01-01T00:00:00Z", 400);
  GetJson("/api/v1/satellites?at=tomorrow", 400);
  GetJson("/api/v1/satellites?format=xml", 400);
  GetJson("/api/v1/satellites?lat=1", 400);
  GetJson("/api/v1/route?from=London", 400);
}

TEST_F(HandlersTest, CitiesMostPopulousFirstAndPrefixFilter) {
  const json c = GetJson("/api/v1/cities?limit=5");
  ASSERT_EQ(c["count"], 5);
  for (int i = 1; i < 5; ++i) {
    EXPECT_GE(c["cities"][i - 1]["population"].get<int64_t>(),
              c["cities"][i]["population"].get<int64_t>());
  }
  const json l = GetJson("/api/v1/cities?q=lon&limit=50");
  ASSERT_GT(l["count"].get<int>(), 0);
  for (const json& city : l["cities"]) {
    EXPECT_EQ(city["name"].get<std::string>().substr(0, 3), "Lon");
  }
  GetJson("/api/v1/cities?limit=0", 400);
  GetJson("/api/v1/cities?limit=100000", 400);
}

TEST_F(HandlersTest, CzmlDocument) {
  const HttpResponse r = Get("/api/v1/czml?duration=10min&step=120s");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  const json doc = json::parse(r.body);
  ASSERT_EQ(doc.size(), 4409u);
  EXPECT_EQ(doc[0]["id"], "document");
  EXPECT_EQ(doc[0]["version"], "1.0");
  const json& pos = doc[1]["position"];
  EXPECT_EQ(pos["referenceFrame"], "FIXED");
  ASSERT_EQ(pos["cartesian"].size(), 6u * 4u);  // 6 samples of (t, x, y, z).
  const double r0 = std::hypot(pos["cartesian"][1].get<double>(), pos["cartesian"][2].get<double>(),
                               pos["cartesian"][3].get<double>());
  EXPECT_GT(r0, 6.3e6 + 500e3);  // Metres from the Earth's centre.
  EXPECT_LT(r0, 6.4e6 + 600e3);
  EXPECT_EQ(Get("/api/v1/czml?duration=2d&step=1s").status, 400);
}

}  // namespace
}  // namespace leotwin::api
