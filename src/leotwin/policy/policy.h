// The service policy: territory activation states (with schedules), geofences and terminals, and
// what a change needs to be approved (ClassifyChange). The authorization decision over a policy
// is in decision.h (included at the end of this header, so includers of policy.h keep it).
//
// A Policy is a plain value built by applying PolicyChanges in ledger order; the ledger replays
// approved entries to get the policy as of any instant (time travel). Every rule remembers the
// ledger entry id that created it, so every Decision names the rule and the entry that decided it.
// Copying a Policy is cheap-ish (territory geometry is shared, immutable) so a what-if copy can
// run beside the live one. Const methods are safe to call from many threads.
//
// Decision precedence is documented and tested in docs/policy.md (first matching rule decides).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/policy/change.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"
#include "s2/s2point.h"

namespace leotwin::geo {
class TerritorySet;
class Region;
}  // namespace leotwin::geo

namespace leotwin::policy {

class CompiledIndex;      // policy/compiled_index.h
struct CompiledGeofence;  // policy/compiled_index.h

// Ledger entry id of built-in defaults (no ledger entry). Real ledger ids are >= 1.
inline constexpr int64_t kNoLedgerEntry = 0;

// One scheduled activation state of a territory.
struct TerritoryRule {
  TerritoryState state = TerritoryState::kUnavailable;
  std::optional<SimTime> coming_soon_date;
  SimTime effective_at;  // the rule holds from this instant until the next rule's
  int64_t ledger_entry_id = kNoLedgerEntry;
};

struct Geofence {
  std::string id;
  std::string name;
  GeofenceEffect effect = GeofenceEffect::kDeny;
  nlohmann::json geometry;                    // GeoJSON as proposed
  std::shared_ptr<const geo::Region> region;  // validated S2 geometry
  std::optional<SimTime> active_from;         // [active_from, active_until)
  std::optional<SimTime> active_until;
  std::optional<double> speed_cap_kmh;
  int64_t ledger_entry_id = kNoLedgerEntry;
  SimTime added_at;
  // True when `t` is inside the window (always true without a window).
  bool ActiveAt(SimTime t) const {
    return (!active_from || t >= *active_from) && (!active_until || t < *active_until);
  }
};

struct Terminal {
  std::string id;
  TerminalKind kind = TerminalKind::kFixed;
  double service_lat_deg = 0;  // WGS84 degrees
  double service_lon_deg = 0;
  std::string sponsor;
  TerminalStatus status = TerminalStatus::kActive;
  int64_t registered_entry_id = kNoLedgerEntry;  // ledger entry of RegisterTerminal
  int64_t status_entry_id = kNoLedgerEntry;      // ledger entry of the last status change
  int service_territory = -1;  // territory index of the service address (-1: at sea)
};

// A terminal as it stands after a ledger entry: `since` is the entry that enacted this version
// (the approval that reached the quorum; the position for Policy::Apply calls made without a
// ledger).
struct TerminalVersion {
  int64_t since = 0;
  Terminal terminal;
};

// Terminal versions kept outside the policy value (the ledger's derived SQLite table, see
// ledger/terminal_table.h), so a policy over millions of terminals holds none of them in memory.
// service_territory is not stored: the policy computes it from its own territories.
// Implementations are safe to call from many threads.
class TerminalSource {
 public:
  virtual ~TerminalSource() = default;
  // The latest version of terminal `id` enacted at or before ledger entry `through`, if any.
  virtual std::optional<TerminalVersion> Find(std::string_view id, int64_t through) const = 0;
  // Every terminal's latest version at or before `through`, ordered by id.
  virtual std::vector<TerminalVersion> All(int64_t through) const = 0;
};

// Tunables (not ledger-controlled; part of the deployment configuration).
struct PolicyOptions {
  // A fixed terminal is served only within this great-circle distance of its service address.
  double fixed_radius_km = 50.0;
  // State of a territory that no ledger entry has set.
  TerritoryState default_state = TerritoryState::kUnavailable;
  // Per-kind maximum speed over ground (km/h); above it: moving_too_fast. Government: no cap.
  double fixed_max_speed_kmh = 10.0;
  double roam_max_speed_kmh = 160.0;
  double maritime_max_speed_kmh = 100.0;
  double aviation_max_speed_kmh = 1200.0;
};

class Policy {
 public:
  // REQUIRES: territories != nullptr.
  explicit Policy(std::shared_ptr<const geo::TerritorySet> territories, PolicyOptions options = {});
  // A policy over the bundled Natural Earth territories (data/territories/countries.geojson,
  // loaded once per process; see geo::TerritorySet::Default()).
  static StatusOr<Policy> CreateDefault(PolicyOptions options = {});

  Policy(const Policy&);
  Policy& operator=(const Policy&);
  Policy(Policy&&) noexcept;
  Policy& operator=(Policy&&) noexcept;
  ~Policy();

  // Checks that `change` applies cleanly to the current value, approved at `approved_at`.
  // Errors: NotFound (unknown territory / geofence / terminal), AlreadyExists (duplicate id),
  // InvalidArgument (bad geometry, bad window, backdated schedule), FailedPrecondition
  // (conflicting rule: another state scheduled at the same instant, status already set).
  Status Validate(const PolicyChange& change, SimTime approved_at) const;
  // Validates, then applies. On error nothing changes. InvalidArgument when ledger_entry_id < 1
  // (ids are the ledger's; kNoLedgerEntry is reserved for defaults).
  Status Apply(const PolicyChange& change, int64_t ledger_entry_id, SimTime approved_at);

  const geo::TerritorySet& territories() const { return *territories_; }
  const std::shared_ptr<const geo::TerritorySet>& shared_territories() const {
    return territories_;
  }
  const PolicyOptions& options() const { return options_; }

  // The rule in force for territory `iso` (alpha-2 or alpha-3) at `t`: the latest scheduled rule
  // with effective_at <= t, or the default rule (ledger entry kNoLedgerEntry).
  StatusOr<TerritoryRule> TerritoryRuleAt(std::string_view iso, SimTime t) const;
  // Same by territory index in territories() (REQUIRES: 0 <= index < territories().size()).
  const TerritoryRule& TerritoryRuleAt(int index, SimTime t) const;
  // Every scheduled rule of a territory, in effective_at order (empty when never set).
  const std::vector<TerritoryRule>& TerritorySchedule(int index) const;

  const std::map<std::string, Geofence, std::less<>>& geofences() const { return geofences_; }
  // Terminals: those changed in this value (in memory) over those of the attached source as of
  // the terminal position; of two versions of one terminal the later enacted one wins.
  // terminals() lists every terminal ordered by id (it reads the whole source: for listings).
  std::vector<Terminal> terminals() const;
  const Geofence* FindGeofence(std::string_view id) const;
  std::optional<Terminal> FindTerminal(std::string_view id) const;

  // The ledger position of this value: terminal versions of the source enacted after entry `seq`
  // are not visible, and Apply records its terminal changes as enacted at `seq + 1`.
  void SetTerminalPosition(int64_t seq);
  int64_t terminal_position() const { return terminal_position_; }
  // Attaches the source of terminals enacted before (shared by copies of this value).
  void AttachTerminalSource(std::shared_ptr<const TerminalSource> source);
  bool has_terminal_source() const { return terminal_source_ != nullptr; }
  // Terminal versions held in memory (enacted here, not yet dropped to the source).
  const std::map<std::string, TerminalVersion, std::less<>>& terminal_versions() const {
    return terminals_;
  }
  // Ids changed by the Apply calls of the last position they were made at (what a ledger writes
  // for an entry; check terminal_versions()[id].since).
  const std::vector<std::string>& terminals_changed() const { return terminals_changed_; }
  // Drops in-memory versions enacted at or before `seq` (the source now holds them).
  // REQUIRES: has_terminal_source().
  void DropTerminalsThrough(int64_t seq);
  // When on, every version Apply creates is also appended to terminal_history() (verify).
  void RecordTerminalHistory(bool on) { record_history_ = on; }
  const std::vector<TerminalVersion>& terminal_history() const { return history_; }

  // The compiled cell index over territories and live geofences (rebuilt on geofence changes).
  const CompiledIndex& index() const { return *index_; }

  // A JSON snapshot as of `t` (states in force, live geofences, terminals) for `policy show`.
  nlohmann::json ToJson(SimTime t) const;

 private:
  Status ValidateImpl(const PolicyChange& change, SimTime approved_at,
                      std::shared_ptr<const geo::Region>* region_out) const;
  void RebuildIndex();
  void RecordTerminal(Terminal t);

  std::shared_ptr<const geo::TerritorySet> territories_;
  PolicyOptions options_;
  std::vector<std::vector<TerritoryRule>> schedules_;  // by territory index
  std::map<std::string, Geofence, std::less<>> geofences_;
  std::map<std::string, TerminalVersion, std::less<>> terminals_;
  std::shared_ptr<const TerminalSource> terminal_source_;
  int64_t terminal_position_ = 0;
  std::vector<std::string> terminals_changed_;
  int64_t changed_since_ = 0;
  bool record_history_ = false;
  std::vector<TerminalVersion> history_;
  std::shared_ptr<const CompiledIndex> index_;
};

// The quorum class of a change by its effect on `policy` at instant `at` (the change's own
// effective_at when it has one): which action kind's quorum it needs, and which ledger entries'
// restrictions it lifts (the ledger requires at least the quorum each of those was enacted with).
// Territory states rank available < waitlist, coming_soon, unavailable < blocked; the full table
// is in docs/ledger.md ("Quorums follow effects"):
//   territory to a higher rank (cuts service)          territory.block
//   territory to a lower rank (lifts)                   territory.set_state, lifts the prior rule
//   territory to the same rank                          territory.set_state
//   add deny geofence                                   geofence.add_deny
//   add allow geofence (lifts rank-1 states under it)   geofence.add_allow, lifts every rank-1
//                                                       territory rule set by the ledger
//   remove deny geofence                                geofence.remove, lifts the geofence
//   remove allow geofence (cuts service)                geofence.remove_allow
//   register terminal                                   terminal.register
//   suspend terminal                                    terminal.suspend
//   activate a suspended terminal                       terminal.activate, lifts the suspension
// Unknown ids classify by verb (the dry run refuses them).
struct QuorumClass {
  std::string action_kind;
  std::vector<int64_t> lifts;  // ledger entries (proposal entries) whose restriction is lifted
};
QuorumClass ClassifyChange(const Policy& policy, const PolicyChange& change, SimTime at);

}  // namespace leotwin::policy

// The decision engine over this value; decision.h includes this header first.
#include "leotwin/policy/decision.h"  // IWYU pragma: export
