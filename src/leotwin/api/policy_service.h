// The service policy as the API sees it: the ledger database (when there is one) behind a mutex,
// with the policy as of any instant cached, or the built-in default policy when the server runs
// without a ledger.
//
// Times. Ledger entries carry their commit times (wall clock, UTC); the policy as of t is the
// replay of every entry committed at or before t (ledger.h). Endpoints that take `at` for the
// policy use it for both the replay and the rule schedules; without `at` they use the current
// wall-clock time and the ledger's head. This is the policy's clock, separate from the satellites'
// scenario clock.
//
// Writes go only through signed proposals and votes, verified by the ledger library (signatures,
// operators, quorum); the HTTP layer adds no other way to change anything.
//
// Locks. The current policy, decisions now, reads of the head and writes use the read-write
// ledger handle under `mutex_`; past instants (policy and decisions as of t < head time) and full
// verification use a second, read-only handle under `history_mutex_`, so a long replay or verify
// never delays a decision for the current policy.
//
// Errors from storage (SQLite messages name the database file) are logged on stderr and reach
// the caller with a generic message; see PublicStatus.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/group_commit.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/policy/policy.h"
#include "leotwin/time/sim_time.h"
#include "leotwin/track/evaluate.h"

namespace leotwin::api {

class PolicyService {
 public:
  // Opens the ledger at `db_path` read-write when the file exists; when it does not exist and
  // `require` is false, runs on the default policy (no ledger); when `require` is true, NotFound.
  static StatusOr<std::unique_ptr<PolicyService>> Open(const std::string& db_path, bool require);
  // A service on a given policy and no ledger (tests).
  static std::unique_ptr<PolicyService> WithoutLedger(policy::Policy policy);

  bool has_ledger() const { return ledger_.has_value(); }
  const std::string& db_path() const { return db_path_; }

  // The policy in force at `t` (nullopt: now, the ledger head). Cached per (head, t).
  StatusOr<std::shared_ptr<const policy::Policy>> PolicyAt(std::optional<SimTime> t);
  // The current policy and a version number that changes whenever the policy object does (a
  // process-wide counter: never reused, unlike an address), for caches of derived answers.
  struct Versioned {
    std::shared_ptr<const policy::Policy> policy;
    uint64_t version = 0;
  };
  StatusOr<Versioned> Current();
  // The wall clock, as a SimTime.
  static SimTime Now();

  // Decision with provenance for a terminal at a position (ledger.h Explain). Without a ledger:
  // the decision of the default policy, no provenance.
  StatusOr<nlohmann::json> Decide(const std::string& terminal, double lat_deg, double lon_deg,
                                  double speed_kmh, std::optional<SimTime> t);

  // A territory's ("territory") or geofence's ("geofence") rule at `t` (nullopt: now) and the
  // entries behind it, as ledger/rule_explanation.h. FailedPrecondition without a ledger.
  // The full explanation of a terminal's decision (ledger.h Explanation JSON plus "text", what
  // `leotwin policy explain` prints). FailedPrecondition without a ledger.
  StatusOr<nlohmann::json> ExplainTerminal(const std::string& terminal, double lat_deg,
                                           double lon_deg, double speed_kmh,
                                           std::optional<SimTime> t);
  StatusOr<nlohmann::json> ExplainRule(std::string_view kind, std::string_view id,
                                       std::optional<SimTime> t);

  // The ledger states in force over [start, end] for a track (track/evaluate.h), read on the
  // history handle; PolicyHistory::None() (every instant allowed) without a ledger.
  StatusOr<track::PolicyHistory> HistoryOver(SimTime start, SimTime end);

  // Ledger reads and writes. FailedPrecondition when there is no ledger.
  struct LedgerSummary {
    std::string id;
    int64_t head_seq = 0;
    std::string head_hash;
    SimTime head_time;
    int64_t operators = 0;
    int64_t proposals = 0;
    int64_t pending = 0;
  };
  StatusOr<LedgerSummary> Summary();
  StatusOr<std::vector<ledger::Entry>> Entries(int64_t first, int64_t last);
  StatusOr<ledger::VerifyReport> Verify();
  StatusOr<nlohmann::json> Proposals();
  StatusOr<ledger::Entry> Propose(const ledger::SignedProposal& proposal);
  StatusOr<ledger::Entry> Vote(const ledger::SignedVote& vote);

 private:
  PolicyService() = default;
  Status NeedLedger() const;
  // Re-reads entries other processes appended (at most once per second). Holds mutex_.
  void RefreshLocked();
  // The head seq and time after a refresh; {-1, _} without a ledger.
  std::pair<int64_t, SimTime> Head();
  // Brings the read-only handle up to `seq`. Holds history_mutex_.
  Status SyncHistoryLocked(int64_t seq);
  Status Public(const Status& status) const { return PublicStatus(status, db_path_); }
  // Writes go through group commit (ledger/group_commit.h: one transaction and one WAL sync for
  // the writes that arrive while a commit runs). Holds mutex_.
  std::vector<StatusOr<ledger::Entry>> RunGroup(
      const std::vector<const ledger::GroupCommitter::Write*>& writes);

 public:
  // `status` as a client may see it: when its message names the database (`db_path`, its
  // absolute form or its file name) or it is an internal error, the detail goes to stderr and the
  // message becomes generic; the code is kept.
  static Status PublicStatus(const Status& status, const std::string& db_path);

 private:
  std::string db_path_;
  std::mutex mutex_;
  std::optional<ledger::Ledger> ledger_;
  std::shared_ptr<const policy::Policy> default_policy_;  // Without a ledger.
  uint64_t default_version_ = 0;
  // Cache: the current policy for a head seq, and a few past instants.
  int64_t current_seq_ = -1;
  std::shared_ptr<const policy::Policy> current_;
  uint64_t current_version_ = 0;
  // Time travel and verify: their own handle and lock (see "Locks" above).
  std::mutex history_mutex_;
  std::optional<ledger::Ledger> history_;
  struct PastEntry {
    int64_t head_seq;
    SimTime t;
    std::shared_ptr<const policy::Policy> policy;
  };
  std::vector<PastEntry> past_;  // Under history_mutex_.
  SimTime last_refresh_;
  // Its lock is taken before mutex_, never while holding it.
  ledger::GroupCommitter committer_{
      [this](const std::vector<const ledger::GroupCommitter::Write*>& writes) {
        return RunGroup(writes);
      }};
};

}  // namespace leotwin::api
