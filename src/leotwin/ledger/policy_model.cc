#include "leotwin/ledger/policy_model.h"

#include <algorithm>

#include "fmt/format.h"
#include "leotwin/ledger/encoding.h"

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

namespace {

StatusOr<std::vector<policy::PolicyChange>> ParseItems(const std::vector<std::string>& items) {
  std::vector<policy::PolicyChange> out;
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string where = fmt::format("batch item {}", i);
    LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json j, ParseJson(items[i], where));
    auto c = policy::PolicyChangeFromJson(j);
    if (!c.ok()) return WithContext(c.status(), where);
    out.push_back(std::move(*c));
  }
  return out;
}

}  // namespace

StatusOr<StateModel::QuorumNeed> PolicyModel::BatchQuorumNeedOf(
    const std::vector<std::string>& items, SimTime at) const {
  LEOTWIN_ASSIGN_OR_RETURN(const auto changes, ParseItems(items));
  if (changes.empty()) return absl::InvalidArgumentError("an empty batch");
  QuorumNeed need;
  for (const policy::PolicyChange& c : changes) {
    policy::QuorumClass q = policy::ClassifyChange(policy_, c, at);
    if (need.action_kind.empty()) need.action_kind = q.action_kind;
    need.lifts.insert(need.lifts.end(), q.lifts.begin(), q.lifts.end());
  }
  std::sort(need.lifts.begin(), need.lifts.end());
  need.lifts.erase(std::unique(need.lifts.begin(), need.lifts.end()), need.lifts.end());
  return need;
}

Status PolicyModel::CheckBatch(const std::vector<std::string>& items, SimTime enacted_at) const {
  LEOTWIN_ASSIGN_OR_RETURN(const auto changes, ParseItems(items));
  // Items name distinct terminals (CheckBatchItems), so each is checked alone.
  for (size_t i = 0; i < changes.size(); ++i) {
    Status s = policy_.Validate(changes[i], enacted_at);
    if (!s.ok()) return WithContext(s, fmt::format("batch item {}", i));
  }
  return absl::OkStatus();
}

Status PolicyModel::ApplyBatch(const std::vector<std::string>& items, int64_t proposal_seq,
                               SimTime enacted_at) {
  LEOTWIN_ASSIGN_OR_RETURN(const auto changes, ParseItems(items));
  for (size_t i = 0; i < changes.size(); ++i) {
    Status s = policy_.Validate(changes[i], enacted_at);
    if (!s.ok()) return WithContext(s, fmt::format("batch item {}", i));
  }
  // Every item was checked against this state and they touch distinct terminals: none can fail.
  for (size_t i = 0; i < changes.size(); ++i) {
    Status s = policy_.Apply(changes[i], proposal_seq, enacted_at);
    if (!s.ok()) {
      return absl::InternalError(
          fmt::format("batch item {} failed after its check: {}", i, std::string(s.message())));
    }
  }
  return absl::OkStatus();
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
