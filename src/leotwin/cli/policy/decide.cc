// `leotwin policy decide | explain`: authorize a terminal at a position, speed and instant, and
// say why (the deciding rule, the ledger entry behind it, its proposer and approvers).
#include <memory>
#include <optional>
#include <string>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/policy/policy_common.h"
#include "leotwin/ledger/rule_explanation.h"
#include "leotwin/policy/policy.h"

namespace leotwin::cli::policy_cli {
namespace {

struct DecideFlags {
  std::string db, at, terminal, territory, geofence;
  std::optional<double> lat, lon;
  double speed = 0;
  bool json = false;
};

// `explain --territory` / `--geofence`: the rule in force and the entries behind it.
Status RunExplainRule(const DecideFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForRead(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, QueryTime(f.at));
  LEOTWIN_ASSIGN_OR_RETURN(const lg::LedgerState state, ledger.StateAt(t));
  LEOTWIN_ASSIGN_OR_RETURN(const lg::RuleExplanation x,
                           f.territory.empty() ? lg::ExplainGeofence(state, f.geofence, t)
                                               : lg::ExplainTerritory(state, f.territory, t));
  fmt::print("{}", f.json ? x.ToJson().dump(2) + "\n" : x.ToText());
  return absl::OkStatus();
}

Status RunDecide(const DecideFlags& f, bool explain) {
  const int subjects = !f.terminal.empty() + !f.territory.empty() + !f.geofence.empty();
  if (subjects != 1) {
    return absl::InvalidArgumentError(explain ? "give exactly one of --terminal (with --lat and "
                                                "--lon), --territory, --geofence"
                                              : "--terminal is required");
  }
  if (f.terminal.empty()) return RunExplainRule(f);
  if (!f.lat || !f.lon) {
    return absl::InvalidArgumentError("--terminal needs the position: --lat and --lon");
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto ledger, OpenForRead(f.db));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, QueryTime(f.at));
  LEOTWIN_ASSIGN_OR_RETURN(const auto x, ledger.Explain(f.terminal, *f.lat, *f.lon, f.speed, t));
  if (f.json) {
    fmt::print("{}\n", (explain ? x.ToJson() : x.decision.ToJson()).dump(2));
  } else if (explain) {
    fmt::print("{}", x.ToText());
  } else {
    const policy::Decision& d = x.decision;
    fmt::print("{} {}: {}\n", d.allowed ? "ALLOW" : "DENY", policy::ReasonCodeName(d.reason),
               d.message);
    fmt::print("rule {}, ledger entry {}\n", d.rule_id.empty() ? "-" : d.rule_id,
               d.ledger_entry_id);
  }
  return absl::OkStatus();
}

}  // namespace

void AddDecideExplain(CLI::App* policy) {
  for (const bool explain : {false, true}) {
    auto f = std::make_shared<DecideFlags>();
    auto* c = policy->add_subcommand(
        explain ? "explain" : "decide",
        explain
            ? "Why was a terminal allowed or denied at an instant: the decision, the deciding "
              "rule, the ledger entry that created it, its proposer, approvers and times (the "
              "policy replayed from the entries committed by then); or the same for a "
              "territory's state or a geofence.\n"
              "Example: leotwin policy explain --terminal T-1 --at 2025-10-01T12:00:00Z --lat "
              "48.5 --lon 37.8 --speed 30"
            : "Authorize a terminal at a position, speed and instant: allow or deny, the reason "
              "code, the deciding rule and its ledger entry.\n"
              "Example: leotwin policy decide --terminal T-1 --lat 50.45 --lon 30.52 --speed 0");
    c->add_option("--db", f->db, kDbHelp)->check(kNonEmptyPath);
    c->add_option("--at", f->at, "Instant (ISO 8601, UTC if no zone; default: now)");
    c->add_flag("--json", f->json, "Print JSON");
    c->add_option("--terminal", f->terminal, "Terminal id");
    c->add_option("--lat", f->lat, "Latitude, degrees WGS84 [-90, 90]")
        ->check(FiniteIn(-90.0, 90.0));
    c->add_option("--lon", f->lon, "Longitude, degrees WGS84")->check(FiniteIn(-180.0, 360.0));
    if (explain) {
      c->add_option("--territory", f->territory,
                    "Instead of a terminal: a territory (ISO code), its state and who set it");
      c->add_option("--geofence", f->geofence,
                    "Instead of a terminal: a geofence id, its effect and who enacted it");
    }
    c->add_option("--speed", f->speed, "Ground speed, km/h (default 0)")
        ->check(FiniteIn(0.0, 100'000.0));
    c->callback(Runs([f, explain] { return RunDecide(*f, explain); }));
  }
}

}  // namespace leotwin::cli::policy_cli
