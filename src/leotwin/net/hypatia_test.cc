// Hypatia's formats: the readers (hypatia_input.h) on valid and invalid files, Hypatia's +Grid rule
// as Hypatia's own satgenpy tests state it (test_isls.py: grids 25x25 shift 1, 10x5, 24x66 shift
// 6, 3x3; invalid isls.txt cases), and the state-folder writers (hypatia.h) read back by the
// readers. The comparison with Hypatia's published results is tests/net_hypatia_reference_test.cc.
#include "leotwin/net/hypatia.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "leotwin/net/hypatia_input.h"
#include "leotwin/net/network.h"
#include "leotwin/net/testing/hypatia_reference.h"

namespace leotwin::net {
namespace {

using ::testing::HasSubstr;

testing::HypatiaShell Grid(int orbits, int per_orbit) {
  testing::HypatiaShell s = testing::Kuiper630();
  s.name = "Grid";
  s.orbits = orbits;
  s.per_orbit = per_orbit;
  return s;
}

TEST(HypatiaTles, ReadsHeaderSlotsAndEpoch) {
  const std::string text = testing::HypatiaTlesText(testing::Kuiper630());
  EXPECT_TRUE(LooksLikeHypatiaTles(text));
  auto c = ParseHypatiaTles(text, "tles.txt");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->size(), 1156u);
  EXPECT_EQ(c->name, "Kuiper-630");
  ASSERT_EQ(c->shells.size(), 1u);
  EXPECT_EQ(c->shells[0].planes, 34);
  EXPECT_EQ(c->shells[0].sats_per_plane, 34);
  EXPECT_NEAR(c->shells[0].altitude_km, 630.0, 5.0);
  EXPECT_EQ(c->elements[0].epoch, SimTime::FromCivil(2000, 1, 1));
  // Orbit-major: satellite 35 is orbit 1, index 1 (RAAN 360/34, mean anomaly 1.5 slots).
  EXPECT_EQ(c->slots[35].plane, 1);
  EXPECT_EQ(c->slots[35].index_in_plane, 1);
  EXPECT_NEAR(c->elements[35].raan_deg, 360.0 / 34, 1e-4);
  EXPECT_NEAR(c->elements[35].mean_anomaly_deg, 1.5 * 360.0 / 34, 1e-4);
  EXPECT_EQ(c->elements[35].name, "Kuiper-630 35");
}

TEST(HypatiaTles, FlattenedHeaderHasNoSlots) {
  // Hypatia's own tests write "1 <N>" for a hand-picked subset: no grid, lasers from isls.txt.
  std::string text = testing::HypatiaTlesText(Grid(3, 3));
  text.replace(0, text.find('\n'), "1 9");
  auto c = ParseHypatiaTles(text, "tles.txt");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->shells.empty());
  for (const auto& s : c->slots) EXPECT_EQ(s.shell, -1);
}

TEST(HypatiaTles, ErrorsNameFileLineAndColumn) {
  const std::string good = testing::HypatiaTlesText(Grid(3, 3));
  auto err = [](const std::string& text) {
    auto c = ParseHypatiaTles(text, "tles.txt");
    EXPECT_FALSE(c.ok());
    return std::string(c.status().message());
  };
  EXPECT_THAT(err(""), HasSubstr("tles.txt:1: expected Hypatia's tles.txt header"));
  EXPECT_THAT(err("3 x\n"), HasSubstr("tles.txt:1:1: expected Hypatia's tles.txt header"));
  std::string more = good;
  more.replace(0, 3, "4 3");
  EXPECT_THAT(err(more), HasSubstr("promises 4 orbits x 3 satellites = 12 satellites, the "
                                   "file has 9"));
  std::string id = good;
  id.replace(id.find("Grid 1"), 6, "Grid 7");
  EXPECT_THAT(err(id), HasSubstr("tles.txt:5:6: expected the name line \"<name> 1\""));
  std::string cut = good.substr(0, good.rfind('\n', good.size() - 2) + 1);
  EXPECT_THAT(err(cut), HasSubstr("ends inside a satellite record"));
  std::string checksum = good;
  const size_t l1 = checksum.find("\n1 00002");
  checksum[l1 + 69] = checksum[l1 + 69] == '0' ? '1' : '0';
  EXPECT_THAT(err(checksum), HasSubstr("tles.txt:6:"));
  std::string epoch = good;
  const size_t e = epoch.find("00001.00000000", epoch.find("\n1 00003"));
  epoch.replace(e, 14, "00001.50000000");
  const size_t line = epoch.find("\n1 00003") + 1;
  epoch.replace(line + 68, 1, std::to_string(orbit::TleChecksum(epoch.substr(line, 68))));
  EXPECT_THAT(err(epoch), HasSubstr("tles.txt:9:19: epoch 2000-01-01T12:00:00Z differs"));
}

TEST(HypatiaGroundStations, BasicAndExtended) {
  // Hypatia's test_ground_stations.py input, and a CRLF extended file.
  auto basic = ParseHypatiaGroundStations("0,abc,33,11.0,77", "gs.txt");
  ASSERT_TRUE(basic.ok()) << basic.status();
  ASSERT_EQ(basic->size(), 1u);
  EXPECT_EQ((*basic)[0].name, "abc");
  EXPECT_EQ((*basic)[0].lat_deg, 33.0);
  EXPECT_EQ((*basic)[0].lon_deg, 11.0);
  EXPECT_EQ((*basic)[0].alt_m, 77.0);
  EXPECT_EQ((*basic)[0].kind, GroundKind::kCity);
  auto ext = ParseHypatiaGroundStations(
      "0,Tokyo,35.689500,139.691710,0.000000,-3954843.1,3354935.2,3700263.8\r\n"
      "1,Delhi,28.666670,77.216670,0.000000,1240033.5,5459932.1,3039538.6\r\n",
      "ground_stations.txt");
  ASSERT_TRUE(ext.ok()) << ext.status();
  EXPECT_EQ(ext->size(), 2u);
  EXPECT_TRUE(LooksLikeHypatiaGroundStations("0,abc,33,11.0,77\n"));
  EXPECT_FALSE(LooksLikeHypatiaGroundStations("name,lat,lon\nabc,1,2\n"));
}

TEST(HypatiaGroundStations, Errors) {
  auto err = [](const std::string& text) {
    auto g = ParseHypatiaGroundStations(text, "gs.txt");
    EXPECT_FALSE(g.ok());
    return std::string(g.status().message());
  };
  // Hypatia's invalid cases (test_ground_stations.py): a missing column, a repeated gid.
  EXPECT_THAT(err("0,abc,33,11"), HasSubstr("gs.txt:1: expected 5 (or 8) comma-separated"));
  EXPECT_THAT(err("0,abc,33,11,5\n0,abc,33,11,5"),
              HasSubstr("gs.txt:2:1: expected ground station id 1"));
  EXPECT_THAT(err("0,abc,33,11,2,3,3"), HasSubstr("gs.txt:1: expected"));
  EXPECT_THAT(err("0,abc,91,11,5"), HasSubstr("gs.txt:1:7: expected a latitude"));
  EXPECT_THAT(err("0,abc,9,181,5"), HasSubstr("gs.txt:1:9: expected a longitude"));
  EXPECT_THAT(err("0,abc,9,18,x"), HasSubstr("gs.txt:1:12: expected an elevation"));
  EXPECT_THAT(err("0,,9,18,1"), HasSubstr("gs.txt:1:3: expected a non-empty name"));
  EXPECT_THAT(err("0,a\x1b[31m,9,18,1"), HasSubstr("without control characters"));
  EXPECT_THAT(err("0,a,9,18,1,1,2,3\n1,b,9,18,1"), HasSubstr("gs.txt:2: expected 8"));
  EXPECT_THAT(err(""), HasSubstr("no ground station"));
}

TEST(HypatiaIsls, ReadsAndRefusesAsHypatiaDoes) {
  auto ok = ParseHypatiaIsls("0 1\n1 2\r\n\n0 2\n", "isls.txt", 3);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(*ok, (std::vector<IslLink>{{0, 1}, {1, 2}, {0, 2}}));
  auto err = [](const std::string& text, int64_t n) {
    auto l = ParseHypatiaIsls(text, "isls.txt", n);
    EXPECT_FALSE(l.ok());
    return std::string(l.status().message());
  };
  // Hypatia's test_isls.py invalid files.
  EXPECT_THAT(err("2 3\n5 6\n9 0", 9), HasSubstr("isls.txt:3:1: expected a satellite index"));
  EXPECT_THAT(err("2 3\n5 6\n6 9\n3 99", 50), HasSubstr("isls.txt:4:3:"));
  EXPECT_THAT(err("2 3\n5 6\n6 8\n-3 3", 50), HasSubstr("isls.txt:4:1:"));
  EXPECT_THAT(err("2 3\n5 6\n1 -3\n6 8", 50), HasSubstr("isls.txt:3:3:"));
  EXPECT_THAT(err("2 3\n5 6\n7 6\n", 50), HasSubstr("the smaller index first"));
  EXPECT_THAT(err("2 3\n5 6\n2 3\n", 50), HasSubstr("isls.txt:3:1: link 2 3 listed twice"));
  EXPECT_THAT(err("2 3 4\n", 50), HasSubstr("isls.txt:1:5: expected two satellite indices"));
}

// Hypatia's +Grid as its test_isls.py states it: 2 x N links, and for satellite i of orbit o the
// links to i +- 1 in its orbit and to index i -+ shift in orbits o -+ 1.
TEST(HypatiaGrid, MatchesHypatiasRule) {
  for (const auto& [orbits, per, shift] :
       std::vector<std::tuple<int, int, int>>{{25, 25, 1}, {10, 5, 0}, {24, 66, 6}, {3, 3, 0}}) {
    auto c = ParseHypatiaTles(testing::HypatiaTlesText(Grid(orbits, per)), "tles.txt");
    ASSERT_TRUE(c.ok()) << c.status();
    LaserOptions o;
    o.hypatia_grid = true;
    o.isl_shift = shift;
    auto links = PlusGridLinks(*c, o);
    ASSERT_TRUE(links.ok()) << links.status();
    const int n = orbits * per;
    ASSERT_EQ(static_cast<int>(links->size()), 2 * n);
    std::set<std::pair<int, int>> set;
    for (const auto& l : *links) {
      EXPECT_LT(l.a, l.b);
      set.insert({l.a, l.b});
    }
    EXPECT_EQ(static_cast<int>(set.size()), 2 * n);
    auto has = [&](int a, int b) { return set.count({std::min(a, b), std::max(a, b)}) == 1; };
    for (int i = 0; i < n; ++i) {
      const int o = i / per;
      EXPECT_TRUE(has(i, o * per + (i + per + 1) % per));
      EXPECT_TRUE(has(i, o * per + (i + per - 1) % per));
      EXPECT_TRUE(has(i, ((o + orbits - 1) % orbits) * per + (i + per - shift) % per));
      EXPECT_TRUE(has(i, ((o + orbits + 1) % orbits) * per + (i + per + shift) % per));
    }
    // Hypatia's order: per satellite, the in-orbit link then the cross-orbit one.
    EXPECT_EQ((*links)[0], (IslLink{0, 1}));
    EXPECT_EQ((*links)[1], (IslLink{0, per + shift % per}));
  }
  auto small = ParseHypatiaTles(testing::HypatiaTlesText(Grid(3, 3)), "t");
  ASSERT_TRUE(small.ok());
  small->shells[0].sats_per_plane = 2;  // Hypatia refuses fewer than 3 per orbit.
  for (auto& s : small->slots) s.index_in_plane %= 2;
  LaserOptions o;
  o.hypatia_grid = true;
  EXPECT_FALSE(PlusGridLinks(*small, o).ok());
}

TEST(HypatiaGrid, ExplicitLinksAreUsedAsGiven) {
  auto c = ParseHypatiaTles(testing::HypatiaTlesText(Grid(3, 3)), "t");
  ASSERT_TRUE(c.ok());
  LaserOptions o;
  o.topology = LaserOptions::Topology::kExplicit;
  o.explicit_links = {{4, 0}, {0, 8}};
  auto links = LaserLinks(*c, o);
  ASSERT_TRUE(links.ok()) << links.status();
  EXPECT_EQ(*links, o.explicit_links);
  o.explicit_links = {{0, 8}, {8, 0}};
  EXPECT_THAT(std::string(LaserLinks(*c, o).status().message()), HasSubstr("listed twice"));
  o.explicit_links = {{0, 9}};
  EXPECT_FALSE(LaserLinks(*c, o).ok());
}

TEST(HypatiaState, WritersReadBack) {
  auto c = ParseHypatiaTles(testing::HypatiaTlesText(Grid(4, 3)), "t");
  ASSERT_TRUE(c.ok());
  auto gs = ParseHypatiaGroundStations("0,abc,33,11.0,77\n1,d e,-10,100,0\n", "gs");
  ASSERT_TRUE(gs.ok());
  NetworkOptions o;
  o.lasers.hypatia_grid = true;
  auto net = Network::Create(*c, *gs, o);
  ASSERT_TRUE(net.ok()) << net.status();
  std::ostringstream tles, isls, ground, desc, info, bw;
  ASSERT_TRUE(WriteHypatiaTles(*c, tles).ok());
  // Byte for byte but for a zero second derivative of mean motion, which FormatTle writes
  // " 00000+0" and Hypatia's writer " 00000-0" (the same value), and so the line 1 checksum.
  {
    std::istringstream ours(tles.str()), theirs(testing::HypatiaTlesText(Grid(4, 3)));
    std::string a, b;
    int line = 0;
    while (std::getline(theirs, b)) {
      ASSERT_TRUE(std::getline(ours, a));
      ++line;
      if (b.starts_with("1 ") && b.size() == 69) {
        EXPECT_EQ(a.substr(0, 44) + a.substr(52, 16), b.substr(0, 44) + b.substr(52, 16));
        EXPECT_EQ(a.substr(44, 8), " 00000+0");
        EXPECT_EQ(b.substr(44, 8), " 00000-0");
      } else {
        EXPECT_EQ(a, b) << "line " << line;
      }
    }
    EXPECT_FALSE(std::getline(ours, a));
  }
  auto reread = ParseHypatiaTles(tles.str(), "tles.txt");
  ASSERT_TRUE(reread.ok()) << reread.status();
  EXPECT_EQ(reread->slots.size(), 12u);
  EXPECT_EQ(reread->slots[11].plane, 3);
  WriteHypatiaIsls(*net, isls);
  auto links = ParseHypatiaIsls(isls.str(), "isls.txt", 12);
  ASSERT_TRUE(links.ok()) << links.status();
  EXPECT_EQ(*links, net->isls());
  WriteHypatiaGroundStations(*net, ground);
  // Hypatia's extend_ground_stations writes lat/lon/elevation with "%f" (its test: "33.000000").
  EXPECT_THAT(ground.str(), HasSubstr("0,abc,33.000000,11.000000,77.000000,"));
  auto back = ParseHypatiaGroundStations(ground.str(), "ground_stations.txt");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)[1].name, "d e");
  WriteHypatiaDescription(1260000.0, 5442000.5, desc);
  EXPECT_EQ(desc.str(),
            "max_gsl_length_m=1260000.0000000000\nmax_isl_length_m=5442000.5000000000\n");
  WriteHypatiaGslInterfacesInfo(*net, info);
  EXPECT_THAT(info.str(), HasSubstr("0,1,1.000000\n"));
  EXPECT_THAT(info.str(), HasSubstr("13,1,1.000000\n"));
  WriteHypatiaGslIfBandwidth(*net, bw);
  EXPECT_THAT(bw.str(), HasSubstr("0,4,1.000000\n"));
  EXPECT_THAT(bw.str(), HasSubstr("12,0,1.000000\n"));
  EXPECT_EQ(*HypatiaDynamicStateDir(100'000'000, 200'000'000'000), "dynamic_state_100ms_for_200s");
  EXPECT_FALSE(HypatiaDynamicStateDir(100'500'000, 200'000'000'000).ok());
  EXPECT_FALSE(HypatiaDynamicStateDir(100'000'000, 200'500'000'000).ok());
  EXPECT_EQ(HypatiaStepCount(100'000'000, 200'000'000'000), 2000);
  EXPECT_EQ(HypatiaStepCount(100'000'000, 0), 1);
  // Mixed epochs: Hypatia's tles.txt has one.
  auto mixed = *c;
  mixed.elements[3].epoch = mixed.elements[3].epoch + 1;
  std::ostringstream sink;
  EXPECT_TRUE(absl::IsFailedPrecondition(WriteHypatiaTles(mixed, sink)));
}

}  // namespace
}  // namespace leotwin::net
