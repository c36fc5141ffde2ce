// The story endpoints over real HTTP (Twin + BuildRouter + HttpServer) on a ledger seeded from a
// scenario: /timeline marks every enacted entry, /territory-states and /explain follow `at`,
// /explain's text is the CLI's (ledger/rule_explanation.h, ledger.h Explanation::ToText), and
// terminals stay private without the admin token.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "leotwin/api/admission.h"
#include "leotwin/api/handlers.h"
#include "leotwin/api/testing/local_api.h"
#include "leotwin/api/twin.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/ledger/rule_explanation.h"
#include "leotwin/scenario/scenario.h"
#include "leotwin/scenario/seed.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

constexpr char kAdminToken[] = "story-http-test-admin-token-0123456789";

// Ukraine activated; a box geofence over a roaming terminal, enacted at 14:02 by two approvals.
constexpr char kScenario[] = R"({"leotwin_scenario":1,"name":"story","title":"t",
 "constellation":"handley2018","operators":["alice","bob","carol"],
 "genesis":{"at":"2022-01-01T00:00:00Z","by":"alice"},
 "history":[
  {"at":"2022-02-26T18:00:00Z","by":"alice","changes":[{"action":"set_territory_state",
   "iso":"UA","state":"available"}],"approvals":[{"by":"bob","at":"2022-02-26T18:20:00Z"}]},
  {"at":"2022-03-15T09:00:00Z","by":"alice","changes":[{"action":"register_terminal",
   "id":"T-1","kind":"roam","service_address":{"lat":48.5,"lon":37.8},"sponsor":"s"}],
   "approvals":[{"by":"carol"}]},
  {"at":"2022-10-01T09:00:00Z","by":"alice","changes":[{"action":"add_geofence","id":"front",
   "name":"box","effect":"deny","geometry":{"type":"Polygon","coordinates":[[[37,47.5],
   [38.5,47.5],[38.5,49],[37,49],[37,47.5]]]}}],
   "approvals":[{"by":"bob"},{"by":"carol","at":"2022-10-01T14:02:00Z"}]}]})";

class StoryHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_story_http_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto s = scenario::ParseScenario(kScenario, dir_.string(), "story.json");
    ASSERT_TRUE(s.ok()) << s.status();
    auto seeded = scenario::Seed(*s, (dir_ / "state").string());
    ASSERT_TRUE(seeded.ok()) << seeded.status();
    db_ = seeded->ledger_path;
    TwinOptions options;
    options.constellation = s->constellation;
    options.db_path = db_;
    options.require_db = true;
    options.scenario = std::make_shared<const scenario::Scenario>(*s);
    auto twin = Twin::Load(options);
    ASSERT_TRUE(twin.ok()) << twin.status();
    twin_ = *twin;
    auto api = testing::StartLocalApi(twin_, kAdminToken);
    ASSERT_TRUE(api.ok()) << api.status();
    api_ = *std::move(api);
  }

  void TearDown() override {
    api_.client.reset();  // the client before the server it talks to
    api_.server.reset();
    twin_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::pair<int, json> Get(const std::string& path, bool admin = false) {
    httplib::Headers headers;
    if (admin) headers.emplace("Authorization", std::string("Bearer ") + kAdminToken);
    auto res = api_.client->Get(path.c_str(), headers);
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  std::filesystem::path dir_;
  std::string db_;
  std::shared_ptr<const Twin> twin_;
  testing::LocalApi api_;
};

TEST_F(StoryHttpTest, InfoAndTimelineDescribeTheHistory) {
  auto [status, info] = Get("/api/v1/info");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(info["policy"]["ledger"], true);
  EXPECT_EQ(info["scenario"]["name"], "story");
  EXPECT_EQ(info["scenario"]["history"]["start"], "2022-01-01T00:00:00Z");
  EXPECT_EQ(info["scenario"]["history"]["end"], "2022-10-01T14:02:00Z");
  EXPECT_EQ(info["access"], "public");

  auto [tstatus, timeline] = Get("/api/v1/timeline");
  ASSERT_EQ(tstatus, 200);
  ASSERT_EQ(timeline["marks"].size(), 3u);
  const json& fence = timeline["marks"][2];
  EXPECT_EQ(fence["kind"], "geofence.add_deny");
  EXPECT_EQ(fence["time"], "2022-10-01T14:02:00Z");
  EXPECT_EQ(fence["proposer"], "alice");
  EXPECT_EQ(fence["approvers"], json::array({"bob", "carol"}));
  // The registration's description would repeat the service address: redacted without admin.
  EXPECT_EQ(timeline["marks"][1]["description"], "terminal change (details need admin access)");
  auto [astatus, admin] = Get("/api/v1/timeline", /*admin=*/true);
  ASSERT_EQ(astatus, 200);
  EXPECT_NE(admin["marks"][1]["description"], "terminal change (details need admin access)");
}

TEST_F(StoryHttpTest, TerritoryStatesAndExplainFollowTheInstant) {
  auto [s1, before] = Get("/api/v1/territory-states?at=2022-02-26T18:10:00Z");
  auto [s2, after] = Get("/api/v1/territory-states?at=2022-02-26T18:30:00Z");
  ASSERT_EQ(s1, 200);
  ASSERT_EQ(s2, 200);
  EXPECT_EQ(before["states"]["UA"]["state"], "unavailable");
  EXPECT_EQ(before["states"]["UA"]["ledger_entry"], 0);
  EXPECT_EQ(after["states"]["UA"]["state"], "available");
  EXPECT_EQ(after["states"]["UA"]["ledger_entry"], 2);

  auto [s3, ua] = Get("/api/v1/explain?territory=UA&at=2022-06-01T00:00:00Z");
  ASSERT_EQ(s3, 200) << ua.dump();
  EXPECT_EQ(ua["state"], "available");
  EXPECT_EQ(ua["rule_provenance"]["proposer"], "alice");
  // The same text as the CLI: computed here from the ledger file, as `policy explain` does.
  auto ledger = ledger::Ledger::OpenReadOnly(db_);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  const SimTime t = *SimTime::Parse("2022-06-01T00:00:00Z");
  auto state = ledger->StateAt(t);
  ASSERT_TRUE(state.ok());
  auto x = ledger::ExplainTerritory(*state, "UA", t);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(ua["text"], x->ToText());

  auto [s4, fence] = Get("/api/v1/explain?geofence=front&at=2022-10-01T14:01:00Z");
  EXPECT_EQ(s4, 404) << fence.dump();  // not enacted yet
  auto [s5, enacted] = Get("/api/v1/explain?geofence=front&at=2022-10-01T14:03:00Z");
  ASSERT_EQ(s5, 200) << enacted.dump();
  EXPECT_EQ(enacted["state"], "deny, active");
  EXPECT_NE(enacted["text"].get<std::string>().find("approved by carol at 2022-10-01T14:02:00Z"),
            std::string::npos)
      << enacted["text"];

  auto [s6, bad] = Get("/api/v1/explain?territory=UA&geofence=front");
  EXPECT_EQ(s6, 400) << bad.dump();
  auto [s7, unknown] = Get("/api/v1/explain?territory=QQ");
  EXPECT_EQ(s7, 404) << unknown.dump();
}

TEST_F(StoryHttpTest, TerminalsAndTheirExplanationsNeedTheAdminToken) {
  EXPECT_EQ(Get("/api/v1/terminals").first, 401);
  EXPECT_EQ(Get("/api/v1/explain?terminal=T-1&lat=48.5&lon=37.8").first, 401);

  auto [s1, before] = Get("/api/v1/terminals?at=2022-10-01T14:01:00Z", /*admin=*/true);
  auto [s2, after] = Get("/api/v1/terminals?at=2022-10-01T14:03:00Z", /*admin=*/true);
  ASSERT_EQ(s1, 200);
  ASSERT_EQ(s2, 200);
  ASSERT_EQ(before["terminals"].size(), 1u);
  EXPECT_EQ(before["terminals"][0]["decision"]["allowed"], true);
  EXPECT_EQ(after["terminals"][0]["decision"]["allowed"], false);
  EXPECT_EQ(after["terminals"][0]["decision"]["rule"], "geofence:front");

  auto [s3, why] =
      Get("/api/v1/explain?terminal=T-1&lat=48.5&lon=37.8&at=2022-10-01T14:03:00Z", true);
  ASSERT_EQ(s3, 200) << why.dump();
  auto ledger = ledger::Ledger::OpenReadOnly(db_);
  ASSERT_TRUE(ledger.ok());
  auto x = ledger->Explain("T-1", 48.5, 37.8, 0, *SimTime::Parse("2022-10-01T14:03:00Z"));
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(why["text"], x->ToText());
}

// The territories layer follows `at`, carries the bundled file's geometry unchanged, and is light
// work once loaded: after the first request it no longer waits behind heavy requests.
TEST_F(StoryHttpTest, TerritoriesFollowTheInstantWithTheFilesGeometry) {
  AdmissionOptions admission;
  ApiRequest request;
  request.path = "/api/v1/territories";
  auto before = CostOfTerritories(*twin_, request);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_GE(before->units, admission.heavy_threshold_units) << "the first request parses 2 MB";
  // Loaded here, as `leotwin serve` does while the page loads: on a machine busy with other work
  // (ctest -j2, builds) the heavy pool's lowest-priority threads may wait a minute for a core.
  ASSERT_TRUE(twin_->TerritoryFeatures().ok());

  const auto [code_before, early] = Get("/api/v1/territories?at=2022-02-20T00:00:00Z");
  const auto [code_after, late] = Get("/api/v1/territories?at=2022-06-01T00:00:00Z");
  ASSERT_EQ(code_before, 200);
  ASSERT_EQ(code_after, 200);
  auto after = CostOfTerritories(*twin_, request);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_LT(after->units, admission.heavy_threshold_units) << "later requests copy";

  auto path = geo::DefaultTerritoriesPath();
  ASSERT_TRUE(path.ok()) << path.status();
  std::ifstream in(*path);
  const json file = json::parse(in, nullptr, false);
  ASSERT_TRUE(file.contains("features"));
  ASSERT_EQ(late["features"].size(), file["features"].size());
  auto state_of = [](const json& collection, const std::string& iso) {
    for (const json& f : collection["features"]) {
      if (f["properties"].value("iso_a2", "") == iso) return f["properties"].value("state", "");
    }
    return std::string("(missing)");
  };
  EXPECT_EQ(state_of(early, "UA"), "unavailable");
  EXPECT_EQ(state_of(late, "UA"), "available");
  for (size_t i = 0; i < file["features"].size(); ++i) {
    const json& stored = file["features"][i];
    const json& served = late["features"][i];
    ASSERT_EQ(served["geometry"], stored["geometry"]) << "feature " << i;
    EXPECT_EQ(served["properties"].value("iso_a2", ""), stored["properties"].value("iso_a2", ""));
  }
  // For a flat map: the same features and states, the geometry unwrapped (map_geometry.h; the
  // browser test compares every vertex with the page's own unwrapping), borders as lines.
  const auto [code_map, map] = Get("/api/v1/territories?shape=map&at=2022-06-01T00:00:00Z");
  const auto [code_borders, borders] =
      Get("/api/v1/territories?shape=borders&at=2022-06-01T00:00:00Z");
  ASSERT_EQ(code_map, 200);
  ASSERT_EQ(code_borders, 200);
  ASSERT_EQ(map["features"].size(), file["features"].size());
  EXPECT_EQ(state_of(map, "UA"), "available");
  EXPECT_EQ(state_of(borders, "UA"), "available");
  EXPECT_EQ(borders["features"].size(), file["features"].size());  // Every territory has a polygon.
  for (const json& f : borders["features"]) EXPECT_EQ(f["geometry"]["type"], "MultiLineString");
  EXPECT_EQ(Get("/api/v1/territories?shape=flat").first, 400);
}

// /track over HTTP: the roaming terminal stays inside the box geofence across its enactment at
// 14:02; before, the policy allows it, from 14:02 on it is denied by the geofence's entry. The same
// track as a GET list of fixes and as an uploaded GPX gives the same instants.
TEST_F(StoryHttpTest, TrackCrossesTheGeofencesEnactment) {
  const std::string fixes =
      "2022-10-01T13:50:00Z,48.2,37.5;2022-10-01T14:10:00Z,48.3,37.7;2022-10-01T14:20:00Z,48.4,"
      "37.9";
  // A registered terminal's track is subscriber data: admin only.
  EXPECT_EQ(Get("/api/v1/track?terminal=T-1&to=Kyiv&step=60s&fixes=" + fixes).first, 401);
  const auto [code, j] =
      Get("/api/v1/track?terminal=T-1&to=Kyiv&step=60s&fixes=" + fixes, /*admin=*/true);
  ASSERT_EQ(code, 200) << j.dump();
  ASSERT_EQ(j["window"]["instants"], 31);  // 13:50 .. 14:20 at 60 s
  const json& samples = j["samples"];
  ASSERT_EQ(samples.size(), 31u);
  for (const json& sample : samples) {
    const std::string time = sample["time"];
    const bool enacted = time >= "2022-10-01T14:02:00Z";
    EXPECT_EQ(sample["state"] == "denied", enacted) << sample.dump();
  }
  bool denied_at_1402 = false;
  for (const json& t : j["transitions"]) {
    if (t["time"] == "2022-10-01T14:02:00Z" && t["to"] == "denied") {
      denied_at_1402 = true;
      const json& decision = j["decisions"][t["decision"].get<int>()];
      EXPECT_NE(decision["summary"].get<std::string>().find("geofence front"), std::string::npos)
          << decision.dump();
      EXPECT_NE(decision["summary"].get<std::string>().find("approved by bob, carol"),
                std::string::npos)
          << decision.dump();
    }
  }
  EXPECT_TRUE(denied_at_1402) << j["transitions"].dump();

  const std::string gpx = R"(<?xml version="1.0"?><gpx version="1.1" creator="t"
    xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
    <trkpt lat="48.2" lon="37.5"><time>2022-10-01T13:50:00Z</time></trkpt>
    <trkpt lat="48.3" lon="37.7"><time>2022-10-01T14:10:00Z</time></trkpt>
    <trkpt lat="48.4" lon="37.9"><time>2022-10-01T14:20:00Z</time></trkpt>
    </trkseg></trk></gpx>)";
  auto posted = api_.client->Post("/api/v1/track?terminal=T-1&to=Kyiv&step=60s",
                                  {{"Authorization", std::string("Bearer ") + kAdminToken}}, gpx,
                                  "application/gpx+xml");
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 200) << posted->body;
  const json from_gpx = json::parse(posted->body);
  EXPECT_EQ(from_gpx["samples"], samples);
  EXPECT_EQ(from_gpx["transitions"], j["transitions"]);

  // Bad input is named and refused.
  const auto [bad_fix, bad] =
      Get("/api/v1/track?kind=roam&fixes=2022-10-01T13:50:00Z,48.2,37.5;"
          "2022-10-01T14:10:00Z,95,37.7");
  EXPECT_EQ(bad_fix, 400);
  EXPECT_NE(bad.dump().find("fixes:2"), std::string::npos) << bad.dump();
  const auto [both, both_body] = Get("/api/v1/track?kind=roam&terminal=T-1&fixes=" + fixes);
  EXPECT_EQ(both, 400) << both_body.dump();
  const auto [too_many, many_body] =
      Get("/api/v1/track?kind=roam&step=0.1s&fixes=2022-10-01T00:00:00Z,48,37;2022-10-02T00:00:00Z,"
          "48,37");
  EXPECT_EQ(too_many, 400);
  EXPECT_NE(many_body.dump().find("at most 86401"), std::string::npos) << many_body.dump();
}

// The Internet by default: at each instant the PoP nearest the terminal, even on a server whose
// scenario has no PoPs (lasers, no gateways: the track's network gets the default ones). A
// flight from Kyiv to Madrid meets more than one, each once (nearest-PoP regions are convex).
TEST_F(StoryHttpTest, TrackToTheInternetFollowsTheNearestPop) {
  const auto [code, j] =
      Get("/api/v1/track?kind=aviation&step=600s&fixes=2022-10-01T12:00:00Z,50.45,30.52;"
          "2022-10-01T16:00:00Z,40.42,-3.70");
  ASSERT_EQ(code, 200) << j.dump();
  EXPECT_EQ(j["destination"], "the Internet");
  std::vector<std::string> met;
  for (const json& s : j["samples"]) {
    const std::string pop = s["destination"];
    EXPECT_EQ(pop.rfind("PoP ", 0), 0u) << pop;
    if (met.empty() || met.back() != pop) met.push_back(pop);
  }
  EXPECT_GE(met.size(), 2u) << json(met).dump();
  EXPECT_EQ(std::set<std::string>(met.begin(), met.end()).size(), met.size()) << json(met).dump();
}

}  // namespace
}  // namespace leotwin::api
