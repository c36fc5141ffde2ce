// A scenario loaded and its ledger seeded (or reused) in its state folder, for `leotwin serve
// --scenario` and `leotwin scenario seed`: one line on stdout says what happened and where, and a
// progress bar shows the seeding on a terminal.
#pragma once

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "leotwin/base/status.h"
#include "leotwin/scenario/scenario.h"
#include "leotwin/scenario/seed.h"

namespace leotwin::cli {

struct SeededStory {
  std::shared_ptr<const scenario::Scenario> scenario;
  scenario::SeededScenario seeded;
};

// `state_dir` empty: scenario::DefaultStateDir(name).
StatusOr<SeededStory> LoadAndSeed(const std::string& name_or_dir, const std::string& state_dir);

// --scenario NAME|DIR and --state-dir DIR.
void AddScenarioFlags(CLI::App* cmd, std::string& scenario, std::string& state_dir);

}  // namespace leotwin::cli
