#include "leotwin/ledger/policy_model.h"

namespace leotwin::ledger {

std::unique_ptr<StateModel> PolicyModel::Clone() const {
  return std::make_unique<PolicyModel>(policy_);
}

std::vector<std::string> PolicyModel::ActionKinds() const {
  std::vector<std::string> out;
  for (std::string_view k : policy::AllActionKinds()) out.emplace_back(k);
  return out;
}

StatusOr<StateModel::QuorumNeed> PolicyModel::QuorumNeedOf(const nlohmann::json& change,
                                                           SimTime at) const {
  LEOTWIN_ASSIGN_OR_RETURN(const policy::PolicyChange c, policy::PolicyChangeFromJson(change));
  policy::QuorumClass q = policy::ClassifyChange(policy_, c, at);
  return QuorumNeed{std::move(q.action_kind), std::move(q.lifts)};
}

std::string PolicyModel::Describe(const nlohmann::json& change) const {
  auto c = policy::PolicyChangeFromJson(change);
  return c.ok() ? policy::Describe(*c) : std::string();
}

Status PolicyModel::Check(const nlohmann::json& change, int64_t proposal_seq,
                          SimTime enacted_at) const {
  LEOTWIN_ASSIGN_OR_RETURN(const policy::PolicyChange c, policy::PolicyChangeFromJson(change));
  (void)proposal_seq;
  return policy_.Validate(c, enacted_at);
}

Status PolicyModel::Apply(const nlohmann::json& change, int64_t proposal_seq, SimTime enacted_at) {
  LEOTWIN_ASSIGN_OR_RETURN(const policy::PolicyChange c, policy::PolicyChangeFromJson(change));
  return policy_.Apply(c, proposal_seq, enacted_at);
}

QuorumRules RecommendedQuorumRules(int operators) {
  QuorumRules rules;
  rules.default_approvals = 1;
  for (std::string_view kind : policy::AllActionKinds()) {
    const int n = policy::RecommendedApprovals(kind);
    if (n != rules.default_approvals && n <= operators - 1) rules.per_action[std::string(kind)] = n;
  }
  return rules;
}

}  // namespace leotwin::ledger
