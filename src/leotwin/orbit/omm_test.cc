#include "leotwin/orbit/omm.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leotwin::orbit {
namespace {

using ::testing::HasSubstr;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

OmmParseOptions Named(std::string name, bool strict = false) {
  OmmParseOptions o;
  o.source_name = std::move(name);
  o.strict = strict;
  return o;
}

// The expected values are the fields of the first record of tests/data/omm/sample.tle (Vallado's
// SGP4-VER object 00005), read off the TLE text by hand.
void ExpectVanguard(const ElementSet& e) {
  EXPECT_EQ(e.name, "VANGUARD 1");
  EXPECT_EQ(e.catalog_number, 5);
  EXPECT_EQ(e.international_designator, "58002B");
  EXPECT_EQ(e.classification, 'U');
  EXPECT_EQ(e.epoch_year, 2000);
  EXPECT_NEAR(e.epoch_day_of_year, 179.78495062, 1e-10);
  EXPECT_DOUBLE_EQ(e.mean_motion_dot, 0.00000023);
  EXPECT_DOUBLE_EQ(e.mean_motion_ddot, 0.0);
  EXPECT_DOUBLE_EQ(e.bstar, 0.28098e-4);
  EXPECT_EQ(e.ephemeris_type, 0);
  EXPECT_EQ(e.element_set_number, 475);
  EXPECT_DOUBLE_EQ(e.inclination_deg, 34.2682);
  EXPECT_DOUBLE_EQ(e.raan_deg, 348.7242);
  EXPECT_DOUBLE_EQ(e.eccentricity, 0.1859667);
  EXPECT_DOUBLE_EQ(e.arg_perigee_deg, 331.7664);
  EXPECT_DOUBLE_EQ(e.mean_anomaly_deg, 19.3264);
  EXPECT_DOUBLE_EQ(e.mean_motion_rev_per_day, 10.82419157);
  EXPECT_EQ(e.revolution_number, 41366);
  // 0.78495062 day = 18:50:19.733568 (exactly, to the microsecond).
  EXPECT_EQ(e.epoch, SimTime::FromCivil(2000, 6, 27, 18, 50, 19.733568));
}

void ExpectSameElements(const ElementSet& a, const ElementSet& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.catalog_number, b.catalog_number);
  EXPECT_EQ(a.international_designator, b.international_designator);
  EXPECT_EQ(a.classification, b.classification);
  EXPECT_EQ(a.epoch_year, b.epoch_year);
  EXPECT_EQ(a.epoch_day_of_year, b.epoch_day_of_year);
  EXPECT_EQ(a.epoch, b.epoch);
  EXPECT_EQ(a.mean_motion_dot, b.mean_motion_dot);
  EXPECT_EQ(a.mean_motion_ddot, b.mean_motion_ddot);
  EXPECT_EQ(a.bstar, b.bstar);
  EXPECT_EQ(a.ephemeris_type, b.ephemeris_type);
  EXPECT_EQ(a.element_set_number, b.element_set_number);
  EXPECT_EQ(a.inclination_deg, b.inclination_deg);
  EXPECT_EQ(a.raan_deg, b.raan_deg);
  EXPECT_EQ(a.eccentricity, b.eccentricity);
  EXPECT_EQ(a.arg_perigee_deg, b.arg_perigee_deg);
  EXPECT_EQ(a.mean_anomaly_deg, b.mean_anomaly_deg);
  EXPECT_EQ(a.mean_motion_rev_per_day, b.mean_motion_rev_per_day);
  EXPECT_EQ(a.revolution_number, b.revolution_number);
}

TEST(OmmJson, ReadsCelesTrakFixture) {
  auto r = ParseOmmJson(ReadText("tests/data/omm/sample.json"), Named("sample.json", true));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->elements.size(), 8u);
  EXPECT_EQ(r->skipped_count, 0);
  ExpectVanguard(r->elements[0]);
  // Each record starts on the line of its '{' (indent=4 layout: 19 lines per object).
  ASSERT_EQ(r->source_lines.size(), 8u);
  EXPECT_EQ(r->source_lines[0], 2);
  EXPECT_EQ(r->source_lines[1], 21);
  // WIND: a 1994 epoch; nddot written as 0.00026967 (TLE " 26967-3").
  const ElementSet& wind = r->elements[4];
  EXPECT_EQ(wind.catalog_number, 23333);
  EXPECT_EQ(wind.epoch_year, 1994);
  EXPECT_NEAR(wind.epoch_day_of_year, 305.49999999, 1e-10);
  EXPECT_DOUBLE_EQ(wind.mean_motion_ddot, 0.26967e-3);
  EXPECT_DOUBLE_EQ(wind.mean_motion_dot, -0.00172956);
  // MOLNIYA 1-83: negative BSTAR.
  EXPECT_DOUBLE_EQ(r->elements[3].bstar, -0.13525e-3);
  // SL-14 DEB: a three-letter piece in the designator.
  EXPECT_EQ(r->elements[7].international_designator, "85108AA");
}

TEST(OmmEncodings, JsonCsvAndXmlGiveIdenticalElements) {
  auto json = ParseOmmJson(ReadText("tests/data/omm/sample.json"), Named("json", true));
  auto csv = ParseOmmCsv(ReadText("tests/data/omm/sample.csv"), Named("csv", true));
  auto xml = ParseOmmXml(ReadText("tests/data/omm/sample.xml"), Named("xml", true));
  ASSERT_TRUE(json.ok()) << json.status();
  ASSERT_TRUE(csv.ok()) << csv.status();
  ASSERT_TRUE(xml.ok()) << xml.status();
  ASSERT_EQ(csv->elements.size(), json->elements.size());
  ASSERT_EQ(xml->elements.size(), json->elements.size());
  for (size_t i = 0; i < json->elements.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectSameElements(json->elements[i], csv->elements[i]);
    ExpectSameElements(json->elements[i], xml->elements[i]);
  }
  // CSV: header on line 1, one record per line after it.
  EXPECT_EQ(csv->source_lines[0], 2);
  EXPECT_EQ(csv->source_lines[7], 9);
  EXPECT_EQ(xml->source_lines[0], 3);
}

TEST(OmmJson, AcceptsQuotedNumbersSingleObjectAndNulls) {
  // Space-Track quotes every value; null means absent.
  const std::string text = R"({"OBJECT_NAME":"X","OBJECT_ID":"2019-074B",
    "EPOCH":"2025-09-23T04:17:46.398336Z","MEAN_MOTION":"15.06390214","ECCENTRICITY":"0.0001564",
    "INCLINATION":"53.0533","RA_OF_ASC_NODE":"218.6047","ARG_OF_PERICENTER":"98.0837",
    "MEAN_ANOMALY":"262.0330","NORAD_CAT_ID":"44714","BSTAR":"0.15232E-4","DECAY_DATE":null,
    "MEAN_MOTION_DOT":null})";
  auto r = ParseOmmJson(text, Named("one.json", true));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->elements.size(), 1u);
  const ElementSet& e = r->elements[0];
  EXPECT_EQ(e.catalog_number, 44714);
  EXPECT_EQ(e.international_designator, "19074B");
  EXPECT_DOUBLE_EQ(e.bstar, 1.5232e-5);
  EXPECT_EQ(e.mean_motion_dot, 0.0);
  EXPECT_EQ(e.epoch_year, 2025);
  // 2025-09-23 is day 266; 04:17:46.398336 = 0.17900924 day.
  EXPECT_NEAR(e.epoch_day_of_year, 266.17900924, 1e-10);
}

TEST(OmmJson, EmptyArrayAndBlankTextGiveEmptyResults) {
  for (const char* text : {"[]", "  [ ]\n", "", " \n "}) {
    auto r = ParseOmmJson(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.status();
    EXPECT_TRUE(r->elements.empty());
  }
}

// One valid record with one field replaced (or removed, when `value` is empty).
std::string JsonWith(const std::string& field, const std::string& value) {
  std::string rec = R"({"OBJECT_NAME":"A","NORAD_CAT_ID":7,"EPOCH":"2025-01-02T00:00:00",)"
                    R"("MEAN_MOTION":15.0,"ECCENTRICITY":0.001,"INCLINATION":53.0,)"
                    R"("RA_OF_ASC_NODE":10.0,"ARG_OF_PERICENTER":20.0,"MEAN_ANOMALY":30.0,)"
                    R"("BSTAR":0.0001,"REF_FRAME":"TEME"})";
  const std::string key = "\"" + field + "\":";
  const size_t p = rec.find(key);
  if (p == std::string::npos) {
    rec.insert(1, key + value + ",");
  } else {
    const size_t end = rec.find_first_of(",}", p + key.size());
    rec.replace(p, end - p + (value.empty() && rec[end] == ',' ? 1 : 0),
                value.empty() ? "" : key + value);
  }
  return "[\n" + rec + "\n]";
}

TEST(OmmJson, BadFieldsAreNamedWithRecordLineAndExpectation) {
  struct Case {
    std::string field, value, expect;
  };
  const Case cases[] = {
      {"ECCENTRICITY", "1.2", "field ECCENTRICITY: expected a number in [0, 1), got \"1.2\""},
      {"ECCENTRICITY", "-0.1", "field ECCENTRICITY: expected a number in [0, 1)"},
      {"ECCENTRICITY", "1", "field ECCENTRICITY: expected a number in [0, 1)"},
      {"INCLINATION", "180.5", "field INCLINATION: expected a number in [0, 180]"},
      {"RA_OF_ASC_NODE", "-1", "field RA_OF_ASC_NODE: expected a number in [0, 360]"},
      {"MEAN_ANOMALY", "\"12x\"",
       "field MEAN_ANOMALY: expected a number in [0, 360] (deg), got \"12x\""},
      {"MEAN_MOTION", "0", "field MEAN_MOTION: expected a number > 0"},
      {"MEAN_MOTION", "\"nan\"", "field MEAN_MOTION: expected a number > 0"},
      {"MEAN_MOTION", "true", "field MEAN_MOTION: expected a number > 0 (rev/day), got \"true\""},
      {"MEAN_MOTION", "[1]", "field MEAN_MOTION"},
      {"EPOCH", "\"2025-13-01T00:00:00\"", "field EPOCH: expected an ISO 8601 UTC time"},
      {"EPOCH", "\"yesterday\"", "field EPOCH"},
      {"EPOCH", "\"1600-01-01T00:00:00\"",
       "field EPOCH: expected an ISO 8601 UTC time in 1678..2261"},
      {"EPOCH", "", "field EPOCH: missing (required)"},
      {"BSTAR", "", "field BSTAR: missing (required)"},
      {"NORAD_CAT_ID", "-5", "field NORAD_CAT_ID: expected an integer in 0..999999999"},
      {"NORAD_CAT_ID", "7.5", "field NORAD_CAT_ID: expected an integer"},
      {"NORAD_CAT_ID", "", "field NORAD_CAT_ID: missing (required)"},
      {"CLASSIFICATION_TYPE", "\"UU\"", "field CLASSIFICATION_TYPE: expected one letter"},
      {"EPHEMERIS_TYPE", "12", "field EPHEMERIS_TYPE: expected an integer in 0..9"},
      {"REF_FRAME", "\"GCRF\"", "field REF_FRAME: expected TEME"},
      {"MEAN_ELEMENT_THEORY", "\"SGP4-XP\"", "field MEAN_ELEMENT_THEORY: expected SGP4"},
      {"CENTER_NAME", "\"MOON\"", "field CENTER_NAME: expected EARTH"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field + "=" + c.value);
    const std::string text = JsonWith(c.field, c.value);
    auto strict = ParseOmmJson(text, Named("bad.json", true));
    ASSERT_FALSE(strict.ok());
    EXPECT_THAT(std::string(strict.status().message()), HasSubstr(c.expect));
    EXPECT_THAT(std::string(strict.status().message()), HasSubstr("bad.json:2: record 0"));
    auto lenient = ParseOmmJson(text, Named("bad.json"));
    ASSERT_TRUE(lenient.ok());
    EXPECT_TRUE(lenient->elements.empty());
    EXPECT_EQ(lenient->skipped_count, 1);
  }
  // The unmodified record is valid (so each case above fails for its own reason only).
  auto good = ParseOmmJson(JsonWith("OBJECT_NAME", "\"A\""), Named("good.json", true));
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->elements.size(), 1u);
}

TEST(OmmJson, LenientSkipsAndCountsStrictStopsAtFirst) {
  const std::string good = R"({"NORAD_CAT_ID":1,"EPOCH":"2025-01-02T00:00:00","MEAN_MOTION":15,)"
                           R"("ECCENTRICITY":0,"INCLINATION":53,"RA_OF_ASC_NODE":0,)"
                           R"("ARG_OF_PERICENTER":0,"MEAN_ANOMALY":0,"BSTAR":0})";
  std::string bad = good;
  bad.replace(bad.find("\"ECCENTRICITY\":0"), 16, "\"ECCENTRICITY\":2");
  const std::string text = "[\n" + good + ",\n" + bad + ",\n42,\n" + good + "\n]\n";
  auto lenient = ParseOmmJson(text, Named("mix.json"));
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(lenient->elements.size(), 2u);
  EXPECT_EQ(lenient->skipped_count, 2);
  ASSERT_EQ(lenient->skipped.size(), 2u);
  EXPECT_EQ(lenient->skipped[0].record, 1);
  EXPECT_EQ(lenient->skipped[0].line, 3);
  EXPECT_THAT(lenient->skipped[0].message,
              HasSubstr("mix.json:3: record 1 (NORAD 1): field ECCENTRICITY"));
  EXPECT_EQ(lenient->skipped[1].record, 2);
  EXPECT_EQ(lenient->skipped[1].line, 4);
  EXPECT_THAT(lenient->skipped[1].message, HasSubstr("expected a JSON object of OMM fields"));
  EXPECT_EQ(lenient->source_lines, (std::vector<int>{2, 5}));

  auto strict = ParseOmmJson(text, Named("mix.json", true));
  ASSERT_FALSE(strict.ok());
  EXPECT_THAT(std::string(strict.status().message()), HasSubstr("mix.json:3: record 1"));
}

TEST(OmmJson, SyntaxErrorsGiveLineAndColumnInBothModes) {
  const std::string text = "[\n  {\"EPOCH\": \"2025\",\n   \"MEAN_MOTION\": 15.0.1}\n]";
  for (bool strict : {false, true}) {
    auto r = ParseOmmJson(text, Named("broken.json", strict));
    ASSERT_FALSE(r.ok());
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("broken.json:3:"));
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("syntax error"));
  }
  for (std::string_view text : {std::string_view("42"), std::string_view("\"str\""),
                                std::string_view("\x00\x01\xff\xfe", 4), std::string_view("["),
                                std::string_view("[{\"MEAN_MOTION\": 1e999}]")}) {
    auto r = ParseOmmJson(text, Named("junk"));
    EXPECT_FALSE(r.ok());
  }
}

TEST(OmmCsv, HandlesQuotesCrlfBomAndColumnOrder) {
  const std::string text =
      "\xEF\xBB\xBFNORAD_CAT_ID,OBJECT_NAME,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,"
      "RA_OF_ASC_NODE,ARG_OF_PERICENTER,MEAN_ANOMALY,BSTAR\r\n"
      "\r\n"
      "25544,\"ISS (ZARYA), \"\"ALPHA\"\"\",2024-01-01T00:00:00,15.5,.0005,51.6,1,2,3,+.1E-3\r\n";
  auto r = ParseOmmCsv(text, Named("iss.csv", true));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->elements.size(), 1u);
  EXPECT_EQ(r->elements[0].name, "ISS (ZARYA), \"ALPHA\"");
  EXPECT_EQ(r->elements[0].catalog_number, 25544);
  EXPECT_DOUBLE_EQ(r->elements[0].bstar, 1e-4);
  EXPECT_DOUBLE_EQ(r->elements[0].eccentricity, 5e-4);
  EXPECT_EQ(r->source_lines[0], 3);
}

TEST(OmmCsv, BadRowsAndHeaders) {
  const std::string header =
      "OBJECT_NAME,NORAD_CAT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,"
      "ARG_OF_PERICENTER,MEAN_ANOMALY,BSTAR\n";
  const std::string good = "A,1,2025-01-01T00:00:00,15,0,53,0,0,0,0\n";
  const std::string text = header + good + "B,2,2025-01-01T00:00:00,15,0,53,0,0\n" +
                           "C,3,2025-01-01T00:00:00,15,0,53,0,abc,0,0\n" + good;
  auto lenient = ParseOmmCsv(text, Named("gp.csv"));
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(lenient->elements.size(), 2u);
  ASSERT_EQ(lenient->skipped_count, 2);
  EXPECT_THAT(lenient->skipped[0].message,
              HasSubstr("gp.csv:3: record 1 (NORAD 2, \"B\"): expected 10 cells as in the header, "
                        "got 8"));
  EXPECT_THAT(lenient->skipped[1].message,
              HasSubstr("gp.csv:4: record 2 (NORAD 3, \"C\"): field ARG_OF_PERICENTER: expected a "
                        "number in [0, 360] (deg), got \"abc\""));
  auto strict = ParseOmmCsv(text, Named("gp.csv", true));
  ASSERT_FALSE(strict.ok());
  EXPECT_THAT(std::string(strict.status().message()), HasSubstr("gp.csv:3: record 1"));

  auto no_epoch = ParseOmmCsv("OBJECT_NAME,NORAD_CAT_ID,MEAN_MOTION\nA,1,15\n", Named("h.csv"));
  ASSERT_FALSE(no_epoch.ok());
  EXPECT_THAT(std::string(no_epoch.status().message()), HasSubstr("column EPOCH is missing"));
  auto dup = ParseOmmCsv("EPOCH,EPOCH,MEAN_MOTION,NORAD_CAT_ID\n", Named("d.csv"));
  ASSERT_FALSE(dup.ok());
  EXPECT_THAT(std::string(dup.status().message()), HasSubstr("header column 2"));
  auto quote = ParseOmmCsv(header + "\"A,1\n", Named("q.csv"));
  ASSERT_FALSE(quote.ok());
  EXPECT_THAT(std::string(quote.status().message()), HasSubstr("q.csv:2:1: unterminated quoted"));
  // A TLE is not a CSV: its first line is not a header of OMM names.
  auto tle = ParseOmmCsv(ReadText("tests/data/omm/sample.tle"), Named("sample.tle"));
  EXPECT_FALSE(tle.ok());
}

TEST(OmmXml, EntitiesCommentsAndErrors) {
  const std::string rec =
      "<omm><body><segment><metadata><OBJECT_NAME>A &amp; B&#33;</OBJECT_NAME><!-- c -->"
      "</metadata><data><meanElements><EPOCH>2025-01-01T00:00:00</EPOCH>"
      "<MEAN_MOTION>15</MEAN_MOTION><ECCENTRICITY>0</ECCENTRICITY><INCLINATION>53"
      "</INCLINATION><RA_OF_ASC_NODE>0</RA_OF_ASC_NODE><ARG_OF_PERICENTER>0</ARG_OF_PERICENTER>"
      "<MEAN_ANOMALY>0</MEAN_ANOMALY></meanElements><tleParameters><NORAD_CAT_ID>9</NORAD_CAT_ID>"
      "<BSTAR>0</BSTAR></tleParameters></data></segment></body></omm>";
  auto r = ParseOmmXml("<?xml version=\"1.0\"?>\n<ndm>\n" + rec + "\n</ndm>\n", Named("a.xml"));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->elements.size(), 1u);
  EXPECT_EQ(r->elements[0].name, "A & B!");
  EXPECT_EQ(r->source_lines[0], 3);

  auto mismatched = ParseOmmXml("<ndm>\n<omm>\n<EPOCH>1</EPOCHX>\n</omm></ndm>", Named("m.xml"));
  ASSERT_FALSE(mismatched.ok());
  // The name in the closing tag </EPOCHX> starts on line 3, column 11.
  EXPECT_THAT(std::string(mismatched.status().message()),
              HasSubstr("m.xml:3:11: invalid XML: Start-end tags mismatch"));
  auto none = ParseOmmXml("<ndm><x>1</x></ndm>", Named("n.xml"));
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(std::string(none.status().message()), HasSubstr("expected at least one <omm>"));
  auto unclosed = ParseOmmXml("<ndm><omm>", Named("u.xml"));
  EXPECT_FALSE(unclosed.ok());
  // An unknown entity is not an XML error for pugixml: it stays as written, as text.
  auto entity = ParseOmmXml("<omm><OBJECT_NAME>&bogus;</OBJECT_NAME></omm>", Named("e.xml"));
  ASSERT_TRUE(entity.ok()) << entity.status();
  ASSERT_EQ(entity->skipped_count, 1);
  EXPECT_THAT(entity->skipped[0].message, HasSubstr("(\"&bogus;\"): field EPOCH: missing"));
  // A UTF-8 byte order mark and CRLF line ends: the record still starts on line 3.
  auto bom = ParseOmmXml("\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<ndm>\r\n" + rec + "\r\n</ndm>",
                         Named("b.xml", true));
  ASSERT_TRUE(bom.ok()) << bom.status();
  ASSERT_EQ(bom->source_lines.size(), 1u);
  EXPECT_EQ(bom->source_lines[0], 3);
  // CDATA and a comment inside a leaf are read as its text.
  std::string cdata = rec;
  cdata.replace(cdata.find("A &amp; B&#33;"), 14, "<![CDATA[A & B]]><!-- x -->!");
  auto with_cdata = ParseOmmXml(cdata, Named("c.xml", true));
  ASSERT_TRUE(with_cdata.ok()) << with_cdata.status();
  EXPECT_EQ(with_cdata->elements[0].name, "A & B!");
  // A record with a bad field is skipped in lenient mode.
  std::string bad = rec;
  bad.replace(bad.find("<INCLINATION>53"), 15, "<INCLINATION>253");
  auto lenient = ParseOmmXml("<ndm>" + rec + "\n" + bad + "</ndm>", Named("l.xml"));
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(lenient->elements.size(), 1u);
  ASSERT_EQ(lenient->skipped_count, 1);
  EXPECT_THAT(lenient->skipped[0].message, HasSubstr("l.xml:2: record 1 (NORAD 9, \"A & B!\"): "
                                                     "field INCLINATION"));
}

// Truncated files (a download cut short) in each encoding: never a crash; JSON and XML fail as a
// document, CSV loses only the cut row (reported) and keeps the complete ones.
TEST(OmmEncodings, TruncatedFiles) {
  const std::string json = ReadText("tests/data/omm/sample.json");
  const std::string csv = ReadText("tests/data/omm/sample.csv");
  const std::string xml = ReadText("tests/data/omm/sample.xml");
  for (size_t cut : {size_t{1}, json.size() / 3, json.size() - 3}) {
    EXPECT_FALSE(ParseOmmJson(json.substr(0, cut)).ok()) << cut;
  }
  for (size_t cut : {size_t{10}, xml.size() / 2, xml.size() - 8}) {
    EXPECT_FALSE(ParseOmmXml(xml.substr(0, cut)).ok()) << cut;
  }
  // Cut in the middle of the last row: seven complete records and one short row.
  const size_t last_row = csv.rfind("SL-14 DEB");
  auto r = ParseOmmCsv(csv.substr(0, last_row + 40), Named("cut.csv"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->elements.size(), 7u);
  ASSERT_EQ(r->skipped_count, 1);
  EXPECT_THAT(r->skipped[0].message, HasSubstr("cut.csv:9: record 7"));
  EXPECT_THAT(r->skipped[0].message, HasSubstr("expected 17 cells as in the header"));
  // Over-long values are reported shortened, not echoed in full.
  auto long_name = ParseOmmJson(JsonWith("MEAN_MOTION", "\"" + std::string(100000, '7') + "x\""),
                                Named("long.json", true));
  ASSERT_FALSE(long_name.ok());
  EXPECT_LT(long_name.status().message().size(), 300u);
}

TEST(OmmFields, DesignatorConversion) {
  std::vector<OmmField> f = {{"EPOCH", "2025-01-01"}, {"MEAN_MOTION", "15"},
                             {"ECCENTRICITY", "0"},   {"INCLINATION", "0"},
                             {"RA_OF_ASC_NODE", "0"}, {"ARG_OF_PERICENTER", "0"},
                             {"MEAN_ANOMALY", "0"},   {"NORAD_CAT_ID", "1"},
                             {"BSTAR", "0"},          {"OBJECT_ID", "2024-123ABC"}};
  auto e = ElementSetFromOmmFields(f);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->international_designator, "24123ABC");
  f.back().value = "UNKNOWN";
  e = ElementSetFromOmmFields(f);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->international_designator, "UNKNOWN");
  EXPECT_EQ(e->epoch_year, 2025);
  EXPECT_EQ(e->epoch_day_of_year, 1.0);
}

}  // namespace
}  // namespace leotwin::orbit
