#include "leotwin/orbit/tle.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leotwin::orbit {
namespace {

using ::testing::HasSubstr;

// ISS (ZARYA) as printed in Kelso's CelesTrak "TLE format" FAQ (an example with valid checksums).
constexpr char kIssName[] = "ISS (ZARYA)";
constexpr char kIss1[] = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927";
constexpr char kIss2[] = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";

std::string Iss3() { return std::string(kIssName) + "\n" + kIss1 + "\n" + kIss2 + "\n"; }

// Replaces column `col` (1-based) of `line` and fixes the checksum.
std::string WithColumn(std::string line, int col, char c) {
  line[col - 1] = c;
  line[68] = static_cast<char>('0' + TleChecksum(line));
  return line;
}

TEST(TleTest, ChecksumOfPublishedLines) {
  EXPECT_EQ(TleChecksum(kIss1), 7);
  EXPECT_EQ(TleChecksum(kIss2), 7);
}

TEST(TleTest, ParsesEveryFieldOfThePublishedExample) {
  auto result = ParseTle(Iss3());
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->elements.size(), 1u);
  EXPECT_EQ(result->skipped_count, 0);
  const ElementSet& e = result->elements[0];
  EXPECT_EQ(e.name, "ISS (ZARYA)");
  EXPECT_EQ(e.catalog_number, 25544);
  EXPECT_EQ(e.classification, 'U');
  EXPECT_EQ(e.international_designator, "98067A");
  EXPECT_EQ(e.epoch_year, 2008);
  EXPECT_DOUBLE_EQ(e.epoch_day_of_year, 264.51782528);
  EXPECT_DOUBLE_EQ(e.mean_motion_dot, -0.00002182);
  EXPECT_DOUBLE_EQ(e.mean_motion_ddot, 0.0);
  EXPECT_NEAR(e.bstar, -0.11606e-4, 1e-20);
  EXPECT_EQ(e.ephemeris_type, 0);
  EXPECT_EQ(e.element_set_number, 292);
  EXPECT_DOUBLE_EQ(e.inclination_deg, 51.6416);
  EXPECT_DOUBLE_EQ(e.raan_deg, 247.4627);
  EXPECT_NEAR(e.eccentricity, 0.0006703, 1e-15);
  EXPECT_DOUBLE_EQ(e.arg_perigee_deg, 130.5360);
  EXPECT_DOUBLE_EQ(e.mean_anomaly_deg, 325.0288);
  EXPECT_DOUBLE_EQ(e.mean_motion_rev_per_day, 15.72125391);
  EXPECT_EQ(e.revolution_number, 56353);
  // 2008 day 264.51782528 = 2008-09-20 12:25:40.104192 UTC.
  EXPECT_LE(std::llabs(e.epoch - SimTime::FromCivil(2008, 9, 20, 12, 25, 40.104192)), 1000);
  EXPECT_EQ(result->source_lines, std::vector<int>{2});
}

TEST(TleTest, TwoLineThreeLineZeroPrefixCrlfAndBlankLines) {
  const std::string text = std::string("\r\n\n") + kIss1 + "\r\n" + kIss2 + "\r\n\n" + "0 ISS\r\n" +
                           kIss1 + "\r\n\r\n" + kIss2 + "   \r\n" + "  \n";
  auto result = ParseTle(text, {.strict = true});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->elements.size(), 2u);
  EXPECT_EQ(result->elements[0].name, "");
  EXPECT_EQ(result->elements[1].name, "ISS");
  EXPECT_EQ(result->elements[1].catalog_number, 25544);
}

TEST(TleTest, Alpha5CatalogNumbers) {
  EXPECT_EQ(*DecodeAlpha5("A0000"), 100000);
  EXPECT_EQ(*DecodeAlpha5("H9999"), 179999);
  EXPECT_EQ(*DecodeAlpha5("J0000"), 180000);  // I is skipped.
  EXPECT_EQ(*DecodeAlpha5("P0000"), 230000);  // O is skipped.
  EXPECT_EQ(*DecodeAlpha5("Z9999"), 339999);
  EXPECT_EQ(*DecodeAlpha5("00005"), 5);
  EXPECT_EQ(*DecodeAlpha5("  123"), 123);
  EXPECT_FALSE(DecodeAlpha5("I0000").ok());
  EXPECT_FALSE(DecodeAlpha5("O1234").ok());
  EXPECT_FALSE(DecodeAlpha5("a0000").ok());
  EXPECT_FALSE(DecodeAlpha5("A00x0").ok());
  EXPECT_FALSE(DecodeAlpha5("12 45").ok());
  EXPECT_FALSE(DecodeAlpha5("     ").ok());
  for (int64_t n : {0, 5, 99999, 100000, 179999, 180000, 229999, 230000, 339999}) {
    auto s = EncodeAlpha5(n);
    ASSERT_TRUE(s.ok()) << n;
    EXPECT_EQ(*DecodeAlpha5(*s), n) << *s;
  }
  EXPECT_EQ(*EncodeAlpha5(180000), "J0000");
  EXPECT_EQ(*EncodeAlpha5(230000), "P0000");
  EXPECT_FALSE(EncodeAlpha5(340000).ok());
  EXPECT_FALSE(EncodeAlpha5(-1).ok());

  std::string l1 = kIss1, l2 = kIss2;
  l1.replace(2, 5, "B1234");
  l2.replace(2, 5, "B1234");
  l1[68] = static_cast<char>('0' + TleChecksum(l1));
  l2[68] = static_cast<char>('0' + TleChecksum(l2));
  auto e = ParseTleRecord(l1, l2);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->catalog_number, 111234);
}

TEST(TleTest, ImpliedExponentFields) {
  std::string l1 = kIss1;
  l1.replace(44, 8, " 12345-3");
  l1.replace(53, 8, "-30915-6");
  l1[68] = static_cast<char>('0' + TleChecksum(l1));
  auto e = ParseTleRecord(l1, kIss2);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_NEAR(e->mean_motion_ddot, 0.12345e-3, 1e-18);
  EXPECT_NEAR(e->bstar, -0.30915e-6, 1e-20);
  l1.replace(53, 8, "+10000+1");
  l1[68] = static_cast<char>('0' + TleChecksum(l1));
  e = ParseTleRecord(l1, kIss2);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_DOUBLE_EQ(e->bstar, 1.0);
}

// Each case: the bad lines, the expected line and column, and a fragment of the message.
struct BadCase {
  std::string name;
  std::string line1, line2;
  int line, column;
  std::string fragment;
};

TEST(TleTest, ErrorsNameLineColumnAndExpectedForm) {
  const std::string l1 = kIss1, l2 = kIss2;
  std::vector<BadCase> cases = {
      {"checksum1", WithColumn(l1, 69, '0').substr(0, 68) + "0", l2, 2, 69, "checksum"},
      {"checksum2", l1, l2.substr(0, 68) + "1", 3, 69, "expected 7"},
      {"truncated", l1.substr(0, 60), l2, 2, 61, "truncated"},
      {"overlong", l1 + "  12", l2, 2, 70, "too long"},
      {"catalog mismatch", l1,
       [&] {
         std::string s = l2;
         s.replace(2, 5, "25545");
         s[68] = static_cast<char>('0' + TleChecksum(s));
         return s;
       }(),
       3, 3, "catalog number of line 1 (25544)"},
      {"epoch year", WithColumn(l1, 19, 'x'), l2, 2, 19, "epoch year"},
      {"epoch day",
       [&] {
         std::string s = l1;
         s.replace(20, 12, "000.51782528");
         s[68] = static_cast<char>('0' + TleChecksum(s));
         return s;
       }(),
       l2, 2, 21, "1 <= day < 367"},
      {"ndot", WithColumn(l1, 36, 'z'), l2, 2, 34, "mean motion derivative"},
      {"bstar", WithColumn(l1, 60, '*'), l2, 2, 54, "SMMMMMSE"},
      {"inclination range",
       [&] {
         std::string s = l2;
         s.replace(8, 8, "181.0000");
         s[68] = static_cast<char>('0' + TleChecksum(s));
         return s;
       }(),
       l1, 0, 0, ""},  // placeholder, fixed below
      {"raan range", l1,
       [&] {
         std::string s = l2;
         s.replace(17, 8, "360.0001");
         s[68] = static_cast<char>('0' + TleChecksum(s));
         return s;
       }(),
       3, 18, "[0, 360]"},
      {"eccentricity", l1, WithColumn(l2, 29, 'x'), 3, 27, "implied leading decimal"},
      {"eccentricity sign", l1, WithColumn(l2, 27, '-'), 3, 27, "7 digits"},
      {"mean motion zero", l1,
       [&] {
         std::string s = l2;
         s.replace(52, 11, " 0.00000000");
         s[68] = static_cast<char>('0' + TleChecksum(s));
         return s;
       }(),
       3, 53, "positive decimal"},
      {"non numeric angle", l1, WithColumn(l2, 46, 'Q'), 3, 44, "mean anomaly"},
      {"binary",
       [&] {
         std::string s = l1;
         s[30] = '\x01';
         return s;
       }(),
       l2, 2, 31, "printable ASCII"},
  };
  // The inclination case: line order fixed (l1 then bad l2).
  cases[9] = {"inclination range", l1, cases[9].line1, 3, 9, "inclination"};
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = "NAME\n" + c.line1 + "\n" + c.line2 + "\n";
    auto strict = ParseTle(text, {.source_name = "test.tle", .strict = true});
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(strict.status().message()),
                HasSubstr(fmt::format("test.tle:{}:{}:", c.line, c.column)));
    EXPECT_THAT(std::string(strict.status().message()), HasSubstr(c.fragment));
    // Lenient: the bad record is skipped, the good one after it kept.
    auto lenient = ParseTle(text + Iss3(), {.source_name = "test.tle"});
    ASSERT_TRUE(lenient.ok());
    EXPECT_EQ(lenient->elements.size(), 1u);
    EXPECT_EQ(lenient->skipped_count, 1);
    ASSERT_EQ(lenient->skipped.size(), 1u);
    EXPECT_EQ(lenient->skipped[0].line, c.line);
    EXPECT_EQ(lenient->skipped[0].column, c.column);
  }
}

TEST(TleTest, StructuralErrors) {
  // Line 1 followed by a name line, orphan line 2, orphan names, line 1 at end of input.
  const std::string text = std::string(kIss1) + "\nNAME\n" + kIss2 + "\nA\nB\n" + Iss3() + kIss1;
  auto lenient = ParseTle(text);
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->elements.size(), 1u);
  EXPECT_EQ(lenient->elements[0].name, "ISS (ZARYA)");
  // line 1 not followed by line 2; NAME then orphan line 2 (2 errors); A orphan; B orphan;
  // final line 1 at end of input.
  ASSERT_EQ(lenient->skipped_count, 6) << ::testing::PrintToString(lenient->skipped.size());
  EXPECT_THAT(lenient->skipped[0].message, HasSubstr("expected line 2"));
  EXPECT_THAT(lenient->skipped.back().message, HasSubstr("end of input"));
  EXPECT_FALSE(ParseTle(text, {.strict = true}).ok());
}

TEST(TleTest, EmptyAndBinaryInput) {
  auto empty = ParseTle("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->elements.empty());
  EXPECT_EQ(empty->skipped_count, 0);
  auto blank = ParseTle("\n\r\n   \n", {.strict = true});
  ASSERT_TRUE(blank.ok());
  EXPECT_TRUE(blank->elements.empty());

  const uint64_t seed = 20250923;
  std::mt19937_64 rng(seed);
  SCOPED_TRACE(fmt::format("seed {}", seed));
  for (int round = 0; round < 200; ++round) {
    std::string junk(rng() % 400, '\0');
    for (char& c : junk) c = static_cast<char>(rng() & 0xff);
    auto r = ParseTle(junk);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->elements.empty());
    // A valid record survives junk before it when the junk ends in a line break.
    auto r2 = ParseTle(junk + "\n" + Iss3());
    ASSERT_TRUE(r2.ok());
    EXPECT_EQ(r2->elements.size(), 1u);
    // Random single-byte corruption never crashes and never yields a record that differs from
    // the original in a field the corrupted column would not touch without being detected.
    std::string text = Iss3();
    text[rng() % text.size()] = static_cast<char>(rng() & 0xff);
    (void)ParseTle(text);
  }
  // Many junk lines: only kMaxSkippedKept are described, all are counted.
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "2 junk\n";
  auto r = ParseTle(many);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->skipped_count, 3000);
  EXPECT_EQ(r->skipped.size(), TleParseResult::kMaxSkippedKept);
}

TEST(TleTest, ReadTleFileNamesTheFile) {
  EXPECT_EQ(ReadTleFile("/nonexistent/x.tle").status().code(), absl::StatusCode::kNotFound);
  const std::string path =
      (std::filesystem::temp_directory_path() / fmt::format("leotwin_tle_test_{}.tle", getpid()))
          .string();
  {
    std::ofstream out(path);
    out << Iss3() << "BAD\n" << kIss1 << "\n" << std::string(kIss2).substr(0, 68) << "0\n";
  }
  auto r = ReadTleFile(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->elements.size(), 1u);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_THAT(r->skipped[0].message, HasSubstr(path + ":6:69:"));
}

TEST(TleTest, TrailingColumnsOption) {
  const std::string l2 = std::string(kIss2) + "      0.0      1440.0        360.00";
  EXPECT_FALSE(ParseTle(std::string(kIss1) + "\n" + l2, {.strict = true}).ok());
  auto r =
      ParseTle(std::string(kIss1) + "\n" + l2, {.strict = true, .allow_trailing_columns = true});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->trailing_text.size(), 1u);
  EXPECT_EQ(r->trailing_text[0], "      0.0      1440.0        360.00");
}

TEST(TleTest, FormatRoundTripsPublishedLines) {
  auto e = ParseTleRecord(kIss1, kIss2, kIssName);
  ASSERT_TRUE(e.ok());
  auto lines = FormatTle(*e);
  ASSERT_TRUE(lines.ok()) << lines.status();
  // The published lines use the same column conventions, so formatting reproduces them, except
  // that a zero second derivative is written " 00000+0" (as CelesTrak does today) where the
  // 2008 example has " 00000-0"; that drops one '-' from the checksum.
  EXPECT_EQ(lines->line1, "1 25544U 98067A   08264.51782528 -.00002182  00000+0 -11606-4 0  2926");
  EXPECT_EQ(lines->line2, kIss2);
  EXPECT_EQ(lines->ToText(false), lines->line1 + "\n" + kIss2 + "\n");
  EXPECT_EQ(lines->ToText().substr(0, 12), "ISS (ZARYA)\n");
}

TEST(TleTest, FormatRoundTripsRandomElementSets) {
  const uint64_t seed = 7;
  std::mt19937_64 rng(seed);
  SCOPED_TRACE(fmt::format("seed {}", seed));
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 500; ++i) {
    ElementSet e;
    e.catalog_number = static_cast<int64_t>(u(rng) * 339999);
    e.international_designator = "24001ABC";
    e.epoch_year = 1957 + static_cast<int>(u(rng) * 99);
    e.epoch_day_of_year = 1.0 + u(rng) * 364.0;
    e.mean_motion_dot = (u(rng) - 0.5) * 1e-2;
    e.mean_motion_ddot = (u(rng) - 0.5) * std::pow(10.0, -3 - 8 * u(rng));
    e.bstar = (u(rng) - 0.5) * std::pow(10.0, -1 - 7 * u(rng));
    e.inclination_deg = u(rng) * 180.0;
    e.raan_deg = u(rng) * 359.99;
    e.eccentricity = u(rng) * 0.99;
    e.arg_perigee_deg = u(rng) * 359.99;
    e.mean_anomaly_deg = u(rng) * 359.99;
    e.mean_motion_rev_per_day = 0.5 + u(rng) * 16.0;
    e.revolution_number = static_cast<int64_t>(u(rng) * 99999);
    e.element_set_number = static_cast<int>(u(rng) * 9999);
    auto lines = FormatTle(e);
    ASSERT_TRUE(lines.ok()) << lines.status();
    auto back = ParseTleRecord(lines->line1, lines->line2, "", {.strict = true});
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << lines->line1 << "\n" << lines->line2;
    EXPECT_EQ(back->catalog_number, e.catalog_number);
    EXPECT_EQ(back->epoch_year, e.epoch_year);
    EXPECT_NEAR(back->epoch_day_of_year, e.epoch_day_of_year, 0.51e-8);
    EXPECT_NEAR(back->mean_motion_dot, e.mean_motion_dot, 0.51e-8);
    EXPECT_NEAR(back->mean_motion_ddot, e.mean_motion_ddot,
                std::fabs(e.mean_motion_ddot) * 1e-4 + 0.51e-14);
    EXPECT_NEAR(back->bstar, e.bstar, std::fabs(e.bstar) * 1e-4 + 0.51e-14);
    EXPECT_NEAR(back->inclination_deg, e.inclination_deg, 0.51e-4);
    EXPECT_NEAR(back->raan_deg, e.raan_deg, 0.51e-4);
    EXPECT_NEAR(back->eccentricity, e.eccentricity, 0.51e-7);
    EXPECT_NEAR(back->arg_perigee_deg, e.arg_perigee_deg, 0.51e-4);
    EXPECT_NEAR(back->mean_anomaly_deg, e.mean_anomaly_deg, 0.51e-4);
    EXPECT_NEAR(back->mean_motion_rev_per_day, e.mean_motion_rev_per_day, 0.51e-8);
    EXPECT_EQ(back->revolution_number, e.revolution_number);
    EXPECT_EQ(back->element_set_number, e.element_set_number);
  }
  ElementSet bad;
  bad.mean_motion_rev_per_day = 15.0;
  bad.catalog_number = 400000;
  EXPECT_EQ(FormatTle(bad).status().code(), absl::StatusCode::kOutOfRange);
}

TEST(TleTest, ValladoVerificationFileHasThreeDeliberateChecksumErrors) {
  const char* path = "tests/data/sgp4/SGP4-VER.TLE";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent";
  auto r = ReadTleFile(path, {.allow_trailing_columns = true});
  ASSERT_TRUE(r.ok());
  // 33 records; 33333 (both lines), 33334 (line 1) and 33335 (line 1) have wrong checksums on
  // purpose (see the file's comments and python-sgp4's tests).
  EXPECT_EQ(r->elements.size(), 30u);
  EXPECT_EQ(r->skipped_count, 3);
  auto all = ReadTleFile(path, {.verify_checksum = false, .allow_trailing_columns = true});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->elements.size(), 33u);
  EXPECT_EQ(all->skipped_count, 0);
}

TEST(TleTest, StarlinkSnapshotParsesCompletely) {
  const char* path = "../shared/data/starlink_20250923.tle";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " absent (data beside the checkout)";
  auto r = ReadTleFile(path, {.strict = true});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->elements.size(), 8325u);  // As stated in ../shared/data/PROVENANCE.md.
  for (const ElementSet& e : r->elements) {
    EXPECT_THAT(e.name, HasSubstr("STARLINK"));
    EXPECT_EQ(e.epoch_year, 2025);
  }
}

}  // namespace
}  // namespace leotwin::orbit
