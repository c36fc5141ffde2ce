// Decision precedence (docs/policy.md), one test per rule, each checked with the compiled index
// and with direct polygon evaluation; Apply validation (bad changes change nothing).
#include "leotwin/policy/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "leotwin/geo/territories.h"
#include "leotwin/policy/compiled_index.h"
#include "s2/s2cell_id.h"

namespace leotwin::policy {
namespace {

using ::testing::HasSubstr;

const SimTime kT0 = SimTime::FromCivil(2026, 1, 1);
constexpr int64_t kDay = SimTime::kNanosPerDay;

nlohmann::json Box(double lon0, double lat0, double lon1, double lat1) {
  return {
      {"type", "Polygon"},
      {"coordinates", {{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}};
}

AddGeofence Fence(std::string id, GeofenceEffect effect, nlohmann::json geometry,
                  std::optional<double> cap = std::nullopt) {
  AddGeofence g;
  g.id = std::move(id);
  g.name = g.id;
  g.effect = effect;
  g.geometry = std::move(geometry);
  g.speed_cap_kmh = cap;
  return g;
}

class PolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = Policy::CreateDefault();
    ASSERT_TRUE(p.ok()) << p.status();
    policy_ = std::make_unique<Policy>(std::move(*p));
    int64_t entry = 0;
    auto apply = [&](const PolicyChange& c) {
      const Status s = policy_->Apply(c, ++entry, kT0);
      ASSERT_TRUE(s.ok()) << s << " applying " << Describe(c);
    };
    apply(SetTerritoryState{"UA", TerritoryState::kAvailable, std::nullopt, std::nullopt});  // 1
    apply(SetTerritoryState{"FR", TerritoryState::kAvailable, std::nullopt, std::nullopt});  // 2
    apply(SetTerritoryState{"DE", TerritoryState::kWaitlist, std::nullopt, std::nullopt});   // 3
    apply(SetTerritoryState{"BR", TerritoryState::kComingSoon, SimTime::FromCivil(2027, 1, 1),
                            std::nullopt});                                                // 4
    apply(SetTerritoryState{"RU", TerritoryState::kBlocked, std::nullopt, std::nullopt});  // 5
    apply(RegisterTerminal{"F1", TerminalKind::kFixed, 50.45, 30.52, "home"});             // 6 Kyiv
    apply(RegisterTerminal{"R1", TerminalKind::kRoam, 48.85, 2.35, ""});                   // 7
    apply(RegisterTerminal{"M1", TerminalKind::kMaritime, 46.48, 30.73, ""});              // 8
    apply(RegisterTerminal{"A1", TerminalKind::kAviation, 48.85, 2.35, ""});               // 9
    apply(RegisterTerminal{"G1", TerminalKind::kGovernment, 50.45, 30.52, ""});            // 10
    apply(Fence("front", GeofenceEffect::kDeny, Box(37, 47, 39, 49)));               // 11 Donbas
    apply(Fence("drones", GeofenceEffect::kDeny, Box(34, 49, 35, 50), 50.0));        // 12 Poltava
    apply(Fence("pilot", GeofenceEffect::kAllow, Box(-48.5, -16.5, -47.5, -15.5)));  // 13
    apply(Fence("sea-lane", GeofenceEffect::kAllow, Box(-41, 29, -39, 31)));         // 14 Atlantic
    apply(RegisterTerminal{"F2", TerminalKind::kFixed, 46.48, 30.73, "port"});       // 15 Odesa
  }

  // Decides with both geometry paths and checks they agree.
  Decision Decide(std::string_view id, double lat, double lon, double speed = 0,
                  SimTime t = kT0 + kDay) {
    const Decision a = Authorize(*policy_, id, lat, lon, speed, t, Evaluation::kCompiledIndex);
    const Decision b = Authorize(*policy_, id, lat, lon, speed, t, Evaluation::kDirect);
    EXPECT_EQ(a.ToJson(), b.ToJson());
    return a;
  }

  std::unique_ptr<Policy> policy_;
};

#define EXPECT_DECISION(d, allow, reason_name, rule, entry)          \
  do {                                                               \
    const Decision& dd = (d);                                        \
    EXPECT_EQ(dd.allowed, allow) << dd.message;                      \
    EXPECT_EQ(ReasonCodeName(dd.reason), reason_name) << dd.message; \
    EXPECT_EQ(dd.rule_id, rule) << dd.message;                       \
    EXPECT_EQ(dd.ledger_entry_id, entry) << dd.message;              \
  } while (0)

TEST_F(PolicyTest, Rule1UnknownTerminal) {
  EXPECT_DECISION(Decide("nobody", 50.45, 30.52), false, "unknown_terminal", "terminal:nobody",
                  kNoLedgerEntry);
}

TEST_F(PolicyTest, Rule0InvalidPosition) {
  EXPECT_DECISION(Decide("R1", 91, 0), false, "invalid_position", "input", kNoLedgerEntry);
  EXPECT_EQ(Decide("R1", 50, 30, std::nan("")).reason, ReasonCode::kInvalidPosition);
  EXPECT_EQ(Decide("R1", 50, 30, -1).reason, ReasonCode::kInvalidPosition);
}

TEST_F(PolicyTest, Rule2SuspendedOutranksEverything) {
  ASSERT_TRUE(policy_->Apply(SetTerminalStatus{"G1", TerminalStatus::kSuspended}, 40, kT0).ok());
  EXPECT_DECISION(Decide("G1", 48, 38), false, "terminal_suspended", "terminal:G1", 40);
  EXPECT_DECISION(Decide("G1", 50.45, 30.52), false, "terminal_suspended", "terminal:G1", 40);
  ASSERT_TRUE(policy_->Apply(SetTerminalStatus{"G1", TerminalStatus::kActive}, 41, kT0).ok());
  EXPECT_TRUE(Decide("G1", 50.45, 30.52).allowed);
}

TEST_F(PolicyTest, Rule3DenyGeofenceOutranksTerritoryKindAndRadius) {
  EXPECT_DECISION(Decide("R1", 48, 38), false, "blocked_area", "geofence:front", 11);
  EXPECT_DECISION(Decide("G1", 48, 38), false, "blocked_area", "geofence:front", 11);
  // F1 is also far from home here, but the deny geofence decides.
  EXPECT_DECISION(Decide("F1", 48, 38), false, "blocked_area", "geofence:front", 11);
  // An allow geofence over the same area does not lift a deny.
  ASSERT_TRUE(
      policy_->Apply(Fence("aid", GeofenceEffect::kAllow, Box(37.5, 47.5, 38.5, 48.5)), 42, kT0)
          .ok());
  EXPECT_DECISION(Decide("R1", 48, 38), false, "blocked_area", "geofence:front", 11);
  // Of two deny geofences, the older ledger entry decides.
  ASSERT_TRUE(
      policy_->Apply(Fence("a-newer", GeofenceEffect::kDeny, Box(37.9, 47.9, 38.1, 48.1)), 43, kT0)
          .ok());
  EXPECT_DECISION(Decide("R1", 48, 38), false, "blocked_area", "geofence:front", 11);
  // Removing it restores service (UA is available).
  ASSERT_TRUE(policy_->Apply(RemoveGeofence{"front"}, 44, kT0).ok());
  EXPECT_DECISION(Decide("R1", 48.2, 38.3), true, "ok", "territory:UA", 1);
  EXPECT_DECISION(Decide("R1", 48, 38), false, "blocked_area", "geofence:a-newer", 43);
}

TEST_F(PolicyTest, Rule3SpeedCappedDenyGeofence) {
  EXPECT_DECISION(Decide("R1", 49.5, 34.5, 80), false, "moving_too_fast", "geofence:drones", 12);
  EXPECT_DECISION(Decide("R1", 49.5, 34.5, 20), true, "ok", "territory:UA", 1);
  EXPECT_DECISION(Decide("R1", 49.5, 34.5, 50), true, "ok", "territory:UA", 1);  // cap inclusive
}

TEST_F(PolicyTest, Rule3GeofenceWindow) {
  AddGeofence g = Fence("exercise", GeofenceEffect::kDeny, Box(2, 48.5, 2.7, 49.2));
  g.active_from = kT0 + kDay;
  g.active_until = kT0 + 2 * kDay;
  ASSERT_TRUE(policy_->Apply(g, 45, kT0).ok());
  EXPECT_DECISION(Decide("R1", 48.85, 2.35, 0, kT0), true, "ok", "territory:FR", 2);
  EXPECT_DECISION(Decide("R1", 48.85, 2.35, 0, kT0 + kDay + kDay / 2), false, "blocked_area",
                  "geofence:exercise", 45);
  EXPECT_DECISION(Decide("R1", 48.85, 2.35, 0, kT0 + 2 * kDay), true, "ok", "territory:FR", 2);
}

TEST_F(PolicyTest, Rule4KindSpeedCap) {
  EXPECT_DECISION(Decide("R1", 50.45, 30.52, 200), false, "moving_too_fast", "kind:roam", 7);
  EXPECT_DECISION(Decide("M1", 20, -40, 150), false, "moving_too_fast", "kind:maritime", 8);
  EXPECT_DECISION(Decide("F1", 50.45, 30.52, 30), false, "moving_too_fast", "kind:fixed", 6);
  EXPECT_TRUE(Decide("A1", 48.85, 2.35, 900).allowed);
  EXPECT_TRUE(Decide("G1", 50.45, 30.52, 5000).allowed);  // government: no kind cap
}

TEST_F(PolicyTest, Rule5FixedTerminalNearItsServiceAddress) {
  EXPECT_DECISION(Decide("F1", 50.45, 30.52), true, "ok", "territory:UA", 1);
  EXPECT_DECISION(Decide("F1", 50.6, 30.9), true, "ok", "territory:UA", 1);  // ~31 km away
  // Lviv is about 470 km from Kyiv.
  const Decision d = Decide("F1", 49.84, 24.03);
  EXPECT_DECISION(d, false, "too_far_from_service_address", "terminal:F1", 6);
  EXPECT_THAT(d.message, HasSubstr("46"));
}

TEST_F(PolicyTest, Rule6AtSea) {
  EXPECT_DECISION(Decide("R1", 20, -40), false, "in_ocean", "kind:roam", 7);
  EXPECT_DECISION(Decide("M1", 20, -40), true, "ok", "ocean", 8);
  EXPECT_DECISION(Decide("A1", 20, -40, 850), true, "ok", "ocean", 9);
  EXPECT_DECISION(Decide("G1", 20, -40), true, "ok", "ocean", 10);
  // An allow geofence at sea serves roam terminals inside it.
  EXPECT_DECISION(Decide("R1", 30, -40), true, "ok", "geofence:sea-lane", 14);
  // A fixed terminal on the coast, a little offshore: its address's territory decides.
  EXPECT_DECISION(Decide("F2", 46.3, 30.95), true, "ok", "territory:UA", 1);
}

TEST_F(PolicyTest, Rule7TerritoryStates) {
  EXPECT_DECISION(Decide("R1", 55.75, 37.62), false, "blocked_country", "territory:RU", 5);
  EXPECT_DECISION(Decide("G1", 55.75, 37.62), false, "blocked_country", "territory:RU", 5);
  EXPECT_DECISION(Decide("M1", 55.75, 37.62), false, "blocked_country", "territory:RU", 5);
  EXPECT_DECISION(Decide("R1", 52.52, 13.405), false, "cell_disabled", "territory:DE", 3);
  EXPECT_DECISION(Decide("R1", -23.55, -46.63), false, "not_activated", "territory:BR", 4);
  EXPECT_DECISION(Decide("R1", 35.68, 139.69), false, "not_activated", "default:JP",
                  kNoLedgerEntry);
  EXPECT_DECISION(Decide("A1", 35.68, 139.69, 800), false, "not_activated", "default:JP",
                  kNoLedgerEntry);
  EXPECT_DECISION(Decide("R1", 48.85, 2.35), true, "ok", "territory:FR", 2);
}

TEST_F(PolicyTest, Rule7AllowGeofenceAndGovernmentLiftNotActivatedButNotBlocked) {
  EXPECT_DECISION(Decide("R1", -15.8, -47.9), true, "ok", "geofence:pilot", 13);
  EXPECT_DECISION(Decide("G1", 35.68, 139.69), true, "ok", "kind:government", 10);
  EXPECT_DECISION(Decide("G1", 52.52, 13.405), true, "ok", "kind:government", 10);
  ASSERT_TRUE(
      policy_->Apply(Fence("ru-corridor", GeofenceEffect::kAllow, Box(37, 55, 38.5, 56.5)), 46, kT0)
          .ok());
  EXPECT_DECISION(Decide("R1", 55.75, 37.62), false, "blocked_country", "territory:RU", 5);
  // An allow geofence with a speed cap only serves terminals at or below it.
  ASSERT_TRUE(policy_
                  ->Apply(Fence("slow-jp", GeofenceEffect::kAllow, Box(139, 35, 140.5, 36.5), 30.0),
                          47, kT0)
                  .ok());
  EXPECT_DECISION(Decide("R1", 35.68, 139.69, 10), true, "ok", "geofence:slow-jp", 47);
  EXPECT_DECISION(Decide("R1", 35.68, 139.69, 60), false, "not_activated", "default:JP",
                  kNoLedgerEntry);
}

TEST_F(PolicyTest, ScheduledStateChangesTakeEffectAtTheirInstant) {
  SetTerritoryState c{"JP", TerritoryState::kAvailable, std::nullopt, kT0 + 10 * kDay};
  ASSERT_TRUE(policy_->Apply(c, 50, kT0).ok());
  EXPECT_EQ(Decide("R1", 35.68, 139.69, 0, kT0 + 10 * kDay - 1).reason, ReasonCode::kNotActivated);
  EXPECT_DECISION(Decide("R1", 35.68, 139.69, 0, kT0 + 10 * kDay), true, "ok", "territory:JP", 50);
  // A later block, scheduled in between, cuts the future short.
  ASSERT_TRUE(
      policy_
          ->Apply(SetTerritoryState{"JP", TerritoryState::kBlocked, std::nullopt, kT0 + 20 * kDay},
                  51, kT0 + kDay)
          .ok());
  EXPECT_DECISION(Decide("R1", 35.68, 139.69, 0, kT0 + 15 * kDay), true, "ok", "territory:JP", 50);
  EXPECT_DECISION(Decide("R1", 35.68, 139.69, 0, kT0 + 25 * kDay), false, "blocked_country",
                  "territory:JP", 51);
  EXPECT_EQ(policy_->TerritorySchedule(*policy_->territories().Find("JP")).size(), 2u);
  auto rule = policy_->TerritoryRuleAt("jpn", kT0 + 12 * kDay);
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->state, TerritoryState::kAvailable);
}

TEST_F(PolicyTest, BadChangesAreRefusedAndChangeNothing) {
  const std::string before = policy_->ToJson(kT0 + 30 * kDay).dump();
  auto expect_refused = [&](const PolicyChange& c, absl::StatusCode code, std::string_view text,
                            SimTime at = kT0 + kDay) {
    const Status s = policy_->Apply(c, 99, at);
    EXPECT_EQ(s.code(), code) << s << " for " << Describe(c);
    EXPECT_THAT(std::string(s.message()), HasSubstr(std::string(text)));
    EXPECT_EQ(policy_->ToJson(kT0 + 30 * kDay).dump(), before);
  };
  expect_refused(SetTerritoryState{"QQ", TerritoryState::kBlocked, std::nullopt, std::nullopt},
                 absl::StatusCode::kNotFound, "unknown territory \"QQ\"");
  expect_refused(SetTerritoryState{"RU", TerritoryState::kBlocked, std::nullopt, std::nullopt},
                 absl::StatusCode::kFailedPrecondition, "already blocked");
  expect_refused(SetTerritoryState{"UA", TerritoryState::kBlocked, std::nullopt, kT0},
                 absl::StatusCode::kInvalidArgument, "cannot be backdated");
  expect_refused(SetTerritoryState{"UA", TerritoryState::kBlocked, std::nullopt, kT0},
                 absl::StatusCode::kFailedPrecondition, "conflicting rule", kT0);
  expect_refused(Fence("front", GeofenceEffect::kDeny, Box(0, 0, 1, 1)),
                 absl::StatusCode::kAlreadyExists, "geofence \"front\" already exists");
  nlohmann::json bowtie = {{"type", "Polygon"},
                           {"coordinates", {{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}}};
  expect_refused(Fence("bad", GeofenceEffect::kDeny, bowtie), absl::StatusCode::kInvalidArgument,
                 "geofence bad polygon ring 0: invalid ring");
  AddGeofence expired = Fence("late", GeofenceEffect::kDeny, Box(0, 0, 1, 1));
  expired.active_until = kT0;
  expect_refused(expired, absl::StatusCode::kInvalidArgument, "window ends");
  expect_refused(RemoveGeofence{"nope"}, absl::StatusCode::kNotFound, "unknown geofence");
  expect_refused(RegisterTerminal{"F1", TerminalKind::kRoam, 0, 0, ""},
                 absl::StatusCode::kAlreadyExists, "already registered");
  expect_refused(SetTerminalStatus{"nope", TerminalStatus::kSuspended}, absl::StatusCode::kNotFound,
                 "unknown terminal");
  expect_refused(SetTerminalStatus{"F1", TerminalStatus::kActive},
                 absl::StatusCode::kFailedPrecondition, "already active");
  EXPECT_EQ(policy_->Apply(RemoveGeofence{"front"}, 0, kT0).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(policy_->ToJson(kT0 + 30 * kDay).dump(), before);
  // Validate() agrees with Apply() without changing anything.
  EXPECT_TRUE(policy_->Validate(RemoveGeofence{"front"}, kT0).ok());
  EXPECT_NE(policy_->FindGeofence("front"), nullptr);
}

TEST_F(PolicyTest, CopiesAreIndependentWhatIfs) {
  Policy what_if = *policy_;
  ASSERT_TRUE(what_if.Apply(RemoveGeofence{"front"}, 60, kT0).ok());
  EXPECT_TRUE(Authorize(what_if, "R1", 48, 38, 0, kT0 + kDay).allowed);
  EXPECT_FALSE(Decide("R1", 48, 38).allowed);
}

TEST_F(PolicyTest, DecisionJsonAndMessage) {
  const Decision d = Decide("R1", 55.75, 37.62);
  const nlohmann::json j = d.ToJson();
  EXPECT_EQ(j["decision"], "deny");
  EXPECT_EQ(j["reason"], "blocked_country");
  EXPECT_EQ(j["ledger_entry"], 5);
  EXPECT_EQ(j["territory"], "RU");
  EXPECT_THAT(d.message, HasSubstr("Russia (RU) is blocked since 2026-01-01T00:00:00Z (ledger "
                                   "entry 5)"));
}

TEST_F(PolicyTest, CellHelpersForAvailabilityMaps) {
  const CompiledIndex& index = policy_->index();
  const S2CellId kyiv = S2CellId(geo::PointFromDegrees(50.45, 30.52)).parent(9);
  EXPECT_EQ(policy_->territories().at(index.TerritoryOfCell(kyiv)).iso_a2, "UA");
  const S2CellId atlantic = S2CellId(geo::PointFromDegrees(20, -40)).parent(9);
  EXPECT_EQ(index.TerritoryOfCell(atlantic), geo::TerritorySet::kOcean);
  const S2CellId donbas = S2CellId(geo::PointFromDegrees(48, 38)).parent(9);
  EXPECT_TRUE(index.DenyGeofenceIntersects(donbas));
  EXPECT_FALSE(index.DenyGeofenceIntersects(kyiv));
  EXPECT_THAT(index.DenyGeofencesIntersecting(donbas), testing::ElementsAre("front"));
  // A coarse cell straddling the fence's edge intersects it too.
  const S2CellId edge = S2CellId(geo::PointFromDegrees(47.0, 38.0)).parent(6);
  EXPECT_TRUE(index.DenyGeofenceIntersects(edge));
  // Allow geofences do not count.
  const S2CellId brasilia = S2CellId(geo::PointFromDegrees(-15.8, -47.9)).parent(9);
  EXPECT_FALSE(index.DenyGeofenceIntersects(brasilia));
}

}  // namespace
}  // namespace leotwin::policy
