// Hand-checkable geometries for visibility, lasers and routing, plus the differential test of
// incremental against from-scratch routing.
#include "leotwin/net/network.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"
#include "leotwin/net/hypatia.h"
#include "leotwin/net/router.h"
#include "leotwin/net/series.h"
#include "leotwin/net/testing/circular_walker.h"
#include "leotwin/orbit/frames.h"
#include "leotwin/orbit/geodesy.h"

namespace leotwin::net {
namespace {

using orbit::GeodeticToEcef;
using orbit::GeodeticUp;

GroundNode Node(std::string name, GroundKind kind, double lat, double lon) {
  GroundNode n;
  n.name = std::move(name);
  n.kind = kind;
  n.lat_deg = lat;
  n.lon_deg = lon;
  return n;
}

// A constellation of `n` satellites in one plane of one shell (slots 0..n-1).
orbit::Constellation OnePlane(int n) {
  orbit::Constellation c;
  c.name = "hand";
  c.shells.push_back({"hand", 1, n, 0, 550.0, 0.0, 360.0});
  for (int i = 0; i < n; ++i) {
    orbit::ElementSet e;
    e.name = "S" + std::to_string(i);
    e.mean_anomaly_deg = 360.0 * i / n;
    c.elements.push_back(e);
    c.slots.push_back({0, 0, i});
  }
  return c;
}

EcefStatesBuffer Positions(const std::vector<EcefVector>& p) {
  EcefStatesBuffer b;
  b.resize(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    b.x[i] = p[i].x, b.y[i] = p[i].y, b.z[i] = p[i].z;
    b.vx[i] = b.vy[i] = b.vz[i] = 0.0;
  }
  return b;
}

// Satellite at `el` degrees elevation, `az` degrees azimuth (from north, clockwise) and `range`
// km from the geodetic point (lat, lon, 0), built from the local east/north/up basis.
EcefVector AtLook(double lat, double lon, double el, double az, double range) {
  const double phi = lat * kDegToRad, lam = lon * kDegToRad;
  const EcefVector east{-std::sin(lam), std::cos(lam), 0.0};
  const EcefVector north{-std::sin(phi) * std::cos(lam), -std::sin(phi) * std::sin(lam),
                         std::cos(phi)};
  const EcefVector up = GeodeticUp(lat, lon);
  const double e = el * kDegToRad, a = az * kDegToRad;
  const EcefVector dir =
      east * (std::cos(e) * std::sin(a)) + north * (std::cos(e) * std::cos(a)) + up * std::sin(e);
  return GeodeticToEcef(lat, lon, 0.0) + dir * range;
}

TEST(Geodesy, ExactPointsOfTheEllipsoidAndSphere) {
  const EcefVector eq = GeodeticToEcef(0, 0, 0);
  EXPECT_NEAR(eq.x, 6378.137, 1e-9);
  EXPECT_NEAR(eq.y, 0, 1e-9);
  const EcefVector pole = GeodeticToEcef(90, 0, 1.0);
  EXPECT_NEAR(pole.z, 6356.7523142 + 1.0, 1e-6);  // b = a (1 - f), NIMA TR8350.2.
  // A quarter of the mean great circle.
  EXPECT_NEAR(orbit::GreatCircleKm(0, 0, 0, 90), kEarthMeanRadiusKm * kPi / 2, 1e-9);
  EXPECT_NEAR(orbit::GreatCircleKm(10, 20, -10, -160), kEarthMeanRadiusKm * kPi, 1e-6);
}

TEST(Visibility, ExactlyAtTheMask) {
  for (double mask : {0.0, 25.0, 40.0, -5.0}) {
    for (double lat : {0.0, 33.3, -71.0}) {
      const double lon = 40.0;
      NetworkOptions opt;
      opt.lasers.topology = LaserOptions::Topology::kNone;
      opt.SetMinElevation(mask);
      // Satellites just above and just below the mask, at two azimuths and ranges.
      const double d = 1e-7;
      const std::vector<EcefVector> sats = {
          AtLook(lat, lon, mask + d, 10, 1200), AtLook(lat, lon, mask - d, 10, 1200),
          AtLook(lat, lon, mask + d, 250, 900), AtLook(lat, lon, mask - d, 250, 900),
          AtLook(lat, lon, 89.0, 0, 600)};
      auto net = Network::Create(OnePlane(5), {Node("g", GroundKind::kCity, lat, lon)}, opt);
      ASSERT_TRUE(net.ok()) << net.status();
      Snapshot snap;
      const auto states = Positions(sats);
      BuildSnapshot(*net, SimTime(), states.view(), &snap);
      EXPECT_THAT(std::vector<int>(snap.GroundSats(0).begin(), snap.GroundSats(0).end()),
                  ::testing::ElementsAre(0, 2, 4))
          << "mask " << mask << " lat " << lat;
      // Look angles agree with the construction.
      const auto look = LookFrom(net->ground_ecef(0), net->ground_up(0), sats[0]);
      EXPECT_NEAR(look.elevation_deg, mask, 1e-6);
      EXPECT_NEAR(look.slant_range_km, 1200, 1e-6);
      EXPECT_NEAR(snap.GroundDelays(0)[0], 1200 / 299792.458 * 1e3, 1e-9);
    }
  }
}

TEST(Visibility, LookAnglesAgreeWithOrbitFrames) {
  // Peer check: net's elevation/range against orbit/frames.h's topocentric look angles (itself
  // cross-checked with Skyfield), on seeded random sites and satellites.
  const uint32_t seed = 20250923;
  std::mt19937 rng(seed);
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::uniform_real_distribution<double> lat(-89.9, 89.9), lon(-180, 180), h(0, 3),
      coord(-8000, 8000);
  for (int k = 0; k < 2000; ++k) {
    const orbit::Geodetic site{lat(rng), lon(rng), h(rng)};
    const EcefVector sat{coord(rng), coord(rng), coord(rng)};
    const auto want = orbit::ComputeLookAngles(site, sat);
    const auto got = LookFrom(GeodeticToEcef(site.latitude_deg, site.longitude_deg, site.height_km),
                              GeodeticUp(site.latitude_deg, site.longitude_deg), sat);
    ASSERT_NEAR(got.elevation_deg, want.elevation_deg, 1e-9);
    ASSERT_NEAR(got.slant_range_km, want.range_km, 1e-9);
  }
}

TEST(Visibility, MaxSlantRangeAlone) {
  NetworkOptions opt;
  opt.lasers.topology = LaserOptions::Topology::kNone;
  opt.SetMinElevation(-90);
  opt.ground[static_cast<int>(GroundKind::kCity)].max_slant_range_km = 1000;
  const std::vector<EcefVector> sats = {AtLook(10, 10, 5, 0, 1000 - 1e-6),
                                        AtLook(10, 10, 5, 0, 1000 + 1e-6),
                                        AtLook(10, 10, -3, 90, 500)};
  auto net = Network::Create(OnePlane(3), {Node("g", GroundKind::kCity, 10, 10)}, opt);
  ASSERT_TRUE(net.ok());
  Snapshot snap;
  BuildSnapshot(*net, SimTime(), Positions(sats).view(), &snap);
  EXPECT_THAT(std::vector<int>(snap.GroundSats(0).begin(), snap.GroundSats(0).end()),
              ::testing::ElementsAre(0, 2));
}

TEST(Visibility, LinkLimitAndSatelliteChoice) {
  // Satellite 0: high (80 deg) but far (1500 km); satellite 1: lower (40 deg) but near (700 km).
  const std::vector<EcefVector> sats = {AtLook(0, 0, 80, 0, 1500), AtLook(0, 0, 40, 90, 700),
                                        AtLook(0, 0, 30, 180, 1000)};
  auto run = [&](SatelliteChoice choice, int max_links) {
    NetworkOptions opt;
    opt.lasers.topology = LaserOptions::Topology::kNone;
    auto& r = opt.ground[static_cast<int>(GroundKind::kTerminal)];
    r.choice = choice;
    r.max_links = max_links;
    auto net = Network::Create(OnePlane(3), {Node("t", GroundKind::kTerminal, 0, 0)}, opt);
    Snapshot snap;
    BuildSnapshot(*net, SimTime(), Positions(sats).view(), &snap);
    return std::vector<int>(snap.GroundSats(0).begin(), snap.GroundSats(0).end());
  };
  EXPECT_THAT(run(SatelliteChoice::kHighestElevation, 1), ::testing::ElementsAre(0));
  EXPECT_THAT(run(SatelliteChoice::kNearest, 1), ::testing::ElementsAre(1));
  EXPECT_THAT(run(SatelliteChoice::kNearest, 2), ::testing::ElementsAre(1, 2));
  EXPECT_THAT(run(SatelliteChoice::kHighestElevation, 0), ::testing::ElementsAre(0, 1, 2));
  // Without velocities, longest visibility falls back to highest elevation.
  EXPECT_THAT(run(SatelliteChoice::kLongestVisibility, 1), ::testing::ElementsAre(0));
}

TEST(Visibility, LongestRemainingVisibilityPrefersTheRisingSatellite) {
  // Equatorial prograde orbit at 550 km, 72 satellites 5 degrees apart, over a terminal at (0, 0).
  // The satellites drift east over the ground at n - w_earth. With the 25-degree mask a satellite
  // is visible within 8.45 degrees of the node. At the chosen instant satellite 0 is 3 degrees
  // east (high, but setting), satellite 71 2 degrees west and satellite 70 7 degrees west (both
  // rising).
  testing::CircularWalker w;
  w.planes = 1;
  w.per_plane = 72;
  w.inclination_deg = 0.0;
  const double rate = w.mean_motion() - testing::kEarthRate;  // rad/s, Earth-fixed drift.
  const SimTime t = w.epoch + static_cast<int64_t>(3.0 * kDegToRad / rate * 1e9);
  EcefStatesBuffer all;
  w.States(t, &all);
  auto pick = [&](int a, int b, SatelliteChoice choice) {
    EcefStatesBuffer two;
    two.resize(2);
    for (int k = 0; k < 2; ++k) {
      const int i = k == 0 ? a : b;
      two.x[k] = all.x[i], two.y[k] = all.y[i], two.z[k] = all.z[i];
      two.vx[k] = all.vx[i], two.vy[k] = all.vy[i], two.vz[k] = all.vz[i];
    }
    NetworkOptions opt;
    opt.lasers.topology = LaserOptions::Topology::kNone;
    auto& r = opt.ground[static_cast<int>(GroundKind::kTerminal)];
    r.max_links = 1;
    r.choice = choice;
    auto net = Network::Create(OnePlane(2), {Node("t", GroundKind::kTerminal, 0, 0)}, opt);
    Snapshot snap;
    BuildSnapshot(*net, t, two.view(), &snap);
    EXPECT_EQ(snap.GroundSats(0).size(), 1u);
    return snap.GroundSats(0).empty() ? -1 : (snap.GroundSats(0)[0] == 0 ? a : b);
  };
  EXPECT_EQ(pick(0, 70, SatelliteChoice::kHighestElevation), 0);
  EXPECT_EQ(pick(0, 70, SatelliteChoice::kNearest), 0);
  EXPECT_EQ(pick(0, 70, SatelliteChoice::kLongestVisibility), 70);
  EXPECT_EQ(pick(0, 71, SatelliteChoice::kHighestElevation), 71);
  EXPECT_EQ(pick(0, 71, SatelliteChoice::kLongestVisibility), 71);
}

// Three satellites over the equator at 0, 10 and 20 degrees east, 550 km up; city A under
// satellite 0, city B under satellite 2. In one plane of three, the lasers are 0-1, 1-2, 2-0.
struct Chain {
  const double r = kWgs84EquatorialRadiusKm + 550.0;
  const double c = 299792.458;
  std::vector<EcefVector> sats = {GeodeticToEcef(0, 0, 550), GeodeticToEcef(0, 10, 550),
                                  GeodeticToEcef(0, 20, 550)};
  std::vector<GroundNode> ground = {Node("A", GroundKind::kCity, 0, 0),
                                    Node("B", GroundKind::kCity, 0, 20)};
  // Hand values: chords of 10 and 20 degrees on the 6,928.137 km circle.
  double Chord(double deg) const { return 2 * r * std::sin(deg / 2 * kDegToRad); }
};

TEST(Lasers, HandCheckedChainRoutes) {
  Chain g;
  const double direct = (550 + g.Chord(20) + 550) / g.c * 1e3;
  const double via1 = (550 + 2 * g.Chord(10) + 550) / g.c * 1e3;
  ASSERT_LT(direct, via1);
  struct Case {
    double max_range, atmosphere;
    double expected_ms;
    std::vector<int32_t> path;
  } cases[] = {
      {5016, 80, direct, {3, 0, 2, 4}},
      {2000, 80, via1, {3, 0, 1, 2, 4}},  // The 2,406 km link is too long.
      // The 20-degree chord dips to r cos(10) - a = 444.7 km; the 10-degree ones to 523.7 km.
      {5016, 500, via1, {3, 0, 1, 2, 4}},
      {5016, 400, direct, {3, 0, 2, 4}},
      {1000, 80, kInfinity, {}},  // No laser at all: unreachable (A sees only satellite 0).
  };
  for (const auto& k : cases) {
    NetworkOptions opt;
    opt.lasers.max_range_km = k.max_range;
    opt.lasers.atmosphere_km = k.atmosphere;
    auto net = Network::Create(OnePlane(3), g.ground, opt);
    ASSERT_TRUE(net.ok()) << net.status();
    EXPECT_EQ(net->isls().size(), 3u);
    Snapshot snap;
    BuildSnapshot(*net, SimTime(), Positions(g.sats).view(), &snap);
    ASSERT_EQ(snap.GroundSats(0).size(), 1u);  // Satellite 1 is at 20.3 deg from A: below 25.
    for (auto method :
         {RoutingMethod::kReference, RoutingMethod::kFromScratch, RoutingMethod::kIncremental}) {
      Router router(*net, {0}, {{1}}, method);
      router.Route(snap);
      std::vector<int32_t> path;
      router.Path(0, 0, &path);
      if (k.expected_ms == kInfinity) {
        EXPECT_EQ(router.OneWayMs(0, 0), kInfinity);
      } else {
        EXPECT_NEAR(router.OneWayMs(0, 0), k.expected_ms, 1e-9)
            << "range " << k.max_range << " atmosphere " << k.atmosphere;
      }
      EXPECT_EQ(path, k.path);
    }
  }
}

TEST(Hypatia, ForwardingStateOfTheChainByHand) {
  // Lasers in isls() order: (0,1), (1,2), (2,0). Interfaces: sat 0 -> {link(0,1): 0, link(2,0): 1},
  // sat 1 -> {link(0,1): 0, link(1,2): 1}, sat 2 -> {link(1,2): 0, link(2,0): 1}; each satellite's
  // ground interface is 2, a ground node's is 0. A = node 3, B = node 4; the best route is
  // A - 0 - 2 - B and satellite 1 reaches each end through its nearer neighbour.
  Chain g;
  auto net = Network::Create(OnePlane(3), g.ground, NetworkOptions{});
  ASSERT_TRUE(net.ok());
  Snapshot snap;
  BuildSnapshot(*net, SimTime(), Positions(g.sats).view(), &snap);
  const std::vector<int> dst = {0, 1};
  const auto state = ComputeForwardingState(*net, snap, dst);
  std::ostringstream out;
  WriteHypatiaFstate(*net, dst, state, nullptr, out);
  EXPECT_EQ(out.str(),
            "0,3,3,2,0\n"
            "0,4,2,1,1\n"
            "1,3,0,0,0\n"
            "1,4,2,1,0\n"
            "2,3,0,1,1\n"
            "2,4,4,2,0\n"
            "3,4,0,0,2\n"
            "4,3,2,0,2\n");
  std::ostringstream same;
  WriteHypatiaFstate(*net, dst, state, &state, same);
  EXPECT_EQ(same.str(), "");
  std::ostringstream isls;
  WriteHypatiaIsls(*net, isls);
  EXPECT_EQ(isls.str(), "0 1\n1 2\n0 2\n");  // Hypatia lists the smaller index first.
}

TEST(Lasers, LineOfSightAgainstTheEllipsoid) {
  // Two points 7,000 km from the centre on the equator, 60 degrees apart: the chord's closest
  // approach is 7000 cos 30 = 6062.2 km from the centre, below the surface.
  const EcefVector a{7000, 0, 0}, b{7000 * std::cos(kPi / 3), 7000 * std::sin(kPi / 3), 0};
  EXPECT_FALSE(LineOfSightClears(a, b, 0.0));
  // Over the pole the ellipsoid is lower: a chord whose midpoint is 6,400 km from the centre
  // clears 80 km over the pole (b + 80 = 6436.75? no: 6400 < 6436.75, blocked) but would need
  // 6458.137 over the equator.
  const EcefVector p{-1000, 0, 6400}, q{1000, 0, 6400};
  EXPECT_FALSE(LineOfSightClears(p, q, 80.0));
  EXPECT_TRUE(LineOfSightClears(p, q, 40.0));  // b + 40 = 6396.75 < 6400.
  const EcefVector e1{6420, -1000, 0}, e2{6420, 1000, 0};
  EXPECT_FALSE(LineOfSightClears(e1, e2, 80.0));  // 6420 < 6458.137 at the equator.
  EXPECT_TRUE(LineOfSightClears(e1, e2, 40.0));   // 6420 > 6418.137.
}

TEST(Lasers, PlusGridTopology) {
  testing::CircularWalker w;
  w.planes = 6;
  w.per_plane = 8;
  w.phasing = 2;
  const auto c = w.Make();
  auto links = PlusGridLinks(c, LaserOptions{});
  ASSERT_TRUE(links.ok()) << links.status();
  EXPECT_EQ(links->size(), 2u * w.size());  // Four lasers each.
  std::vector<int> degree(w.size(), 0);
  for (const auto& l : *links) ++degree[l.a], ++degree[l.b];
  for (int d : degree) EXPECT_EQ(d, 4);
  auto has = [&](int a, int b) {
    for (const auto& l : *links) {
      if ((l.a == a && l.b == b) || (l.a == b && l.b == a)) return true;
    }
    return false;
  };
  auto id = [&](int p, int s) { return p * w.per_plane + (s % w.per_plane); };
  // Same index in the next plane (phase offset 2*360/48 = 15 deg < half a slot of 45 deg), and
  // s + F across the seam (plane 5 -> plane 0).
  EXPECT_TRUE(has(id(0, 3), id(1, 3)));
  EXPECT_TRUE(has(id(0, 3), id(0, 4)));
  EXPECT_TRUE(has(id(5, 3), id(0, 3 + w.phasing)));
  EXPECT_FALSE(has(id(5, 3), id(0, 3)));
  // Hypatia-style explicit seam shift.
  LaserOptions shifted;
  shifted.seam_shift = 0;
  auto links0 = PlusGridLinks(c, shifted);
  ASSERT_TRUE(links0.ok());
  bool found = false;
  for (const auto& l : *links0) found |= (l.a == id(5, 3) && l.b == id(0, 3));
  EXPECT_TRUE(found);
  // Walker star: no links across the counter-rotating seam.
  testing::CircularWalker star = w;
  star.raan_spread_deg = 180.0;
  auto star_links = PlusGridLinks(star.Make(), LaserOptions{});
  ASSERT_TRUE(star_links.ok());
  EXPECT_EQ(star_links->size(), static_cast<size_t>(w.size() + (w.planes - 1) * w.per_plane));
  // Missing slots are an error that names the satellite.
  auto bad = c;
  bad.slots[7] = {};
  auto err = PlusGridLinks(bad, LaserOptions{});
  EXPECT_THAT(std::string(err.status().message()), ::testing::HasSubstr("satellite 7"));
}

TEST(Routing, BentPipeThroughGatewayAndFiberToThePopNearestTheDestination) {
  // No lasers. Terminal T at (0, 0) sees satellite 0 overhead; gateway G at (0, 3) sees it too.
  // PoPs at (0, 40) (nearest to the destination D at (0, 41)) and (0, 5). Path:
  // T -> sat 0 -> G -> fiber -> PoP(0,40) -> fiber -> D.
  NetworkOptions opt;
  opt.lasers.topology = LaserOptions::Topology::kNone;
  opt.egress = Egress::kPop;
  std::vector<GroundNode> ground = {
      Node("T", GroundKind::kTerminal, 0, 0), Node("G", GroundKind::kGateway, 0, 3),
      Node("PoP far", GroundKind::kPop, 0, 40), Node("PoP near", GroundKind::kPop, 0, 5),
      Node("D", GroundKind::kCity, 0, 41)};
  auto net = Network::Create(OnePlane(1), ground, opt);
  ASSERT_TRUE(net.ok()) << net.status();
  Snapshot snap;
  const std::vector<EcefVector> sat = {GeodeticToEcef(0, 0, 550)};
  BuildSnapshot(*net, SimTime(), Positions(sat).view(), &snap);
  Router router(*net, {0}, {{4}}, RoutingMethod::kReference);
  router.Route(snap);
  std::vector<int32_t> path;
  router.Path(0, 0, &path);
  EXPECT_THAT(path, ::testing::ElementsAre(1 + 0, 0, 1 + 1, 1 + 2, 1 + 4));
  const EcefVector gw = GeodeticToEcef(0, 3, 0);
  const double up_down = 550.0 + (sat[0] - gw).Norm();
  const double deg = kEarthMeanRadiusKm * kDegToRad;
  const double expected = VacuumMs(up_down) + FiberMs(37 * deg) + FiberMs(1 * deg);
  EXPECT_NEAR(router.OneWayMs(0, 0), expected, 1e-9);
  // With satellite-only egress the destination (which sees no satellite) is unreachable.
  opt.egress = Egress::kSatellite;
  auto net2 = Network::Create(OnePlane(1), ground, opt);
  BuildSnapshot(*net2, SimTime(), Positions(sat).view(), &snap);
  Router r2(*net2, {0}, {{4}}, RoutingMethod::kReference);
  r2.Route(snap);
  EXPECT_EQ(r2.OneWayMs(0, 0), kInfinity);
}

TEST(Routing, TerminalsNeverRelay) {
  // A and B each see only satellite 0 and 1 respectively, and a terminal M between them sees
  // both; with no lasers there is no route A -> B (M does not forward), but a gateway would.
  NetworkOptions opt;
  opt.lasers.topology = LaserOptions::Topology::kNone;
  const std::vector<EcefVector> sats = {GeodeticToEcef(0, 0, 550), GeodeticToEcef(0, 8, 550)};
  for (GroundKind middle : {GroundKind::kTerminal, GroundKind::kCity, GroundKind::kGateway}) {
    auto net = Network::Create(OnePlane(2),
                               {Node("A", GroundKind::kCity, 0, -4),
                                Node("B", GroundKind::kCity, 0, 12), Node("M", middle, 0, 4)},
                               opt);
    ASSERT_TRUE(net.ok());
    if (middle == GroundKind::kTerminal) {
      // Terminals keep one link by default; give M two for this test.
    }
    Snapshot snap;
    BuildSnapshot(*net, SimTime(), Positions(sats).view(), &snap);
    Router router(*net, {0}, {{1}}, RoutingMethod::kReference);
    router.Route(snap);
    if (middle == GroundKind::kGateway) {
      EXPECT_LT(router.OneWayMs(0, 0), kInfinity);
    } else {
      EXPECT_EQ(router.OneWayMs(0, 0), kInfinity) << GroundKindName(middle);
    }
  }
}

TEST(Routing, IncrementalEqualsFromScratchOnRandomMovingConstellations) {
  const uint32_t seed = std::random_device{}();
  std::mt19937 rng(seed);
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::printf("IncrementalEqualsFromScratch seed %u\n", seed);
  for (int trial = 0; trial < 6; ++trial) {
    testing::CircularWalker w;
    w.planes = std::uniform_int_distribution<int>(3, 10)(rng);
    w.per_plane = std::uniform_int_distribution<int>(4, 14)(rng);
    w.phasing = std::uniform_int_distribution<int>(0, w.planes - 1)(rng);
    w.altitude_km = std::uniform_real_distribution<double>(500, 1500)(rng);
    w.inclination_deg = std::uniform_real_distribution<double>(30, 98)(rng);
    NetworkOptions opt;
    opt.SetMinElevation(std::uniform_real_distribution<double>(0, 30)(rng));
    opt.lasers.max_range_km = std::uniform_real_distribution<double>(3000, 9000)(rng);
    opt.egress = trial % 2 ? Egress::kPop : Egress::kSatellite;
    std::vector<GroundNode> ground;
    std::uniform_real_distribution<double> lat(-60, 60), lon(-180, 180);
    const GroundKind kinds[] = {GroundKind::kCity, GroundKind::kTerminal, GroundKind::kGateway,
                                GroundKind::kPop};
    for (int g = 0; g < 12; ++g) {
      ground.push_back(Node("g" + std::to_string(g), kinds[g % 4], lat(rng), lon(rng)));
    }
    auto net = Network::Create(w.Make(), ground, opt);
    ASSERT_TRUE(net.ok()) << net.status();
    std::vector<int> endpoints;
    for (int g = 0; g < 12; ++g) {
      if (g % 4 != 3) endpoints.push_back(g);
    }
    Router reference = Router::AllPairs(*net, endpoints, RoutingMethod::kReference);
    Router scratch = Router::AllPairs(*net, endpoints, RoutingMethod::kFromScratch);
    Router incremental = Router::AllPairs(*net, endpoints, RoutingMethod::kIncremental);
    EcefStatesBuffer states;
    Snapshot snap;
    const int64_t step_ns = std::uniform_int_distribution<int64_t>(1, 60)(rng) * 1'000'000'000;
    for (int k = 0; k < 40; ++k) {
      w.States(w.epoch + k * step_ns, &states);
      BuildSnapshot(*net, w.epoch + k * step_ns, states.view(), &snap);
      reference.Route(snap);
      scratch.Route(snap);
      incremental.Route(snap);
      std::vector<int32_t> path;
      for (int i = 0; i < reference.source_count(); ++i) {
        for (size_t t = 0; t < reference.targets(i).size(); ++t) {
          const double want = reference.OneWayMs(i, t);
          for (const Router* r : {&scratch, &incremental}) {
            const double got = r->OneWayMs(i, t);
            if (want == kInfinity) {
              ASSERT_EQ(got, kInfinity);
              continue;
            }
            ASSERT_NEAR(got, want, 1e-9) << "trial " << trial << " step " << k;
            // The path is a real path of the snapshot with that length.
            r->Path(i, t, &path);
            ASSERT_GE(path.size(), 2u);
            ASSERT_EQ(path.front(), net->GroundNodeId(reference.source(i)));
            ASSERT_EQ(path.back(), net->GroundNodeId(reference.targets(i)[t]));
            double length = 0.0;
            for (size_t h = 0; h + 1 < path.size(); ++h) {
              const int u = path[h], v = path[h + 1];
              double w_uv = kInfinity;
              if (u < net->satellite_count() && v < net->satellite_count()) {
                for (size_t e = 0; e < net->isls().size(); ++e) {
                  const auto& l = net->isls()[e];
                  if ((l.a == u && l.b == v) || (l.a == v && l.b == u)) w_uv = snap.isl_ms[e];
                }
              } else if (u < net->satellite_count()) {
                w_uv = snap.GroundLinkMs(v - net->satellite_count(), u);
              } else if (v < net->satellite_count()) {
                w_uv = snap.GroundLinkMs(u - net->satellite_count(), v);
              } else {
                const auto to = net->FiberTargets(u - net->satellite_count());
                for (size_t f = 0; f < to.size(); ++f) {
                  if (to[f] == v - net->satellite_count()) {
                    w_uv = net->FiberDelays(u - net->satellite_count())[f];
                  }
                }
              }
              ASSERT_LT(w_uv, kInfinity) << "path uses a missing link " << u << "-" << v;
              // Intermediate ground nodes must be relays.
              if (h > 0 && u >= net->satellite_count()) {
                ASSERT_TRUE(net->relays(u - net->satellite_count()));
              }
              length += w_uv;
            }
            ASSERT_NEAR(length, want, 1e-9);
          }
        }
      }
    }
  }
}

TEST(Series, UnreachableIntervalsOfASingleEquatorialSatellite) {
  // One satellite on an equatorial circular orbit at 550 km, no lasers; cities A (0, 0) and B
  // (0, 5). Both see it while its Earth-fixed longitude is within lambda of each, lambda being the
  // Earth central angle of the 25-degree coverage circle:
  //   lambda = acos(R cos(25) / r) - 25 deg, R = 6378.137 km (equator), r = R + 550 km.
  // So the route exists while the longitude is in [5 - lambda, lambda], for
  // (2 lambda - 5 deg) / (n - w_earth) seconds per pass.
  testing::CircularWalker w;
  w.planes = 1;
  w.per_plane = 1;
  w.inclination_deg = 0.0;
  const double R = kWgs84EquatorialRadiusKm, r = R + 550.0;
  const double lambda = std::acos(R * std::cos(25 * kDegToRad) / r) * kRadToDeg - 25.0;
  const double drift_deg_s = (w.mean_motion() - testing::kEarthRate) * kRadToDeg;
  const double reachable_s = (2 * lambda - 5.0) / drift_deg_s;
  // Start with the satellite 20 degrees west of A (unreachable), run 600 s at 1 s steps.
  const SimTime start = w.epoch - static_cast<int64_t>(20.0 / drift_deg_s * 1e9);
  NetworkOptions opt;
  opt.lasers.topology = LaserOptions::Topology::kNone;
  auto net = Network::Create(
      w.Make(), {Node("A", GroundKind::kCity, 0, 0), Node("B", GroundKind::kCity, 0, 5)}, opt);
  ASSERT_TRUE(net.ok());
  const auto eph = w.Ephemeris();
  RunOptions run;
  run.progress = false;
  run.threads = 2;
  const TimeGrid grid = TimeGrid::Over(start, 600'000'000'000, 1'000'000'000);
  auto series = RouteSeries(*net, eph, {{0, 1}}, grid, run);
  ASSERT_TRUE(series.ok()) << series.status();
  const auto& s = (*series)[0].summary;
  EXPECT_EQ(s.samples, 601);
  EXPECT_NEAR(static_cast<double>(s.reachable), reachable_s, 1.0);
  ASSERT_EQ(s.unreachable.size(), 2u);
  // First reachable instant: the satellite reaches longitude 5 - lambda.
  const double first_s = (20.0 + 5.0 - lambda) / drift_deg_s;
  EXPECT_NEAR((s.unreachable[0].last - start) * 1e-9, std::floor(first_s), 1.0);
  EXPECT_EQ(s.path_changes, 0);  // Always A -> sat -> B.
  // RTT at the symmetric point (longitude 2.5) by hand: two slant ranges to a satellite 2.5 deg
  // away, out and back.
  const double slant = std::sqrt(R * R + r * r - 2 * R * r * std::cos(2.5 * kDegToRad));
  EXPECT_NEAR(s.min_rtt_ms, 4 * slant / 299792.458 * 1e3, 1e-3);
}

TEST(Ephemeris, HermiteInterpolationMatchesClosedForm) {
  testing::CircularWalker w;
  w.planes = 3;
  w.per_plane = 4;
  const auto eph = w.Ephemeris();
  HermiteCursor cursor(eph, 10'000'000'000);
  EcefStatesBuffer got, want;
  double worst = 0.0;
  for (int k = 0; k < 200; ++k) {
    const SimTime t = w.epoch + int64_t{k} * 137'000'000;
    ASSERT_TRUE(cursor.StatesAt(t, &got).ok());
    w.States(t, &want);
    for (int i = 0; i < w.size(); ++i) {
      worst = std::max(
          worst, std::hypot(got.x[i] - want.x[i], got.y[i] - want.y[i], got.z[i] - want.z[i]));
    }
  }
  EXPECT_LT(worst, 1e-6);  // km: under 1 mm (bound r (n h)^4 / 384 = 0.2 mm).
  EXPECT_LT(cursor.source_calls(), 10);
}

// BuildSnapshot's REQUIRES (one state per satellite) is checked in the dev preset: states of
// another constellation would otherwise be read past their end or silently leave satellites out.
TEST(SnapshotDeathTest, StatesOfAnotherSizeAbort) {
  NetworkOptions opt;
  opt.lasers.topology = LaserOptions::Topology::kNone;
  auto net = Network::Create(OnePlane(2), {Node("A", GroundKind::kCity, 0, 0)}, opt);
  ASSERT_TRUE(net.ok()) << net.status();
  Snapshot snap;
  const std::vector<EcefVector> two = {GeodeticToEcef(0, 0, 550), GeodeticToEcef(0, 180, 550)};
  BuildSnapshot(*net, SimTime(), Positions(two).view(), &snap);  // Inside the contract.
  EXPECT_EQ(snap.sat_valid.size(), 2u);
#if LEOTWIN_DCHECKS
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::vector<EcefVector> one = {GeodeticToEcef(0, 0, 550)};
  EXPECT_DEATH(BuildSnapshot(*net, SimTime(), Positions(one).view(), &snap),
               "contract violated: .*one state per satellite of the network");
#else
  GTEST_SKIP() << "LEOTWIN_DCHECKS is off in this build (release)";
#endif
}

// The series bound is RouteSeries' own (NetScenario::Route no longer repeats it): an oversized
// request is refused before the ephemeris is asked for a single instant.
TEST(RouteSeriesBound, OversizedSeriesRefusedBeforeAnyWork) {
  NetworkOptions opt;
  opt.lasers.topology = LaserOptions::Topology::kNone;
  auto net = Network::Create(
      OnePlane(1), {Node("A", GroundKind::kCity, 0, 0), Node("B", GroundKind::kCity, 0, 1)}, opt);
  ASSERT_TRUE(net.ok()) << net.status();
  int calls = 0;
  const FunctionEphemeris eph(1, [&](SimTime, EcefStatesBuffer* out) {
    ++calls;
    out->x[0] = 7000.0, out->y[0] = out->z[0] = 0.0;
  });
  RunOptions run;
  run.progress = false;
  const TimeGrid over{SimTime(), SimTime::kNanosPerSecond, kMaxRouteSamples / 2 + 1};
  auto refused = RouteSeries(*net, eph, {{0, 1}, {1, 0}}, over, run);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("the limit is"));
  EXPECT_EQ(calls, 0);
  const TimeGrid small{SimTime(), SimTime::kNanosPerSecond, 3};
  auto fine = RouteSeries(*net, eph, {{0, 1}}, small, run);
  ASSERT_TRUE(fine.ok()) << fine.status();
  EXPECT_EQ(fine->at(0).samples.size(), 3u);
  EXPECT_GT(calls, 0);
}

}  // namespace
}  // namespace leotwin::net
