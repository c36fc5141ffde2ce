#include "leotwin/orbit/sgp4.h"

#include <unistd.h>

#include <array>
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
#include "leotwin/orbit/tle.h"

namespace leotwin::orbit {
namespace {

constexpr char kVerTle[] = "tests/data/sgp4/SGP4-VER.TLE";
constexpr char kVerOut[] = "tests/data/sgp4/tcppver.out";

// One object of tcppver.out: its header catalog number and its rows (t, x, y, z, vx, vy, vz).
struct VerObject {
  int64_t catalog = 0;
  std::vector<std::array<double, 7>> rows;
};

std::vector<VerObject> ReadTcppver(const std::string& path) {
  std::ifstream in(path);
  std::vector<VerObject> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("xx") != std::string::npos) {
      out.push_back({std::stoll(line), {}});
      continue;
    }
    std::istringstream fields(line);
    std::array<double, 7> row{};
    for (double& v : row) fields >> v;
    if (fields && !out.empty()) out.back().rows.push_back(row);
  }
  return out;
}

// The instants Vallado's test driver prints for one object: 0, then start..stop by step (skipping
// a repeated 0), then stop itself when the stepping missed it (as python-sgp4's tests regenerate
// tcppver.out).
std::vector<double> VerificationTimes(const std::string& trailing) {
  std::istringstream fields(trailing);
  double start = 0, stop = 0, step = 0;
  fields >> start >> stop >> step;
  std::vector<double> times = {0.0};
  double t = start;
  while (t <= stop) {
    if (!(t == start && start == 0.0)) times.push_back(t);
    t += step;
  }
  if (t - stop < step - 1e-6) times.push_back(stop);
  return times;
}

TEST(Sgp4Test, ValladoVerificationVectors) {
  auto parsed = ReadTleFile(kVerTle, {.verify_checksum = false, .allow_trailing_columns = true});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const std::vector<VerObject> expected = ReadTcppver(kVerOut);
  ASSERT_EQ(parsed->elements.size(), 33u);
  ASSERT_EQ(expected.size(), 33u);

  std::vector<int> errors;
  int compared = 0;
  double worst_r = 0, worst_v = 0;
  for (size_t k = 0; k < parsed->elements.size(); ++k) {
    const ElementSet& e = parsed->elements[k];
    SCOPED_TRACE(fmt::format("object {} (catalog {})", k, e.catalog_number));
    ASSERT_EQ(e.catalog_number, expected[k].catalog);
    auto sgp4 = Sgp4::Create(e);
    ASSERT_TRUE(sgp4.ok()) << sgp4.status();
    const std::vector<double> times = VerificationTimes(parsed->trailing_text[k]);
    const auto& rows = expected[k].rows;
    size_t row = 0;
    for (const double t : times) {
      const Sgp4Result r = sgp4->Propagate(t);
      if (r.error != 0) {
        errors.push_back(r.error);
        if (t == 0.0) {
          // The driver then prints a copy of the previous object's data as the t = 0 row.
          ASSERT_EQ(rows.size(), 1u);
          row = 1;
        }
        break;
      }
      ASSERT_LT(row, rows.size()) << "propagation succeeded at t=" << t
                                  << " min beyond the last reference row";
      const auto& ref = rows[row++];
      ASSERT_NEAR(ref[0], t, 1e-9);
      const double dr[3] = {r.position.x - ref[1], r.position.y - ref[2], r.position.z - ref[3]};
      const double dv[3] = {r.velocity.x - ref[4], r.velocity.y - ref[5], r.velocity.z - ref[6]};
      for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(dr[i], 0.0, 2e-7) << "position component " << i << " at t=" << t;
        EXPECT_NEAR(dv[i], 0.0, 2e-7) << "velocity component " << i << " at t=" << t;
        worst_r = std::max(worst_r, std::fabs(dr[i]));
        worst_v = std::max(worst_v, std::fabs(dv[i]));
      }
      ++compared;
    }
    EXPECT_EQ(row, rows.size()) << "reference rows left over: an error came too early";
  }
  // Error codes in file order, as listed by python-sgp4's own verification test.
  EXPECT_EQ(errors, (std::vector<int>{1, 1, 6, 6, 4, 3, 6}));
  EXPECT_GT(compared, 600);
  std::printf("compared %d states; worst |dr| %.3e km, worst |dv| %.3e km/s\n", compared, worst_r,
              worst_v);
}

TEST(Sgp4Test, InitErrorsAreStatuses) {
  ElementSet e;
  e.catalog_number = 99999;
  e.name = "TEST";
  e.epoch_year = 2025;
  e.epoch_day_of_year = 266.0;
  e.inclination_deg = 53.0;
  e.mean_motion_rev_per_day = 15.0;
  EXPECT_TRUE(Sgp4::Create(e).ok());
  ElementSet bad = e;
  bad.eccentricity = 1.0;
  auto s = Sgp4::Create(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), ::testing::HasSubstr("99999 (TEST)"));
  EXPECT_THAT(std::string(s.status().message()), ::testing::HasSubstr("eccentricity"));
  bad = e;
  bad.mean_motion_rev_per_day = 0.0;
  EXPECT_FALSE(Sgp4::Create(bad).ok());
  bad = e;
  bad.inclination_deg = NAN;
  EXPECT_FALSE(Sgp4::Create(bad).ok());
  bad = e;
  bad.inclination_deg = 181.0;
  EXPECT_FALSE(Sgp4::Create(bad).ok());
  EXPECT_STREQ(Sgp4ErrorMessage(6), "satellite has decayed (radius below 1 Earth radius)");
}

TEST(Sgp4Test, PropagateAtUsesTheSplitEpoch) {
  auto parsed = ParseTle(
      "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n"
      "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n",
      {.strict = true});
  ASSERT_TRUE(parsed.ok());
  auto s = Sgp4::Create(parsed->elements[0]);
  ASSERT_TRUE(s.ok());
  const SimTime epoch = parsed->elements[0].epoch;
  EXPECT_NEAR(s->MinutesSinceEpoch(epoch), 0.0, 1e-9);
  EXPECT_NEAR(s->MinutesSinceEpoch(epoch + 90 * SimTime::kNanosPerMinute), 90.0, 1e-9);
  const Sgp4Result a = s->PropagateAt(epoch + 90 * SimTime::kNanosPerMinute);
  const Sgp4Result b = s->Propagate(s->MinutesSinceEpoch(epoch + 90 * SimTime::kNanosPerMinute));
  EXPECT_EQ(a.position, b.position);
  // An ISS orbit: radius about 6,720 km, speed about 7.7 km/s.
  EXPECT_NEAR(a.position.Norm(), 6720.0, 40.0);
  EXPECT_NEAR(a.velocity.Norm(), 7.7, 0.1);
}

// python-sgp4 (Debian's python3-sgp4, an independent implementation) on the Starlink snapshot.
TEST(Sgp4Test, MatchesPythonSgp4OnStarlinkSnapshot) {
  const std::string tle = "../shared/data/starlink_20250923.tle";
  if (!std::filesystem::exists(tle)) GTEST_SKIP() << tle << " absent (data beside the checkout)";
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 absent";
  const std::string script =
      (std::filesystem::temp_directory_path() / fmt::format("leotwin_sgp4_peer_{}.py", getpid()))
          .string();
  {
    std::ofstream out(script);
    out << R"PY(
import sys
from sgp4.api import Satrec
lines = open(sys.argv[1]).read().splitlines()
every = int(sys.argv[2])
jd0 = 2460941.5  # 2025-09-23T00:00:00Z
k = 0
i = 0
while i < len(lines) - 1:
    if lines[i].startswith('1 ') and lines[i + 1].startswith('2 '):
        if k % every == 0:
            s = Satrec.twoline2rv(lines[i], lines[i + 1])
            for step in range(5):
                e, r, v = s.sgp4(jd0, step * 0.25)
                print(k, step, e, *('%.12f' % x for x in (*r, *v)))
        k += 1
        i += 2
    else:
        i += 1
)PY";
  }
  const int every = 7;  // Every 7th object keeps the pure-Python peer under ~10 s.
  const std::string cmd = fmt::format("/usr/bin/python3 {} {} {}", script, tle, every);
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
  const int status = pclose(pipe);
  std::filesystem::remove(script);
  if (status != 0) GTEST_SKIP() << "python-sgp4 peer failed (is python3-sgp4 installed?)";

  auto parsed = ReadTleFile(tle, {.strict = true});
  ASSERT_TRUE(parsed.ok());
  const SimTime t0 = SimTime::FromCivil(2025, 9, 23);
  std::istringstream rows(text);
  int k, step, err, compared = 0;
  double ref[6];
  double worst = 0;
  while (rows >> k >> step >> err >> ref[0] >> ref[1] >> ref[2] >> ref[3] >> ref[4] >> ref[5]) {
    ASSERT_LT(static_cast<size_t>(k), parsed->elements.size());
    auto s = Sgp4::Create(parsed->elements[k]);
    ASSERT_TRUE(s.ok());
    const Sgp4Result r = s->PropagateAt(t0 + step * 6 * 3600 * SimTime::kNanosPerSecond);
    ASSERT_EQ(r.error, err) << "object " << k << " step " << step;
    if (err != 0) continue;
    const double d[6] = {r.position.x - ref[0], r.position.y - ref[1], r.position.z - ref[2],
                         r.velocity.x - ref[3], r.velocity.y - ref[4], r.velocity.z - ref[5]};
    for (int i = 0; i < 6; ++i) {
      ASSERT_NEAR(d[i], 0.0, 1e-6) << "object " << k << " step " << step << " component " << i;
      worst = std::max(worst, std::fabs(d[i]));
    }
    ++compared;
  }
  EXPECT_GT(compared, 8325 / every * 5 - 10);
  std::printf("compared %d states with python-sgp4; worst component difference %.3e\n", compared,
              worst);
}

}  // namespace
}  // namespace leotwin::orbit
