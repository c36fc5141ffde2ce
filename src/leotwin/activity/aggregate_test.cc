// The k-anonymity release rule of aggregate.h, tested as an attacker would probe it.
#include "leotwin/activity/aggregate.h"

#include <map>
#include <set>

#include "gtest/gtest.h"
#include "s2/s2latlng.h"

namespace leotwin::activity {
namespace {

SimTime T(const char* iso) { return *SimTime::Parse(iso); }
constexpr int64_t kHour = 3600 * SimTime::kNanosPerSecond;

// Rows as comparable tuples.
using RowKey = std::tuple<uint64_t, int64_t, int64_t, int64_t, double, double>;
std::vector<RowKey> Keys(const ActivityReport& r) {
  std::vector<RowKey> out;
  for (const ActivityRow& x : r.rows) {
    out.emplace_back(x.cell.id(), x.bucket_start.unix_nanos(), x.terminals, x.sessions,
                     x.session_hours, x.gigabytes);
  }
  return out;
}

// A seeded city population with sessions (dense clusters, sparse outskirts), plus a lone
// terminal in the ocean and a group of k - 1 terminals in one remote cell, all active all day.
struct World {
  Population pop;
  std::vector<Session> sessions;
  uint32_t lone = 0;
  std::vector<uint32_t> small_group;
};

World MakeWorld(int k, int base_level) {
  PopulationOptions o;
  o.terminals = 6000;
  o.seed = 2024;
  o.rural_share = 0.4;
  auto pop = GeneratePopulation({{"Paris", "FR", 48.85, 2.35, 2'000'000},
                                 {"Lyon", "FR", 45.76, 4.83, 500'000},
                                 {"Madrid", "ES", 40.42, -3.70, 1'500'000}},
                                o);
  EXPECT_TRUE(pop.ok());
  World w{std::move(*pop), {}, 0, {}};
  auto sessions =
      SimulateSessions(w.pop, T("2025-09-23T00:00:00Z"), T("2025-09-24T00:00:00Z"), {}, nullptr);
  EXPECT_TRUE(sessions.ok());
  w.sessions = std::move(sessions->sessions);
  auto add = [&](double lat, double lon) {
    SyntheticTerminal t;
    t.index = static_cast<uint32_t>(w.pop.terminals.size());
    t.lat_deg = lat;
    t.lon_deg = lon;
    t.leaf = S2CellId(S2LatLng::FromDegrees(lat, lon));
    w.pop.terminals.push_back(t);
    w.sessions.push_back({t.index, T("2025-09-22T23:00:00Z"), T("2025-09-24T01:00:00Z"), 5.0});
    return t.index;
  };
  // Alone in the Bay of Biscay, in the same coarse (level base-2) cell as part of the
  // population? No: far from everyone, so its base cell holds it alone.
  w.lone = add(45.5, -6.5);
  for (int i = 0; i < k - 1; ++i) {
    w.small_group.push_back(add(61.0 + 0.001 * i, -40.0));  // Greenland coast, one base cell.
  }
  EXPECT_EQ(w.pop.terminals[w.small_group[0]].leaf.parent(base_level),
            w.pop.terminals[w.small_group.back()].leaf.parent(base_level));
  return w;
}

World Without(const World& w, uint32_t terminal) {
  World out = w;
  out.sessions.clear();
  for (const Session& s : w.sessions) {
    if (s.terminal != terminal) out.sessions.push_back(s);
  }
  return out;
}

class AggregateTest : public testing::TestWithParam<int> {};  // k

TEST_P(AggregateTest, EveryPublishedRowHasAtLeastKTerminals) {
  const int k = GetParam();
  PrivacyConfig p{7, kHour, k};
  const World w = MakeWorld(k, p.base_level);
  const SimTime a = T("2025-09-23T00:00:00Z"), b = T("2025-09-24T00:00:00Z");
  for (int level = 0; level <= p.base_level; ++level) {
    auto r = Aggregate(w.pop, w.sessions, a, b, p, level);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const ActivityRow& row : r->rows) {
      ASSERT_GE(row.terminals, k) << "level " << level << " " << row.cell.ToToken();
      EXPECT_EQ(row.cell.level(), level);
    }
    EXPECT_FALSE(r->rows.empty());
    // The rule has teeth here: some base cells are suppressed, some published.
    EXPECT_GT(r->base_cells_suppressed, 0);
    EXPECT_GT(r->base_cells_published, 0);
  }
}

TEST_P(AggregateTest, CoarseRowsMinusFineRowsIsExactlyZero) {
  // Differencing across levels: a coarse row is the sum of the published base rows under it,
  // so subtracting the fine rows reveals nothing (suppressed base cells are in neither).
  const int k = GetParam();
  PrivacyConfig p{7, kHour, k};
  const World w = MakeWorld(k, p.base_level);
  const SimTime a = T("2025-09-23T00:00:00Z"), b = T("2025-09-24T00:00:00Z");
  auto fine = Aggregate(w.pop, w.sessions, a, b, p);
  ASSERT_TRUE(fine.ok());
  for (int level = 0; level < p.base_level; ++level) {
    auto coarse = Aggregate(w.pop, w.sessions, a, b, p, level);
    ASSERT_TRUE(coarse.ok());
    std::map<std::pair<uint64_t, int64_t>, int64_t> sum;
    for (const ActivityRow& r : fine->rows) {
      sum[{r.cell.parent(level).id(), r.bucket_start.unix_nanos()}] += r.terminals;
    }
    ASSERT_EQ(sum.size(), coarse->rows.size());
    for (const ActivityRow& r : coarse->rows) {
      EXPECT_EQ((r.terminals - sum[{r.cell.id(), r.bucket_start.unix_nanos()}]), 0);
    }
  }
}

TEST_P(AggregateTest, ALongWindowIsTheUnionOfItsBuckets) {
  // Differencing across windows: rows are per fixed bucket, and sessions do not depend on the
  // window asked for, so three one-hour requests give exactly the rows of one three-hour request.
  const int k = GetParam();
  PrivacyConfig p{7, kHour, k};
  PopulationOptions o;
  o.terminals = 4000;
  o.seed = 77;
  auto pop = GeneratePopulation({{"Paris", "FR", 48.85, 2.35, 2'000'000}}, o);
  ASSERT_TRUE(pop.ok());
  const SimTime a = T("2025-09-23T17:00:00Z");
  auto whole_s = SimulateSessions(*pop, a, a + 3 * kHour, {}, nullptr);
  ASSERT_TRUE(whole_s.ok());
  auto whole = Aggregate(*pop, whole_s->sessions, a, a + 3 * kHour, p);
  ASSERT_TRUE(whole.ok());
  std::vector<RowKey> parts;
  for (int h = 0; h < 3; ++h) {
    auto s = SimulateSessions(*pop, a + h * kHour, a + (h + 1) * kHour, {}, nullptr);
    ASSERT_TRUE(s.ok());
    auto r = Aggregate(*pop, s->sessions, a + h * kHour, a + (h + 1) * kHour, p);
    ASSERT_TRUE(r.ok());
    const auto keys = Keys(*r);
    parts.insert(parts.end(), keys.begin(), keys.end());
  }
  EXPECT_EQ(Keys(*whole), parts);
  EXPECT_GT(parts.size(), 3u);
}

TEST_P(AggregateTest, ATerminalInASuppressedCellLeavesNoTrace) {
  // Removing the lone terminal, or any member of the k - 1 group, changes no row at any level:
  // they cannot be located, nor even detected. Adding one more member to the group (k in all)
  // publishes the cell: the threshold is exactly k.
  const int k = GetParam();
  PrivacyConfig p{7, kHour, k};
  const World w = MakeWorld(k, p.base_level);
  const SimTime a = T("2025-09-23T00:00:00Z"), b = T("2025-09-24T00:00:00Z");
  const std::vector<uint32_t> hidden = {w.lone, w.small_group.front(), w.small_group.back()};
  for (int level : {0, 3, 5, 6, 7}) {
    auto with = Aggregate(w.pop, w.sessions, a, b, p, level);
    ASSERT_TRUE(with.ok());
    for (uint32_t t : hidden) {
      const World less = Without(w, t);
      auto without = Aggregate(less.pop, less.sessions, a, b, p, level);
      ASSERT_TRUE(without.ok());
      EXPECT_EQ(Keys(*with), Keys(*without)) << "terminal " << t << " level " << level;
    }
  }
  World more = w;
  SyntheticTerminal extra = w.pop.terminals[w.small_group[0]];
  extra.index = static_cast<uint32_t>(more.pop.terminals.size());
  more.pop.terminals.push_back(extra);
  more.sessions.push_back({extra.index, T("2025-09-23T00:00:00Z"), T("2025-09-23T00:30:00Z"), 1});
  auto published = Aggregate(more.pop, more.sessions, a, b, p);
  ASSERT_TRUE(published.ok());
  const S2CellId group_cell = extra.leaf.parent(p.base_level);
  bool found = false;
  for (const ActivityRow& r : published->rows) {
    if (r.cell == group_cell && r.bucket_start == a) found = r.terminals == k;
  }
  EXPECT_TRUE(found) << "a cell with exactly k terminals is published";
}

TEST_P(AggregateTest, ThresholdingEachLevelSeparatelyWouldLeak) {
  // Why coarse rows are built from published base rows only: thresholding every level on its own
  // (the naive design) lets coarse minus fine reveal the lone terminal's cell. This documents the
  // attack the release rule prevents.
  const int k = GetParam();
  const int fine_level = 7, coarse_level = 4;
  World w = MakeWorld(k, fine_level);
  // Put k terminals next to the lone one's coarse cell but in another fine cell, so the coarse
  // cell is published under both designs.
  const S2CellId lone_fine = w.pop.terminals[w.lone].leaf.parent(fine_level);
  const S2CellId coarse = lone_fine.parent(coarse_level);
  S2CellId neighbour = coarse.child_begin(fine_level);
  if (neighbour == lone_fine) neighbour = neighbour.next();
  for (int i = 0; i < k; ++i) {
    SyntheticTerminal t;
    t.index = static_cast<uint32_t>(w.pop.terminals.size());
    t.leaf = neighbour.child_begin(30).advance(i * 1000);
    w.pop.terminals.push_back(t);
    w.sessions.push_back({t.index, T("2025-09-23T00:00:00Z"), T("2025-09-24T00:00:00Z"), 1});
  }
  const SimTime a = T("2025-09-23T00:00:00Z"), b = T("2025-09-23T01:00:00Z");
  auto naive_coarse = Aggregate(w.pop, w.sessions, a, b, PrivacyConfig{coarse_level, kHour, k});
  auto fine = Aggregate(w.pop, w.sessions, a, b, PrivacyConfig{fine_level, kHour, k});
  auto proper_coarse =
      Aggregate(w.pop, w.sessions, a, b, PrivacyConfig{fine_level, kHour, k}, coarse_level);
  ASSERT_TRUE(naive_coarse.ok() && fine.ok() && proper_coarse.ok());
  auto terminals_in = [&](const ActivityReport& r, S2CellId cell) {
    int64_t n = 0;
    for (const ActivityRow& x : r.rows) n += cell.contains(x.cell) ? x.terminals : 0;
    return n;
  };
  // Naive: the difference exposes the lone terminal (and any other suppressed ones there).
  EXPECT_GE(terminals_in(*naive_coarse, coarse) - terminals_in(*fine, coarse), 1);
  EXPECT_EQ(terminals_in(*proper_coarse, coarse) - terminals_in(*fine, coarse), 0);
}

INSTANTIATE_TEST_SUITE_P(K, AggregateTest, testing::Values(2, 10, 25));

TEST(AggregateOptionsTest, RefusesWhatWouldWeakenTheRule) {
  Population pop;
  const SimTime a = T("2025-09-23T00:00:00Z");
  EXPECT_FALSE(Aggregate(pop, {}, a + 60 * SimTime::kNanosPerSecond, a + kHour, {}).ok());
  EXPECT_FALSE(Aggregate(pop, {}, a, a + kHour + 1, {}).ok());
  EXPECT_FALSE(Aggregate(pop, {}, a, a, {}).ok());
  EXPECT_FALSE(Aggregate(pop, {}, a, a + kHour, PrivacyConfig{7, kHour, 1}).ok());
  EXPECT_FALSE(Aggregate(pop, {}, a, a + kHour, PrivacyConfig{7, 7 * SimTime::kNanosPerMinute, 10})
                   .ok());  // 7 min does not divide a day evenly.
  EXPECT_FALSE(Aggregate(pop, {}, a, a + kHour, PrivacyConfig{7, kHour, 10}, 8).ok());
  EXPECT_TRUE(Aggregate(pop, {}, a, a + kHour, PrivacyConfig{7, kHour, 10}, 3).ok());
  EXPECT_FALSE(Aggregate(pop, {{5, a, a + 1, 1.0}}, a, a + kHour, {}).ok());  // Unknown terminal.
}

}  // namespace
}  // namespace leotwin::activity
