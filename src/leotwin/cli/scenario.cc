// `leotwin scenario list | seed`: the bundled scenarios, and a scenario's ledger seeded (or found)
// in its state folder, so the CLI can ask the same questions as the map:
//   leotwin scenario seed demo
//   leotwin policy explain --db ~/.local/state/leotwin/scenarios/demo/ledger.db --territory UA
#include <memory>
#include <string>

#include "fmt/format.h"
#include "leotwin/cli/command.h"
#include "leotwin/cli/common.h"
#include "leotwin/cli/scenario_seed.h"

namespace leotwin::cli {
namespace {

struct ScenarioFlags {
  std::string scenario = "demo", state_dir;
};

Status RunList() {
  for (const std::string& name : scenario::BundledScenarios()) {
    LEOTWIN_ASSIGN_OR_RETURN(const scenario::Scenario s, scenario::LoadScenario(name));
    fmt::print("{}  {} ({} .. {}, {} steps)\n", name, s.title, s.first_time().ToIso8601(),
               s.last_time().ToIso8601(), s.history.size());
  }
  return absl::OkStatus();
}

Status RunSeed(const ScenarioFlags& f) {
  LEOTWIN_ASSIGN_OR_RETURN(const SeededStory story, LoadAndSeed(f.scenario, f.state_dir));
  fmt::print("ledger {}\nkeys   {} (demo keys: they sign only this ledger)\n",
             story.seeded.ledger_path, story.seeded.keys_dir);
  return absl::OkStatus();
}

}  // namespace

LEOTWIN_REGISTER_COMMAND(85, [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "scenario",
      "Bundled scenarios: a constellation and a policy history replayed into a signed ledger.\n"
      "Example: leotwin scenario seed demo");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "The bundled scenarios");
  list->callback(Runs([] { return RunList(); }));
  auto f = std::make_shared<ScenarioFlags>();
  auto* seed = cmd->add_subcommand(
      "seed", "Seed the scenario's ledger in its state folder (or find it) and print where");
  seed->add_option("scenario", f->scenario, "Name or folder (default demo)");
  seed->add_option("--state-dir", f->state_dir, "State folder (default as for serve)")
      ->check(kNonEmptyPath);
  seed->callback(Runs([f] { return RunSeed(*f); }));
});

}  // namespace leotwin::cli
