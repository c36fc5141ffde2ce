// The policy ledger: the quorum-signed, hash-chained record of every change to the service
// policy, and the policy (and any decision) as of any instant. This is the API the CLI
// (`leotwin policy ...`, `leotwin ledger ...`) and the HTTP API call.
//
// Typical use:
//   auto ledger = ledger::Ledger::Open("leotwin.db");            // bundled territories
//   ledger->Init(genesis, alice_key, now);                       // once: operators + quorums
//   auto p = ledger::SignProposal({ledger->id(), "alice", now, change_json, ""}, alice_key);
//   ledger->Propose(*p, now);                                    // pending
//   auto v = ledger::SignVote({ledger->id(), *ledger::ProposalId(p->body), "bob",
//                              ledger::Verdict::kApprove, now, ""}, bob_key);
//   ledger->Vote(*v, now);                                       // enacted when quorum reached
//   ledger->policy();                                            // the policy now
//   ledger->PolicyAt(t);                                         // ... or at any past instant
//   ledger->Explain("T-1", lat, lon, speed_kmh, t);              // why allowed / denied
//   ledger->Verify();                                            // tamper check
// Signing (messages.h) needs no ledger, only its id, so proposals and votes can be signed offline.
//
// Times: every write takes `now`, the commit time recorded in the entry (UTC, SimTime): the
// committing machine's clock for a ledger with the system clock (the CLI and the HTTP API refuse a
// chosen time), the caller's choice for a simulated clock (demos, tests; never decreasing). Either
// way a commit time after this machine's clock plus the genesis skew is refused, and each signed
// message must be valid at its commit time (messages.h). Time travel: the policy as of t is the
// replay of the longest prefix of entries whose last entry was committed at or before t (changes
// take effect at the approval that completes their quorum, or later with their own
// effective_at).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/journal.h"
#include "leotwin/ledger/messages.h"
#include "leotwin/ledger/policy_model.h"
#include "leotwin/policy/policy.h"

namespace leotwin::ledger {

// The policy governed by a replayed state. REQUIRES: `state` was built by a Ledger.
const policy::Policy& PolicyOf(const LedgerState& state);

// Where a rule came from: the proposal that created it and the votes that enacted it.
struct Provenance {
  int64_t entry = 0;  // the proposal's ledger entry
  std::string proposal_id;
  std::string action_kind;
  std::string description;  // one sentence (policy::Describe)
  nlohmann::json change;
  std::string comment;
  std::string proposer;
  SimTime proposed_at;  // entry commit time
  int quorum = 0;
  std::vector<VoteRecord> votes;
  std::string status;  // pending / enacted / rejected / withdrawn
  int64_t decided_entry = 0;
  SimTime decided_at;

  static Provenance Of(const ProposalRecord& record, const StateModel& model);
  nlohmann::json ToJson() const;
};

// Appends "<lead>proposal <id> (entry N): <description>" and indented lines (action and quorum,
// proposer, each vote, the decision) to `out`, every stored string escaped for display.
void AppendProvenance(std::string& out, const Provenance& p, std::string_view lead,
                      std::string_view indent);

// The answer to "why was terminal X allowed or denied at time T".
struct Explanation {
  std::string terminal;
  double lat_deg = 0, lon_deg = 0, speed_kmh = 0;
  SimTime at;
  int64_t ledger_head = 0;  // entries replayed (those committed at or before `at`)
  policy::Decision decision;
  std::optional<Provenance> rule;          // the entry behind decision.ledger_entry_id
  std::optional<Provenance> registration;  // the terminal's registration, when known
  std::vector<std::string> operators;      // operators in force at `at` (who could sign)
  nlohmann::json ToJson() const;
  std::string ToText() const;  // several lines, for the CLI
};

class Ledger {
 public:
  // Opens or creates the ledger at `path` over the bundled territories
  // (policy::Policy::CreateDefault()).
  static StatusOr<Ledger> Open(const std::string& path);
  // Same with an explicit initial policy (custom territories or options).
  static StatusOr<Ledger> Open(const std::string& path, policy::Policy initial);
  // For writes to an existing ledger (propose, vote): refuses a missing, empty or foreign file
  // without touching it.
  static StatusOr<Ledger> OpenExisting(const std::string& path);
  // Read-only (queries, explain, history); fails if the file does not exist.
  static StatusOr<Ledger> OpenReadOnly(const std::string& path);
  static StatusOr<Ledger> OpenReadOnly(const std::string& path, policy::Policy initial);
  // Full verification of a file that may be too damaged to open (see Journal::Verify).
  static StatusOr<VerifyReport> VerifyFile(const std::string& path, policy::Policy initial,
                                           const std::optional<std::string>& expect_head);
  // Rewrites the derived terminal table from the chain (see Journal::RebuildDerivedFile).
  static StatusOr<VerifyReport> RebuildDerivedFile(const std::string& path, policy::Policy initial);

  // Writes (see journal.h): all-or-nothing, durable when they return OK.
  StatusOr<Entry> Init(const Genesis& genesis, const OperatorKey& initiator, SimTime now);
  StatusOr<Entry> Propose(const SignedProposal& proposal, SimTime now);
  // A batch proposal (batch.h): `proposal` signs BatchChange(batch); `items` are the batch's items,
  // stored with the entry in the same transaction.
  StatusOr<Entry> ProposeBatch(const SignedProposal& proposal, std::vector<std::string> items,
                               SimTime now);
  // An approval or a rejection (SignedVote::body.verdict).
  StatusOr<Entry> Vote(const SignedVote& vote, SimTime now);
  Status Refresh() { return journal_.Refresh(); }
  // The machine clock writes are checked against (tests inject a fake one).
  void SetClockForTesting(std::function<SimTime()> clock) {
    journal_.SetClockForTesting(std::move(clock));
  }

  // The ledger id proposals and votes must name ("" before Init).
  const std::string& id() const { return journal_.state().ledger_id(); }
  const LedgerState& state() const { return journal_.state(); }
  const policy::Policy& policy() const { return PolicyOf(journal_.state()); }

  // Time travel.
  StatusOr<LedgerState> StateAt(SimTime t) { return journal_.StateAt(t); }
  StatusOr<policy::Policy> PolicyAt(SimTime t);
  StatusOr<Explanation> Explain(std::string_view terminal, double lat_deg, double lon_deg,
                                double speed_kmh, SimTime t);

  VerifyReport Verify(const std::optional<std::string>& expect_head = std::nullopt) {
    return journal_.Verify(expect_head);
  }
  StatusOr<std::vector<Entry>> Entries(int64_t first = 1, int64_t last = -1) {
    return journal_.Entries(first, last);
  }
  Journal& journal() { return journal_; }

 private:
  explicit Ledger(Journal journal) : journal_(std::move(journal)) {}
  Journal journal_;
};

// A proposal body for `change` (policy change JSON, normalized through policy::ToJson so the
// signed bytes are canonical) by `proposer` at `now`; refuses a change that does not parse.
StatusOr<ProposalBody> MakeProposalBody(const std::string& ledger_id, const std::string& proposer,
                                        SimTime now, const nlohmann::json& change,
                                        std::string comment = "");

// The ledger file used when none is named: $LEOTWIN_DB if set and not empty, else "leotwin.db".
std::string DefaultLedgerPath();

// One JSON object per entry (for `leotwin ledger export`): the stored fields plus "time" (ISO
// 8601) and the payload as an object.
nlohmann::json EntryToJson(const Entry& entry);

}  // namespace leotwin::ledger
