#include "leotwin/api/query.h"

#include <gtest/gtest.h>

namespace leotwin::api {
namespace {

TEST(QueryParamsTest, ParsesPairsAndPercentEscapes) {
  auto q = QueryParams::Parse("at=2025-09-23T12%3A00%3A00Z&name=New+York&x=%41%62&flag");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->values().at("at"), "2025-09-23T12:00:00Z");
  EXPECT_EQ(q->values().at("name"), "New York");
  EXPECT_EQ(q->values().at("x"), "Ab");
  EXPECT_EQ(q->values().at("flag"), "");
  EXPECT_EQ(q->size(), 4u);
}

TEST(QueryParamsTest, IgnoresEmptyPairsAndFragment) {
  auto q = QueryParams::Parse("&&a=1&&b=2&#c=3");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->size(), 2u);
  EXPECT_FALSE(q->Has("c"));
  EXPECT_TRUE(QueryParams::Parse("")->values().empty());
}

TEST(QueryParamsTest, RejectsMalformedInput) {
  for (const char* bad :
       {"a=%", "a=%4", "a=%zz", "a=1&a=2", "=1", "a%00=1", "a=%0a", "a b=1", "a=%7f", "k%3D=1"}) {
    auto q = QueryParams::Parse(bad);
    EXPECT_FALSE(q.ok()) << bad;
    if (!q.ok()) {
      EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    }
  }
}

TEST(QueryParamsTest, EnforcesLimits) {
  QueryLimits limits;
  limits.max_params = 3;
  limits.max_value_bytes = 8;
  limits.max_query_bytes = 64;
  EXPECT_TRUE(QueryParams::Parse("a=1&b=2&c=3", limits).ok());
  EXPECT_FALSE(QueryParams::Parse("a=1&b=2&c=3&d=4", limits).ok());
  EXPECT_TRUE(QueryParams::Parse("a=12345678", limits).ok());
  EXPECT_FALSE(QueryParams::Parse("a=123456789", limits).ok());
  // %41 decodes to one byte: the limit applies after decoding.
  EXPECT_TRUE(QueryParams::Parse("a=%41%41%41%41%41%41%41%41", limits).ok());
  EXPECT_FALSE(QueryParams::Parse(std::string(65, 'a'), limits).ok());
}

TEST(QueryParamsTest, SplitsTarget) {
  auto [p, q] = QueryParams::SplitTarget("/api/v1/x?a=1?b");
  EXPECT_EQ(p, "/api/v1/x");
  EXPECT_EQ(q, "a=1?b");
  auto [p2, q2] = QueryParams::SplitTarget("/api");
  EXPECT_EQ(p2, "/api");
  EXPECT_EQ(q2, "");
}

TEST(QueryParamsTest, TypedGettersCheckRangesAndSyntax) {
  auto q = *QueryParams::Parse("lat=45.5&lon=-200&n=12&bad=12abc&b=true&s=7e2&inf=inf&nan=nan");
  EXPECT_DOUBLE_EQ(*q.RequiredDouble("lat", -90, 90), 45.5);
  EXPECT_FALSE(q.RequiredDouble("lon", -180, 180).ok());
  EXPECT_FALSE(q.RequiredDouble("missing", 0, 1).ok());
  EXPECT_DOUBLE_EQ(*q.Double("missing", 3.0, 0, 10), 3.0);
  EXPECT_EQ(*q.Int("n", 0, 0, 100), 12);
  EXPECT_FALSE(q.Int("n", 0, 0, 10).ok());
  EXPECT_FALSE(q.Int("bad", 0, 0, 1000).ok());
  EXPECT_FALSE(q.Int("lat", 0, 0, 1000).ok());  // Not an integer.
  EXPECT_FALSE(q.RequiredDouble("bad", 0, 1000).ok());
  EXPECT_DOUBLE_EQ(*q.RequiredDouble("s", 0, 1000), 700.0);
  EXPECT_FALSE(q.RequiredDouble("inf", -1e308, 1e308).ok());
  EXPECT_FALSE(q.RequiredDouble("nan", -1e308, 1e308).ok());
  EXPECT_TRUE(*q.Bool("b", false));
  EXPECT_FALSE(q.Bool("lat", false).ok());
}

TEST(QueryParamsTest, TimesAndDurations) {
  const SimTime lo = SimTime::FromCivil(2025, 1, 1);
  const SimTime hi = SimTime::FromCivil(2026, 1, 1);
  auto q = *QueryParams::Parse(
      "at=2025-09-23T12:00:00Z&unix=1758628800&old=1999-01-01&d=90min&neg=-5s&junk=soon");
  EXPECT_EQ(*q.RequiredTime("at", lo, hi), SimTime::FromCivil(2025, 9, 23, 12));
  // 1758628800 s = 2025-09-23T12:00:00Z (POSIX time, computed independently as
  // 20354 days * 86400 + 12 h).
  EXPECT_EQ(*q.RequiredTime("unix", lo, hi), SimTime::FromCivil(2025, 9, 23, 12));
  EXPECT_FALSE(q.RequiredTime("old", lo, hi).ok());
  EXPECT_FALSE(q.RequiredTime("junk", lo, hi).ok());
  EXPECT_EQ(*q.Time("missing", lo, lo, hi), lo);
  EXPECT_EQ(*q.Duration("d", 0, 1, 86400LL * SimTime::kNanosPerSecond),
            90 * SimTime::kNanosPerMinute);
  EXPECT_FALSE(q.Duration("d", 0, 1, 3600LL * SimTime::kNanosPerSecond).ok());
  EXPECT_FALSE(q.Duration("neg", 0, 1, 3600LL * SimTime::kNanosPerSecond).ok());
}

TEST(QueryParamsTest, CheckAllowedNamesTheUnknownKey) {
  auto q = *QueryParams::Parse("lat=1&lng=2");
  const Status s = q.CheckAllowed({"lat", "lon"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'lng'"), std::string::npos) << s;
  EXPECT_TRUE(q.CheckAllowed({"lat", "lng"}).ok());
}

TEST(QueryParamsTest, ChoiceAndLatLon) {
  auto q = *QueryParams::Parse("format=geojson&f2=xml&p=40.7,-74.0&p2=91,0&p3=40.7");
  EXPECT_EQ(*q.Choice("format", {"json", "geojson"}, "json"), "geojson");
  EXPECT_FALSE(q.Choice("f2", {"json", "geojson"}, "json").ok());
  EXPECT_EQ(*q.Choice("none", {"json", "geojson"}, "json"), "json");
  auto p = ParseLatLon(q.values().at("p"));
  ASSERT_TRUE(p.ok());
  EXPECT_DOUBLE_EQ(p->lat, 40.7);
  EXPECT_DOUBLE_EQ(p->lon, -74.0);
  EXPECT_FALSE(ParseLatLon(q.values().at("p2")).ok());
  EXPECT_FALSE(ParseLatLon(q.values().at("p3")).ok());
}

}  // namespace
}  // namespace leotwin::api
