// The terminal's-eye view along a track over the bundled demo scenario (a real signed ledger
// seeded into a temporary state folder) and the starlink-gen1 network twin:
// - the front-line story: a roaming terminal drives into the illustrative geofence before it is
//   enacted (2022-10-01T14:02, entry 80 approving entry 78), is cut off at the enactment and
//   served again when it leaves; the instants are derived here from the polygon itself (S2 loop
//   built from the GeoJSON file) and the meridian the track follows, not from the code under test;
// - the RTT while connected equals net::RouteSeries (the function behind `leotwin route`) on a
//   network holding the terminal as a ground node at that position and instant;
// - the open sea: a roam terminal is denied by the kind rule, a maritime one served by "ocean";
// - the one-pass evaluation equals the from-scratch reference on seeded random tracks;
// - the Internet is the PoP nearest the terminal at each instant: a track from one PoP to
//   another switches PoP, and each instant's RTT is the route to the PoP it names;
// - the GeoJSON output cuts a track that crosses the antimeridian into parts that do not.
#include "leotwin/track/evaluate.h"

#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leotwin/base/constants.h"
#include "leotwin/base/input.h"
#include "leotwin/net/series.h"
#include "leotwin/orbit/geodesy.h"
#include "leotwin/scenario/scenario.h"
#include "leotwin/scenario/seed.h"
#include "leotwin/track/export.h"
#include "nlohmann/json.hpp"
#include "s2/s2latlng.h"
#include "s2/s2loop.h"

namespace leotwin::track {
namespace {

namespace fs = std::filesystem;

SimTime At(const char* iso) { return *SimTime::Parse(iso); }

struct World {
  fs::path dir;
  std::string ledger_path;
  std::unique_ptr<net::NetScenario> net;
};

World* world = nullptr;

class TrackEvaluateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    world = new World;
    world->dir = fs::path(::testing::TempDir()) /
                 fmt::format("leotwin_track_evaluate_{}", static_cast<long>(::getpid()));
    fs::remove_all(world->dir);
    fs::create_directories(world->dir);
    auto s = scenario::LoadScenario("demo");
    ASSERT_TRUE(s.ok()) << s.status();
    auto seeded = scenario::Seed(*s, (world->dir / "demo").string());
    ASSERT_TRUE(seeded.ok()) << seeded.status();
    world->ledger_path = seeded->ledger_path;
    auto n = net::NetScenario::Load(net::NetScenarioOptions{});
    ASSERT_TRUE(n.ok()) << n.status();
    world->net = std::make_unique<net::NetScenario>(std::move(*n));
  }
  static void TearDownTestSuite() {
    if (world != nullptr) fs::remove_all(world->dir);
    delete world;
    world = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(world, nullptr);
    ASSERT_TRUE(world->net != nullptr);
    auto l = ledger::Ledger::OpenReadOnly(world->ledger_path);
    ASSERT_TRUE(l.ok()) << l.status();
    ledger_ = std::make_unique<ledger::Ledger>(std::move(*l));
  }

  StatusOr<TrackResult> Run(const Track& track, const TerminalSpec& who, const std::string& to,
                            const TimeGrid& grid, const net::NetScenario* scenario = nullptr) {
    LEOTWIN_ASSIGN_OR_RETURN(NetSetup setup,
                             NetSetup::Create(scenario ? *scenario : *world->net, to,
                                              track.fixes()[0].lat_deg, track.fixes()[0].lon_deg));
    setup_ = std::make_unique<NetSetup>(std::move(setup));
    LEOTWIN_ASSIGN_OR_RETURN(const PolicyHistory h,
                             PolicyHistory::FromLedger(*ledger_, grid.start, grid.end()));
    return Evaluate(track, who, h, *setup_, {.grid = grid});
  }

  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<NetSetup> setup_;
};

// The demo's geofence polygon, straight from its file, as an S2 loop (independent of geo/).
std::unique_ptr<S2Loop> FrontLoop() {
  auto text = ReadFileBounded("data/scenarios/demo/front-2022-10.geojson", 1 << 20);
  EXPECT_TRUE(text.ok()) << text.status();
  const auto doc = nlohmann::json::parse(*text);
  std::vector<S2Point> ring;
  for (const auto& c : doc["geometry"]["coordinates"][0]) {
    ring.push_back(S2LatLng::FromDegrees(c[1].get<double>(), c[0].get<double>()).ToPoint());
  }
  ring.pop_back();  // GeoJSON repeats the first vertex
  auto loop = std::make_unique<S2Loop>(ring);
  loop->Normalize();
  return loop;
}

// A track down and back up the meridian 36 E: 48.40 N at 13:40, 47.60 N at 14:20, 48.40 N at
// 15:00 (133 km/h, under the roam cap of 160). The band of the geofence spans about 47.0 .. 48.0 N
// on that meridian.
Track MeridianTrack() {
  auto t = ParseTrackCsv(
      "time,lat,lon\n2022-10-01T13:40:00Z,48.40,36.0\n2022-10-01T14:20:00Z,47.60,36.0\n"
      "2022-10-01T15:00:00Z,48.40,36.0\n",
      "meridian.csv");
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

// Latitude on the meridian track at t, by the linear motion of latitude along a meridian.
double MeridianLat(SimTime t) {
  const double s = (t - At("2022-10-01T13:40:00Z")) * 1e-9;
  return s <= 2400 ? 48.40 - 0.80 * s / 2400 : 47.60 + 0.80 * (s - 2400) / 2400;
}

TEST_F(TrackEvaluateTest, FrontLineCrossingGivesExactlyTheExpectedTransitions) {
  const Track track = MeridianTrack();
  const TimeGrid grid = TimeGrid::Over(
      At("2022-10-01T13:40:00Z"), 80 * 60 * SimTime::kNanosPerSecond, 2 * SimTime::kNanosPerSecond);
  auto r = Run(track, TerminalSpec::Registered("UA-R-0417"), "Kyiv", grid);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->samples.size(), 2401u);
  // Expected: inside the band from the first instant whose position is in the loop; denied from
  // 14:02:00 while inside; connected again at the first instant outside.
  const auto loop = FrontLoop();
  const SimTime enacted = At("2022-10-01T14:02:00Z");
  int64_t first_inside = -1, first_outside_again = -1;
  for (int64_t i = 0; i < grid.count; ++i) {
    const bool inside =
        loop->Contains(S2LatLng::FromDegrees(MeridianLat(grid.At(i)), 36.0).ToPoint());
    if (inside && first_inside < 0) first_inside = i;
    if (!inside && first_inside >= 0 && first_outside_again < 0) first_outside_again = i;
  }
  ASSERT_GT(first_inside, 0);
  ASSERT_LT(grid.At(first_inside), enacted);  // it drove in before the enactment
  ASSERT_GT(first_outside_again, 0);
  const auto transitions = r->Transitions();
  ASSERT_EQ(transitions.size(), 2u);
  EXPECT_EQ(transitions[0].time, enacted);
  EXPECT_EQ(transitions[0].from, State::kConnected);
  EXPECT_EQ(transitions[0].to, State::kDenied);
  EXPECT_EQ(transitions[1].time, grid.At(first_outside_again));
  EXPECT_EQ(transitions[1].from, State::kDenied);
  EXPECT_EQ(transitions[1].to, State::kConnected);
  const DecisionInfo& why = r->decisions[transitions[0].decision];
  EXPECT_EQ(why.decision.rule_id, "geofence:front-2022-10");
  EXPECT_EQ(why.decision.reason, policy::ReasonCode::kBlockedArea);
  EXPECT_EQ(why.decision.ledger_entry_id, 78);
  EXPECT_EQ(why.Summary(),
            "blocked_area, geofence front-2022-10, ledger entry 78: proposed by alice, approved "
            "by bob, carol");
  // Totals: every instant has one state.
  const auto counts = r->Counts();
  const int64_t denied = first_outside_again - (enacted - grid.start) / grid.step_ns;
  EXPECT_EQ(counts[static_cast<int>(State::kDenied)], denied);
  EXPECT_EQ(counts[static_cast<int>(State::kConnected)], grid.count - denied);
  // Speed from the fixes: 0.8 degrees of the mean sphere in 40 min.
  EXPECT_NEAR(r->samples[10].at.speed_kmh, 6371.0088 * 0.8 * kPi / 180 * 1.5, 1e-6);
  // While connected: a serving satellite at or above the 25 degree mask, a finite RTT.
  for (const Sample& s : r->samples) {
    if (s.state != State::kConnected) continue;
    EXPECT_GE(s.elevation_deg, 25.0);
    EXPECT_GE(s.serving, 0);
    EXPECT_LT(s.rtt_ms, 100.0);
    EXPECT_GE(s.hops, 2);
  }
}

// The RTT of a connected instant equals the library route between a terminal ground node placed
// at that instant's position and the destination (net::RouteSeries, the reference router).
TEST_F(TrackEvaluateTest, RttWhileConnectedEqualsTheLibraryRoute) {
  const Track track = MeridianTrack();
  const TimeGrid grid = TimeGrid::Over(At("2022-10-01T13:41:00Z"), 600 * SimTime::kNanosPerSecond,
                                       37 * SimTime::kNanosPerSecond);
  for (const char* to : {"Kyiv", "Warsaw"}) {
    auto r = Run(track, TerminalSpec::Registered("UA-R-0417"), to, grid);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const Sample& s : r->samples) {
      ASSERT_EQ(s.state, State::kConnected);
      std::vector<net::GroundNode> ground = world->net->infrastructure();
      net::GroundNode terminal;
      terminal.name = "track terminal";
      terminal.kind = net::GroundKind::kTerminal;
      terminal.lat_deg = s.at.lat_deg;
      terminal.lon_deg = s.at.lon_deg;
      ground.push_back(terminal);
      ground.push_back(setup_->network->ground()[setup_->destination]);
      auto network =
          net::Network::Create(world->net->constellation(), ground, world->net->network_options());
      ASSERT_TRUE(network.ok()) << network.status();
      const int T = static_cast<int>(ground.size()) - 2, D = T + 1;
      net::RunOptions run;
      run.method = net::RoutingMethod::kReference;
      run.progress = false;
      run.interpolation_knot_ns = world->net->interpolation_knot_ns();
      auto series = net::RouteSeries(*network, world->net->ephemeris(), {{T, D}},
                                     TimeGrid{s.time, grid.step_ns, 1}, run);
      ASSERT_TRUE(series.ok()) << series.status();
      const net::RouteSample& ref = (*series)[0].samples[0];
      EXPECT_NEAR(s.rtt_ms, ref.rtt_ms, 1e-9) << to << " at " << s.time.ToIso8601();
      EXPECT_EQ(s.hops, ref.hops) << to << " at " << s.time.ToIso8601();
      // The serving satellite is the route's first hop.
      ASSERT_GE(ref.path.size(), 2u);
      EXPECT_EQ(s.serving, ref.path[1]);
    }
  }
}

TEST_F(TrackEvaluateTest, OpenSeaDeniesARoamTerminalByTheKindRuleAndServesMaritime) {
  // The Black Sea south of Crimea, far from any coast.
  auto track =
      ParseTrackCsv("2022-10-01T12:00:00Z,43.2,33.0\n2022-10-01T12:10:00Z,43.25,33.1\n", "sea.csv");
  ASSERT_TRUE(track.ok()) << track.status();
  const TimeGrid grid =
      TimeGrid::Over(track->start(), 600 * SimTime::kNanosPerSecond, 60 * SimTime::kNanosPerSecond);
  auto roam = Run(*track, TerminalSpec::Registered("UA-R-0417"), "Kyiv", grid);
  ASSERT_TRUE(roam.ok()) << roam.status();
  for (const Sample& s : roam->samples) {
    ASSERT_EQ(s.state, State::kDenied);
    const policy::Decision& d = roam->DecisionOf(s)->decision;
    EXPECT_EQ(d.reason, policy::ReasonCode::kInOcean);
    EXPECT_EQ(d.rule_id, "kind:roam");
    EXPECT_GE(s.serving, 0);  // satellites in view all the same
    EXPECT_EQ(s.rtt_ms, net::kInfinity);
  }
  auto ship = Run(*track, TerminalSpec::AdHoc(policy::TerminalKind::kMaritime), "Kyiv", grid);
  ASSERT_TRUE(ship.ok()) << ship.status();
  for (const Sample& s : ship->samples) {
    EXPECT_EQ(s.state, State::kConnected);
    EXPECT_EQ(ship->DecisionOf(s)->decision.rule_id, "ocean");
  }
}

TEST_F(TrackEvaluateTest, BeforeItsRegistrationATerminalIsUnknown) {
  auto track = ParseTrackCsv("2022-03-15T09:00:00Z,48.723,37.556\n2022-03-15T10:00:00Z,48.8,37.6\n",
                             "reg.csv");
  ASSERT_TRUE(track.ok());
  const TimeGrid grid = TimeGrid::Over(track->start(), 3600 * SimTime::kNanosPerSecond,
                                       60 * SimTime::kNanosPerSecond);
  auto r = Run(*track, TerminalSpec::Registered("UA-R-0417"), "Kyiv", grid);
  ASSERT_TRUE(r.ok()) << r.status();
  const auto transitions = r->Transitions();
  ASSERT_EQ(transitions.size(), 1u);
  // Registered when carol approved at 09:40 (entry 76).
  EXPECT_EQ(transitions[0].time, At("2022-03-15T09:40:00Z"));
  EXPECT_EQ(r->DecisionOf(r->samples[0])->decision.reason, policy::ReasonCode::kUnknownTerminal);
}

TEST_F(TrackEvaluateTest, AWindowOutsideTheTrackIsRefused) {
  const Track track = MeridianTrack();
  auto r = Run(track, TerminalSpec::Registered("UA-R-0417"), "Kyiv",
               TimeGrid::Over(At("2022-10-01T13:00:00Z"), 60 * SimTime::kNanosPerSecond,
                              SimTime::kNanosPerSecond));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kOutOfRange);
}

// The two states the sky and the ground decide: a mask no satellite clears (no_satellite), and a
// bent pipe without gateways to a destination no satellite above the terminal sees (no_route).
TEST_F(TrackEvaluateTest, NoSatelliteAndNoRouteStates) {
  auto track = ParseTrackCsv("2022-10-01T12:00:00Z,50.45,30.52\n2022-10-01T12:05:00Z,50.46,30.53\n",
                             "kyiv.csv");
  ASSERT_TRUE(track.ok()) << track.status();
  const TimeGrid grid =
      TimeGrid::Over(track->start(), 300 * SimTime::kNanosPerSecond, 30 * SimTime::kNanosPerSecond);
  const TerminalSpec who = TerminalSpec::AdHoc(policy::TerminalKind::kGovernment);
  net::NetScenarioOptions zenith;
  zenith.network.SetMinElevation(89.99);
  auto high = net::NetScenario::Load(zenith);
  ASSERT_TRUE(high.ok()) << high.status();
  auto r = Run(*track, who, "Warsaw", grid, &*high);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const Sample& s : r->samples) {
    EXPECT_TRUE(r->DecisionOf(s)->decision.allowed);
    EXPECT_EQ(s.state, State::kNoSatellite);
    EXPECT_EQ(s.in_view, 0);
    EXPECT_EQ(s.serving, -1);
    EXPECT_TRUE(std::isnan(s.elevation_deg));
  }
  net::NetScenarioOptions bent;
  bent.lasers = net::LaserMode::kNone;
  bent.gateways = net::GatewayMode::kNone;
  auto pipe = net::NetScenario::Load(bent);
  ASSERT_TRUE(pipe.ok()) << pipe.status();
  r = Run(*track, who, "New York", grid, &*pipe);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const Sample& s : r->samples) {
    EXPECT_EQ(s.state, State::kNoRoute);
    EXPECT_GE(s.serving, 0);
    EXPECT_GE(s.elevation_deg, 25.0);
    EXPECT_EQ(s.rtt_ms, net::kInfinity);
  }
  // Without lasers Kyiv and Warsaw (about 690 km apart) share satellites now and then: a bent
  // pipe through one satellite, whose RTT the library route gives too.
  r = Run(*track, who, "Warsaw", grid, &*pipe);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const Sample& s : r->samples) {
    ASSERT_TRUE(s.state == State::kConnected || s.state == State::kNoRoute) << StateName(s.state);
    if (s.state == State::kConnected) {
      EXPECT_EQ(s.hops, 2);
    }
  }
}

// The one-pass evaluation and the from-scratch reference agree instant by instant on seeded random
// tracks around the front line and across the geofence's enactment.
TEST_F(TrackEvaluateTest, TheInternetIsTheNearestPopAtEachInstant) {
  net::NetScenarioOptions gw_options;
  gw_options.gateways = net::GatewayMode::kDefault;
  auto gateways = net::NetScenario::Load(gw_options);
  ASSERT_TRUE(gateways.ok()) << gateways.status();
  // Two PoPs of the default ground segment: the one nearest Kyiv and its nearest other PoP
  // (found here from the scenario's list, not through the code under test).
  std::vector<const net::GroundNode*> pops;
  for (const net::GroundNode& g : gateways->infrastructure()) {
    if (g.kind == net::GroundKind::kPop) pops.push_back(&g);
  }
  ASSERT_GE(pops.size(), 2u);
  const auto nearest = [&](double lat, double lon, const net::GroundNode* except) {
    const net::GroundNode* best = nullptr;
    for (const net::GroundNode* p : pops) {
      if (p == except) continue;
      if (best == nullptr || orbit::GreatCircleKm(lat, lon, p->lat_deg, p->lon_deg) <
                                 orbit::GreatCircleKm(lat, lon, best->lat_deg, best->lon_deg)) {
        best = p;
      }
    }
    return best;
  };
  const net::GroundNode* a = nearest(50.45, 30.52, nullptr);
  const net::GroundNode* b = nearest(a->lat_deg, a->lon_deg, a);
  SCOPED_TRACE(fmt::format("from {} to {}", a->name, b->name));
  // A track from 10 km beside A to 10 km beside B (0.09 deg of latitude), an hour long.
  auto track =
      ParseTrackCsv(fmt::format("2022-10-01T12:00:00Z,{},{}\n2022-10-01T13:00:00Z,{},{}\n",
                                a->lat_deg + 0.09, a->lon_deg, b->lat_deg + 0.09, b->lon_deg),
                    "two-pops.csv");
  ASSERT_TRUE(track.ok()) << track.status();
  const TimeGrid grid = TimeGrid::Over(track->start(), 3600 * SimTime::kNanosPerSecond,
                                       120 * SimTime::kNanosPerSecond);
  auto setup = NetSetup::Create(*gateways, "internet", a->lat_deg, a->lon_deg);
  ASSERT_TRUE(setup.ok()) << setup.status();
  const TerminalSpec who = TerminalSpec::AdHoc(policy::TerminalKind::kAviation);
  auto r = Evaluate(*track, who, PolicyHistory::None(), *setup, {.grid = grid});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->destination, "the Internet");
  const auto& ground = setup->network->ground();
  ASSERT_GE(r->samples.front().destination, 0);
  EXPECT_EQ(ground[r->samples.front().destination].name, a->name);
  EXPECT_EQ(ground[r->samples.back().destination].name, b->name);
  int switches = 0, connected = 0;
  for (size_t i = 0; i < r->samples.size(); ++i) {
    const Sample& s = r->samples[i];
    SCOPED_TRACE(s.time.ToIso8601());
    // The named PoP is the nearest to the terminal's position at that instant.
    EXPECT_EQ(ground[s.destination].name, nearest(s.at.lat_deg, s.at.lon_deg, nullptr)->name);
    if (i > 0 && s.destination != r->samples[i - 1].destination) ++switches;
    if (s.state != State::kConnected) continue;
    ++connected;
    // The RTT is the route to that PoP: the same instant evaluated with it as a fixed place.
    auto fixed = NetSetup::Create(*gateways, ground[s.destination].name, a->lat_deg, a->lon_deg);
    ASSERT_TRUE(fixed.ok()) << fixed.status();
    auto one = Evaluate(*track, who, PolicyHistory::None(), *fixed,
                        {.grid = TimeGrid{s.time, grid.step_ns, 1}});
    ASSERT_TRUE(one.ok()) << one.status();
    EXPECT_NEAR(one->samples[0].rtt_ms, s.rtt_ms, 1e-9);
  }
  EXPECT_GE(switches, 1);
  EXPECT_GT(connected, 0);
  // The reference picks the same PoPs and routes.
  auto slow = EvaluateFromScratch(*track, who, nullptr, *setup, {.grid = grid});
  ASSERT_TRUE(slow.ok()) << slow.status();
  for (size_t i = 0; i < r->samples.size(); ++i) {
    EXPECT_EQ(r->samples[i].destination, slow->samples[i].destination);
    const double x = r->samples[i].rtt_ms, y = slow->samples[i].rtt_ms;
    if (std::isinf(x) || std::isinf(y)) {
      EXPECT_EQ(x, y);
    } else {
      EXPECT_NEAR(x, y, 1e-9);
    }
  }
  // The table names the PoPs and where the nearest one changes; JSON and CSV each instant's.
  std::ostringstream table;
  const RunDescription d{.track_source = "two-pops.csv", .constellation = "test", .policy = "none"};
  WriteTable(*r, d, *setup->network, table);
  EXPECT_THAT(table.str(), ::testing::HasSubstr(fmt::format(
                               "to the Internet (nearest PoP: {} from 12:00:00, ", a->name)));
  EXPECT_THAT(table.str(), ::testing::HasSubstr(b->name + " from "));
  const auto j = ToJson(*r, d, *setup->network);
  EXPECT_EQ(j["samples"].front()["destination"], a->name);
  EXPECT_EQ(j["samples"].back()["destination"], b->name);
  fmt::print("{} -> {}: {} instants, {} PoP switches, {} connected\n", a->name, b->name,
             r->samples.size(), switches, connected);
}

TEST_F(TrackEvaluateTest, GeoJsonCutsATrackAtTheAntimeridian) {
  // A ship east of Fiji sailing east across 180 (179.6 E to 179.4 W) and back west again.
  auto track = ParseTrackCsv(
      "2022-10-01T12:00:00Z,-17.0,179.6\n2022-10-01T13:00:00Z,-17.4,-179.4\n"
      "2022-10-01T14:00:00Z,-17.6,179.8\n",
      "fiji.csv");
  ASSERT_TRUE(track.ok()) << track.status();
  const TimeGrid grid = TimeGrid::Over(track->start(), 7200 * SimTime::kNanosPerSecond,
                                       300 * SimTime::kNanosPerSecond);
  auto setup = NetSetup::Create(*world->net, "-18.14,178.44", -17.0, 179.6);
  ASSERT_TRUE(setup.ok()) << setup.status();
  auto r = Evaluate(*track, TerminalSpec::AdHoc(policy::TerminalKind::kMaritime),
                    PolicyHistory::None(), *setup, {.grid = grid});
  ASSERT_TRUE(r.ok()) << r.status();
  const auto g = ToGeoJson(*r, *setup->network);
  // Every part of every feature stays on one side; parts of a feature meet at +-180 at one
  // latitude; the parts together hold every sample's position in order.
  std::vector<std::pair<double, double>> points;  // (lon, lat) of the samples, from the output
  int cuts = 0;
  for (const auto& f : g["features"]) {
    const auto& geom = f["geometry"];
    std::vector<nlohmann::json> parts;
    if (geom["type"] == "LineString") {
      parts.push_back(geom["coordinates"]);
    } else {
      ASSERT_EQ(geom["type"], "MultiLineString");
      for (const auto& p : geom["coordinates"]) parts.push_back(p);
    }
    for (size_t k = 0; k < parts.size(); ++k) {
      const auto& line = parts[k];
      ASSERT_GE(line.size(), 2u);
      for (size_t i = 1; i < line.size(); ++i) {
        EXPECT_LE(std::abs(line[i][0].get<double>() - line[i - 1][0].get<double>()), 180.0);
      }
      if (k + 1 < parts.size()) {
        ++cuts;
        const auto& end = line.back();
        const auto& next = parts[k + 1].front();
        EXPECT_EQ(std::abs(end[0].get<double>()), 180.0);
        EXPECT_EQ(next[0].get<double>(), -end[0].get<double>());
        EXPECT_EQ(next[1].get<double>(), end[1].get<double>());
      }
      for (const auto& c : line) {
        if (std::abs(c[0].get<double>()) == 180.0) continue;  // a cut's point
        if (!points.empty() && points.back().first == c[0].get<double>() &&
            points.back().second == c[1].get<double>()) {
          continue;  // the point consecutive runs share
        }
        points.push_back({c[0].get<double>(), c[1].get<double>()});
      }
    }
  }
  EXPECT_EQ(cuts, 2);  // east across 180, then back west
  ASSERT_EQ(points.size(), r->samples.size());
  for (size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].first, r->samples[i].at.lon_deg);
    EXPECT_EQ(points[i].second, r->samples[i].at.lat_deg);
  }
}

TEST_F(TrackEvaluateTest, OnePassEqualsFromScratchOnSeededRandomTracks) {
  // Seeds 5 and 6: a far destination (routes longer than the first local bound) and the
  // Internet through the default gateways and PoPs (gateways relay: many ground nodes).
  net::NetScenarioOptions gw_options;
  gw_options.gateways = net::GatewayMode::kDefault;
  auto gateways = net::NetScenario::Load(gw_options);
  ASSERT_TRUE(gateways.ok()) << gateways.status();
  for (const uint32_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    SCOPED_TRACE(fmt::format("seed {} (rerun: this test, same seed list)", seed));
    std::mt19937_64 rng(seed);
    // A random walk: segments of 20..400 s at up to about 95 km/h (fixed terminals are too fast).
    std::uniform_real_distribution<double> lat0(47.2, 49.8), lon0(34.0, 38.5), gap(20.0, 400.0),
        rate(-0.0006, 0.0006), alt(0.0, 400.0);
    std::string csv = "time,lat,lon,alt\n";
    double t = 0, la = lat0(rng), lo = lon0(rng);
    if (seed == 5) la = 49.84, lo = 24.03;  // from Lviv, far from the front
    for (int k = 0; k < 8; ++k) {
      csv += fmt::format("{},{:.6f},{:.6f},{:.1f}\n",
                         (At("2022-10-01T13:50:00Z") + static_cast<int64_t>(t * 1e9)).ToIso8601(),
                         la, lo, alt(rng));
      const double g = gap(rng);
      t += g;
      la += rate(rng) * g;
      lo += rate(rng) * g;
    }
    auto track = ParseTrackCsv(csv, "random.csv");
    ASSERT_TRUE(track.ok()) << track.status();
    TerminalSpec who = TerminalSpec::Registered("UA-R-0417");
    if (seed == 1) who = TerminalSpec::AdHoc(policy::TerminalKind::kRoam);
    if (seed == 3) who = TerminalSpec::AdHoc(policy::TerminalKind::kFixed);
    if (seed == 5) who = TerminalSpec::AdHoc(policy::TerminalKind::kGovernment);
    if (seed == 6) who = TerminalSpec::AdHoc(policy::TerminalKind::kMaritime);
    const TimeGrid grid = TimeGrid::Over(track->start(), track->end() - track->start(),
                                         (13 + seed * 3) * SimTime::kNanosPerSecond);
    const std::string to = seed == 3   ? "Warsaw"
                           : seed == 5 ? "New York"
                           : seed == 6 ? "internet"
                                       : "Kyiv";
    auto fast = Run(*track, who, to, grid, seed == 6 ? &*gateways : nullptr);
    ASSERT_TRUE(fast.ok()) << fast.status();
    auto slow = EvaluateFromScratch(*track, who, ledger_.get(), *setup_, {.grid = grid});
    ASSERT_TRUE(slow.ok()) << slow.status();
    ASSERT_EQ(fast->samples.size(), slow->samples.size());
    int states_seen[kStateCount] = {};
    for (size_t i = 0; i < fast->samples.size(); ++i) {
      const Sample& a = fast->samples[i];
      const Sample& b = slow->samples[i];
      SCOPED_TRACE(a.time.ToIso8601());
      ++states_seen[static_cast<int>(a.state)];
      EXPECT_EQ(a.state, b.state);
      EXPECT_EQ(a.at.lat_deg, b.at.lat_deg);
      EXPECT_EQ(a.at.lon_deg, b.at.lon_deg);
      EXPECT_EQ(a.at.speed_kmh, b.at.speed_kmh);
      EXPECT_EQ(a.serving, b.serving);
      EXPECT_EQ(a.in_view, b.in_view);
      if (a.serving >= 0) {
        EXPECT_EQ(a.elevation_deg, b.elevation_deg);
      }
      if (std::isinf(a.rtt_ms) || std::isinf(b.rtt_ms)) {
        EXPECT_EQ(a.rtt_ms, b.rtt_ms);
      } else {
        EXPECT_NEAR(a.rtt_ms, b.rtt_ms, 1e-9);
      }
      EXPECT_EQ(a.hops, b.hops);
      const policy::Decision& da = fast->DecisionOf(a)->decision;
      const policy::Decision& db = slow->DecisionOf(b)->decision;
      EXPECT_EQ(da.allowed, db.allowed);
      EXPECT_EQ(da.reason, db.reason);
      EXPECT_EQ(da.rule_id, db.rule_id);
      EXPECT_EQ(da.ledger_entry_id, db.ledger_entry_id);
      EXPECT_EQ(fast->DecisionOf(a)->Summary(), slow->DecisionOf(b)->Summary());
    }
    EXPECT_EQ(fast->Transitions().size(), slow->Transitions().size());
    fmt::print(
        "seed {} to {}: {} instants, connected {}, denied {}, no_satellite {}, no_route {}; {} of "
        "{} routes on a local snapshot; first decision: {}\n",
        seed, fast->destination, fast->samples.size(), states_seen[0], states_seen[1],
        states_seen[2], states_seen[3], fast->local_routes, fast->routed,
        fast->DecisionOf(fast->samples[0])->Summary());
  }
}

}  // namespace
}  // namespace leotwin::track
