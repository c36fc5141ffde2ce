#include "leotwin/cli/scenario_seed.h"

#include "fmt/format.h"
#include "leotwin/base/progress.h"
#include "leotwin/cli/common.h"

namespace leotwin::cli {

StatusOr<SeededStory> LoadAndSeed(const std::string& name_or_dir, const std::string& state_dir) {
  SeededStory story;
  LEOTWIN_ASSIGN_OR_RETURN(scenario::Scenario loaded, scenario::LoadScenario(name_or_dir));
  std::string dir = state_dir;
  if (dir.empty()) {
    LEOTWIN_ASSIGN_OR_RETURN(dir, scenario::DefaultStateDir(loaded.name));
  }
  std::unique_ptr<ProgressBar> bar;
  LEOTWIN_ASSIGN_OR_RETURN(story.seeded,
                           scenario::Seed(loaded, dir, [&bar](int64_t done, int64_t total) {
                             if (!bar)
                               bar = std::make_unique<ProgressBar>("seeding the ledger", total);
                             bar->Advance();
                             if (done == total) bar->Finish();
                           }));
  bar.reset();
  if (story.seeded.created) {
    fmt::print("leotwin: scenario {}: seeded {} signed ledger entries in {:.2f} s ({})\n",
               loaded.name, story.seeded.entries, story.seeded.seconds, story.seeded.ledger_path);
  } else {
    fmt::print("leotwin: scenario {}: ledger {} (seeded before; the scenario is unchanged)\n",
               loaded.name, story.seeded.ledger_path);
  }
  story.scenario = std::make_shared<const scenario::Scenario>(std::move(loaded));
  return story;
}

void AddScenarioFlags(CLI::App* cmd, std::string& scenario, std::string& state_dir) {
  cmd->add_option("--scenario", scenario,
                  "A bundled scenario (data/scenarios: demo) or a folder with scenario.json: "
                  "its history is seeded into a signed ledger on first use")
      ->check(kNonEmptyPath);
  cmd->add_option("--state-dir", state_dir,
                  "Where the scenario's ledger and demo keys live (default "
                  "$LEOTWIN_STATE_DIR/NAME or ~/.local/state/leotwin/scenarios/NAME)")
      ->check(kNonEmptyPath);
}

}  // namespace leotwin::cli
