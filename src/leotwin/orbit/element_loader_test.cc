#include "leotwin/orbit/element_loader.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leotwin::orbit {
namespace {

using ::testing::HasSubstr;

TEST(SniffElementFormat, RecognizesEachFormat) {
  EXPECT_EQ(SniffElementFormat("[{\"EPOCH\":1}]"), ElementFormat::kOmmJson);
  EXPECT_EQ(SniffElementFormat("\xEF\xBB\xBF \n {}"), ElementFormat::kOmmJson);
  EXPECT_EQ(SniffElementFormat("<?xml version=\"1.0\"?><ndm/>"), ElementFormat::kOmmXml);
  EXPECT_EQ(SniffElementFormat("OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION\r\n"),
            ElementFormat::kOmmCsv);
  EXPECT_EQ(SniffElementFormat("NORAD_CAT_ID,EPOCH\n"), ElementFormat::kOmmCsv);
  EXPECT_EQ(SniffElementFormat("ISS (ZARYA)\n1 25544U ..."), ElementFormat::kTle);
  EXPECT_EQ(SniffElementFormat("1 25544U 98067A   ...\n"), ElementFormat::kTle);
  // A TLE name line that happens to contain a comma is still a TLE (no OMM field names).
  EXPECT_EQ(SniffElementFormat("SAT A, B\n1 25544U"), ElementFormat::kTle);
  EXPECT_EQ(SniffElementFormat(""), ElementFormat::kTle);
}

TEST(ElementFormatNames, RoundTrip) {
  for (ElementFormat f : {ElementFormat::kAuto, ElementFormat::kTle, ElementFormat::kOmmJson,
                          ElementFormat::kOmmCsv, ElementFormat::kOmmXml}) {
    auto parsed = ParseElementFormat(ElementFormatName(f));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, f);
  }
  EXPECT_EQ(*ParseElementFormat("json"), ElementFormat::kOmmJson);
  auto bad = ParseElementFormat("kvn");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("expected one of auto, tle"));
}

void ExpectTleEqualsOmm(const ElementSet& a, const ElementSet& b) {
  SCOPED_TRACE(a.name);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.catalog_number, b.catalog_number);
  EXPECT_EQ(a.international_designator, b.international_designator);
  EXPECT_EQ(a.classification, b.classification);
  EXPECT_EQ(a.epoch_year, b.epoch_year);
  EXPECT_NEAR(a.epoch_day_of_year, b.epoch_day_of_year, 0.6e-6 / 86400.0);
  EXPECT_LE(std::llabs(a.epoch - b.epoch), 600);  // ns
  EXPECT_DOUBLE_EQ(a.mean_motion_dot, b.mean_motion_dot);
  EXPECT_DOUBLE_EQ(a.mean_motion_ddot, b.mean_motion_ddot);
  EXPECT_DOUBLE_EQ(a.bstar, b.bstar);
  EXPECT_EQ(a.ephemeris_type, b.ephemeris_type);
  EXPECT_EQ(a.element_set_number, b.element_set_number);
  EXPECT_DOUBLE_EQ(a.inclination_deg, b.inclination_deg);
  EXPECT_DOUBLE_EQ(a.raan_deg, b.raan_deg);
  EXPECT_DOUBLE_EQ(a.eccentricity, b.eccentricity);
  EXPECT_DOUBLE_EQ(a.arg_perigee_deg, b.arg_perigee_deg);
  EXPECT_DOUBLE_EQ(a.mean_anomaly_deg, b.mean_anomaly_deg);
  EXPECT_DOUBLE_EQ(a.mean_motion_rev_per_day, b.mean_motion_rev_per_day);
  EXPECT_EQ(a.revolution_number, b.revolution_number);
}

// The same objects read as TLE (the TLE parser) and as OMM in each encoding give the same
// elements. The OMM epochs are the TLE epochs rounded to the microsecond (CelesTrak's precision),
// so epochs agree to 0.5 us; numbers written with an implied decimal point in the TLE may differ
// from their OMM spelling in the last bit, hence DOUBLE_EQ (4 ulps).
TEST(LoadElements, TleAndOmmGiveTheSameElements) {
  auto tle = LoadElements("tests/data/omm/sample.tle");
  ASSERT_TRUE(tle.ok()) << tle.status();
  EXPECT_EQ(tle->format, ElementFormat::kTle);
  ASSERT_EQ(tle->elements.size(), 8u);
  EXPECT_EQ(tle->skipped_count, 0);
  const struct {
    const char* path;
    ElementFormat format;
  } files[] = {{"tests/data/omm/sample.json", ElementFormat::kOmmJson},
               {"tests/data/omm/sample.csv", ElementFormat::kOmmCsv},
               {"tests/data/omm/sample.xml", ElementFormat::kOmmXml}};
  for (const auto& file : files) {
    SCOPED_TRACE(file.path);
    auto omm = LoadElements(file.path);
    ASSERT_TRUE(omm.ok()) << omm.status();
    EXPECT_EQ(omm->format, file.format);
    EXPECT_EQ(omm->source, file.path);
    ASSERT_EQ(omm->elements.size(), tle->elements.size());
    for (size_t i = 0; i < omm->elements.size(); ++i) {
      ExpectTleEqualsOmm(tle->elements[i], omm->elements[i]);
    }
  }
}

TEST(LoadElements, ExplicitFormatSkipsSniffing) {
  LoadOptions o;
  o.format = ElementFormat::kOmmCsv;
  auto wrong = LoadElements("tests/data/omm/sample.json", o);
  EXPECT_FALSE(wrong.ok());  // JSON text read as CSV has no OMM header.
}

TEST(LoadElements, FileErrors) {
  auto missing = LoadElements("tests/data/omm/no-such-file.tle");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("no-such-file.tle"));
  auto dir = LoadElements("tests/data/omm");
  ASSERT_FALSE(dir.ok());
  EXPECT_THAT(std::string(dir.status().message()), HasSubstr("is a directory, expected a file"));

  const std::string tmp = testing::TempDir() + "/element_loader_test.bin";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << std::string("1 25544U\0\x01\x02\xff", 12);
  }
  auto binary = LoadElements(tmp);
  ASSERT_FALSE(binary.ok());
  EXPECT_THAT(std::string(binary.status().message()), HasSubstr("got binary data"));
  { std::ofstream out(tmp, std::ios::binary | std::ios::trunc); }
  auto empty = LoadElements(tmp);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->elements.empty());
  std::remove(tmp.c_str());
}

TEST(ParseElements, LenientAndStrictReachThroughToEachParser) {
  // Second TLE has a corrupted checksum; the OMM record has eccentricity 1.5.
  const std::string tle =
      "1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753\n"
      "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667\n"
      "1 06251U 62025E   06176.82412014  .00008885  00000-0  12808-3 0  3985\n"
      "2 06251  58.0579  54.0425 0030035 139.1568 221.1854 15.56387291  6775\n";
  auto lenient = ParseElements(tle, "two.tle");
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(lenient->elements.size(), 1u);
  EXPECT_EQ(lenient->skipped_count, 1);
  ASSERT_EQ(lenient->skipped.size(), 1u);
  EXPECT_THAT(lenient->skipped[0].message, HasSubstr("two.tle:4"));
  LoadOptions strict;
  strict.strict = true;
  EXPECT_FALSE(ParseElements(tle, "two.tle", strict).ok());
  LoadOptions no_checksum;
  no_checksum.verify_tle_checksum = false;
  EXPECT_EQ(ParseElements(tle, "two.tle", no_checksum)->elements.size(), 2u);

  const std::string json =
      R"([{"NORAD_CAT_ID":1,"EPOCH":"2025-01-02T00:00:00","MEAN_MOTION":15,"ECCENTRICITY":1.5,)"
      R"("INCLINATION":53,"RA_OF_ASC_NODE":0,"ARG_OF_PERICENTER":0,"MEAN_ANOMALY":0,"BSTAR":0}])";
  auto omm = ParseElements(json, "one.json");
  ASSERT_TRUE(omm.ok()) << omm.status();
  EXPECT_EQ(omm->skipped_count, 1);
  ASSERT_EQ(omm->skipped.size(), 1u);
  EXPECT_EQ(omm->skipped[0].line, 1);
  EXPECT_THAT(omm->skipped[0].message, HasSubstr("one.json:1: record 0 (NORAD 1): field "
                                                 "ECCENTRICITY: expected a number in [0, 1)"));
  auto omm_strict = ParseElements(json, "one.json", strict);
  EXPECT_FALSE(omm_strict.ok());
}

TEST(LoadElements, RealStarlinkSnapshot) {
  const std::string path = "../shared/data/starlink_20250923.tle";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is absent (data beside the checkout, see DESIGN.md); skipped";
  }
  auto r = LoadElements(path);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->format, ElementFormat::kTle);
  EXPECT_EQ(r->elements.size(), 8325u);  // As stated in ../shared/data/PROVENANCE.md.
  EXPECT_EQ(r->skipped_count, 0);
  // The same snapshot converted to CelesTrak-style OMM JSON by tests/data/omm/make_fixtures.py
  // (exact decimal conversion, independent of our code) reads back as the same elements.
  const std::string json = testing::TempDir() + "/starlink_20250923.json";
  const std::string command = "/usr/bin/python3 tests/data/omm/make_fixtures.py --json " + path +
                              " > " + json + " 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    std::remove(json.c_str());
    GTEST_SKIP() << "/usr/bin/python3 could not convert the snapshot to OMM JSON";
  }
  auto omm = LoadElements(json);
  std::remove(json.c_str());
  ASSERT_TRUE(omm.ok()) << omm.status();
  EXPECT_EQ(omm->format, ElementFormat::kOmmJson);
  EXPECT_EQ(omm->skipped_count, 0);
  ASSERT_EQ(omm->elements.size(), r->elements.size());
  int mismatches = 0;
  for (size_t i = 0; i < r->elements.size() && mismatches < 5; ++i) {
    const int failures_before =
        testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
    ExpectTleEqualsOmm(r->elements[i], omm->elements[i]);
    if (testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count() !=
        failures_before)
      ++mismatches;
  }
}

}  // namespace
}  // namespace leotwin::orbit
