#include "leotwin/coverage/availability.h"

#include <cmath>

#include "gtest/gtest.h"
#include "leotwin/geo/territories.h"
#include "leotwin/policy/policy.h"
#include "s2/s2latlng.h"

namespace leotwin::coverage {
namespace {

using policy::AddGeofence;
using policy::GeofenceEffect;
using policy::SetTerritoryState;
using policy::TerritoryState;

SimTime T(const char* iso) { return *SimTime::Parse(iso); }

nlohmann::json Box(double lat0, double lon0, double lat1, double lon1) {
  return {
      {"type", "Polygon"},
      {"coordinates", {{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}};
}

// Disjoint boxes named after real countries (a small fixture: the bundled Natural Earth set is
// too slow to index under the sanitizers for a unit test). Shared edges are allowed.
std::string SyntheticEurope() {
  struct T {
    const char *a2, *a3, *name;
    double lat0, lon0, lat1, lon1;
  };
  const T boxes[] = {
      {"FR", "FRA", "France", 43, -2, 50, 8},  {"DE", "DEU", "Germany", 50, 6, 55, 15},
      {"PL", "POL", "Poland", 50, 15, 55, 24}, {"BY", "BLR", "Belarus", 51.5, 24, 56, 31},
      {"ES", "ESP", "Spain", 36, -9, 43, 3},   {"IT", "ITA", "Italy", 40, 8.5, 46.5, 16}};
  nlohmann::json features = nlohmann::json::array();
  for (const T& b : boxes) {
    features.push_back({{"type", "Feature"},
                        {"properties", {{"iso_a2", b.a2}, {"iso_a3", b.a3}, {"name", b.name}}},
                        {"geometry", Box(b.lat0, b.lon0, b.lat1, b.lon1)}});
  }
  return nlohmann::json{{"type", "FeatureCollection"}, {"features", features}}.dump();
}

class AvailabilityTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto territories = geo::TerritorySet::FromGeoJson(SyntheticEurope(), "synthetic-europe");
    ASSERT_TRUE(territories.ok()) << territories.status();
    territories_ = new std::shared_ptr<const geo::TerritorySet>(*territories);
    policy_ = new policy::Policy(*territories_);
    const SimTime approved = T("2025-01-01T00:00:00Z");
    int64_t entry = 1;
    auto apply = [&](policy::PolicyChange c) {
      ASSERT_TRUE(policy_->Apply(c, entry++, approved).ok()) << policy::Describe(c);
    };
    apply(SetTerritoryState{"FR", TerritoryState::kAvailable, std::nullopt, std::nullopt});
    apply(SetTerritoryState{"DE", TerritoryState::kWaitlist, std::nullopt, std::nullopt});
    apply(SetTerritoryState{"PL", TerritoryState::kComingSoon, T("2026-06-01T00:00:00Z"),
                            std::nullopt});
    apply(SetTerritoryState{"BY", TerritoryState::kBlocked, std::nullopt, std::nullopt});
    apply(SetTerritoryState{"ES", TerritoryState::kAvailable, std::nullopt, std::nullopt});
    // Deny fence over part of eastern France (Alsace), allow fence in (unavailable) Italy's
    // north, a speed-capped deny over Spain, and an expired deny fence over Paris.
    apply(AddGeofence{"alsace", "test deny", GeofenceEffect::kDeny, Box(47.6, 7.0, 48.8, 8.0),
                      std::nullopt, std::nullopt, std::nullopt});
    apply(AddGeofence{"po", "test allow", GeofenceEffect::kAllow, Box(44.8, 9.0, 45.6, 12.0),
                      std::nullopt, std::nullopt, std::nullopt});
    apply(AddGeofence{"iberia-cap", "", GeofenceEffect::kDeny, Box(39.0, -5.0, 41.0, -2.0),
                      std::nullopt, std::nullopt, 50.0});
    apply(AddGeofence{"paris-old", "", GeofenceEffect::kDeny, Box(48.7, 2.2, 49.0, 2.5),
                      T("2025-01-01T00:00:00Z"), T("2025-02-01T00:00:00Z"), std::nullopt});
  }
  static void TearDownTestSuite() {
    delete policy_;
    delete territories_;
  }

  static const CellAvailability& At(const CellGrid& grid, const AvailabilityMap& map, double lat,
                                    double lon) {
    const S2CellId id = S2CellId(S2LatLng::FromDegrees(lat, lon)).parent(grid.level());
    const auto i = grid.Find(id);
    EXPECT_TRUE(i.has_value());
    return map.cells[*i];
  }

  static policy::Policy* policy_;
  static std::shared_ptr<const geo::TerritorySet>* territories_;
};
policy::Policy* AvailabilityTest::policy_ = nullptr;
std::shared_ptr<const geo::TerritorySet>* AvailabilityTest::territories_ = nullptr;

TEST_F(AvailabilityTest, StatesOfKnownPlaces) {
  auto grid = CellGrid::InBox(35, -10, 56, 30, 7);
  ASSERT_TRUE(grid.ok());
  const SimTime t = T("2025-06-01T00:00:00Z");
  auto map = ComputeAvailability(*grid, *policy_, t);
  ASSERT_TRUE(map.ok()) << map.status();
  auto rule = [&](const CellAvailability& c) { return map->rules[c.rule]; };
  const CellAvailability& paris = At(*grid, *map, 48.85, 2.35);
  EXPECT_EQ(paris.state, Availability::kAvailable);  // The Paris fence has expired.
  EXPECT_EQ(rule(paris).id, "territory:FR");
  const CellAvailability& strasbourg = At(*grid, *map, 48.3, 7.5);
  EXPECT_EQ(strasbourg.state, Availability::kBlocked);
  EXPECT_EQ(rule(strasbourg).id, "geofence:alsace");
  EXPECT_EQ(At(*grid, *map, 52.5, 13.4).state, Availability::kWaitlist);  // Berlin.
  const CellAvailability& warsaw = At(*grid, *map, 52.23, 21.0);
  EXPECT_EQ(warsaw.state, Availability::kComingSoon);
  EXPECT_EQ(rule(warsaw).coming_soon_date, T("2026-06-01T00:00:00Z"));
  EXPECT_EQ(At(*grid, *map, 53.9, 27.56).state, Availability::kBlocked);  // Minsk.
  EXPECT_EQ(rule(At(*grid, *map, 53.9, 27.56)).id, "territory:BY");
  EXPECT_EQ(At(*grid, *map, 41.9, 12.5).state, Availability::kServiceDateUnknown);  // Rome.
  EXPECT_EQ(rule(At(*grid, *map, 41.9, 12.5)).id, "default:IT");
  const CellAvailability& po = At(*grid, *map, 45.2, 10.5);  // Inside the allow fence.
  EXPECT_EQ(po.state, Availability::kAvailable);
  EXPECT_EQ(rule(po).id, "geofence:po");
  const CellAvailability& madrid_region = At(*grid, *map, 40.0, -3.7);
  EXPECT_EQ(madrid_region.state, Availability::kAvailable);
  EXPECT_TRUE(madrid_region.speed_capped);
  EXPECT_EQ(At(*grid, *map, 45.0, -5.0).state, Availability::kAtSea);  // Bay of Biscay.
  EXPECT_EQ(At(*grid, *map, 45.0, -5.0).territory, -1);
  size_t total = 0;
  for (size_t c : map->count) total += c;
  EXPECT_EQ(total, grid->size());
  // In January the Paris fence was live.
  auto january = ComputeAvailability(*grid, *policy_, T("2025-01-15T00:00:00Z"));
  ASSERT_TRUE(january.ok());
  EXPECT_EQ(At(*grid, *january, 48.85, 2.35).state, Availability::kBlocked);
}

TEST_F(AvailabilityTest, FastEqualsDirectEvaluation) {
  auto grid = CellGrid::InBox(35, -10, 56, 30, 8);
  ASSERT_TRUE(grid.ok());
  const SimTime t = T("2025-06-01T00:00:00Z");
  auto fast = ComputeAvailability(*grid, *policy_, t);
  auto direct = ComputeAvailabilityDirect(*grid, *policy_, t);
  ASSERT_TRUE(fast.ok() && direct.ok());
  ASSERT_EQ(fast->rules, direct->rules);
  size_t mismatches = 0;
  for (size_t i = 0; i < grid->size(); ++i) {
    if (!(fast->cells[i] == direct->cells[i]) && ++mismatches < 5) {
      ADD_FAILURE() << "cell " << grid->id(i).ToToken() << " differs";
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

TEST_F(AvailabilityTest, AgreesWithAuthorizeForAFixedTerminalAtTheCellCentre) {
  // Cross-check against the policy layer's own decision: a fixed terminal whose service address
  // is the cell centre, standing still there. Geofence-blocked cells whose centre is outside the
  // fence (a fence clipping the cell's edge) are the documented difference and are skipped.
  auto grid = CellGrid::InBox(38, -6, 55, 28, 7);
  ASSERT_TRUE(grid.ok());
  const SimTime t = T("2025-06-01T00:00:00Z");
  auto map = ComputeAvailability(*grid, *policy_, t);
  ASSERT_TRUE(map.ok());
  size_t checked = 0, skipped = 0;
  for (size_t i = 0; i < grid->size(); ++i) {
    const CellAvailability& c = map->cells[i];
    policy::Terminal term;
    term.id = "probe";
    term.kind = policy::TerminalKind::kFixed;
    term.service_lat_deg = grid->lat_deg(i);
    term.service_lon_deg = grid->lon_deg(i);
    term.service_territory = c.territory;
    const policy::Decision d =
        policy::Authorize(*policy_, term, grid->lat_deg(i), grid->lon_deg(i), 0.0, t);
    const std::string iso = c.territory < 0 ? "" : policy_->territories().at(c.territory).iso_a2;
    const bool fence_blocked =
        map->rules[c.rule].id.rfind("geofence:", 0) == 0 && c.state == Availability::kBlocked;
    if (d.territory != iso || (fence_blocked && d.reason != policy::ReasonCode::kBlockedArea)) {
      ++skipped;  // Border cell (degree round trip) or fence clipping the cell's edge.
      continue;
    }
    ++checked;
    const bool served = c.state == Availability::kAvailable || c.state == Availability::kAtSea;
    EXPECT_EQ(d.allowed, served) << grid->id(i).ToToken() << ": " << d.message;
  }
  EXPECT_GT(checked, grid->size() * 95 / 100) << "skipped " << skipped;
}

TEST_F(AvailabilityTest, LandGridKeepsCellsWhoseCentreIsInATerritory) {
  const geo::TerritorySet& territories = **territories_;
  auto land = LandGrid(6, territories);
  ASSERT_TRUE(land.ok()) << land.status();
  auto all = CellGrid::Global(6);
  ASSERT_TRUE(all.ok());
  std::vector<S2CellId> expected;
  for (size_t i = 0; i < all->size(); ++i) {
    if (territories.LocateDirect(all->id(i).ToPoint()) >= 0) expected.push_back(all->id(i));
  }
  EXPECT_EQ(land->ids(), expected);
  EXPECT_GT(expected.size(), 100u);
  EXPECT_TRUE(land->Find(S2CellId(S2LatLng::FromDegrees(48.85, 2.35)).parent(6)).has_value());
  EXPECT_FALSE(land->Find(S2CellId(S2LatLng::FromDegrees(45, -5)).parent(6)).has_value());
  EXPECT_FALSE(LandGrid(12, territories).ok());
}

}  // namespace
}  // namespace leotwin::coverage
