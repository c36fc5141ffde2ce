// The state a ledger governs. The ledger knows proposals, votes, quorums and the hash chain; what a
// change means belongs to a StateModel (the service policy in leotwin, see policy_model.h; a toy
// model in the tests). Replaying a ledger applies each enacted change to a model in ledger order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/store/database.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger {

class StateModel {
 public:
  virtual ~StateModel() = default;

  // An independent copy (what-if evaluation, dry runs).
  virtual std::unique_ptr<StateModel> Clone() const = 0;

  // Every action kind this model's changes can have; quorum rules may only name these.
  virtual std::vector<std::string> ActionKinds() const = 0;

  // Which quorum a change needs: its action kind by effect on the state as it is now, at instant
  // `at` (quorums follow effects, not verbs: cutting service off is a block whatever the verb),
  // and the entries whose restrictions it lifts (the ledger requires at least the quorum each of
  // those was enacted with, so undoing a decision never takes fewer approvals than making it).
  struct QuorumNeed {
    std::string action_kind;
    std::vector<int64_t> lifts;  // proposal entries
  };
  // Parses `change` strictly; errors are InvalidArgument naming the field.
  virtual StatusOr<QuorumNeed> QuorumNeedOf(const nlohmann::json& change, SimTime at) const = 0;

  // A one-line human description of `change` (for history listings); "" when it does not parse.
  virtual std::string Describe(const nlohmann::json& change) const = 0;

  // Dry run: OK iff Apply(change, proposal_seq, enacted_at) would succeed now. The default clones
  // the state and applies; models with a cheaper validation override it.
  virtual Status Check(const nlohmann::json& change, int64_t proposal_seq,
                       SimTime enacted_at) const {
    return Clone()->Apply(change, proposal_seq, enacted_at);
  }

  // Batch changes (batch.h): `items` are canonical change texts of one action, already checked
  // against their signed Merkle root, each id once. The quorum a batch needs (its action kind,
  // the union of what its items lift), its dry run, and its enactment, all-or-nothing. Models
  // without batches refuse them (the defaults).
  virtual StatusOr<QuorumNeed> BatchQuorumNeedOf(const std::vector<std::string>& items,
                                                 SimTime at) const {
    return absl::UnimplementedError("this ledger's state takes no batch changes");
  }
  virtual Status CheckBatch(const std::vector<std::string>& items, SimTime enacted_at) const {
    return absl::UnimplementedError("this ledger's state takes no batch changes");
  }
  virtual Status ApplyBatch(const std::vector<std::string>& items, int64_t proposal_seq,
                            SimTime enacted_at) {
    return absl::UnimplementedError("this ledger's state takes no batch changes");
  }

  // State derived from the ledger and kept beside it in the same file (the policy's terminal
  // table, terminal_table.h), so opening a large ledger does not re-apply every batch item. The
  // defaults keep none. The ledger calls SetLedgerPosition(n) after accepting entry n; a change
  // applied next is enacted by entry n + 1.
  virtual void SetLedgerPosition(int64_t seq) {}
  // Reads the derived state of covered entries from the ledger file at `path` (shared by clones).
  // Returns false when this model keeps none.
  virtual StatusOr<bool> AttachDerived(const std::string& path) { return false; }
  // Writes the derived rows of entry `seq`, just accepted. REQUIRES: inside its transaction.
  virtual Status WriteDerived(store::Database& db, int64_t seq) const { return absl::OkStatus(); }
  // The transaction that wrote entry `seq`'s rows committed: memory may be released.
  virtual void DerivedCommitted(int64_t seq) {}
  // For verify and rebuild, on a model replayed from the genesis without derived state: keep every
  // derived row while replaying, then compare them with the stored rows of entries 1..through
  // (on a difference `bad_seq` is the first entry concerned) or rewrite every stored row.
  virtual void RecordDerivedHistory() {}
  virtual Status CheckDerived(store::Database& db, int64_t through, int64_t* bad_seq) const {
    return absl::OkStatus();
  }
  virtual Status RewriteDerived(store::Database& db) const { return absl::OkStatus(); }

  // Applies an enacted change: `proposal_seq` is the ledger entry of the proposal (rules remember
  // it), `enacted_at` the time of the vote that reached the quorum. On error nothing changes.
  // Must be deterministic: the same state and arguments always give the same result.
  virtual Status Apply(const nlohmann::json& change, int64_t proposal_seq, SimTime enacted_at) = 0;
};

}  // namespace leotwin::ledger
