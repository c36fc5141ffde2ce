// Issue 10, item 3: quorums follow effects, not verbs. Before the defence, after a 2-approval
// block of UA, `--set-territory UA --state available` needed 1 approval; after a 2-approval deny
// geofence, `--remove-geofence` needed 1; setting a territory `unavailable` (which cuts service)
// needed 1. Every row of the table in docs/ledger.md ("Quorums follow effects") is checked here.
// Genesis: default 1; territory.block, geofence.add_deny, geofence.remove_allow: 2; four operators
// so that a floor of 3 can be seen.
#include "gtest/gtest.h"
#include "ledger_fixture.h"

namespace leotwin::ledger::adversarial {
namespace {

class LedgerQuorum : public LedgerFixture {
 protected:
  void SetUp() override {
    LedgerOptions options;
    options.with_dave = true;
    options.quorum["terminal.suspend"] = 3;  // to see the floor of an activation
    Create(options);
  }

  // The approvals a change needs now, by proposing it (then withdrawing it, so the state stays).
  std::pair<std::string, int> Needed(const json& change) {
    auto id = Propose(alice_, change, minute_++);
    EXPECT_TRUE(id.ok()) << id.status();
    if (!id.ok()) return {"", -1};
    const ProposalRecord* r = ledger_->state().FindProposal(*id);
    std::pair<std::string, int> out{r->action_kind, r->quorum};
    EXPECT_TRUE(Reject(alice_, *id, minute_++).ok());  // the proposer withdraws it
    return out;
  }

  // Puts UA in `state`: from the default (unavailable, built in) through available, so the rule in
  // force was enacted with the quorum of its effect (a cut to a higher rank takes 2).
  void SetUa(const std::string& state) {
    if (state == "default") return;
    Enact(bob_, Territory("UA", "available"), {&carol_, &dave_, &alice_}, minute_);
    if (state != "available") {
      Enact(bob_, Territory("UA", state), {&carol_, &dave_, &alice_}, minute_);
    }
  }

  int minute_ = 1;
};

struct TerritoryRow {
  const char* prior;   // "default" = never set (unavailable, no ledger entry)
  const char* target;  // the proposed state
  const char* kind;    // expected action kind
  int quorum;          // expected approvals
};

// rank: available 0 < waitlist, coming_soon, unavailable 1 < blocked 2. A higher rank cuts service
// (territory.block, 2); a lower rank lifts (territory.set_state, 1, floor = the quorum that set the
// prior state: 1 for available/default, 2 for a state reached by a cut).
const TerritoryRow kTerritoryRows[] = {
    {"default", "available", "territory.set_state", 1},
    {"default", "waitlist", "territory.set_state", 1},
    {"default", "coming_soon", "territory.set_state", 1},
    {"default", "blocked", "territory.block", 2},
    {"available", "waitlist", "territory.block", 2},
    {"available", "coming_soon", "territory.block", 2},
    {"available", "unavailable", "territory.block", 2},
    {"available", "blocked", "territory.block", 2},
    {"waitlist", "available", "territory.set_state", 2},
    {"waitlist", "coming_soon", "territory.set_state", 1},
    {"waitlist", "unavailable", "territory.set_state", 1},
    {"waitlist", "blocked", "territory.block", 2},
    {"coming_soon", "available", "territory.set_state", 2},
    {"coming_soon", "waitlist", "territory.set_state", 1},
    {"coming_soon", "unavailable", "territory.set_state", 1},
    {"coming_soon", "blocked", "territory.block", 2},
    {"unavailable", "available", "territory.set_state", 2},
    {"unavailable", "waitlist", "territory.set_state", 1},
    {"unavailable", "coming_soon", "territory.set_state", 1},
    {"unavailable", "blocked", "territory.block", 2},
    {"blocked", "available", "territory.set_state", 2},
    {"blocked", "waitlist", "territory.set_state", 2},
    {"blocked", "coming_soon", "territory.set_state", 2},
    {"blocked", "unavailable", "territory.set_state", 2},
};

TEST_F(LedgerQuorum, EveryTerritoryTransition) {
  for (const TerritoryRow& row : kTerritoryRows) {
    SCOPED_TRACE(fmt::format("UA {} -> {}", row.prior, row.target));
    TearDown();
    minute_ = 1;
    SetUp();
    SetUa(row.prior);
    const auto [kind, quorum] = Needed(Territory("UA", row.target));
    EXPECT_EQ(kind, row.kind);
    EXPECT_EQ(quorum, row.quorum);
  }
}

// The three findings, end to end: the lift stays pending with fewer approvals than the
// restriction took, and is enacted only when it has as many.
TEST_F(LedgerQuorum, UndoingABlockTakesTheBlocksQuorum) {
  Enact(bob_, Territory("UA", "blocked"), {&carol_, &dave_}, minute_);
  auto lift = Propose(alice_, Territory("UA", "available"), minute_++);
  ASSERT_TRUE(lift.ok()) << lift.status();
  ASSERT_TRUE(Approve(bob_, *lift, minute_++).ok());
  EXPECT_EQ(ledger_->state().FindProposal(*lift)->status, ProposalStatus::kPending);
  EXPECT_EQ(ledger_->policy().TerritoryRuleAt("UA", At(minute_))->state,
            policy::TerritoryState::kBlocked);
  ASSERT_TRUE(Approve(carol_, *lift, minute_++).ok());
  EXPECT_EQ(ledger_->state().FindProposal(*lift)->status, ProposalStatus::kEnacted);
}

TEST_F(LedgerQuorum, RemovingADenyGeofenceTakesItsQuorum) {
  Enact(bob_, Geofence("front-1", "deny"), {&carol_, &dave_}, minute_);
  EXPECT_EQ(Needed({{"action", "remove_geofence"}, {"id", "front-1"}}),
            std::make_pair(std::string("geofence.remove"), 2));
}

TEST_F(LedgerQuorum, CuttingServiceTakesABlocksQuorum) {
  Enact(bob_, Territory("UA", "available"), {&carol_}, minute_);
  EXPECT_EQ(Needed(Territory("UA", "unavailable")),
            std::make_pair(std::string("territory.block"), 2));
}

TEST_F(LedgerQuorum, GeofenceRows) {
  EXPECT_EQ(Needed(Geofence("g-deny", "deny")),
            std::make_pair(std::string("geofence.add_deny"), 2));
  // An allow geofence over nothing restricted by the ledger: its own quorum.
  EXPECT_EQ(Needed(Geofence("g-allow", "allow")),
            std::make_pair(std::string("geofence.add_allow"), 1));
  // Once UA's waitlist was imposed by a cut (2 approvals), an allow geofence (which lifts waitlist,
  // coming_soon and unavailable under it) needs 2 too.
  Enact(bob_, Territory("UA", "available"), {&carol_}, minute_);
  Enact(bob_, Territory("UA", "waitlist"), {&carol_, &dave_}, minute_);
  EXPECT_EQ(Needed(Geofence("g-allow", "allow")),
            std::make_pair(std::string("geofence.add_allow"), 2));
  // Removing an allow geofence cuts service: geofence.remove_allow (2).
  Enact(bob_, Geofence("g-allow", "allow"), {&carol_, &dave_}, minute_);
  EXPECT_EQ(Needed({{"action", "remove_geofence"}, {"id", "g-allow"}}),
            std::make_pair(std::string("geofence.remove_allow"), 2));
}

TEST_F(LedgerQuorum, TerminalRows) {
  const json reg = {{"action", "register_terminal"},
                    {"id", "T-1"},
                    {"kind", "roam"},
                    {"service_address", {{"lat", 50.45}, {"lon", 30.52}}},
                    {"sponsor", ""}};
  EXPECT_EQ(Needed(reg), std::make_pair(std::string("terminal.register"), 1));
  Enact(bob_, reg, {&carol_}, minute_);
  const json suspend = {{"action", "set_terminal_status"}, {"id", "T-1"}, {"status", "suspended"}};
  const json activate = {{"action", "set_terminal_status"}, {"id", "T-1"}, {"status", "active"}};
  EXPECT_EQ(Needed(suspend), std::make_pair(std::string("terminal.suspend"), 3));
  Enact(bob_, suspend, {&carol_, &dave_, &alice_}, minute_);
  // Lifting the suspension takes the 3 approvals that imposed it.
  EXPECT_EQ(Needed(activate), std::make_pair(std::string("terminal.activate"), 3));
}

// A quorum rule lowered later does not lower the floor of a restriction imposed before.
TEST_F(LedgerQuorum, LoweringAQuorumDoesNotLowerAnEarlierRestrictionsFloor) {
  Enact(bob_, Territory("UA", "blocked"), {&carol_, &dave_}, minute_);
  // Governance takes the highest quorum of any action (3 here: terminal.suspend).
  Enact(bob_, {{"action", "set_quorum"}, {"action_kind", "territory.block"}, {"approvals", 1}},
        {&carol_, &dave_, &alice_}, minute_);
  EXPECT_EQ(Needed(Territory("PL", "blocked")), std::make_pair(std::string("territory.block"), 1));
  EXPECT_EQ(Needed(Territory("UA", "available")),
            std::make_pair(std::string("territory.set_state"), 2));
}

}  // namespace
}  // namespace leotwin::ledger::adversarial
