// Test driver for tests/ledger_crash_test.cc: appends a burst of quorum-approved policy changes to
// a ledger and prints "ACK <n> <seq> <hash>" on stdout (flushed) after each change is committed.
// The test SIGKILLs it at random moments and checks that every acknowledged change survived.
//   ledger_crash_driver <db path> <changes>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "ledger_test_util.h"
#include "leotwin/ledger/ledger.h"

namespace lg = leotwin::ledger;
using leotwin::SimTime;

int Die(const leotwin::Status& s) {
  std::fprintf(stderr, "ledger_crash_driver: %s\n", std::string(s.message()).c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ledger_crash_driver <db> <changes>\n");
    return 2;
  }
  const std::string path = argv[1];
  const int changes = std::atoi(argv[2]);
  auto initial = lg::testutil::SmallPolicy();
  if (!initial.ok()) return Die(initial.status());
  auto ledger = lg::Ledger::Open(path, *std::move(initial));
  if (!ledger.ok()) return Die(ledger.status());
  const lg::OperatorKey alice = lg::testutil::FixedKey("alice", 1);
  const lg::OperatorKey bob = lg::testutil::FixedKey("bob", 2);
  // Entry times: one second apart from a fixed origin, continuing after the last entry.
  SimTime now = SimTime::FromCivil(2025, 9, 23);
  if (ledger->state().head().seq > 0) now = ledger->state().head_time();
  auto tick = [&now] { return now = now + SimTime::kNanosPerSecond; };
  if (!ledger->state().initialized()) {
    lg::Genesis g;
    g.clock.mode = lg::ClockMode::kSimulated;  // fixed past instants
    g.operators = {lg::PublicHalf(alice), lg::PublicHalf(bob)};
    g.initiator = "alice";
    g.created_at = now;
    if (auto e = ledger->Init(g, alice, tick()); !e.ok()) return Die(e.status());
  }
  const int first = static_cast<int>(ledger->policy().terminals().size());
  for (int n = first; n < first + changes; ++n) {
    const nlohmann::json change = {{"action", "register_terminal"},
                                   {"id", "T-" + std::to_string(n)},
                                   {"kind", "roam"},
                                   {"service_address", {{"lat", 50.0}, {"lon", 30.0 + n * 1e-4}}},
                                   {"sponsor", ""}};
    auto body = lg::MakeProposalBody(ledger->id(), "alice", tick(), change);
    if (!body.ok()) return Die(body.status());
    auto proposal = lg::SignProposal(*body, alice);
    if (!proposal.ok()) return Die(proposal.status());
    if (auto e = ledger->Propose(*proposal, now); !e.ok()) return Die(e.status());
    auto vote = lg::SignVote({ledger->id(), *lg::ProposalId(proposal->body), "bob",
                              lg::Verdict::kApprove, tick(), "", SimTime{}},
                             bob);
    if (!vote.ok()) return Die(vote.status());
    auto e = ledger->Vote(*vote, now);
    if (!e.ok()) return Die(e.status());
    // Acknowledged only after the commit returned: the change is durable from here on.
    std::printf("ACK %d %lld %s\n", n, static_cast<long long>(e->seq), e->hash.c_str());
    std::fflush(stdout);
  }
  return 0;
}
