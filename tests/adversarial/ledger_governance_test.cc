// Issue 10, item 4: operators are not fixed forever. Before the defence there was no way to add
// or remove an operator, rotate a compromised key or change a quorum. Now these are ledger
// changes with their own (higher) quorum; after a removal or rotation the old key signs nothing
// new while what it signed before still verifies; explain shows who could sign at an instant.
#include "gtest/gtest.h"
#include "ledger_fixture.h"

namespace leotwin::ledger::adversarial {
namespace {

class LedgerGovernance : public LedgerFixture {
 protected:
  void SetUp() override { Create(); }
  static json AddOperator(const OperatorKey& key) {
    return {{"action", "add_operator"},
            {"name", key.name},
            {"public_key", ToHex(key.key.public_key())}};
  }
  int minute_ = 1;
};

TEST_F(LedgerGovernance, GovernanceNeedsTheHighestQuorum) {
  auto id = Propose(alice_, AddOperator(dave_), minute_++);
  ASSERT_TRUE(id.ok()) << id.status();
  const ProposalRecord* r = ledger_->state().FindProposal(*id);
  EXPECT_EQ(r->action_kind, "ledger.add_operator");
  EXPECT_EQ(r->quorum, 2);  // the highest policy quorum (territory.block = 2), not the default 1
  ASSERT_TRUE(Approve(bob_, *id, minute_++).ok());
  EXPECT_EQ(ledger_->state().FindOperator("dave"), nullptr);  // one approval is not enough
  ASSERT_TRUE(Approve(carol_, *id, minute_++).ok());
  ASSERT_NE(ledger_->state().FindOperator("dave"), nullptr);
  // dave can now propose and approve.
  auto p = Propose(dave_, Territory("UA", "available"), minute_++);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(Approve(alice_, *p, minute_++).ok());
}

TEST_F(LedgerGovernance, RotatedKeySignsNothingNewAndHistoryStillVerifies) {
  // carol signs something with her first key.
  auto before = Propose(carol_, Territory("UA", "available"), minute_++);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(Approve(alice_, *before, minute_++).ok());
  // Her key is compromised: rotate it.
  const OperatorKey carol2 = testutil::FixedKey("carol", 33);
  Enact(
      alice_,
      {{"action", "rotate_key"}, {"name", "carol"}, {"public_key", ToHex(carol2.key.public_key())}},
      {&bob_, &carol_}, minute_);
  // A signature by the old key (e.g. by whoever stole it) is refused for new entries.
  const std::string digest = FileDigest();
  auto stolen = Propose(carol_, Territory("PL", "blocked"), minute_++);
  ASSERT_FALSE(stolen.ok());
  EXPECT_NE(stolen.status().message().find("retired key"), std::string::npos) << stolen.status();
  EXPECT_EQ(FileDigest(), digest);
  // The new key works; the history signed by the old key still verifies.
  auto fresh = Propose(carol2, Territory("PL", "available"), minute_++);
  EXPECT_TRUE(fresh.ok()) << fresh.status();
  const VerifyReport report = ledger_->Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  // Reusing a key that was ever used is refused (the history would become ambiguous).
  auto reuse = Propose(alice_,
                       {{"action", "add_operator"},
                        {"name", "mallory"},
                        {"public_key", ToHex(carol_.key.public_key())}},
                       minute_++);
  ASSERT_FALSE(reuse.ok());
  EXPECT_NE(reuse.status().message().find("already used"), std::string::npos) << reuse.status();
}

TEST_F(LedgerGovernance, RemovedOperatorIsRefusedAndQuorumsStayReachable) {
  Enact(alice_, AddOperator(dave_), {&bob_, &carol_}, minute_);
  // bob is removed (with 4 operators and quorum 2, 3 remain: still reachable).
  Enact(alice_, {{"action", "remove_operator"}, {"name", "bob"}}, {&carol_, &dave_}, minute_);
  auto p = Propose(carol_, Territory("UA", "available"), minute_++);
  ASSERT_TRUE(p.ok());
  Status bob_vote = Approve(bob_, *p, minute_++);
  ASSERT_FALSE(bob_vote.ok());
  EXPECT_NE(bob_vote.message().find("not an operator"), std::string::npos) << bob_vote;
  // Removing another would leave 2 operators, too few for a quorum of 2: refused at proposal.
  auto too_many = Propose(alice_, {{"action", "remove_operator"}, {"name", "carol"}}, minute_++);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("lower that quorum first"), std::string::npos)
      << too_many.status();
  EXPECT_TRUE(ledger_->Verify().ok);
}

TEST_F(LedgerGovernance, ExplainAndHistoryShowWhoCouldSignWhen) {
  Enact(alice_, AddOperator(dave_), {&bob_, &carol_}, minute_);
  const SimTime added = At(minute_);
  Enact(alice_, {{"action", "remove_operator"}, {"name", "bob"}}, {&carol_, &dave_}, minute_);
  auto early = ledger_->Explain("T-1", 50, 30, 0, At(0));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->operators, (std::vector<std::string>{"alice", "bob", "carol"}));
  auto middle = ledger_->Explain("T-1", 50, 30, 0, added);
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(middle->operators, (std::vector<std::string>{"alice", "bob", "carol", "dave"}));
  auto now = ledger_->Explain("T-1", 50, 30, 0, At(minute_ + 1));
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->operators, (std::vector<std::string>{"alice", "carol", "dave"}));
  EXPECT_NE(now->ToText().find("could sign at that instant: alice, carol, dave"), std::string::npos)
      << now->ToText();
  const auto& events = ledger_->state().operator_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].text, "operator dave added");
  EXPECT_EQ(events[2].text, "operator bob removed");
}

}  // namespace
}  // namespace leotwin::ledger::adversarial
