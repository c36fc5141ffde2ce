// The state a ledger governs. The ledger knows proposals, votes, quorums and the hash chain; what a
// change means belongs to a StateModel (the service policy in leotwin, see policy_model.h; a toy
// model in the tests). Replaying a ledger applies each enacted change to a model in ledger order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "leotwin/base/status.h"
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

  // Applies an enacted change: `proposal_seq` is the ledger entry of the proposal (rules remember
  // it), `enacted_at` the time of the vote that reached the quorum. On error nothing changes.
  // Must be deterministic: the same state and arguments always give the same result.
  virtual Status Apply(const nlohmann::json& change, int64_t proposal_seq, SimTime enacted_at) = 0;
};

}  // namespace leotwin::ledger
