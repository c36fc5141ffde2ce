// The policy ledger end to end at the library level: quorum-enacted policy changes, time travel of
// decisions, explain, and refusal of bad policy input with the file unchanged.
#include "leotwin/ledger/ledger.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "leotwin/geo/territories.h"
#include "leotwin/ledger/testing/fixtures.h"

namespace leotwin::ledger {
namespace {

using nlohmann::json;

using testing::At;
using testing::FixedKey;
using testing::kT0;

std::string Square(const char* a2, const char* a3, const char* name, double lon0, double lat0,
                   double lon1, double lat1) {
  return fmt::format(
      R"({{"type":"Feature","properties":{{"iso_a2":"{}","iso_a3":"{}","name":"{}"}},)"
      R"("geometry":{{"type":"Polygon","coordinates":[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]}}}})",
      a2, a3, name, lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1, lon0, lat0);
}

// Two made-up square territories (fast to build; the bundled set is tested by the CLI test).
policy::Policy SmallPolicy() {
  const std::string geojson = "{\"type\":\"FeatureCollection\",\"features\":[" +
                              Square("UA", "UKR", "Ukraine", 30, 45, 40, 52) + "," +
                              Square("PL", "POL", "Poland", 14, 49, 24, 55) + "]}";
  auto set = geo::TerritorySet::FromGeoJson(geojson, "test territories");
  EXPECT_TRUE(set.ok()) << set.status();
  return policy::Policy(*set);
}

json Box(double lon0, double lat0, double lon1, double lat1) {
  return json{
      {"type", "Polygon"},
      {"coordinates", {{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}}};
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_ledger_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    path_ = (dir_ / "ledger.db").string();
    auto l = Ledger::Open(path_, SmallPolicy());
    ASSERT_TRUE(l.ok()) << l.status();
    ledger_.emplace(*std::move(l));
    Genesis g;
    g.clock.mode = ClockMode::kSimulated;  // fixed past instants
    g.operators = {PublicHalf(alice_), PublicHalf(bob_), PublicHalf(carol_)};
    g.quorum.default_approvals = 1;
    g.quorum.per_action = {{"territory.block", 2}, {"geofence.add_deny", 2}};
    g.initiator = "alice";
    g.created_at = At(0);
    ASSERT_TRUE(ledger_->Init(g, alice_, At(0)).ok());
  }
  void TearDown() override {
    ledger_.reset();
    std::filesystem::remove_all(dir_);
  }

  StatusOr<std::string> Propose(const OperatorKey& by, const json& change, int minute) {
    LEOTWIN_ASSIGN_OR_RETURN(ProposalBody body,
                             MakeProposalBody(ledger_->id(), by.name, At(minute), change));
    LEOTWIN_ASSIGN_OR_RETURN(SignedProposal p, SignProposal(std::move(body), by));
    LEOTWIN_RETURN_IF_ERROR(ledger_->Propose(p, At(minute)).status());
    return *ProposalId(p.body);
  }
  Status Approve(const OperatorKey& by, const std::string& id, int minute) {
    VoteBody body{ledger_->id(), id, by.name, Verdict::kApprove, At(minute), "ok", SimTime{}};
    LEOTWIN_ASSIGN_OR_RETURN(SignedVote v, SignVote(std::move(body), by));
    return ledger_->Vote(v, At(minute)).status();
  }
  std::string FileDigest() const {
    return ToHex(Sha256(ReadFileBytes(path_) + "|" + ReadFileBytes(path_ + "-wal")));
  }

  // UA available (entries 2-3), roam terminal T-1 (4-5), deny geofence front-1 (6-8).
  void BuildScenario() {
    auto p1 = Propose(
        alice_, {{"action", "set_territory_state"}, {"iso", "UA"}, {"state", "available"}}, 1);
    ASSERT_TRUE(p1.ok()) << p1.status();
    ASSERT_TRUE(Approve(bob_, *p1, 2).ok());
    auto p2 = Propose(bob_,
                      {{"action", "register_terminal"},
                       {"id", "T-1"},
                       {"kind", "roam"},
                       {"service_address", {{"lat", 50.45}, {"lon", 30.52}}},
                       {"sponsor", "ACME"}},
                      3);
    ASSERT_TRUE(p2.ok()) << p2.status();
    ASSERT_TRUE(Approve(carol_, *p2, 4).ok());
    auto p3 = Propose(alice_,
                      {{"action", "add_geofence"},
                       {"id", "front-1"},
                       {"name", "Front line"},
                       {"effect", "deny"},
                       {"geometry", Box(37, 47.5, 38.5, 49)}},
                      5);
    ASSERT_TRUE(p3.ok()) << p3.status();
    ASSERT_TRUE(Approve(bob_, *p3, 6).ok());
    ASSERT_EQ(ledger_->policy().geofences().size(), 0u);  // quorum 2: still pending
    ASSERT_TRUE(Approve(carol_, *p3, 7).ok());
    ASSERT_EQ(ledger_->policy().geofences().size(), 1u);
    ASSERT_EQ(ledger_->state().head().seq, 8);
  }

  std::filesystem::path dir_;
  std::string path_;
  std::optional<Ledger> ledger_;
  OperatorKey alice_ = FixedKey("alice", 1);
  OperatorKey bob_ = FixedKey("bob", 2);
  OperatorKey carol_ = FixedKey("carol", 3);
};

TEST_F(LedgerTest, EnactedChangesRememberTheirProposalEntry) {
  BuildScenario();
  const policy::Policy& pol = ledger_->policy();
  auto rule = pol.TerritoryRuleAt("UA", At(10));
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->state, policy::TerritoryState::kAvailable);
  EXPECT_EQ(rule->ledger_entry_id, 2);
  EXPECT_EQ(rule->effective_at, At(2));  // enacted by the approval at minute 2
  EXPECT_EQ(pol.FindGeofence("front-1")->ledger_entry_id, 6);
  EXPECT_EQ(pol.FindTerminal("T-1")->registered_entry_id, 4);
}

TEST_F(LedgerTest, ExplainAnswersWhyATerminalWasDeniedAtAPastInstant) {
  BuildScenario();
  // Inside front-1 after its enactment (minute 7): denied by the geofence.
  auto late = ledger_->Explain("T-1", 48.2, 37.8, 0, At(8));
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_FALSE(late->decision.allowed);
  EXPECT_EQ(late->decision.reason, policy::ReasonCode::kBlockedArea);
  EXPECT_EQ(late->decision.rule_id, "geofence:front-1");
  ASSERT_TRUE(late->rule.has_value());
  EXPECT_EQ(late->rule->entry, 6);
  EXPECT_EQ(late->rule->proposer, "alice");
  ASSERT_EQ(late->rule->votes.size(), 2u);
  EXPECT_EQ(late->rule->votes[0].vote.body.voter, "bob");
  EXPECT_EQ(late->rule->votes[1].vote.body.voter, "carol");
  EXPECT_EQ(late->rule->votes[1].at, At(7));
  EXPECT_EQ(late->rule->status, "enacted");
  EXPECT_EQ(late->rule->decided_entry, 8);
  ASSERT_TRUE(late->registration.has_value());
  EXPECT_EQ(late->registration->entry, 4);
  const std::string text = late->ToText();
  EXPECT_NE(text.find("DENIED (blocked_area)"), std::string::npos) << text;
  EXPECT_NE(text.find("proposed by alice"), std::string::npos) << text;
  EXPECT_NE(text.find("approved by carol"), std::string::npos) << text;
  EXPECT_EQ(late->ToJson()["rule_provenance"]["entry"], 6);

  // Same place one minute before the second approval: the fence was not in force yet.
  auto early = ledger_->Explain("T-1", 48.2, 37.8, 0, At(6));
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->decision.allowed) << early->decision.message;
  EXPECT_EQ(early->rule->entry, 2);  // UA available
  // Before the terminal was registered it is unknown.
  auto before = ledger_->Explain("T-1", 48.2, 37.8, 0, At(3));
  EXPECT_EQ(before->decision.reason, policy::ReasonCode::kUnknownTerminal);
  // The policy as of minute 6 has no geofence; now it has one.
  EXPECT_TRUE(ledger_->PolicyAt(At(6))->geofences().empty());
  EXPECT_EQ(ledger_->PolicyAt(At(7))->geofences().size(), 1u);
}

TEST_F(LedgerTest, UnknownTerritoryIsRefusedAndWritesNothing) {
  const std::string before = FileDigest();
  auto r =
      Propose(alice_, {{"action", "set_territory_state"}, {"iso", "XX"}, {"state", "blocked"}}, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound) << r.status();
  EXPECT_NE(r.status().message().find("unknown territory \"XX\""), std::string::npos) << r.status();
  EXPECT_EQ(FileDigest(), before);
  EXPECT_EQ(ledger_->state().head().seq, 1);
}

TEST_F(LedgerTest, ConflictingRulesAreRefusedAndWriteNothing) {
  BuildScenario();
  const std::string before = FileDigest();
  // A second geofence with the same id.
  auto dup = Propose(bob_,
                     {{"action", "add_geofence"},
                      {"id", "front-1"},
                      {"effect", "allow"},
                      {"geometry", Box(20, 50, 21, 51)}},
                     10);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists) << dup.status();
  // A backdated schedule.
  auto back = Propose(bob_,
                      {{"action", "set_territory_state"},
                       {"iso", "PL"},
                       {"state", "available"},
                       {"effective_at", "2020-01-01T00:00:00Z"}},
                      10);
  EXPECT_FALSE(back.ok());
  // Removing a geofence that does not exist.
  auto gone = Propose(bob_, {{"action", "remove_geofence"}, {"id", "nope"}}, 10);
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound) << gone.status();
  // Malformed change: unknown action, wrong type.
  EXPECT_FALSE(Propose(bob_, {{"action", "launch"}}, 10).ok());
  EXPECT_FALSE(Propose(bob_, {{"action", "set_territory_state"}, {"iso", 7}}, 10).ok());
  EXPECT_EQ(FileDigest(), before);
  // Two pending removals of front-1: the second cannot be enacted after the first.
  auto r1 = Propose(bob_, {{"action", "remove_geofence"}, {"id", "front-1"}}, 11);
  auto r2 = Propose(carol_, {{"action", "remove_geofence"}, {"id", "front-1"}}, 11);
  ASSERT_TRUE(r1.ok() && r2.ok());
  // Removing a deny geofence lifts it: the 2 approvals its addition took.
  ASSERT_TRUE(Approve(alice_, *r1, 12).ok());
  ASSERT_TRUE(Approve(carol_, *r1, 12).ok());
  const std::string mid = FileDigest();
  Status s = Approve(alice_, *r2, 13);
  EXPECT_NE(s.message().find("no longer applies"), std::string::npos) << s;
  EXPECT_EQ(FileDigest(), mid);
}

TEST_F(LedgerTest, BlockingATerritoryNeedsTwoApprovers) {
  auto p =
      Propose(carol_, {{"action", "set_territory_state"}, {"iso", "PL"}, {"state", "blocked"}}, 1);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(ledger_->state().FindProposal(*p)->action_kind, "territory.block");
  ASSERT_TRUE(Approve(alice_, *p, 2).ok());
  EXPECT_EQ(ledger_->policy().TerritoryRuleAt("PL", At(3))->state,
            policy::TerritoryState::kUnavailable);
  ASSERT_TRUE(Approve(bob_, *p, 3).ok());
  EXPECT_EQ(ledger_->policy().TerritoryRuleAt("PL", At(3))->state,
            policy::TerritoryState::kBlocked);
}

TEST_F(LedgerTest, ReopeningReplaysToTheSamePolicyAndVerifies) {
  BuildScenario();
  const json now = ledger_->policy().ToJson(At(10));
  const Head head = ledger_->state().head();
  ledger_.reset();
  auto again = Ledger::Open(path_, SmallPolicy());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->state().head(), head);
  EXPECT_EQ(again->policy().ToJson(At(10)), now);
  VerifyReport r = again->Verify();
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.verified, 8);
}

TEST_F(LedgerTest, MalformedProposalJsonIsRefusedWithPosition) {
  auto r = ParseSignedProposal("{\"leotwin_proposal\":2,\n \"ledger\": }", "p.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("p.json:2:12: invalid JSON"), std::string::npos)
      << r.status();
  auto missing = ParseSignedProposal(R"({"leotwin_proposal":2})", "p.json");
  EXPECT_NE(missing.status().message().find("missing field \"ledger\""), std::string::npos)
      << missing.status();
  auto wrong = ParseSignedProposal("[1,2]", "p.json");
  EXPECT_NE(wrong.status().message().find("must be a JSON object"), std::string::npos);
}

}  // namespace
}  // namespace leotwin::ledger
