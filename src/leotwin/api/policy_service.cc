#include "leotwin/api/policy_service.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "fmt/format.h"
#include "leotwin/ledger/rule_explanation.h"

namespace leotwin::api {

SimTime PolicyService::Now() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return SimTime::FromUnixNanos(ns);
}

namespace {

uint64_t NextPolicyVersion() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace

Status PolicyService::PublicStatus(const Status& status, const std::string& db_path) {
  if (status.ok()) return status;
  const std::string message(status.message());
  bool names_db = false;
  if (!db_path.empty()) {
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(db_path, ec).string();
    const std::string file = std::filesystem::path(db_path).filename().string();
    for (const std::string& s : {db_path, absolute, file}) {
      if (!s.empty() && message.find(s) != std::string::npos) names_db = true;
    }
  }
  const bool internal = status.code() == absl::StatusCode::kInternal ||
                        status.code() == absl::StatusCode::kUnknown ||
                        status.code() == absl::StatusCode::kDataLoss ||
                        status.code() == absl::StatusCode::kUnavailable;
  if (!names_db && !internal) return status;
  std::fprintf(stderr, "leotwin: ledger storage error: %s\n", status.ToString().c_str());
  return Status(status.code(), "ledger storage error (the details are in the server log)");
}

StatusOr<std::unique_ptr<PolicyService>> PolicyService::Open(const std::string& db_path,
                                                             bool require) {
  std::unique_ptr<PolicyService> s(new PolicyService());
  s->db_path_ = db_path;
  std::error_code ec;
  if (!db_path.empty() && std::filesystem::exists(db_path, ec)) {
    LEOTWIN_ASSIGN_OR_RETURN(ledger::Ledger ledger, ledger::Ledger::Open(db_path));
    s->ledger_.emplace(std::move(ledger));
    LEOTWIN_ASSIGN_OR_RETURN(ledger::Ledger history, ledger::Ledger::OpenReadOnly(db_path));
    s->history_.emplace(std::move(history));
    s->last_refresh_ = Now();
    return s;
  }
  if (require) {
    return absl::NotFoundError(
        fmt::format("no ledger database at {} (create one with `leotwin policy init`)", db_path));
  }
  LEOTWIN_ASSIGN_OR_RETURN(policy::Policy policy, policy::Policy::CreateDefault());
  s->default_policy_ = std::make_shared<const policy::Policy>(std::move(policy));
  s->default_version_ = NextPolicyVersion();
  return s;
}

std::unique_ptr<PolicyService> PolicyService::WithoutLedger(policy::Policy policy) {
  std::unique_ptr<PolicyService> s(new PolicyService());
  s->default_policy_ = std::make_shared<const policy::Policy>(std::move(policy));
  s->default_version_ = NextPolicyVersion();
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

std::pair<int64_t, SimTime> PolicyService::Head() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!ledger_) return {-1, SimTime()};
  RefreshLocked();
  return {ledger_->state().head().seq, ledger_->state().head_time()};
}

Status PolicyService::SyncHistoryLocked(int64_t seq) {
  if (history_->state().head().seq >= seq) return absl::OkStatus();
  return Public(history_->Refresh());
}

StatusOr<PolicyService::Versioned> PolicyService::Current() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!ledger_) return Versioned{default_policy_, default_version_};
  RefreshLocked();
  const int64_t seq = ledger_->state().head().seq;
  if (current_seq_ != seq || !current_) {
    current_ = std::make_shared<const policy::Policy>(ledger_->policy());
    current_seq_ = seq;
    current_version_ = NextPolicyVersion();
  }
  return Versioned{current_, current_version_};
}

StatusOr<std::shared_ptr<const policy::Policy>> PolicyService::PolicyAt(std::optional<SimTime> t) {
  const auto [seq, head_time] = Head();
  // Every entry is committed at or before the head time: from then on the policy is the head's.
  if (seq < 0 || !t || *t >= head_time) {
    LEOTWIN_ASSIGN_OR_RETURN(Versioned v, Current());
    return v.policy;
  }
  std::lock_guard<std::mutex> lock(history_mutex_);
  for (const PastEntry& e : past_) {
    if (e.head_seq == seq && e.t == *t) return e.policy;
  }
  LEOTWIN_RETURN_IF_ERROR(SyncHistoryLocked(seq));
  StatusOr<policy::Policy> p = history_->PolicyAt(*t);
  if (!p.ok()) return Public(p.status());
  auto shared = std::make_shared<const policy::Policy>(*std::move(p));
  if (past_.size() >= 4) past_.erase(past_.begin());
  past_.push_back({seq, *t, shared});
  return shared;
}

StatusOr<track::PolicyHistory> PolicyService::HistoryOver(SimTime start, SimTime end) {
  if (!ledger_) return track::PolicyHistory::None();
  const auto [seq, head_time] = Head();
  std::lock_guard<std::mutex> lock(history_mutex_);
  LEOTWIN_RETURN_IF_ERROR(SyncHistoryLocked(seq));
  StatusOr<track::PolicyHistory> history = track::PolicyHistory::FromLedger(*history_, start, end);
  if (!history.ok()) return Public(history.status());
  return history;
}

StatusOr<nlohmann::json> PolicyService::Decide(const std::string& terminal, double lat_deg,
                                               double lon_deg, double speed_kmh,
                                               std::optional<SimTime> t) {
  const SimTime at = t.value_or(Now());
  const auto [seq, head_time] = Head();
  if (seq >= 0 && t && *t < head_time) {
    // A past instant: the full explanation (replays the ledger up to t) on the history handle.
    std::lock_guard<std::mutex> lock(history_mutex_);
    LEOTWIN_RETURN_IF_ERROR(SyncHistoryLocked(seq));
    StatusOr<ledger::Explanation> e = history_->Explain(terminal, lat_deg, lon_deg, speed_kmh, at);
    if (!e.ok()) return Public(e.status());
    return e->ToJson();
  }
  LEOTWIN_ASSIGN_OR_RETURN(Versioned current, Current());
  const policy::Decision d =
      policy::Authorize(*current.policy, terminal, lat_deg, lon_deg, speed_kmh, at);
  nlohmann::json out = {{"terminal", terminal},   {"lat", lat_deg},       {"lon", lon_deg},
                        {"speed_kmh", speed_kmh}, {"at", at.ToIso8601()}, {"decision", d.ToJson()}};
  if (seq >= 0) out["ledger_head"] = seq;
  return out;
}

StatusOr<nlohmann::json> PolicyService::ExplainTerminal(const std::string& terminal, double lat_deg,
                                                        double lon_deg, double speed_kmh,
                                                        std::optional<SimTime> t) {
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  const SimTime at = t.value_or(Now());
  const auto [seq, head_time] = Head();
  StatusOr<ledger::Explanation> x;
  if (at < head_time) {
    std::lock_guard<std::mutex> lock(history_mutex_);
    LEOTWIN_RETURN_IF_ERROR(SyncHistoryLocked(seq));
    x = history_->Explain(terminal, lat_deg, lon_deg, speed_kmh, at);
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    x = ledger_->Explain(terminal, lat_deg, lon_deg, speed_kmh, at);
  }
  if (!x.ok()) return Public(x.status());
  nlohmann::json j = x->ToJson();
  j["text"] = x->ToText();
  return j;
}

StatusOr<nlohmann::json> PolicyService::ExplainRule(std::string_view kind, std::string_view id,
                                                    std::optional<SimTime> t) {
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  const SimTime at = t.value_or(Now());
  const auto explain = [&](const ledger::LedgerState& state) {
    return kind == "territory" ? ledger::ExplainTerritory(state, id, at)
                               : ledger::ExplainGeofence(state, id, at);
  };
  const auto [seq, head_time] = Head();
  StatusOr<ledger::RuleExplanation> x;
  if (at < head_time) {
    std::lock_guard<std::mutex> lock(history_mutex_);
    LEOTWIN_RETURN_IF_ERROR(SyncHistoryLocked(seq));
    StatusOr<ledger::LedgerState> state = history_->StateAt(at);
    if (!state.ok()) return Public(state.status());
    x = explain(*state);
  } else {
    std::lock_guard<std::mutex> lock(mutex_);
    x = explain(ledger_->state());
  }
  if (!x.ok()) return x.status();  // NotFound names only the id and the time
  return x->ToJson();
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
  StatusOr<std::vector<ledger::Entry>> entries = ledger_->Entries(first, last);
  if (!entries.ok()) return Public(entries.status());
  return entries;
}

StatusOr<ledger::VerifyReport> PolicyService::Verify() {
  LEOTWIN_RETURN_IF_ERROR(NeedLedger());
  const int64_t seq = Head().first;
  std::lock_guard<std::mutex> lock(history_mutex_);
  LEOTWIN_RETURN_IF_ERROR(SyncHistoryLocked(seq));
  ledger::VerifyReport report = history_->Verify();
  // The problem names an entry; it must not name the file.
  if (!report.ok) {
    report.problem = std::string(Public(absl::FailedPreconditionError(report.problem)).message());
  }
  return report;
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
  return committer_.Commit(
      [proposal](SimTime now) { return ledger::Journal::ProposalWrite(proposal, now); });
}

StatusOr<ledger::Entry> PolicyService::Vote(const ledger::SignedVote& vote) {
  return committer_.Commit([vote](SimTime now) { return ledger::Journal::VoteWrite(vote, now); });
}

std::vector<StatusOr<ledger::Entry>> PolicyService::RunGroup(
    const std::vector<const ledger::GroupCommitter::Write*>& writes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (Status ready = NeedLedger(); !ready.ok()) {
    return std::vector<StatusOr<ledger::Entry>>(writes.size(), ready);
  }
  const SimTime now = Now();
  std::vector<ledger::Journal::MakeEntry> makes;
  makes.reserve(writes.size());
  for (const auto* w : writes) makes.push_back((*w)(now));
  std::vector<StatusOr<ledger::Entry>> results = ledger_->journal().AppendGroup(makes, now);
  for (auto& r : results) {
    if (!r.ok()) r = Public(r.status());
  }
  return results;
}

}  // namespace leotwin::api
