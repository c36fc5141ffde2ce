// Test driver for tests/ledger_crash_test.cc: appends a burst of quorum-approved policy changes to
// a ledger and prints "ACK <n> <seq> <hash>" on stdout (flushed) after each change is committed.
// The test SIGKILLs it at random moments and checks that every acknowledged change survived.
// With "group", four threads commit through ledger::GroupCommitter (group commit: one transaction
// for the writes that arrive together) and print "GACK <terminal> <seq> <hash>" after each
// approval's group committed.
// With "batch", each change is a batch of kBatchItems registrations (B<n>-0, B<n>-1, ...),
// proposed and approved as two entries, acknowledged after the approval committed.
//   ledger_crash_driver <db path> <changes> [batch|group]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ledger_test_util.h"
#include "leotwin/ledger/batch.h"
#include "leotwin/ledger/group_commit.h"
#include "leotwin/ledger/ledger.h"

namespace lg = leotwin::ledger;
using leotwin::SimTime;

int Die(const leotwin::Status& s) {
  std::fprintf(stderr, "ledger_crash_driver: %s\n", std::string(s.message()).c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: ledger_crash_driver <db> <changes> [batch]\n");
    return 2;
  }
  const bool batches = argc == 4 && std::string(argv[3]) == "batch";
  const bool grouped = argc == 4 && std::string(argv[3]) == "group";
  constexpr int kBatchItems = 100;
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
  if (grouped) {
    // Commit times: one clock for all threads, read and advanced under the ledger's lock.
    std::mutex ledger_mutex, print_mutex;
    lg::GroupCommitter committer([&](const std::vector<const lg::GroupCommitter::Write*>& writes) {
      std::lock_guard<std::mutex> lock(ledger_mutex);
      const SimTime at = tick();
      std::vector<lg::Journal::MakeEntry> makes;
      for (const auto* w : writes) makes.push_back((*w)(at));
      return ledger->journal().AppendGroup(makes, at);
    });
    const int64_t run = ledger->state().head().seq;  // ids unique across restarts
    const std::string ledger_id = ledger->id();
    const SimTime signed_at = now;
    auto writer = [&](int t) {
      for (int k = 0; k < changes; ++k) {
        const std::string id = fmt::format("G{}-{}-{}", run, t, k);
        const nlohmann::json change = {{"action", "register_terminal"},
                                       {"id", id},
                                       {"kind", "roam"},
                                       {"service_address", {{"lat", 50.0}, {"lon", 30.0}}},
                                       {"sponsor", ""}};
        auto body = lg::MakeProposalBody(ledger_id, "alice", signed_at, change);
        auto proposal = lg::SignProposal(*body, alice);
        auto p =
            committer.Commit([&](SimTime at) { return lg::Journal::ProposalWrite(*proposal, at); });
        if (!p.ok()) std::_Exit(Die(p.status()));
        auto vote = lg::SignVote({ledger_id, *lg::ProposalId(proposal->body), "bob",
                                  lg::Verdict::kApprove, signed_at, "", SimTime{}},
                                 bob);
        auto e = committer.Commit([&](SimTime at) { return lg::Journal::VoteWrite(*vote, at); });
        if (!e.ok()) std::_Exit(Die(e.status()));
        std::lock_guard<std::mutex> lock(print_mutex);
        std::printf("GACK %s %lld %s\n", id.c_str(), static_cast<long long>(e->seq),
                    e->hash.c_str());
        std::fflush(stdout);
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(writer, t);
    for (std::thread& t : threads) t.join();
    return 0;
  }
  const int first =
      static_cast<int>(ledger->policy().terminals().size()) / (batches ? kBatchItems : 1);
  for (int n = first; n < first + changes; ++n) {
    if (batches) {
      std::string csv = "id,kind,lat,lon\n";
      for (int i = 0; i < kBatchItems; ++i)
        csv += fmt::format("B{}-{},roam,50,{}\n", n, i, 30 + i * 1e-3);
      auto batch = lg::ParseBatchFile(csv, "batch.csv", lg::BatchKind::kRegisterTerminals);
      if (!batch.ok()) return Die(batch.status());
      auto body = lg::MakeProposalBody(ledger->id(), "alice", tick(), lg::BatchChange(*batch));
      if (!body.ok()) return Die(body.status());
      auto proposal = lg::SignProposal(*body, alice);
      if (!proposal.ok()) return Die(proposal.status());
      if (auto e = ledger->ProposeBatch(*proposal, batch->items, now); !e.ok()) {
        return Die(e.status());
      }
      auto vote = lg::SignVote({ledger->id(), *lg::ProposalId(proposal->body), "bob",
                                lg::Verdict::kApprove, tick(), "", SimTime{}},
                               bob);
      if (!vote.ok()) return Die(vote.status());
      auto e = ledger->Vote(*vote, now);
      if (!e.ok()) return Die(e.status());
      std::printf("ACK %d %lld %s\n", n, static_cast<long long>(e->seq), e->hash.c_str());
      std::fflush(stdout);
      continue;
    }
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
