#include "leotwin/orbit/batch_propagator.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leotwin/base/constants.h"
#include "leotwin/orbit/sgp4.h"
#include "leotwin/orbit/tle.h"

namespace leotwin::orbit {
namespace {

constexpr double kPosTolKm = 1e-6;
constexpr double kVelTolKmS = 1e-9;

// Largest differences seen by Compare(), for the log.
struct Worst {
  double r = 0, v = 0;
  int compared = 0;
};

// Compares satellite i of `states` (TEME) with the scalar propagator at t.
void CompareWithScalar(const BatchPropagator& batch, const SatelliteStates& states, size_t i,
                       SimTime t, Worst* worst) {
  const Sgp4Result r = batch.scalar(i).PropagateAt(t);
  ASSERT_EQ(states.error[i], r.error) << "satellite " << i << " at " << t.ToIso8601();
  if (r.error != 0 && r.error != kSgp4Decayed) {
    EXPECT_TRUE(std::isnan(states.x[i]));
    return;
  }
  const double dr[3] = {states.x[i] - r.position.x, states.y[i] - r.position.y,
                        states.z[i] - r.position.z};
  const double dv[3] = {states.vx[i] - r.velocity.x, states.vy[i] - r.velocity.y,
                        states.vz[i] - r.velocity.z};
  for (int c = 0; c < 3; ++c) {
    ASSERT_NEAR(dr[c], 0.0, kPosTolKm) << "satellite " << i << " at " << t.ToIso8601();
    ASSERT_NEAR(dv[c], 0.0, kVelTolKmS) << "satellite " << i << " at " << t.ToIso8601();
    worst->r = std::max(worst->r, std::fabs(dr[c]));
    worst->v = std::max(worst->v, std::fabs(dv[c]));
  }
  ++worst->compared;
}

TEST(BatchPropagatorTest, EqualsScalarOnValladoVectors) {
  auto parsed = ReadTleFile("tests/data/sgp4/SGP4-VER.TLE",
                            {.verify_checksum = false, .allow_trailing_columns = true});
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->elements.size(), 33u);
  SatelliteStates states;
  Worst worst;
  for (size_t i = 0; i < parsed->elements.size(); ++i) {
    // One object per batch: its own times are years from the other objects' epochs, where
    // their resonance integrations would take long.
    auto batch = BatchPropagator::Create({parsed->elements[i]});
    ASSERT_TRUE(batch.ok()) << batch.status();
    std::istringstream fields(parsed->trailing_text[i]);
    double start = 0, stop = 0, step = 1;
    fields >> start >> stop >> step;
    for (double t = start; t <= stop; t += step) {
      const SimTime at = parsed->elements[i].epoch + std::llround(t * 60e9);
      batch->PropagateTeme(at, &states);
      ASSERT_EQ(states.size(), 1u);
      CompareWithScalar(*batch, states, 0, at, &worst);
    }
  }
  std::printf("compared %d states; worst %.3e km, %.3e km/s\n", worst.compared, worst.r, worst.v);
  EXPECT_GT(worst.compared, 600);
}

TEST(BatchPropagatorTest, EqualsScalarOnStarlinkSnapshot) {
  const char* path = "../shared/data/starlink_20250923.tle";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent (data beside the checkout)";
  auto parsed = ReadTleFile(path, {.strict = true});
  ASSERT_TRUE(parsed.ok());
  auto batch = BatchPropagator::Create(parsed->elements);
  ASSERT_TRUE(batch.ok()) << batch.status();
  SatelliteStates states;
  Worst worst;
  const SimTime t0 = SimTime::FromCivil(2025, 9, 23);
  for (const int64_t minutes : {0, 313, 1439, 4321, -2000}) {
    const SimTime t = t0 + minutes * SimTime::kNanosPerMinute;
    batch->PropagateTeme(t, &states);
    for (size_t i = 0; i < batch->size(); ++i) CompareWithScalar(*batch, states, i, t, &worst);
  }
  std::printf("compared %d states; worst %.3e km, %.3e km/s\n", worst.compared, worst.r, worst.v);
}

// Random element sets over the model's domain: near-earth (including perigees below 220 km,
// zero and retrograde-equatorial inclinations, near-circular and eccentric orbits) and deep space.
TEST(BatchPropagatorTest, EqualsScalarOnSeededRandomElements) {
  const uint64_t seed = 424242;
  SCOPED_TRACE(fmt::format("seed {}", seed));
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<ElementSet> elements;
  for (int i = 0; i < 3000; ++i) {
    ElementSet e;
    e.catalog_number = i;
    e.epoch_year = 2025;
    e.epoch_day_of_year = 167.0 + u(rng) * 30.0;  // Epochs within 15 days of 2025-07-01.
    e.epoch = EpochFromYearDay(e.epoch_year, e.epoch_day_of_year);
    const double kind = u(rng);
    if (kind < 0.85) {
      // Near-earth: perigee altitude 120..2000 km.
      const double perigee_km = 120.0 + u(rng) * 1880.0;
      e.eccentricity = u(rng) < 0.6 ? u(rng) * 0.002 : u(rng) * 0.25;
      const double a_km = (6378.135 + perigee_km) / (1.0 - e.eccentricity);
      const double n_rad_s = std::sqrt(398600.8 / (a_km * a_km * a_km));
      e.mean_motion_rev_per_day = n_rad_s * 86400.0 / kTwoPi;
      if (e.mean_motion_rev_per_day < 6.5) e.mean_motion_rev_per_day = 6.5;  // stay near-earth
    } else {
      e.eccentricity = u(rng) * 0.75;
      e.mean_motion_rev_per_day = 0.9 + u(rng) * 5.0;
    }
    const double r = u(rng);
    e.inclination_deg = r < 0.05 ? 0.0 : r < 0.08 ? 180.0 : u(rng) * 180.0;
    e.raan_deg = u(rng) * 360.0;
    e.arg_perigee_deg = u(rng) * 360.0;
    e.mean_anomaly_deg = u(rng) * 360.0;
    e.bstar = (u(rng) - 0.3) * 1e-3;
    elements.push_back(e);
  }
  auto batch = BatchPropagator::Create(elements);
  ASSERT_TRUE(batch.ok()) << batch.status();
  SatelliteStates states;
  Worst worst;
  int errors = 0;
  const SimTime t0 = SimTime::FromCivil(2025, 7, 1);
  for (int k = 0; k < 6; ++k) {
    // Within 15 days of 2025-07-01, so at most 30 days from any epoch: SGP4's angles then stay
    // below about 1e4 rad. (Months out, the t^5 drag terms of low, high-drag orbits push the
    // mean anomaly to 1e8..1e10 rad, where one ulp of the angle is already metres of position
    // and the scalar and batch round differently within that ulp.)
    const SimTime t =
        t0 + static_cast<int64_t>((u(rng) - 0.5) * 30.0 * 86400.0) * SimTime::kNanosPerSecond;
    batch->PropagateTeme(t, &states);
    for (size_t i = 0; i < batch->size(); ++i) {
      CompareWithScalar(*batch, states, i, t, &worst);
      errors += states.error[i] != 0;
    }
  }
  std::printf("compared %d states (%d with errors); worst %.3e km, %.3e km/s\n", worst.compared,
              errors, worst.r, worst.v);
  EXPECT_GT(worst.compared, 6 * 3000 / 2);
}

TEST(BatchPropagatorTest, GridEqualsSingleInstantsAndEcefKeepsRadius) {
  auto parsed = ReadTleFile("tests/data/sgp4/SGP4-VER.TLE",
                            {.verify_checksum = false, .allow_trailing_columns = true});
  ASSERT_TRUE(parsed.ok());
  auto batch = BatchPropagator::Create(parsed->elements);
  ASSERT_TRUE(batch.ok());
  const TimeGrid grid =
      TimeGrid::Over(SimTime::FromCivil(2006, 6, 25), 3600 * SimTime::kNanosPerSecond,
                     600 * SimTime::kNanosPerSecond);
  std::vector<SatelliteStates> teme, ecef;
  batch->PropagateGrid(grid, false, &teme);
  batch->PropagateGrid(grid, true, &ecef);
  ASSERT_EQ(teme.size(), 7u);
  ASSERT_EQ(ecef.size(), 7u);
  SatelliteStates one;
  for (int64_t k = 0; k < grid.count; ++k) {
    batch->PropagateTeme(grid.At(k), &one);
    for (size_t i = 0; i < batch->size(); ++i) {
      ASSERT_EQ(teme[k].error[i], one.error[i]);
      if (one.error[i] != 0) continue;
      EXPECT_EQ(teme[k].x[i], one.x[i]);
      EXPECT_EQ(teme[k].vz[i], one.vz[i]);
      // A rotation about z: radius and z unchanged.
      const double rt = std::hypot(one.x[i], one.y[i]);
      const double re = std::hypot(ecef[k].x[i], ecef[k].y[i]);
      EXPECT_NEAR(re, rt, 1e-9 * rt);
      EXPECT_EQ(ecef[k].z[i], one.z[i]);
    }
  }
}

// skyfield (Debian python3-skyfield) converts our TEME states with its own GMST (AIAA 2006-6753
// appendix C) and Earth rotation rate; our ECEF must agree.
TEST(BatchPropagatorTest, EcefMatchesSkyfield) {
  auto parsed = ReadTleFile("tests/data/sgp4/SGP4-VER.TLE",
                            {.verify_checksum = false, .allow_trailing_columns = true});
  ASSERT_TRUE(parsed.ok());
  auto batch = BatchPropagator::Create(parsed->elements);
  ASSERT_TRUE(batch.ok());
  // Each object a day after its epoch: a LEO/MEO (00005), a Molniya (08195), a GEO (28626).
  int checked = 0;
  for (size_t i = 0; i < batch->size(); ++i) {
    const int64_t cat = parsed->elements[i].catalog_number;
    if (cat != 5 && cat != 8195 && cat != 28626) continue;
    const SimTime t = parsed->elements[i].epoch + 86400 * SimTime::kNanosPerSecond + 123456789;
    SatelliteStates teme, ecef;
    batch->PropagateTeme(t, &teme);
    batch->PropagateEcef(t, &ecef);
    ASSERT_EQ(teme.error[i], 0);
    const SimTime::SplitJulianDate jd = t.JulianDate();
    const std::string cmd = fmt::format(
        "/usr/bin/python3 -c '"
        "import sys\n"
        "from numpy import array\n"
        "from skyfield.sgp4lib import TEME_to_ITRF\n"
        "v = [float(x) for x in sys.argv[3:]]\n"
        "r, w = TEME_to_ITRF(float(sys.argv[1]), array(v[0:3]), array(v[3:6]) * 86400.0,"
        " fraction_ut1=float(sys.argv[2]))\n"
        "print(*(\"%.12f\" % x for x in (*r, *(w / 86400.0))))\n"
        "' {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} 2>/dev/null",
        jd.whole, jd.fraction, teme.x[i], teme.y[i], teme.z[i], teme.vx[i], teme.vy[i], teme.vz[i]);
    FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string text;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
    if (pclose(pipe) != 0) GTEST_SKIP() << "python3-skyfield not available";
    std::istringstream row(text);
    double ref[6];
    for (double& v : ref) ASSERT_TRUE(row >> v) << text;
    SCOPED_TRACE(fmt::format("catalog {}", cat));
    EXPECT_NEAR(ecef.x[i], ref[0], 1e-6);
    EXPECT_NEAR(ecef.y[i], ref[1], 1e-6);
    EXPECT_NEAR(ecef.z[i], ref[2], 1e-6);
    // skyfield turns at the GMST rate (1.0027379 turns per UT1 day), we at the IERS rate
    // 7.292115146706979e-5 rad/s: 7e-12 rad/s apart, 3e-7 km/s at 42,000 km.
    EXPECT_NEAR(ecef.vx[i], ref[3], 5e-7);
    EXPECT_NEAR(ecef.vy[i], ref[4], 5e-7);
    EXPECT_NEAR(ecef.vz[i], ref[5], 5e-7);
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

TEST(BatchPropagatorTest, CreateNamesTheBadObject) {
  ElementSet good;
  good.catalog_number = 1;
  good.mean_motion_rev_per_day = 15.0;
  ElementSet bad = good;
  bad.catalog_number = 777;
  bad.name = "BROKEN";
  bad.eccentricity = 1.5;
  auto b = BatchPropagator::Create({good, good, bad});
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(std::string(b.status().message()), ::testing::HasSubstr("element set 2 of 3"));
  EXPECT_THAT(std::string(b.status().message()), ::testing::HasSubstr("777 (BROKEN)"));
  auto empty = BatchPropagator::Create({});
  ASSERT_TRUE(empty.ok());
  SatelliteStates s;
  empty->PropagateEcef(SimTime::FromCivil(2025, 1, 1), &s);
  EXPECT_EQ(s.size(), 0u);
}

}  // namespace
}  // namespace leotwin::orbit
