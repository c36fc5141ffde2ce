#include "leotwin/orbit/walker.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leotwin::orbit {
namespace {

using ::testing::HasSubstr;

const SimTime kEpoch = SimTime::FromCivil(2025, 9, 23, 12, 0, 0.0);

// Runs a Python program with Debian's interpreter; returns its stdout, or "" when python3 or the
// sgp4 module is not available (the caller skips).
std::string RunPython(const std::string& program) {
  const std::string path = testing::TempDir() + "/walker_test_peer.py";
  {
    std::ofstream out(path);
    out << program;
  }
  FILE* pipe = popen(("/usr/bin/python3 " + path + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return "";
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
  const int rc = pclose(pipe);
  std::remove(path.c_str());
  return rc == 0 ? output : "";
}

// The mean motion we choose for an altitude makes python-sgp4 (an independent SGP4) compute a mean
// semi-major axis of exactly R + altitude; the osculating radius over one revolution stays within
// a few km of it.
TEST(MeanMotionForAltitude, MatchesPythonSgp4MeanSemiMajorAxis) {
  struct Case {
    double altitude_km, inclination_deg;
  };
  const Case cases[] = {{550, 53.0},  {540, 53.2}, {570, 70.0}, {560, 97.6},  {1150, 53.0},
                        {1200, 87.9}, {630, 51.9}, {300, 0.0},  {35786, 0.1}, {2000, 120.0}};
  std::string program = "from sgp4.api import Satrec, WGS72\nimport math\ncases = [\n";
  std::vector<double> mean_motions;
  for (const Case& c : cases) {
    auto n = MeanMotionForAltitude(c.altitude_km, c.inclination_deg);
    ASSERT_TRUE(n.ok()) << n.status();
    mean_motions.push_back(*n);
    program += fmt::format("  ({:.17g}, {:.17g}),\n", *n, c.inclination_deg);
  }
  program +=
      "]\n"
      "for n, inc in cases:\n"
      "    s = Satrec()\n"
      "    s.sgp4init(WGS72, 'i', 1, 25000.5, 0.0, 0.0, 0.0, 0.0, 0.0, math.radians(inc), 0.0,\n"
      "               n * 2 * math.pi / 1440.0, 0.0)\n"
      "    period = 2 * math.pi / s.no_kozai\n"
      "    radii = []\n"
      "    for k in range(0, 200):\n"
      "        e, r, v = s.sgp4(s.jdsatepoch, s.jdsatepochF + k * period / 200 / 1440.0)\n"
      "        radii.append(math.sqrt(sum(x * x for x in r)))\n"
      "    print(repr(s.a * s.radiusearthkm), min(radii), max(radii), sum(radii) / len(radii))\n";
  const std::string out = RunPython(program);
  if (out.empty()) GTEST_SKIP() << "/usr/bin/python3 with python3-sgp4 is not available";
  std::istringstream in(out);
  for (size_t i = 0; i < std::size(cases); ++i) {
    SCOPED_TRACE(fmt::format("h={} i={}", cases[i].altitude_km, cases[i].inclination_deg));
    double a = 0, rmin = 0, rmax = 0, rmean = 0;
    ASSERT_TRUE(in >> a >> rmin >> rmax >> rmean);
    const double want = kWalkerEarthRadiusKm + cases[i].altitude_km;
    EXPECT_NEAR(a, want, 1e-6);
    // Our forward formula agrees with python-sgp4's initialization too.
    EXPECT_NEAR(Sgp4MeanSemiMajorAxisKm(mean_motions[i], cases[i].inclination_deg), a, 1e-6);
    // J2 short-period terms move the osculating radius by a few km around the mean.
    EXPECT_NEAR(rmean, want, 10.0);
    EXPECT_LT(rmax - rmin, 25.0);
  }
}

TEST(MeanMotionForAltitude, CloseToKeplerAndRejectsBadInput) {
  // Kepler's third law for a = R + 550 km: n = sqrt(mu / a^3) rad/s.
  const double a = 6378.135 + 550.0;
  const double kepler_rev_per_day = std::sqrt(398600.8 / (a * a * a)) * 86400.0 / (2 * M_PI);
  auto n53 = MeanMotionForAltitude(550.0, 53.0);
  ASSERT_TRUE(n53.ok());
  // At 53 deg, 3 cos^2 i - 1 = 0.087 > 0: the Kozai mean motion is slightly above Kepler's.
  EXPECT_GT(*n53, kepler_rev_per_day);
  EXPECT_LT(*n53 / kepler_rev_per_day - 1.0, 1e-4);
  // Near polar: 3 cos^2 i - 1 < 0, below Kepler's.
  EXPECT_LT(*MeanMotionForAltitude(550.0, 97.6), kepler_rev_per_day);
  // About 15.05 rev/day, the familiar Starlink 550 km value.
  EXPECT_NEAR(*n53, 15.05, 0.02);
  EXPECT_FALSE(MeanMotionForAltitude(-1.0, 53.0).ok());
  EXPECT_FALSE(MeanMotionForAltitude(0.0, 53.0).ok());
  EXPECT_FALSE(MeanMotionForAltitude(NAN, 53.0).ok());
  EXPECT_FALSE(MeanMotionForAltitude(550.0, 181.0).ok());
  EXPECT_FALSE(MeanMotionForAltitude(550.0, 53.0, 1.0).ok());
}

double AngleDiff(double a, double b) {  // a - b wrapped to [0, 360)
  double d = std::fmod(a - b, 360.0);
  if (d < 0) d += 360.0;
  return d;
}
bool AngleNear(double a, double b, double tol = 1e-9) {
  const double d = AngleDiff(a, b);
  return d < tol || d > 360.0 - tol;
}

// Handley 2018: 32 planes x 50 sats, F = 11, 53 deg, 1,150 km. From first principles:
// RAAN spacing 360/32 = 11.25 deg, in-plane spacing 360/50 = 7.2 deg, phase step between adjacent
// planes F * 360 / T = 11 * 360 / 1600 = 2.475 deg, and after going once around all planes the
// pattern closes on itself shifted by F = 11 in-plane slots.
TEST(WalkerShell, Handley2018GeometryFromFirstPrinciples) {
  auto c = ConstellationPreset("handley2018", kEpoch);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->size(), 1600u);
  ASSERT_EQ(c->slots.size(), 1600u);
  ASSERT_EQ(c->shells.size(), 1u);
  EXPECT_EQ(c->shells[0].phasing, 11);
  std::map<std::pair<int, int>, const ElementSet*> by_slot;
  for (size_t k = 0; k < c->size(); ++k) {
    const SatelliteSlot& s = c->slots[k];
    ASSERT_EQ(s.shell, 0);
    by_slot[{s.plane, s.index_in_plane}] = &c->elements[k];
  }
  ASSERT_EQ(by_slot.size(), 1600u);
  for (int p = 0; p < 32; ++p) {
    for (int s = 0; s < 50; ++s) {
      const ElementSet& e = *by_slot.at({p, s});
      EXPECT_TRUE(AngleNear(e.raan_deg, p * 11.25)) << p << " " << e.raan_deg;
      EXPECT_EQ(e.inclination_deg, 53.0);
      EXPECT_EQ(e.eccentricity, 0.0);
      EXPECT_EQ(e.bstar, 0.0);
      const ElementSet& next_in_plane = *by_slot.at({p, (s + 1) % 50});
      EXPECT_TRUE(AngleNear(AngleDiff(next_in_plane.mean_anomaly_deg, e.mean_anomaly_deg), 7.2));
      if (p + 1 < 32) {
        const ElementSet& next_plane = *by_slot.at({p + 1, s});
        EXPECT_TRUE(AngleNear(AngleDiff(next_plane.mean_anomaly_deg, e.mean_anomaly_deg), 2.475));
      } else {
        // Plane 31 -> plane 0 (RAAN 360 = 0): the same 2.475 deg step lands on slot s + 11.
        const ElementSet& wrap = *by_slot.at({0, (s + 11) % 50});
        EXPECT_TRUE(AngleNear(e.mean_anomaly_deg + 2.475, wrap.mean_anomaly_deg));
      }
    }
  }
  EXPECT_NEAR(Sgp4MeanSemiMajorAxisKm(c->elements[0].mean_motion_rev_per_day, 53.0) - 6378.135,
              1150.0, 1e-6);
}

TEST(WalkerShell, StarlinkGen1Shells) {
  auto c = ConstellationPreset("starlink-gen1", kEpoch);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->size(), 4408u);  // 1584 + 1584 + 720 + 348 + 172
  struct Want {
    int planes, per_plane;
    double altitude, inclination;
  };
  const Want want[] = {{72, 22, 550, 53.0},
                       {72, 22, 540, 53.2},
                       {36, 20, 570, 70.0},
                       {6, 58, 560, 97.6},
                       {4, 43, 560, 97.6}};
  ASSERT_EQ(c->shells.size(), 5u);
  std::vector<int> count(5, 0);
  std::vector<std::set<double>> raans(5);
  for (size_t k = 0; k < c->size(); ++k) {
    const int sh = c->slots[k].shell;
    ASSERT_GE(sh, 0);
    ASSERT_LT(sh, 5);
    ++count[sh];
    const ElementSet& e = c->elements[k];
    EXPECT_EQ(e.inclination_deg, want[sh].inclination);
    EXPECT_NEAR(Sgp4MeanSemiMajorAxisKm(e.mean_motion_rev_per_day, e.inclination_deg) - 6378.135,
                want[sh].altitude, 1e-6);
    raans[sh].insert(e.raan_deg);
  }
  for (int sh = 0; sh < 5; ++sh) {
    EXPECT_EQ(count[sh], want[sh].planes * want[sh].per_plane);
    EXPECT_EQ(c->shells[sh].planes, want[sh].planes);
    EXPECT_EQ(c->shells[sh].sats_per_plane, want[sh].per_plane);
    ASSERT_EQ(raans[sh].size(), static_cast<size_t>(want[sh].planes));
    // Planes evenly spaced over 360 deg: consecutive RAANs differ by 360/P.
    double prev = -1;
    for (double r : raans[sh]) {
      if (prev >= 0) {
        EXPECT_NEAR(r - prev, 360.0 / want[sh].planes, 1e-9);
      }
      prev = r;
    }
  }
}

TEST(WalkerShell, OneWebIsAWalkerStarOver180Degrees) {
  auto c = ConstellationPreset("oneweb", kEpoch);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->size(), 588u);
  std::set<double> raans;
  for (const ElementSet& e : c->elements) {
    raans.insert(e.raan_deg);
    EXPECT_EQ(e.inclination_deg, 87.9);
  }
  ASSERT_EQ(raans.size(), 12u);
  EXPECT_NEAR(*raans.begin(), 0.0, 1e-12);
  EXPECT_NEAR(*raans.rbegin(), 165.0, 1e-9);  // 11 * 180 / 12
}

TEST(Presets, AllAreConsistent) {
  const auto& presets = ConstellationPresets();
  ASSERT_EQ(presets.size(), 5u);
  const std::map<std::string, size_t> sizes = {{"starlink-gen1", 4408},
                                               {"starlink-gen2a", 7560},
                                               {"kuiper", 1156},
                                               {"oneweb", 588},
                                               {"handley2018", 1600}};
  for (const auto& info : presets) {
    SCOPED_TRACE(std::string(info.name));
    EXPECT_FALSE(info.description.empty());
    auto c = ConstellationPreset(info.name, kEpoch);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->name, info.name);
    EXPECT_EQ(c->size(), sizes.at(std::string(info.name)));
    ASSERT_EQ(c->slots.size(), c->size());
    std::set<int64_t> catalog;
    std::set<std::string> names;
    std::set<std::tuple<int, int, int>> slots;
    size_t shell_total = 0;
    for (const ShellInfo& s : c->shells) {
      shell_total += static_cast<size_t>(s.size());
      EXPECT_GE(s.phasing, 0);
      EXPECT_LT(s.phasing, s.planes);
    }
    EXPECT_EQ(shell_total, c->size());
    for (size_t k = 0; k < c->size(); ++k) {
      const ElementSet& e = c->elements[k];
      catalog.insert(e.catalog_number);
      names.insert(e.name);
      slots.insert({c->slots[k].shell, c->slots[k].plane, c->slots[k].index_in_plane});
      EXPECT_EQ(e.epoch, kEpoch);
      EXPECT_EQ(e.epoch_year, 2025);
      EXPECT_DOUBLE_EQ(e.epoch_day_of_year, 266.5);  // Sep 23 = day 266, 12:00.
      EXPECT_GE(e.raan_deg, 0.0);
      EXPECT_LT(e.raan_deg, 360.0);
      EXPECT_GE(e.mean_anomaly_deg, 0.0);
      EXPECT_LT(e.mean_anomaly_deg, 360.0);
    }
    EXPECT_EQ(catalog.size(), c->size());
    EXPECT_EQ(names.size(), c->size());
    EXPECT_EQ(slots.size(), c->size());
  }
  auto shells = ConstellationPresetShells("starlink-gen2a");
  ASSERT_TRUE(shells.ok());
  ASSERT_EQ(shells->size(), 3u);
  EXPECT_EQ((*shells)[1].altitude_km, 530.0);
  EXPECT_EQ((*shells)[2].inclination_deg, 33.0);
  auto unknown = ConstellationPreset("starlink", kEpoch);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("starlink-gen1, starlink-gen2a"));
}

// Smallest distance (km) between any two satellites of shell `shell` of `c` over one orbit,
// under two-body circular motion computed here from each element set's RAAN, inclination and
// argument of latitude (= mean anomaly for e = 0). The in-plane time symmetry (after 1/S of a
// period every satellite is where its in-plane successor was) means pairs with a slot-0
// satellite suffice; for a Walker delta shell the plane symmetry further reduces them to pairs
// with satellite (0, 0). Sampled every 2 s, as walker_phasing.py does: between samples the true
// minimum can be lower by up to about one second of relative motion.
double MinSeparationKm(const Constellation& c, int shell) {
  std::vector<const ElementSet*> sats;
  std::vector<int> refs;
  for (size_t k = 0; k < c.size(); ++k) {
    if (c.slots[k].shell != shell) continue;
    if (c.slots[k].index_in_plane == 0 &&
        (c.shells[shell].raan_spread_deg != 360.0 || c.slots[k].plane == 0))
      refs.push_back(static_cast<int>(sats.size()));
    sats.push_back(&c.elements[k]);
  }
  const double a = kWalkerEarthRadiusKm + c.shells[shell].altitude_km;
  const double n_rad_per_s = sats[0]->mean_motion_rev_per_day * 2.0 * M_PI / 86400.0;
  const double period_s = 2.0 * M_PI / n_rad_per_s;
  const double inc = sats[0]->inclination_deg * M_PI / 180.0;
  constexpr double kStepS = 2.0;
  // Position = a (cos u P + sin u Q), P and Q the in-plane unit vectors towards the ascending
  // node and 90 deg ahead of it; (cos u, sin u) advance by a fixed rotation per step.
  const size_t n = sats.size();
  std::vector<double> P(3 * n), Q(3 * n), cu(n), su(n);
  for (size_t k = 0; k < n; ++k) {
    const double o = sats[k]->raan_deg * M_PI / 180.0, u = sats[k]->mean_anomaly_deg * M_PI / 180.0;
    P[3 * k] = std::cos(o), P[3 * k + 1] = std::sin(o), P[3 * k + 2] = 0.0;
    Q[3 * k] = -std::sin(o) * std::cos(inc), Q[3 * k + 1] = std::cos(o) * std::cos(inc),
          Q[3 * k + 2] = std::sin(inc);
    cu[k] = std::cos(u), su[k] = std::sin(u);
  }
  const double cs = std::cos(n_rad_per_s * kStepS), ss = std::sin(n_rad_per_s * kStepS);
  double best = 1e300;
  std::vector<double> xyz(3 * n);
  for (double t = 0; t < period_s; t += kStepS) {
    for (size_t k = 0; k < n; ++k) {
      for (int j = 0; j < 3; ++j)
        xyz[3 * k + j] = a * (cu[k] * P[3 * k + j] + su[k] * Q[3 * k + j]);
      const double c2 = cu[k] * cs - su[k] * ss, s2 = su[k] * cs + cu[k] * ss;
      cu[k] = c2, su[k] = s2;
    }
    for (int r : refs) {
      for (size_t k = 0; k < n; ++k) {
        if (static_cast<int>(k) == r) continue;
        const double dx = xyz[3 * k] - xyz[3 * r], dy = xyz[3 * k + 1] - xyz[3 * r + 1],
                     dz = xyz[3 * k + 2] - xyz[3 * r + 2];
        best = std::min(best, dx * dx + dy * dy + dz * dz);
      }
    }
  }
  return std::sqrt(best);
}

// The phasing F chosen for each preset (tests/data/walker/phasing.txt) keeps every pair of
// satellites at least 40 km apart over an orbit; F = 0 would stack satellites at the plane
// crossings (this shows the check can fail).
TEST(Presets, PresetsKeepSatellitesApart) {
  for (const auto& info : ConstellationPresets()) {
    if (info.name == "handley2018") continue;  // F = 11 is fixed by the paper, not chosen.
    auto c = ConstellationPreset(info.name, kEpoch);
    ASSERT_TRUE(c.ok()) << c.status();
    for (int sh = 0; sh < static_cast<int>(c->shells.size()); ++sh) {
      const double d = MinSeparationKm(*c, sh);
      std::printf("%s shell %s (F=%d): min separation %.1f km\n", std::string(info.name).c_str(),
                  c->shells[sh].name.c_str(), c->shells[sh].phasing, d);
      EXPECT_GT(d, 40.0) << info.name << " " << c->shells[sh].name;
    }
  }
  ShellInfo kuiper0{"kuiper-F0", 34, 34, 0, 630, 51.9, 360};
  WalkerOptions o;
  o.epoch = kEpoch;
  auto stacked = MakeWalkerConstellation("F0", {kuiper0}, o);
  ASSERT_TRUE(stacked.ok());
  EXPECT_LT(MinSeparationKm(*stacked, 0), 1.0);
}

TEST(WalkerShell, RejectsBadShellsAndLeavesConstellationUnchanged) {
  Constellation c;
  WalkerOptions o;
  o.epoch = kEpoch;
  ShellInfo good{"s", 4, 5, 1, 550, 53, 360};
  ASSERT_TRUE(AddWalkerShell(good, o, &c).ok());
  ASSERT_EQ(c.size(), 20u);
  const ShellInfo bad[] = {{"p0", 0, 5, 0, 550, 53, 360},         {"s0", 4, 0, 0, 550, 53, 360},
                           {"F", 4, 5, 4, 550, 53, 360},          {"F-", 4, 5, -1, 550, 53, 360},
                           {"h", 4, 5, 1, -5, 53, 360},           {"i", 4, 5, 1, 550, 190, 360},
                           {"sp", 4, 5, 1, 550, 53, 0},           {"sp2", 4, 5, 1, 550, 53, 400},
                           {"big", 100000, 1000, 0, 550, 53, 360}};
  for (const ShellInfo& s : bad) {
    SCOPED_TRACE(s.name);
    const Status st = AddWalkerShell(s, o, &c);
    EXPECT_FALSE(st.ok());
    EXPECT_THAT(std::string(st.message()), HasSubstr(s.name));
    EXPECT_EQ(c.size(), 20u);
    EXPECT_EQ(c.shells.size(), 1u);
  }
  // A second shell continues catalog numbers and indexes its slots as shell 1.
  o.first_catalog_number = 1000;
  ASSERT_TRUE(AddWalkerShell(good, o, &c).ok());
  EXPECT_EQ(c.elements.back().catalog_number, 1000 + 39);
  EXPECT_EQ(c.slots.back().shell, 1);
  EXPECT_EQ(c.slots.back().plane, 3);
  EXPECT_EQ(c.slots.back().index_in_plane, 4);
  EXPECT_EQ(c.elements.back().name, "s-03-04");
  // Offsets: RAAN of plane 0 and u of slot 0 are shifted.
  Constellation d;
  o.raan_offset_deg = 350.0;
  o.arg_latitude_offset_deg = 10.0;
  ASSERT_TRUE(AddWalkerShell(good, o, &d).ok());
  EXPECT_DOUBLE_EQ(d.elements[0].raan_deg, 350.0);
  EXPECT_DOUBLE_EQ(d.elements[5].raan_deg, 80.0);  // 350 + 90 - 360
  EXPECT_DOUBLE_EQ(d.elements[0].mean_anomaly_deg, 10.0);
  // Plane 1 slot 0: 10 + 1 * 1 * 360 / 20 = 28.
  EXPECT_DOUBLE_EQ(d.elements[5].mean_anomaly_deg, 28.0);
}

}  // namespace
}  // namespace leotwin::orbit
