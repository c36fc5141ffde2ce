#include "leotwin/scenario/scenario.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leotwin/base/input.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/scenario/seed.h"

namespace leotwin::scenario {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("scenario_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A small valid scenario; `history` replaces the steps.
  static std::string Text(const std::string& history, const std::string& extra = "") {
    return R"({"leotwin_scenario":1,"name":"t","constellation":"starlink-gen1",)"
           R"("operators":["alice","bob","carol"],)" +
           extra + R"("genesis":{"at":"2022-01-01T00:00:00Z","by":"alice"},"history":[)" + history +
           "]}";
  }
  StatusOr<Scenario> Parse(const std::string& text) {
    return ParseScenario(text, dir_.string(), "s.json");
  }

  fs::path dir_;
};

constexpr char kUaStep[] =
    R"({"at":"2022-02-26T18:00:00Z","by":"alice","changes":[{"action":"set_territory_state",)"
    R"("iso":"UA","state":"available"}],"approvals":[{"by":"bob"}]})";

TEST_F(ScenarioTest, ParsesStepsAndDefaultsApprovalTimes) {
  auto s = Parse(Text(kUaStep));
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->history.size(), 1u);
  EXPECT_EQ(s->history[0].approvals[0].at.ToIso8601(), "2022-02-26T18:15:00Z");
  EXPECT_EQ(s->last_time().ToIso8601(), "2022-02-26T18:15:00Z");
  EXPECT_EQ(s->digest.size(), 64u);
  // Recommended quorums: two approvals to block, one by default.
  EXPECT_EQ(s->quorum.For("territory.block"), 2);
  EXPECT_EQ(s->quorum.For("territory.set_state"), 1);
}

TEST_F(ScenarioTest, RefusesWhatTheLedgerWouldRefuseNamingTheStep) {
  const struct {
    std::string text, expected;
  } cases[] = {
      {Text(kUaStep, R"("colour":"red",)"), "colour"},
      {Text(R"({"at":"2022-02-26T18:00:00Z","by":"alice","changes":[{"action":"set_territory_)"
            R"(state","iso":"UA","state":"available"}],"approvals":[{"by":"alice"}]})"),
       "history[0].approvals[0]: alice proposed this step"},
      {Text(R"({"at":"2021-02-26T18:00:00Z","by":"alice","changes":[{"action":"set_territory_)"
            R"(state","iso":"UA","state":"available"}]})"),
       "history[0]: at 2021-02-26T18:00:00Z is before"},
      {Text(R"({"at":"2022-02-26T18:00:00Z","by":"mallory","changes":[{"action":"set_territory_)"
            R"(state","iso":"UA","state":"available"}]})"),
       "\"by\" is mallory, not one of the operators"},
      {Text(R"({"at":"2022-02-26T18:00:00Z","by":"alice","changes":[{"action":"paint"}]})"),
       "history[0].changes[0]"},
      {Text(R"({"at":"2022-02-26T18:00:00Z","by":"alice","changes":[{"action":"add_geofence",)"
            R"("id":"g","effect":"deny","geometry_file":"../../etc/passwd"}]})"),
       "inside the scenario folder"},
      {Text(kUaStep, R"("quorum":{"territory.block":3},)"), "quorum"},
      {Text(kUaStep, R"("quorum":{"territory.blok":1},)"), "territory.blok"},
      {"{\"leotwin_scenario\":1,\n \"name\": }", "s.json:2:10"},
  };
  for (const auto& c : cases) {
    auto s = Parse(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_THAT(std::string(s.status().message()), HasSubstr(c.expected)) << c.text;
  }
}

TEST_F(ScenarioTest, GeometryFilesAreReadFromTheFolderAndCountInTheDigest) {
  const std::string step =
      R"({"at":"2022-03-01T00:00:00Z","by":"alice","changes":[{"action":"add_geofence",)"
      R"("id":"g","effect":"deny","geometry_file":"box.geojson"}],"approvals":[{"by":"bob"},)"
      R"({"by":"carol"}]})";
  const auto write_box = [&](double east) {
    std::ofstream(dir_ / "box.geojson") << R"({"type":"Polygon","coordinates":[[[37,47],[)" << east
                                        << R"(,47],[)" << east << R"(,48],[37,48],[37,47]]]})";
  };
  write_box(38);
  auto a = Parse(Text(step));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->history[0].changes[0]["geometry"]["type"], "Polygon");
  write_box(38.5);
  auto b = Parse(Text(step));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_NE(a->digest, b->digest);
}

TEST_F(ScenarioTest, SeedsAVerifiedLedgerThatAnswersWhoDecidedAndSince) {
  auto s = Parse(Text(kUaStep));
  ASSERT_TRUE(s.ok()) << s.status();
  int64_t last_done = 0, calls = 0;
  auto seeded = Seed(*s, (dir_ / "state").string(), [&](int64_t done, int64_t total) {
    EXPECT_EQ(total, 3);
    last_done = done;
    ++calls;
  });
  ASSERT_TRUE(seeded.ok()) << seeded.status();
  EXPECT_TRUE(seeded->created);
  EXPECT_EQ(seeded->entries, 3);  // genesis, proposal, approval
  EXPECT_EQ(last_done, 3);
  EXPECT_EQ(calls, 3);
  // Secrets are private to the user.
  struct stat info;
  ASSERT_EQ(::stat(seeded->state_dir.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 077, 0u);
  ASSERT_EQ(::stat((seeded->keys_dir + "/alice.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 077, 0u);
  ASSERT_EQ(::stat(seeded->admin_token_path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 077, 0u);

  auto ledger = ledger::Ledger::OpenReadOnly(seeded->ledger_path);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  EXPECT_TRUE(ledger->Verify().ok);
  EXPECT_EQ(ledger->id(), seeded->ledger_id);
  const auto before =
      ledger->Explain("none", 50.45, 30.52, 0, *SimTime::Parse("2022-02-26T18:10:00Z"));
  ASSERT_TRUE(before.ok());
  // Unregistered terminal: denied either way; the territory rule is what changes.
  auto policy_before = ledger->PolicyAt(*SimTime::Parse("2022-02-26T18:10:00Z"));
  auto policy_after = ledger->PolicyAt(*SimTime::Parse("2022-02-26T18:16:00Z"));
  ASSERT_TRUE(policy_before.ok() && policy_after.ok());
  const SimTime t = *SimTime::Parse("2022-03-01T00:00:00Z");
  EXPECT_NE(policy_before->TerritoryRuleAt("UA", t)->state, policy::TerritoryState::kAvailable);
  const auto rule = policy_after->TerritoryRuleAt("UA", t);
  EXPECT_EQ(rule->state, policy::TerritoryState::kAvailable);
  EXPECT_EQ(rule->ledger_entry_id, 2);  // the proposal entry
}

TEST_F(ScenarioTest, ReusesASeededLedgerAndReseedsWhenTheScenarioChanges) {
  auto s = Parse(Text(kUaStep));
  ASSERT_TRUE(s.ok()) << s.status();
  const std::string state = (dir_ / "state").string();
  auto first = Seed(*s, state);
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = Seed(*s, state);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->ledger_id, first->ledger_id);

  auto changed = Parse(
      Text(std::string(kUaStep).replace(std::string(kUaStep).find("available"), 9, "waitlist")));
  ASSERT_TRUE(changed.ok()) << changed.status();
  auto reseeded = Seed(*changed, state);
  ASSERT_TRUE(reseeded.ok()) << reseeded.status();
  EXPECT_TRUE(reseeded->created);
  // Same keys and genesis: the same ledger id (seeding is deterministic); the history differs.
  EXPECT_EQ(reseeded->ledger_id, first->ledger_id);
  EXPECT_TRUE(fs::exists(state + "/ledger.db.previous"));
  auto ledger = ledger::Ledger::OpenReadOnly(reseeded->ledger_path);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  const SimTime t = *SimTime::Parse("2022-03-01T00:00:00Z");
  EXPECT_EQ(ledger->policy().TerritoryRuleAt("UA", t)->state, policy::TerritoryState::kWaitlist);
}

TEST_F(ScenarioTest, AFailedSeedLeavesNoLedgerBehind) {
  // Blocking needs two approvals; the history gives one, so the change is never enacted.
  auto s = Parse(
      Text(R"({"at":"2022-03-05T09:00:00Z","by":"bob","changes":[{"action":"set_)"
           R"(territory_state","iso":"RU","state":"blocked"}],"approvals":[{"by":"alice"}]})"));
  ASSERT_TRUE(s.ok()) << s.status();
  const std::string state = (dir_ / "state").string();
  auto seeded = Seed(*s, state);
  ASSERT_FALSE(seeded.ok());
  EXPECT_THAT(std::string(seeded.status().message()),
              HasSubstr("history[0].changes[0]: not enacted after its approvals"));
  EXPECT_FALSE(fs::exists(state + "/ledger.db"));
  EXPECT_FALSE(fs::exists(state + "/ledger.db.seeding"));

  // An unknown territory is refused by the ledger and named by step.
  auto unknown = Parse(Text(R"({"at":"2022-03-05T09:00:00Z","by":"bob","changes":[{"action":)"
                            R"("set_territory_state","iso":"QQ","state":"available"}]})"));
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  auto refused = Seed(*unknown, state);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("history[0].changes[0]"));
  EXPECT_FALSE(fs::exists(state + "/ledger.db"));
}

// The bundled demo: every step enacted, and the story it exists to tell holds.
TEST_F(ScenarioTest, BundledDemoTellsTheFrontLineStory) {
  auto s = LoadScenario("demo");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_THAT(BundledScenarios(), ::testing::Contains("demo"));
  auto seeded = Seed(*s, (dir_ / "demo").string());
  ASSERT_TRUE(seeded.ok()) << seeded.status();
  auto ledger = ledger::Ledger::OpenReadOnly(seeded->ledger_path);
  ASSERT_TRUE(ledger.ok()) << ledger.status();
  const auto report = ledger->Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  for (const auto* p : ledger->state().Proposals()) {
    EXPECT_EQ(p->status, ledger::ProposalStatus::kEnacted) << p->proposal.body.change.dump();
  }
  // A roaming terminal inside the illustrative front-line geofence: allowed before the second
  // approval (14:02), denied after, by that geofence's entry.
  const auto at = [](const char* iso) { return *SimTime::Parse(iso); };
  auto before = ledger->Explain("UA-R-0417", 48.7230, 37.5560, 0, at("2022-10-01T14:01:00Z"));
  auto after = ledger->Explain("UA-R-0417", 48.7230, 37.5560, 0, at("2022-10-01T14:03:00Z"));
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_TRUE(before->decision.allowed);
  EXPECT_FALSE(after->decision.allowed);
  EXPECT_EQ(after->decision.rule_id, "geofence:front-2022-10");
  ASSERT_TRUE(after->rule.has_value());
  EXPECT_EQ(after->rule->proposer, "alice");
  ASSERT_EQ(after->rule->votes.size(), 2u);
  EXPECT_EQ(after->rule->votes[1].vote.body.voter, "carol");
  // Ukraine before and after its activation (26 February 2022).
  auto kyiv_before = ledger->Explain("UA-GOV-0001", 50.45, 30.52, 0, at("2022-02-20T00:00:00Z"));
  auto kyiv_after = ledger->Explain("UA-GOV-0001", 50.45, 30.52, 0, at("2022-03-20T00:00:00Z"));
  ASSERT_TRUE(kyiv_before.ok() && kyiv_after.ok());
  EXPECT_FALSE(kyiv_before->decision.allowed);  // not yet registered
  EXPECT_TRUE(kyiv_after->decision.allowed);
  // Taiwan: "service date unknown", as the public map showed it: no entry ever set it.
  const auto tw = ledger->policy().TerritoryRuleAt("TW", at("2025-09-01T00:00:00Z"));
  ASSERT_TRUE(tw.ok());
  EXPECT_EQ(tw->state, policy::TerritoryState::kUnavailable);
  EXPECT_EQ(tw->ledger_entry_id, policy::kNoLedgerEntry);
  // India: announced, stopped, then licensed (three entries, the latest decides).
  const auto in = ledger->policy().TerritoryRuleAt("IN", at("2025-09-01T00:00:00Z"));
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->state, policy::TerritoryState::kComingSoon);
  EXPECT_EQ(ledger->policy().TerritorySchedule(*ledger->policy().territories().Find("IN")).size(),
            3u);
}

}  // namespace
}  // namespace leotwin::scenario
