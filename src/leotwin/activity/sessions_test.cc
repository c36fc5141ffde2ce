#include "leotwin/activity/sessions.h"

#include <cmath>

#include "gtest/gtest.h"
#include "leotwin/geo/territories.h"
#include "nlohmann/json.hpp"

namespace leotwin::activity {
namespace {

SimTime T(const char* iso) { return *SimTime::Parse(iso); }

Population Pop(int64_t n, uint64_t seed, std::vector<City> cities) {
  PopulationOptions o;
  o.terminals = n;
  o.seed = seed;
  o.rural_share = 0;
  auto p = GeneratePopulation(std::move(cities), o);
  EXPECT_TRUE(p.ok());
  return std::move(*p);
}

TEST(SessionsTest, DiurnalFactorHasMeanOneAndPeaksAtPeakHour) {
  double sum = 0;
  const int n = 24000;
  for (int i = 0; i < n; ++i) sum += DiurnalFactor(24.0 * i / n, 20.5);
  EXPECT_NEAR(sum / n, 1.0, 1e-9);
  EXPECT_NEAR(DiurnalFactor(20.5, 20.5), 1.6, 1e-12);
  EXPECT_NEAR(DiurnalFactor(8.5, 20.5), 0.4, 1e-12);
}

TEST(SessionsTest, RatesFollowTheOptionsAndLocalTime) {
  // Terminals on the prime meridian (local solar time = UTC) over two days.
  const Population pop = Pop(3000, 9, {{"Accra-ish", "", 5.6, 0.0, 2'000'000}});
  SessionOptions o;
  const SimTime start = T("2025-09-22T00:00:00Z"), end = T("2025-09-24T00:00:00Z");
  auto r = SimulateSessions(pop, start, end, o, nullptr);
  ASSERT_TRUE(r.ok());
  // Expected sessions ~ 3000 terminals x 6/day x 2 days = 36,000 (+ spill-over from the day
  // before); allow 5%.
  EXPECT_NEAR(static_cast<double>(r->sessions.size()), 36000.0, 1800.0);
  EXPECT_EQ(r->denied, 0);
  int64_t evening = 0, morning = 0;
  double minutes = 0;
  int64_t whole = 0;
  for (const Session& s : r->sessions) {
    const double hour = std::fmod(s.start.unix_seconds() / 3600.0, 24.0);
    evening += hour >= 20 && hour < 21;
    morning += hour >= 8 && hour < 9;
    if (s.start >= start && s.end <= end) {
      minutes += (s.end - s.start) * 1e-9 / 60;
      ++whole;
    }
    EXPECT_GT(s.mbps, 0);
  }
  // d(20.5) / d(8.5) = 4 at the peaks; the hour means give about 3.9.
  EXPECT_GT(static_cast<double>(evening) / morning, 3.0);
  EXPECT_LT(static_cast<double>(evening) / morning, 5.0);
  // Exponential mean 40 min cut at 240 min: mean 40 (1 - e^-6) = 39.9 min.
  EXPECT_NEAR(minutes / whole, 39.9, 1.5);
}

TEST(SessionsTest, AWindowSeesTheSameSessionsAsALongerOne) {
  const Population pop = Pop(500, 3, {{"c", "", 40, -3.7, 1'000'000}});
  const SimTime a = T("2025-09-23T10:00:00Z"), b = T("2025-09-23T11:00:00Z"),
                c = T("2025-09-23T14:00:00Z");
  auto shortw = SimulateSessions(pop, a, b, {}, nullptr);
  auto longw = SimulateSessions(pop, a, c, {}, nullptr);
  ASSERT_TRUE(shortw.ok() && longw.ok());
  std::vector<std::tuple<uint32_t, int64_t, int64_t>> x, y;
  for (const Session& s : shortw->sessions) x.emplace_back(s.terminal, s.start - a, s.end - a);
  for (const Session& s : longw->sessions) {
    if (s.end > a && s.start < b) y.emplace_back(s.terminal, s.start - a, s.end - a);
  }
  EXPECT_FALSE(x.empty());
  EXPECT_EQ(x, y);
}

TEST(SessionsTest, DeniedTerminalsHaveNoSessions) {
  // Two box territories; one blocked, the other available (synthetic, small: see
  // coverage/availability_test.cc).
  auto box = [](double lat0, double lon0, double lat1, double lon1) {
    return nlohmann::json{
        {"type", "Polygon"},
        {"coordinates", {{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}};
  };
  nlohmann::json fc = {
      {"type", "FeatureCollection"},
      {"features",
       {{{"type", "Feature"},
         {"properties", {{"iso_a2", "FR"}, {"iso_a3", "FRA"}, {"name", "France"}}},
         {"geometry", box(43, -2, 50, 8)}},
        {{"type", "Feature"},
         {"properties", {{"iso_a2", "DE"}, {"iso_a3", "DEU"}, {"name", "Germany"}}},
         {"geometry", box(50, 6, 55, 15)}}}}};
  auto territories = geo::TerritorySet::FromGeoJson(fc.dump(), "boxes");
  ASSERT_TRUE(territories.ok()) << territories.status();
  policy::Policy pol(*territories);
  ASSERT_TRUE(pol.Apply(policy::SetTerritoryState{"FR", policy::TerritoryState::kAvailable,
                                                  std::nullopt, std::nullopt},
                        1, T("2025-01-01T00:00:00Z"))
                  .ok());
  ASSERT_TRUE(pol.Apply(policy::SetTerritoryState{"DE", policy::TerritoryState::kBlocked,
                                                  std::nullopt, std::nullopt},
                        2, T("2025-01-01T00:00:00Z"))
                  .ok());
  const Population pop = Pop(
      2000, 11, {{"Paris", "FR", 48.85, 2.35, 1'000'000}, {"Berlin", "DE", 52.5, 11.0, 1'000'000}});
  auto r = SimulateSessions(pop, T("2025-09-23T18:00:00Z"), T("2025-09-23T20:00:00Z"), {}, &pol);
  ASSERT_TRUE(r.ok());
  int64_t berlin_terminals = 0;
  for (const SyntheticTerminal& t : pop.terminals) berlin_terminals += t.city == 1;
  for (const Session& s : r->sessions) {
    EXPECT_EQ(pop.terminals[s.terminal].city, 0) << "a terminal in blocked DE has a session";
  }
  EXPECT_GT(r->sessions.size(), 100u);
  EXPECT_GT(r->denied, 100);
  EXPECT_EQ(r->denied, r->denied_by_reason[static_cast<int>(policy::ReasonCode::kBlockedCountry)]);
  EXPECT_GT(r->terminals_denied, berlin_terminals / 2);
  EXPECT_LE(r->terminals_denied, berlin_terminals);
}

TEST(SessionsTest, RejectsBadOptionsAndWindows) {
  const Population pop = Pop(10, 1, {{"c", "", 0, 0, 10}});
  SessionOptions o;
  o.sessions_per_day = 0;
  EXPECT_FALSE(SimulateSessions(pop, T("2025-01-01"), T("2025-01-02"), o, nullptr).ok());
  EXPECT_FALSE(SimulateSessions(pop, T("2025-01-02"), T("2025-01-01"), {}, nullptr).ok());
  EXPECT_FALSE(SimulateSessions(pop, T("2025-01-01"), T("2025-03-01"), {}, nullptr).ok());
}

}  // namespace
}  // namespace leotwin::activity
