// A scenario: what `leotwin serve --scenario NAME|DIR` shows. A constellation plus a history of
// the service policy written as the ledger would record it: operators, quorum rules, and dated
// steps, each a set of policy changes proposed by one operator and approved by others. Seeding
// (seed.h) replays the history into a real signed, quorum-approved ledger, so the map, the CLI and
// the API read it as they read any ledger.
//
// The file, data/scenarios/<name>/scenario.json (every field checked, unknown fields refused):
//   {"leotwin_scenario": 1,
//    "name": "demo", "title": "...", "description": "...",
//    "constellation": "starlink-gen1",             // preset or file (relative to the folder)
//    "operators": ["alice", "bob", "carol"],
//    "quorum": {"default": 1, "territory.block": 2},  // optional; default: recommended quorums
//    "genesis": {"at": "2020-10-01T00:00:00Z", "by": "alice", "comment": "..."},
//    "history": [
//      {"at": "2022-02-26T18:00:00Z", "by": "alice", "comment": "...",
//       "changes": [{"action": "set_territory_state", "iso": "UA", "state": "available"}],
//       "approvals": [{"by": "bob", "at": "2022-02-26T18:20:00Z"}]}]}
// A change is the ledger's change JSON (policy/change.h), with one addition: "geometry_file"
// names a GeoJSON file in the scenario folder that becomes the change's "geometry". An approval
// without "at" is 15 minutes after the previous one (or after the step). Times never go back:
// each step starts at or after the previous step's last approval (the ledger's simulated clock).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/ledger/messages.h"
#include "leotwin/time/sim_time.h"
#include "nlohmann/json.hpp"

namespace leotwin::scenario {

// Largest scenario file and geometry file read.
inline constexpr size_t kMaxScenarioBytes = size_t{8} << 20;
inline constexpr size_t kMaxSteps = 10'000;

struct Approval {
  std::string by;
  SimTime at;
  std::string comment;
};

struct Step {
  SimTime at;
  std::string by;
  std::string comment;
  std::vector<nlohmann::json> changes;  // ledger change JSON, geometry files resolved
  std::vector<Approval> approvals;
  std::string where;  // "history[3]" for errors
};

struct Scenario {
  std::string name, title, description;
  std::string constellation;  // preset name, or an absolute path of a file in the folder
  std::string dir;            // the folder the scenario was read from
  std::vector<std::string> operators;
  ledger::QuorumRules quorum;
  std::string genesis_by, genesis_comment;
  SimTime genesis_at;
  std::vector<Step> history;
  // Hex SHA-256 of the canonical scenario (geometry files included): a seeded ledger records it,
  // so a changed scenario is seeded anew.
  std::string digest;

  SimTime first_time() const { return genesis_at; }
  SimTime last_time() const;  // the last approval (or step) of the history
};

// Parses scenario JSON text; `dir` resolves geometry and constellation files, `source` names the
// text in errors ("source:line:col" for syntax, "source: history[3].changes[0]: ..." for content).
StatusOr<Scenario> ParseScenario(std::string_view text, const std::string& dir,
                                 std::string_view source);
// Reads `name_or_dir`: a folder holding scenario.json, or the name of a bundled scenario
// (data/scenarios/<name>/scenario.json, found like every bundled file).
StatusOr<Scenario> LoadScenario(const std::string& name_or_dir);
// Names of the bundled scenarios (folders of data/scenarios with a scenario.json).
std::vector<std::string> BundledScenarios();

}  // namespace leotwin::scenario
