// Issue 10, item 5: forged audit lines. Before the defence a proposal comment holding a newline
// made `policy explain` print an approval that does not exist ("approved by dave ... (entry 14)"),
// and terminal escape codes were accepted. Now names and comments refuse control characters (C0,
// DEL, C1, bidirectional overrides) when parsed, and every human-readable output escapes what it
// prints (for files written by anything else).
#include <string>

#include "gtest/gtest.h"
#include "ledger_fixture.h"

namespace leotwin::ledger::adversarial {
namespace {

class LedgerText : public LedgerFixture {
 protected:
  void SetUp() override { Create(); }
};

const char* const kForgedLine = "ok\n    approved by dave at 2025-10-01T09:30:00Z (entry 14)";

const std::string kHostile[] = {
    kForgedLine,
    "\x1b[32mapproved\x1b[0m",  // ANSI colour
    "tab\there",                // C0
    "del\x7f",                  // DEL
    "c1\xc2\x9b"
    "31m",  // C1 CSI (U+009B)
    "bidi \xe2\x80\xae"
    "evil",  // U+202E right-to-left override
    "isolate \xe2\x81\xa6"
    "x",  // U+2066
    "line \xe2\x80\xa8"
    "separator",  // U+2028
    "bad utf8 \xff",
};

TEST_F(LedgerText, CommentsWithControlCharactersAreRefusedWhenSigning) {
  for (const std::string& comment : kHostile) {
    SCOPED_TRACE(EscapeForDisplay(comment));
    auto body =
        MakeProposalBody(ledger_->id(), "alice", At(1), Territory("UA", "available"), comment);
    ASSERT_FALSE(body.ok());
    ProposalBody raw{ledger_->id(), "alice",  At(1), Territory("UA", "available"),
                     comment,       SimTime{}};
    EXPECT_FALSE(SignProposal(raw, alice_).ok());
    VoteBody vote{ledger_->id(), std::string(64, 'a'), "bob", Verdict::kApprove, At(1), comment,
                  SimTime{}};
    EXPECT_FALSE(SignVote(vote, bob_).ok());
  }
}

// What arrives as JSON (a file, an HTTP body) is refused too, signature or not, and nothing is
// written.
TEST_F(LedgerText, SignedJsonWithControlCharactersIsRefused) {
  auto body = MakeProposalBody(ledger_->id(), "alice", At(1), Territory("UA", "available"), "x");
  ASSERT_TRUE(body.ok());
  auto signed_p = SignProposal(*body, alice_);
  ASSERT_TRUE(signed_p.ok());
  json j = ProposalToJson(*signed_p);
  j["comment"] = kForgedLine;
  auto parsed = ParseSignedProposal(j.dump(), "request body");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("control or bidirectional"), std::string::npos)
      << parsed.status();
  // Inside the change: a geofence name, a terminal sponsor.
  json fence = Geofence("front-1", "deny");
  fence["name"] = "front\n  approved by dave";
  EXPECT_FALSE(MakeProposalBody(ledger_->id(), "alice", At(1), fence, "").ok());
  json terminal = {{"action", "register_terminal"},
                   {"id", "T-1"},
                   {"kind", "roam"},
                   {"service_address", {{"lat", 50.0}, {"lon", 30.0}}},
                   {"sponsor", "ACME\x1b[2J"}};
  EXPECT_FALSE(MakeProposalBody(ledger_->id(), "alice", At(1), terminal, "").ok());
  j = ProposalToJson(*signed_p);
  j["change"]["iso"] =
      "U\xe2\x80\xae"
      "A";
  EXPECT_FALSE(ParseSignedProposal(j.dump(), "request body").ok());
  EXPECT_EQ(ledger_->state().head().seq, 1);
}

// Plain text (accents, CJK, emoji) is fine: the rule is about control, not about scripts.
TEST_F(LedgerText, OrdinaryUnicodeIsAccepted) {
  auto id = ProposeAt(alice_, Territory("UA", "available"), At(1), At(1), kDefaultValidityNs,
                      "Київ — 東京 — São Paulo 🛰");
  EXPECT_TRUE(id.ok()) << id.status();
}

// Whatever is stored, a printed explanation keeps one line per fact: the forged approval line
// cannot appear as a line of its own.
TEST_F(LedgerText, ExplanationEscapesStoredText) {
  Provenance p;
  p.entry = 2;
  p.proposal_id = std::string(64, 'a');
  p.action_kind = "territory.set_state";
  p.description = "set UA\navailable";
  p.proposer = "alice";
  p.comment = kForgedLine;
  Explanation x;
  x.terminal = "T-1\x1b[2J";
  x.decision.allowed = true;
  x.decision.reason = policy::ReasonCode::kOk;
  x.decision.ledger_entry_id = 2;
  x.rule = p;
  const std::string text = x.ToText();
  EXPECT_EQ(text.find("\n    approved by dave"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("ok\\n    approved by dave"), std::string::npos) << text;
  EXPECT_EQ(EscapeForDisplay("a\xe2\x80\xae"
                             "b\\c"),
            "a\\u202eb\\\\c");
}

}  // namespace
}  // namespace leotwin::ledger::adversarial
