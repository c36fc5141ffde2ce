// Seeding: a scenario's history replayed into a real ledger in a state folder outside the
// checkout, signed by demo operator keys generated there.
//
// The state folder (mode 0700) of a scenario holds:
//   keys/<operator>.key, .pub   demo operator keys, generated on first use, never committed (they
//                               sign only this folder's ledger: its id binds every signature)
//   ledger.db                   the seeded ledger (simulated clock: the history's own times)
//   seed.json                   the scenario digest, ledger id and head it was seeded with
//   admin.token                 a random token for the API's admin reads (terminal data)
// A ledger whose seed.json names the scenario's digest is reused as it is (entries added since,
// e.g. through the API, are kept). When the scenario changed, the old ledger is moved aside to
// ledger.db.previous and a new one is seeded. Seeding writes ledger.db.seeding and renames it
// when every step is enacted, so a crash leaves no half-seeded ledger behind.
#pragma once

#include <functional>
#include <string>

#include "leotwin/base/status.h"
#include "leotwin/scenario/scenario.h"

namespace leotwin::scenario {

struct SeededScenario {
  std::string state_dir;
  std::string ledger_path;
  std::string keys_dir;
  std::string admin_token_path;
  std::string ledger_id;
  int64_t entries = 0;
  bool created = false;  // false: an existing seeded ledger was reused
  double seconds = 0;    // wall time of the seeding (or of the reuse check)
};

// The default state folder of scenario `name`: $LEOTWIN_STATE_DIR/<name> when set, else
// $XDG_STATE_HOME/leotwin/scenarios/<name>, else ~/.local/state/leotwin/scenarios/<name>.
StatusOr<std::string> DefaultStateDir(std::string_view name);

// Seeds (or reuses) the ledger of `scenario` in `state_dir`. `progress(done, total)` is called
// after each entry (for a progress bar). Errors name the scenario step that failed.
StatusOr<SeededScenario> Seed(const Scenario& scenario, const std::string& state_dir,
                              const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace leotwin::scenario
