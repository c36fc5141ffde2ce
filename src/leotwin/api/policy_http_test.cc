// The policy API over real HTTP on 127.0.0.1 (Twin + BuildRouter + HttpServer), backed by a real
// SQLite ledger with three operators: the signed POSTs (the only way to change anything), what a
// forged or premature write does to the ledger (nothing), quorum flipping a decision, and `?at=`
// time travel through the decide endpoint.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "leotwin/api/testing/local_api.h"
#include "leotwin/api/twin.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/ledger/messages.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

constexpr char kAdminToken[] = "policy-http-test-admin-token-0123456789";
// Kyiv: inside the bundled territory UA, whose default state is unavailable.
constexpr double kKyivLat = 50.45, kKyivLon = 30.52;

ledger::OperatorKey KeyFromSeedByte(const std::string& name, uint8_t byte) {
  std::array<uint8_t, ledger::kSeedBytes> seed{};
  seed.fill(byte);
  return ledger::OperatorKey{name, *ledger::SigningKey::FromSeed(seed)};
}

class PolicyHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "leotwin_policy_http_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const std::string db = (dir_ / "ledger.db").string();
    CreateLedger(db);
    if (HasFatalFailure()) return;

    TwinOptions options;
    options.constellation = "handley2018";  // 1,600 satellites: quick to load under sanitizers.
    options.db_path = db;
    options.require_db = true;
    auto twin = Twin::Load(options);
    ASSERT_TRUE(twin.ok()) << twin.status();
    twin_ = *twin;
    auto api = testing::StartLocalApi(twin_, kAdminToken);
    ASSERT_TRUE(api.ok()) << api.status();
    api_ = *std::move(api);
  }

  void TearDown() override {
    api_.client.reset();  // the client before the server it talks to
    api_.server.reset();
    twin_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Genesis by alice on the system clock: alice, bob and carol; a territory state change needs
  // two approvals besides the proposer, everything else one.
  void CreateLedger(const std::string& db) {
    auto ledger = ledger::Ledger::Open(db);
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    ledger::Genesis genesis;
    genesis.operators = {ledger::PublicHalf(alice_), ledger::PublicHalf(bob_),
                         ledger::PublicHalf(carol_)};
    genesis.quorum.default_approvals = 1;
    genesis.quorum.per_action = {{"territory.set_state", 2}, {"territory.block", 2}};
    genesis.clock.mode = ledger::ClockMode::kSystem;
    genesis.initiator = "alice";
    genesis.created_at = PolicyService::Now();
    auto entry = ledger->Init(genesis, alice_, genesis.created_at);
    ASSERT_TRUE(entry.ok()) << entry.status();
    ledger_id_ = ledger->id();
  }

  json GetJson(const std::string& target, int expected_status = 200, bool admin = false) {
    httplib::Headers headers;
    if (admin) headers.emplace("Authorization", std::string("Bearer ") + kAdminToken);
    auto res = api_.client->Get(target, headers);
    EXPECT_TRUE(res) << target << ": no response";
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << target << " -> " << res->body.substr(0, 500);
    return json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  }

  // Posts `body` and returns the status (0 when there was no response) and parsed JSON reply.
  std::pair<int, json> Post(const std::string& target, const std::string& body) {
    auto res = api_.client->Post(target, body, "application/json");
    if (!res) return {0, json()};
    return {res->status, json::parse(res->body, nullptr, /*allow_exceptions=*/false)};
  }

  ledger::SignedProposal SignedProposalBy(const ledger::OperatorKey& by, const json& change) {
    ledger::ProposalBody body{ledger_id_, by.name, PolicyService::Now(), change, "", SimTime()};
    auto signed_proposal = ledger::SignProposal(std::move(body), by);
    EXPECT_TRUE(signed_proposal.ok()) << signed_proposal.status();
    return *signed_proposal;
  }
  ledger::SignedVote SignedApprovalBy(const ledger::OperatorKey& by,
                                      const std::string& proposal_id) {
    ledger::VoteBody body{ledger_id_,           proposal_id, by.name,  ledger::Verdict::kApprove,
                          PolicyService::Now(), "",          SimTime()};
    auto vote = ledger::SignVote(std::move(body), by);
    EXPECT_TRUE(vote.ok()) << vote.status();
    return *vote;
  }

  // Submits a signed proposal over HTTP; returns its id (from the 201 reply).
  std::string ProposeOverHttp(const ledger::OperatorKey& by, const json& change) {
    const auto [status, reply] = Post("/api/v1/ledger/proposals",
                                      ledger::ProposalToJson(SignedProposalBy(by, change)).dump());
    EXPECT_EQ(status, 201) << reply.dump();
    return reply.value("proposal", "");
  }
  void ApproveOverHttp(const ledger::OperatorKey& by, const std::string& proposal_id) {
    const auto [status, reply] =
        Post("/api/v1/ledger/votes", ledger::VoteToJson(SignedApprovalBy(by, proposal_id)).dump());
    EXPECT_EQ(status, 201) << reply.dump();
  }

  // Registers T-1 with its service address in Kyiv (one approval needed).
  void RegisterKyivTerminal() {
    const std::string id =
        ProposeOverHttp(alice_, {{"action", "register_terminal"},
                                 {"id", "T-1"},
                                 {"kind", "fixed"},
                                 {"service_address", {{"lat", kKyivLat}, {"lon", kKyivLon}}},
                                 {"sponsor", "Test Sponsor"}});
    ApproveOverHttp(bob_, id);
  }

  json Decide(const std::string& at_query = "") {
    return GetJson("/api/v1/decide?terminal=T-1&lat=50.45&lon=30.52" + at_query, 200,
                   /*admin=*/true);
  }
  static bool Allowed(const json& decide_reply) {
    return decide_reply["decision"].value("allowed", false);
  }

  json Head() { return GetJson("/api/v1/ledger")["head"]; }

  static json TerritoryState(const std::string& state) {
    return {{"action", "set_territory_state"}, {"iso", "UA"}, {"state", state}};
  }

  ledger::OperatorKey alice_ = KeyFromSeedByte("alice", 1);
  ledger::OperatorKey bob_ = KeyFromSeedByte("bob", 2);
  ledger::OperatorKey carol_ = KeyFromSeedByte("carol", 3);
  ledger::OperatorKey dave_ = KeyFromSeedByte("dave", 4);  // Not an operator.
  std::filesystem::path dir_;
  std::string ledger_id_;
  std::shared_ptr<const Twin> twin_;
  testing::LocalApi api_;
};

TEST_F(PolicyHttpTest, SignedProposalIsCreatedAndListedAsPending) {
  const json before = Head();
  const ledger::SignedProposal p = SignedProposalBy(alice_, TerritoryState("available"));
  const auto [status, reply] = Post("/api/v1/ledger/proposals", ledger::ProposalToJson(p).dump());
  ASSERT_EQ(status, 201) << reply.dump();
  EXPECT_EQ(reply["proposal"], *ledger::ProposalId(p.body));
  EXPECT_EQ(reply["entry"]["seq"], before["seq"].get<int64_t>() + 1);

  const json ledger_listing = GetJson("/api/v1/ledger");
  EXPECT_EQ(ledger_listing["head"]["seq"], before["seq"].get<int64_t>() + 1);
  EXPECT_NE(ledger_listing["head"]["hash"], before["hash"]);
  EXPECT_EQ(ledger_listing["pending"], 1);
  const json proposals = GetJson("/api/v1/ledger/proposals")["proposals"];
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_EQ(proposals[0]["status"], "pending");
  EXPECT_EQ(proposals[0]["proposer"], "alice");
  const json verify = GetJson("/api/v1/ledger/verify");
  EXPECT_EQ(verify["ok"], true) << verify.dump();
  EXPECT_EQ(verify["head"]["seq"], before["seq"].get<int64_t>() + 1);
}

TEST_F(PolicyHttpTest, ForgedWritesAreRefusedAndChangeNothing) {
  const std::string pending = ProposeOverHttp(alice_, TerritoryState("available"));
  const json before = GetJson("/api/v1/ledger");

  // A proposal whose signature does not match its content (one hex digit changed).
  json tampered = ledger::ProposalToJson(SignedProposalBy(bob_, TerritoryState("blocked")));
  std::string signature = tampered["signature"];
  signature[10] = signature[10] == '0' ? '1' : '0';
  tampered["signature"] = signature;
  auto [status, reply] = Post("/api/v1/ledger/proposals", tampered.dump());
  EXPECT_GE(status, 400) << reply.dump();
  EXPECT_LT(status, 500) << reply.dump();

  // A proposal re-signed with another key than the named proposer's.
  ledger::ProposalBody body{ledger_id_, "bob",    PolicyService::Now(), TerritoryState("blocked"),
                            "",         SimTime()};
  const ledger::OperatorKey impostor = KeyFromSeedByte("bob", 4);  // dave's key, bob's name
  std::tie(status, reply) =
      Post("/api/v1/ledger/proposals",
           ledger::ProposalToJson(*ledger::SignProposal(body, impostor)).dump());
  EXPECT_GE(status, 400) << reply.dump();
  EXPECT_LT(status, 500) << reply.dump();

  // Votes: a tampered signature, a non-operator, and the proposer approving their own proposal.
  json vote = ledger::VoteToJson(SignedApprovalBy(bob_, pending));
  std::string vote_signature = vote["signature"];
  vote_signature[0] = vote_signature[0] == 'a' ? 'b' : 'a';
  vote["signature"] = vote_signature;
  for (const std::string& bad_vote :
       {vote.dump(), ledger::VoteToJson(SignedApprovalBy(dave_, pending)).dump(),
        ledger::VoteToJson(SignedApprovalBy(alice_, pending)).dump()}) {
    std::tie(status, reply) = Post("/api/v1/ledger/votes", bad_vote);
    EXPECT_GE(status, 400) << reply.dump();
    EXPECT_LT(status, 500) << reply.dump();
  }

  const json after = GetJson("/api/v1/ledger");
  EXPECT_EQ(after["head"], before["head"]);
  EXPECT_EQ(after["proposals"], before["proposals"]);
  EXPECT_EQ(after["pending"], before["pending"]);
  const json proposals = GetJson("/api/v1/ledger/proposals")["proposals"];
  ASSERT_EQ(proposals.size(), 1u);
  EXPECT_EQ(proposals[0]["votes"].size(), 0u) << proposals.dump();
}

TEST_F(PolicyHttpTest, QuorumFlipsTheDecisionAndTimeTravelSeesTheEarlierOne) {
  RegisterKyivTerminal();
  // UA was never set: its default state (unavailable) denies the registered terminal.
  const json denied = Decide();
  ASSERT_FALSE(Allowed(denied)) << denied.dump();
  EXPECT_EQ(denied["decision"]["territory"], "UA");

  const std::string id = ProposeOverHttp(alice_, TerritoryState("available"));
  ApproveOverHttp(bob_, id);
  // One approval of the two needed: still denied.
  EXPECT_FALSE(Allowed(Decide())) << "enacted before its quorum";

  // Entries carry wall-clock commit times; leave a clear gap on both sides of this instant.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const SimTime before_quorum = PolicyService::Now();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ApproveOverHttp(carol_, id);

  const json allowed = Decide();
  EXPECT_TRUE(Allowed(allowed)) << allowed.dump();
  EXPECT_EQ(allowed["decision"]["rule"], "territory:UA") << allowed.dump();
  const json proposals = GetJson("/api/v1/ledger/proposals")["proposals"];
  ASSERT_EQ(proposals.size(), 2u);
  EXPECT_EQ(proposals[1]["status"], "enacted") << proposals.dump();

  // Time travel: the instant before the second approval still gives the denial.
  const json past = Decide("&at=" + before_quorum.ToIso8601());
  EXPECT_FALSE(Allowed(past)) << past.dump();
  // The policy endpoint agrees, now and then.
  const json territory_now = GetJson("/api/v1/policy", 200, /*admin=*/true);
  const json territory_then =
      GetJson("/api/v1/policy?at=" + before_quorum.ToIso8601(), 200, /*admin=*/true);
  EXPECT_NE(territory_now.dump(), territory_then.dump());

  // And the reverse: blocking it again (two approvals) denies once more.
  const std::string block = ProposeOverHttp(bob_, TerritoryState("blocked"));
  ApproveOverHttp(alice_, block);
  EXPECT_TRUE(Allowed(Decide()));
  ApproveOverHttp(carol_, block);
  const json blocked = Decide();
  EXPECT_FALSE(Allowed(blocked)) << blocked.dump();
  EXPECT_EQ(blocked["decision"]["reason"], "blocked_country") << blocked.dump();
}

TEST_F(PolicyHttpTest, DecisionsNeedAdminAccess) {
  RegisterKyivTerminal();
  GetJson("/api/v1/decide?terminal=T-1&lat=50.45&lon=30.52", 401);
  httplib::Headers wrong = {{"Authorization", "Bearer not-the-token"}};
  auto res = api_.client->Get("/api/v1/decide?terminal=T-1&lat=50.45&lon=30.52", wrong);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  // Without admin access the ledger listing hides the subscriber's sponsor.
  const json entries = GetJson("/api/v1/ledger")["entries"];
  EXPECT_EQ(entries.dump().find("Test Sponsor"), std::string::npos);
  const json admin_entries = GetJson("/api/v1/ledger", 200, /*admin=*/true)["entries"];
  EXPECT_NE(admin_entries.dump().find("Test Sponsor"), std::string::npos);
}

// (The heavy map layers, /territories and /availability, are left to handlers_test: under the
// sanitizers they take minutes on a loaded machine.)
TEST_F(PolicyHttpTest, GeofencesAndPolicyFollowTheLedger) {
  const std::string id = ProposeOverHttp(alice_, TerritoryState("available"));
  const json fence_change = {
      {"action", "add_geofence"},
      {"id", "front-1"},
      {"name", "Front"},
      {"effect", "deny"},
      {"geometry",
       {{"type", "Polygon"},
        {"coordinates", {{{37, 47.5}, {38.5, 47.5}, {38.5, 49}, {37, 49}, {37, 47.5}}}}}}};
  ApproveOverHttp(bob_, id);
  ApproveOverHttp(carol_, id);
  ApproveOverHttp(bob_, ProposeOverHttp(alice_, fence_change));

  // The policy as served lists the enacted fence.
  const json policy = GetJson("/api/v1/policy", 200, /*admin=*/true);
  EXPECT_NE(policy.dump().find("front-1"), std::string::npos) << policy.dump().substr(0, 500);
  const json fences = GetJson("/api/v1/geofences");
  ASSERT_EQ(fences["features"].size(), 1u);
  EXPECT_EQ(fences["features"][0]["properties"]["id"], "front-1");
  EXPECT_EQ(fences["features"][0]["properties"]["effect"], "deny");
  // Unknown parameters and malformed bodies are client errors.
  GetJson("/api/v1/geofences?bogus=1", 400);
  EXPECT_EQ(Post("/api/v1/ledger/proposals", "{\"leotwin_proposal\":2}").first, 400);
  EXPECT_EQ(Post("/api/v1/ledger/votes", "[]").first, 400);
}

}  // namespace
}  // namespace leotwin::api
