// The service policy (policy::Policy) as the state a ledger governs: changes are
// policy::PolicyChange JSON (see policy/change.h), their action kinds choose the quorum, and an
// enacted change is applied with policy::Policy::Apply(change, proposal entry, enactment time), so
// every rule remembers the proposal entry that created it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "leotwin/ledger/messages.h"
#include "leotwin/ledger/state_model.h"
#include "leotwin/policy/policy.h"

namespace leotwin::ledger {

class PolicyModel : public StateModel {
 public:
  explicit PolicyModel(policy::Policy initial) : policy_(std::move(initial)) {}

  std::unique_ptr<StateModel> Clone() const override;
  std::vector<std::string> ActionKinds() const override;
  StatusOr<QuorumNeed> QuorumNeedOf(const nlohmann::json& change, SimTime at) const override;
  std::string Describe(const nlohmann::json& change) const override;
  Status Check(const nlohmann::json& change, int64_t proposal_seq,
               SimTime enacted_at) const override;
  Status Apply(const nlohmann::json& change, int64_t proposal_seq, SimTime enacted_at) override;
  StatusOr<QuorumNeed> BatchQuorumNeedOf(const std::vector<std::string>& items,
                                         SimTime at) const override;
  Status CheckBatch(const std::vector<std::string>& items, SimTime enacted_at) const override;
  Status ApplyBatch(const std::vector<std::string>& items, int64_t proposal_seq,
                    SimTime enacted_at) override;

  void SetLedgerPosition(int64_t seq) override { policy_.SetTerminalPosition(seq); }
  StatusOr<bool> AttachDerived(const std::string& path) override;
  Status WriteDerived(store::Database& db, int64_t seq) const override;
  void DerivedCommitted(int64_t seq) override;
  void RecordDerivedHistory() override { policy_.RecordTerminalHistory(true); }
  Status CheckDerived(store::Database& db, int64_t through, int64_t* bad_seq) const override;
  Status RewriteDerived(store::Database& db) const override;

  const policy::Policy& policy() const { return policy_; }

 private:
  policy::Policy policy_;
};

// The quorum rules a new ledger of `operators` operators gets unless told otherwise: one approval
// by default, policy::RecommendedApprovals for the kinds that cut service (where enough operators
// exist to reach it).
QuorumRules RecommendedQuorumRules(int operators);

}  // namespace leotwin::ledger
