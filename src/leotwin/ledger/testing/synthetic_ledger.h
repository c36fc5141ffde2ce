// A large ledger written fast, for time-travel tests and benchmarks: `terminals` terminal
// registrations, each a proposal by alice approved by bob one second later (2 entries each), on a
// simulated clock from `start`. Entries are built and checked with the same LedgerState rules as
// Journal writes, then inserted in one SQLite transaction (one fsync, instead of one per entry).
#pragma once

#include <string>

#include "fmt/format.h"
#include "leotwin/ledger/chain.h"
#include "leotwin/ledger/ledger_state.h"
#include "leotwin/ledger/policy_model.h"
#include "leotwin/store/database.h"
#include "leotwin/store/migrations.h"

namespace leotwin::ledger::testing {

inline Status WriteSyntheticLedger(const std::string& path, const policy::Policy& initial,
                                   const OperatorKey& alice, const OperatorKey& bob, int terminals,
                                   SimTime start) {
  LedgerState state(std::make_unique<PolicyModel>(initial));
  std::vector<Entry> entries;
  Genesis g;
  g.operators = {PublicHalf(alice), PublicHalf(bob)};
  g.clock.mode = ClockMode::kSimulated;
  g.initiator = alice.name;
  g.created_at = start;
  LEOTWIN_ASSIGN_OR_RETURN(Entry genesis, state.MakeGenesisEntry(g, alice, start));
  LEOTWIN_RETURN_IF_ERROR(state.AcceptNew(genesis));
  entries.push_back(std::move(genesis));
  SimTime t = start;
  for (int i = 0; i < terminals; ++i) {
    t = t + SimTime::kNanosPerSecond;
    const nlohmann::json change = {
        {"action", "register_terminal"},
        {"id", fmt::format("T-{}", i)},
        {"kind", "fixed"},
        {"service_address",
         {{"lat", -60.0 + (i % 1200) * 0.1}, {"lon", -179.0 + (i % 3580) * 0.1}}},
        {"sponsor", ""}};
    ProposalBody body{state.ledger_id(), alice.name, t, change, "", SimTime{}};
    LEOTWIN_ASSIGN_OR_RETURN(SignedProposal p, SignProposal(std::move(body), alice));
    LEOTWIN_ASSIGN_OR_RETURN(Entry pe, state.MakeProposalEntry(p, t));
    LEOTWIN_RETURN_IF_ERROR(state.AcceptNew(pe));
    entries.push_back(std::move(pe));
    t = t + SimTime::kNanosPerSecond;
    LEOTWIN_ASSIGN_OR_RETURN(const std::string id, ProposalId(p.body));
    VoteBody vote{state.ledger_id(), id, bob.name, Verdict::kApprove, t, "", SimTime{}};
    LEOTWIN_ASSIGN_OR_RETURN(SignedVote v, SignVote(std::move(vote), bob));
    LEOTWIN_ASSIGN_OR_RETURN(Entry ve, state.MakeVoteEntry(v, t));
    LEOTWIN_RETURN_IF_ERROR(state.AcceptNew(ve));
    entries.push_back(std::move(ve));
  }
  LEOTWIN_ASSIGN_OR_RETURN(store::Database db, store::OpenLeotwinDatabase(path));
  LEOTWIN_ASSIGN_OR_RETURN(store::Transaction tx, store::Transaction::Begin(db));
  for (const Entry& e : entries) LEOTWIN_RETURN_IF_ERROR(InsertEntry(db, e));
  return tx.Commit();
}

}  // namespace leotwin::ledger::testing
