#include "leotwin/api/policy_service.h"

#include <chrono>
#include <filesystem>

#include "fmt/format.h"

namespace leotwin::api {

SimTime PolicyService::Now() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return SimTime::FromUnixNanos(ns);
}

StatusOr<std::unique_ptr<PolicyService>> PolicyService::Open(const std::string& db_path,
                                                             bool require) {
  std::unique_ptr<PolicyService> s(new PolicyService());
  s->db_path_ = db_path;
  std::error_code ec;
  if (!db_path.empty() && std::filesystem::exists(db_path, ec)) {
    LEOTWIN_ASSIGN_OR_RETURN(ledger::Ledger ledger, ledger::Ledger::Open(db_path));
    s->ledger_.emplace(std::move(ledger));
    s->last_refresh_ = Now();
    return s;
  }
  if (require) {
    return absl::NotFoundError(
        fmt::format("no ledger database at {} (create one with `leotwin policy init`)", db_path));
  }
  LEOTWIN_ASSIGN_OR_RETURN(policy::Policy policy, policy::Policy::CreateDefault());
  s->default_policy_ = std::make_shared<const policy::Policy>(std::move(policy));
  return s;
}

std::unique_ptr<PolicyService> PolicyService::WithoutLedger(policy::Policy policy) {
  std::unique_ptr<PolicyService> s(new PolicyService());
  s->default_policy_ = std::make_shared<const policy::Policy>(std::move(policy));
  return s;
}

Status PolicyService::NeedLedger() const {
  if (ledger_) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "this server runs without a ledger database (start it with --db FILE, created by "
      "`leotwin policy init`)");
}

void PolicyService::RefreshLocked() {
  const SimTime now = Now();
  if (now - last_refresh_ < SimTime::kNanosPerSecond) return;
  last_refresh_ = now;
  (void)ledger_->Refresh();  // A failed refresh keeps the last good state.
}

StatusOr<std::shared_ptr<const policy::Policy>> PolicyService::PolicyAt(std::optional<SimTime> t) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!ledger_) return default_policy_;
  RefreshLocked();
  const ledger::LedgerState& state = ledger_->state();
  const int64_t seq = state.head().seq;
  // Every entry is committed at or before the head time: from then on the policy is the head's.
  if (!t || *t >= state.head_time()) {
    if (current_seq_ != seq || !current_) {
      current_ = std::make_shared<const policy::Policy>(ledger_->policy());
      current_seq_ = seq;
    }
    return current_;
  }
  for (const PastEntry& e : past_) {
    if (e.head_seq == seq && e.t == *t) return e.policy;
  }
  LEOTWIN_ASSIGN_OR_RETURN(policy::Policy p, ledger_->PolicyAt(*t));
  auto shared = std::make_shared<const policy::Policy>(std::move(p));
  if (past_.size() >= 4) past_.erase(past_.begin());
  past_.push_back({seq, *t, shared});
  return shared;
}

StatusOr<nlohmann::json> PolicyService::Decide(const std::string& terminal, double lat_deg,
                                               double lon_deg, double speed_kmh,
                                               std::optional<SimTime> t) {
  const SimTime at = t.value_or(Now());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ledger_ && t && *t < ledger_->state().head_time()) {
      // A past instant: the full explanation (replays the ledger up to t).
      RefreshLocked();
      LEOTWIN_ASSIGN_OR_RETURN(ledger::Explanation e,
                               ledger_->Explain(terminal, lat_deg, lon_deg, speed_kmh, at));
      return e.ToJson();
    }
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto policy, PolicyAt(t));
  const policy::Decision d = policy::Authorize(*policy, terminal, lat_deg, lon_deg, speed_kmh, at);
  nlohmann::json out = {{"terminal", terminal},   {"lat", lat_deg},       {"lon", lon_deg},
                        {"speed_kmh", speed_kmh}, {"at", at.ToIso8601()}, {"decision", d.ToJson()}};
  std::lock_guard<std::mutex> lock(mutex_);
  if (ledger_) out["ledger_head"] = ledger_->state().head().seq;
  return out;
}

StatusOr<PolicyService::LedgerSummary> PolicyService::Summary() {
  std::lock_guard<std::mutex> lock(mutex_);
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  RefreshLocked();
  const ledger::LedgerState& s = ledger_->state();
  LedgerSummary out;
  out.id = s.ledger_id();
  out.head_seq = s.head().seq;
  out.head_hash = s.head().hash;
  out.head_time = s.head_time();
  out.operators = s.initialized() ? static_cast<int64_t>(s.genesis().operators.size()) : 0;
  for (const ledger::ProposalRecord* p : s.Proposals()) {
    ++out.proposals;
    if (p->status == ledger::ProposalStatus::kPending) ++out.pending;
  }
  return out;
}

StatusOr<std::vector<ledger::Entry>> PolicyService::Entries(int64_t first, int64_t last) {
  std::lock_guard<std::mutex> lock(mutex_);
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  RefreshLocked();
  return ledger_->Entries(first, last);
}

StatusOr<ledger::VerifyReport> PolicyService::Verify() {
  std::lock_guard<std::mutex> lock(mutex_);
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  return ledger_->Verify();
}

StatusOr<nlohmann::json> PolicyService::Proposals() {
  std::lock_guard<std::mutex> lock(mutex_);
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  RefreshLocked();
  nlohmann::json out = nlohmann::json::array();
  for (const ledger::ProposalRecord* p : ledger_->state().Proposals()) {
    out.push_back(ledger::Provenance::Of(*p, ledger_->state().model()).ToJson());
  }
  return out;
}

StatusOr<ledger::Entry> PolicyService::Propose(const ledger::SignedProposal& proposal) {
  std::lock_guard<std::mutex> lock(mutex_);
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  return ledger_->Propose(proposal, Now());
}

StatusOr<ledger::Entry> PolicyService::Vote(const ledger::SignedVote& vote) {
  std::lock_guard<std::mutex> lock(mutex_);
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  return ledger_->Vote(vote, Now());
}

}  // namespace leotwin::api
