#include "leotwin/policy/change.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace leotwin::policy {
namespace {

using ::testing::HasSubstr;

const nlohmann::json kSquare = {
    {"type", "Polygon"}, {"coordinates", {{{37, 47}, {39, 47}, {39, 49}, {37, 49}, {37, 47}}}}};

std::string ErrorOf(const nlohmann::json& j) {
  auto c = PolicyChangeFromJson(j);
  EXPECT_FALSE(c.ok()) << j.dump();
  return c.ok() ? "" : std::string(c.status().message());
}

TEST(PolicyChange, EveryActionRoundTripsThroughCanonicalJson) {
  AddGeofence fence;
  fence.id = "front-1";
  fence.name = "Front line";
  fence.effect = GeofenceEffect::kDeny;
  fence.geometry = kSquare;
  fence.active_from = SimTime::FromCivil(2026, 1, 1);
  fence.active_until = SimTime::FromCivil(2026, 2, 1, 12, 30, 0.25);
  fence.speed_cap_kmh = 80.5;
  const std::vector<PolicyChange> changes = {
      SetTerritoryState{"UA", TerritoryState::kBlocked, std::nullopt,
                        SimTime::FromCivil(2026, 1, 1)},
      SetTerritoryState{"BRA", TerritoryState::kComingSoon, SimTime::FromCivil(2027, 6, 1),
                        std::nullopt},
      fence,
      RemoveGeofence{"front-1"},
      RegisterTerminal{"T-1", TerminalKind::kMaritime, 46.48, 30.7233333, "Black Sea Shipping"},
      SetTerminalStatus{"T-1", TerminalStatus::kSuspended},
  };
  for (const PolicyChange& c : changes) {
    const nlohmann::json j = ToJson(c);
    auto back = PolicyChangeFromJson(j);
    ASSERT_TRUE(back.ok()) << back.status() << " for " << j.dump();
    EXPECT_TRUE(*back == c) << j.dump();
    // Canonical: re-serialising the parsed value gives the same bytes.
    EXPECT_EQ(ToJson(*back).dump(), j.dump());
    auto reparsed = ParsePolicyChange(j.dump());
    ASSERT_TRUE(reparsed.ok());
    EXPECT_TRUE(*reparsed == c);
  }
}

TEST(PolicyChange, ActionKindsChooseQuorums) {
  EXPECT_EQ(
      ActionKind(SetTerritoryState{"UA", TerritoryState::kBlocked, std::nullopt, std::nullopt}),
      "territory.block");
  EXPECT_EQ(
      ActionKind(SetTerritoryState{"UA", TerritoryState::kAvailable, std::nullopt, std::nullopt}),
      "territory.set_state");
  AddGeofence deny;
  deny.effect = GeofenceEffect::kDeny;
  AddGeofence allow;
  allow.effect = GeofenceEffect::kAllow;
  EXPECT_EQ(ActionKind(deny), "geofence.add_deny");
  EXPECT_EQ(ActionKind(allow), "geofence.add_allow");
  EXPECT_EQ(ActionKind(RemoveGeofence{"x"}), "geofence.remove");
  EXPECT_EQ(ActionKind(RegisterTerminal{}), "terminal.register");
  EXPECT_EQ(ActionKind(SetTerminalStatus{"x", TerminalStatus::kSuspended}), "terminal.suspend");
  EXPECT_EQ(ActionKind(SetTerminalStatus{"x", TerminalStatus::kActive}), "terminal.activate");
  EXPECT_EQ(RecommendedApprovals("territory.block"), 2);
  EXPECT_EQ(RecommendedApprovals("geofence.add_deny"), 2);
  EXPECT_EQ(RecommendedApprovals("terminal.register"), 1);
  EXPECT_EQ(RecommendedApprovals("geofence.remove_allow"), 2);
  EXPECT_EQ(AllActionKinds().size(), 9u);
}

TEST(PolicyChange, StateNamesRoundTrip) {
  for (auto s : {TerritoryState::kAvailable, TerritoryState::kWaitlist, TerritoryState::kComingSoon,
                 TerritoryState::kUnavailable, TerritoryState::kBlocked}) {
    EXPECT_EQ(*ParseTerritoryState(TerritoryStateName(s)), s);
  }
  EXPECT_EQ(TerritoryStateName(TerritoryState::kUnavailable), "unavailable");
  EXPECT_EQ(TerritoryStateName(TerritoryState::kComingSoon), "coming_soon");
  EXPECT_FALSE(ParseTerritoryState("open").ok());
}

TEST(PolicyChange, StrictValidationNamesTheField) {
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"},
                       {"iso", "UA"},
                       {"state", "blocked"},
                       {"colour", "red"}}),
              HasSubstr("set_territory_state.colour: unknown field"));
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"}, {"iso", "UA"}, {"state", "open"}}),
              HasSubstr("set_territory_state.state: unknown territory state \"open\""));
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"}, {"state", "blocked"}}),
              HasSubstr("set_territory_state.iso: missing required field"));
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"}, {"iso", 804}, {"state", "blocked"}}),
              HasSubstr("set_territory_state.iso: expected a string, got number"));
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"}, {"iso", "U1"}, {"state", "blocked"}}),
              HasSubstr("not an alpha-2 or alpha-3 code"));
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"},
                       {"iso", "UA"},
                       {"state", "blocked"},
                       {"coming_soon_date", "2026-01-01"}}),
              HasSubstr("coming_soon_date: only allowed with state \"coming_soon\""));
  EXPECT_THAT(ErrorOf({{"action", "set_territory_state"},
                       {"iso", "UA"},
                       {"state", "blocked"},
                       {"effective_at", "tomorrow"}}),
              HasSubstr("set_territory_state.effective_at"));
  EXPECT_THAT(ErrorOf({{"action", "add_geofence"},
                       {"id", "f"},
                       {"effect", "deny"},
                       {"geometry", kSquare},
                       {"speed_cap_kmh", "fast"}}),
              HasSubstr("add_geofence.speed_cap_kmh: expected a number, got string"));
  EXPECT_THAT(ErrorOf({{"action", "add_geofence"},
                       {"id", "f"},
                       {"effect", "deny"},
                       {"geometry", kSquare},
                       {"speed_cap_kmh", -5}}),
              HasSubstr("add_geofence.speed_cap_kmh: must be > 0"));
  nlohmann::json open_ring = kSquare;
  open_ring["coordinates"][0].erase(4);
  EXPECT_THAT(
      ErrorOf(
          {{"action", "add_geofence"}, {"id", "f"}, {"effect", "deny"}, {"geometry", open_ring}}),
      HasSubstr("add_geofence.geometry polygon ring 0: ring is not closed"));
  EXPECT_THAT(ErrorOf({{"action", "add_geofence"},
                       {"id", "f"},
                       {"effect", "deny"},
                       {"geometry", kSquare},
                       {"window", {{"from", "2026-02-01"}, {"to", "2026-01-01"}}}}),
              HasSubstr("add_geofence.window: \"from\" must be before \"to\""));
  EXPECT_THAT(ErrorOf({{"action", "add_geofence"},
                       {"id", "f"},
                       {"effect", "deny"},
                       {"geometry", kSquare},
                       {"window", {{"from", "2026-02-01"}, {"until", "2026-03-01"}}}}),
              HasSubstr("add_geofence.window.until: unknown field"));
  EXPECT_THAT(
      ErrorOf(
          {{"action", "add_geofence"}, {"id", "f g"}, {"effect", "deny"}, {"geometry", kSquare}}),
      HasSubstr("add_geofence.id"));
  EXPECT_THAT(ErrorOf({{"action", "register_terminal"},
                       {"id", "T"},
                       {"kind", "tank"},
                       {"service_address", {{"lat", 1}, {"lon", 2}}}}),
              HasSubstr("register_terminal.kind: unknown terminal kind \"tank\""));
  EXPECT_THAT(ErrorOf({{"action", "register_terminal"},
                       {"id", "T"},
                       {"kind", "roam"},
                       {"service_address", {{"lat", 91}, {"lon", 2}}}}),
              HasSubstr("register_terminal.service_address.lat: outside [-90, 90]"));
  EXPECT_THAT(ErrorOf({{"action", "register_terminal"},
                       {"id", "T"},
                       {"kind", "roam"},
                       {"service_address", {{"lat", 1}, {"lon", 2}, {"alt", 3}}}}),
              HasSubstr("register_terminal.service_address.alt: unknown field"));
  EXPECT_THAT(ErrorOf({{"action", "set_terminal_status"}, {"id", "T"}, {"status", "paused"}}),
              HasSubstr("set_terminal_status.status"));
  EXPECT_THAT(ErrorOf({{"action", "launch"}}), HasSubstr("unknown action \"launch\""));
  EXPECT_THAT(ErrorOf({{"iso", "UA"}}), HasSubstr("missing string field \"action\""));
  EXPECT_THAT(ErrorOf(nlohmann::json::array()), HasSubstr("must be a JSON object"));
  auto syntax = ParsePolicyChange("{\"action\": ");
  ASSERT_FALSE(syntax.ok());
  EXPECT_THAT(std::string(syntax.status().message()),
              HasSubstr("policy change:1:12: invalid JSON"));
  // A number nlohmann cannot hold is an error, not an escaping exception (found by fuzzing).
  auto overflow = ParsePolicyChange("{\"action\": \"block\", \"from\": 1e999}");
  ASSERT_FALSE(overflow.ok());
  EXPECT_THAT(std::string(overflow.status().message()), HasSubstr("number overflow"));
}

TEST(PolicyChange, DescribeIsOneSentence) {
  EXPECT_EQ(Describe(SetTerritoryState{"UA", TerritoryState::kBlocked, std::nullopt,
                                       SimTime::FromCivil(2026, 1, 1)}),
            "block territory UA from 2026-01-01T00:00:00Z");
  EXPECT_EQ(Describe(SetTerminalStatus{"T-1", TerminalStatus::kSuspended}), "suspend terminal T-1");
}

}  // namespace
}  // namespace leotwin::policy
