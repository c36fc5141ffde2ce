#include "leotwin/time/sim_time.h"

#include <gtest/gtest.h>

#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"

namespace leotwin {
namespace {

TEST(SimTimeTest, J2000IsJulianDate2451545) {
  // J2000.0 = 2000-01-01T12:00:00 = JD 2451545.0 (by definition, IAU).
  const SimTime j2000 = SimTime::FromCivil(2000, 1, 1, 12, 0, 0.0);
  EXPECT_DOUBLE_EQ(j2000.JulianDateDouble(), 2451545.0);
  // 946728000 s after 1970-01-01 (POSIX time of J2000 noon).
  EXPECT_EQ(j2000.unix_nanos(), 946728000LL * SimTime::kNanosPerSecond);
}

TEST(SimTimeTest, ParsesIsoVariants) {
  const SimTime ref = SimTime::FromCivil(2025, 9, 23, 12, 30, 15.25);
  EXPECT_EQ(*SimTime::Parse("2025-09-23T12:30:15.25Z"), ref);
  EXPECT_EQ(*SimTime::Parse("2025-09-23 12:30:15.250"), ref);
  EXPECT_EQ(*SimTime::Parse("2025-09-23T14:30:15.25+02:00"), ref);
  EXPECT_EQ(*SimTime::Parse("2025-09-23"), SimTime::FromCivil(2025, 9, 23));
  EXPECT_EQ(ref.ToIso8601(), "2025-09-23T12:30:15.250Z");
}

TEST(SimTimeTest, RejectsMalformedWithColumn) {
  for (const char* bad : {"", "2025", "2025-13-01", "2025-02-30", "2025-09-23T25:00", "2025-09-23X",
                          "2025-09-23T12:00:00Q", "not a time"}) {
    const auto t = SimTime::Parse(bad);
    EXPECT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.status().message().find("column"), std::string_view::npos) << t.status();
  }
  // 2024 is a leap year, 2100 is not.
  EXPECT_TRUE(SimTime::Parse("2024-02-29").ok());
  EXPECT_FALSE(SimTime::Parse("2100-02-29").ok());
  // Years int64 nanoseconds cannot hold whole are refused at parse, not left to FromCivil.
  for (const char* out_of_range : {"1677-12-31", "0001-01-01", "2262-01-01", "9999-12-31"}) {
    const auto t = SimTime::Parse(out_of_range);
    EXPECT_FALSE(t.ok()) << out_of_range;
    EXPECT_NE(t.status().message().find("1678..2261"), std::string_view::npos) << t.status();
  }
  EXPECT_TRUE(SimTime::Parse("1678-01-01T00:00:00Z").ok());
  EXPECT_TRUE(SimTime::Parse("2261-12-31T23:59:59Z").ok());
}

TEST(SimTimeTest, JulianDateRoundTrip) {
  for (int64_t s : {-86400LL * 365 * 50, 0LL, 1758585600LL, 4102444800LL}) {
    const SimTime t = SimTime::FromUnixNanos(s * SimTime::kNanosPerSecond + 123456789);
    const auto jd = t.JulianDate();
    EXPECT_GE(jd.fraction, 0.0);
    EXPECT_LT(jd.fraction, 1.0);
    EXPECT_EQ(std::fmod(jd.whole, 1.0), 0.5);
    // Fraction carries ~1e-16 day of precision = ~10 ns.
    EXPECT_NEAR(static_cast<double>(SimTime::FromJulianDate(jd.whole, jd.fraction) - t), 0.0, 50.0);
  }
}

TEST(SimTimeTest, GmstMatchesValladoExample3_5) {
  // Vallado, Fundamentals of Astrodynamics and Applications, Example 3-5: 1992 August 20,
  // 12:14 UT1 -> GMST = 152.578787810 deg.
  const SimTime t = SimTime::FromCivil(1992, 8, 20, 12, 14, 0.0);
  const auto jd = t.JulianDate();
  // 1e-7 deg (0.02 ms of sidereal time, 1 cm on the equator): the book rounds its intermediates.
  EXPECT_NEAR(GmstIau82(jd.whole, jd.fraction) * kRadToDeg, 152.578787810, 1e-7);
}

TEST(DurationTest, ParsesUnits) {
  EXPECT_EQ(*ParseDuration("600s"), 600 * SimTime::kNanosPerSecond);
  EXPECT_EQ(*ParseDuration("100ms"), 100'000'000);
  EXPECT_EQ(*ParseDuration("1.5h"), 5400 * SimTime::kNanosPerSecond);
  EXPECT_EQ(*ParseDuration("1d"), SimTime::kNanosPerDay);
  EXPECT_EQ(*ParseDuration("90min"), 5400 * SimTime::kNanosPerSecond);
  EXPECT_EQ(*ParseDuration("30"), 30 * SimTime::kNanosPerSecond);
  EXPECT_FALSE(ParseDuration("0s").ok());
  EXPECT_TRUE(ParseDuration("0s", /*allow_zero=*/true).ok());
  EXPECT_FALSE(ParseDuration("10 parsecs").ok());
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("1e400s").ok());
}

TEST(TimeGridTest, InclusiveGrid) {
  const TimeGrid g = TimeGrid::Over(SimTime::FromCivil(2025, 9, 23), SimTime::kNanosPerDay,
                                    SimTime::kNanosPerMinute);
  EXPECT_EQ(g.count, 1441);
  EXPECT_EQ(g.end(), SimTime::FromCivil(2025, 9, 24));
}

// The REQUIRES of FromCivil and TimeGrid::Over are checked in the dev preset.
TEST(SimTimeDeathTest, CivilDatesAndGridsOutsideTheirContractAbort) {
  // The edges of the contract are inside it.
  EXPECT_EQ(SimTime::FromCivil(2024, 2, 29) + SimTime::kNanosPerDay,
            SimTime::FromCivil(2024, 3, 1));
  EXPECT_LT(SimTime::FromCivil(1678, 1, 1), SimTime::FromCivil(2261, 12, 31));
  EXPECT_EQ(TimeGrid::Over(SimTime(), 0, 1).count, 1);
#if LEOTWIN_DCHECKS
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(SimTime::FromCivil(2025, 2, 29), "contract violated: day >= 1");
  EXPECT_DEATH(SimTime::FromCivil(2025, 13, 1), "contract violated: month >= 1 && month <= 12");
  EXPECT_DEATH(SimTime::FromCivil(1677, 12, 31), "SimTime holds 1678..2261");
  EXPECT_DEATH(TimeGrid::Over(SimTime(), 60, 0), "contract violated: step_ns > 0");
  EXPECT_DEATH(TimeGrid::Over(SimTime(), -1, 1), "contract violated: duration_ns >= 0");
#else
  GTEST_SKIP() << "LEOTWIN_DCHECKS is off in this build (release)";
#endif
}

}  // namespace
}  // namespace leotwin
