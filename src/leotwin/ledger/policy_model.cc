#include "leotwin/ledger/policy_model.h"

#include <algorithm>
#include <limits>

#include "fmt/format.h"
#include "leotwin/ledger/encoding.h"
#include "leotwin/ledger/terminal_table.h"

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

StatusOr<bool> PolicyModel::AttachDerived(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(auto source, SqliteTerminalSource::Open(path));
  policy_.AttachTerminalSource(std::move(source));
  return true;
}

Status PolicyModel::WriteDerived(store::Database& db, int64_t seq) const {
  std::vector<const policy::TerminalVersion*> rows;
  for (const std::string& id : policy_.terminals_changed()) {
    const auto it = policy_.terminal_versions().find(id);
    if (it != policy_.terminal_versions().end() && it->second.since == seq) {
      rows.push_back(&it->second);
    }
  }
  return InsertTerminalVersions(db, rows);
}

void PolicyModel::DerivedCommitted(int64_t seq) {
  // The table now answers for these terminals; only a policy that reads it may forget them.
  if (policy_.has_terminal_source()) policy_.DropTerminalsThrough(seq);
}

namespace {

bool SameVersion(const policy::TerminalVersion& a, const policy::TerminalVersion& b) {
  const policy::Terminal& x = a.terminal;
  const policy::Terminal& y = b.terminal;
  return a.since == b.since && x.id == y.id && x.kind == y.kind &&
         x.service_lat_deg == y.service_lat_deg && x.service_lon_deg == y.service_lon_deg &&
         x.sponsor == y.sponsor && x.status == y.status &&
         x.registered_entry_id == y.registered_entry_id && x.status_entry_id == y.status_entry_id;
}

std::string DescribeVersion(const policy::TerminalVersion& v) {
  const policy::Terminal& t = v.terminal;
  return fmt::format(
      "{} {} {} at {:.6f}, {:.6f} sponsor \"{}\" registered by entry {}, status by "
      "entry {}, since entry {}",
      EscapeForDisplay(t.id), policy::TerminalKindName(t.kind),
      policy::TerminalStatusName(t.status), t.service_lat_deg, t.service_lon_deg,
      EscapeForDisplay(t.sponsor), t.registered_entry_id, t.status_entry_id, v.since);
}

// The replayed versions of entries 1..through, ordered as the table is read: by (since, id).
std::vector<const policy::TerminalVersion*> ExpectedVersions(const policy::Policy& policy,
                                                             int64_t through) {
  std::vector<const policy::TerminalVersion*> out;
  for (const policy::TerminalVersion& v : policy.terminal_history()) {
    if (v.since <= through) out.push_back(&v);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return a->since != b->since ? a->since < b->since : a->terminal.id < b->terminal.id;
  });
  return out;
}

}  // namespace

Status PolicyModel::CheckDerived(store::Database& db, int64_t through, int64_t* bad_seq) const {
  const std::vector<const policy::TerminalVersion*> expected = ExpectedVersions(policy_, through);
  auto stored = ReadAllTerminalVersions(db);
  if (!stored.ok()) {
    *bad_seq = 1;
    return stored.status();
  }
  const size_t n = std::max(expected.size(), stored->size());
  for (size_t i = 0; i < n; ++i) {
    const policy::TerminalVersion* want = i < expected.size() ? expected[i] : nullptr;
    const policy::TerminalVersion* got = i < stored->size() ? &(*stored)[i] : nullptr;
    if (want != nullptr && got != nullptr && SameVersion(*want, *got)) continue;
    if (want != nullptr && (got == nullptr || want->since <= got->since)) {
      *bad_seq = want->since;
      return absl::DataLossError(
          got == nullptr
              ? fmt::format("the derived terminal table lacks a row the chain gives: {}",
                            DescribeVersion(*want))
              : fmt::format("the derived terminal table disagrees with the chain: the chain gives "
                            "{}, the table has {}",
                            DescribeVersion(*want), DescribeVersion(*got)));
    }
    *bad_seq = std::max<int64_t>(1, std::min(got->since, through));
    return absl::DataLossError(fmt::format(
        "the derived terminal table has a row the chain does not give: {}", DescribeVersion(*got)));
  }
  return absl::OkStatus();
}

Status PolicyModel::RewriteDerived(store::Database& db) const {
  LEOTWIN_RETURN_IF_ERROR(ClearTerminalVersions(db));
  return InsertTerminalVersions(db, ExpectedVersions(policy_, std::numeric_limits<int64_t>::max()));
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
