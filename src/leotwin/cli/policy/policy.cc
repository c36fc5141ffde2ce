// `leotwin policy`: operator keys, the quorum-signed policy ledger, decisions and explanations.
//   keygen | init | propose | approve | reject | show | decide | explain | history | prove
// Every subcommand works on one ledger file (--db, default $LEOTWIN_DB or leotwin.db) and lives in
// its own file in this folder. The library behind it is leotwin/ledger/ledger.h (the HTTP API
// calls the same functions).
#include "leotwin/cli/command.h"
#include "leotwin/cli/policy/policy_common.h"

namespace leotwin::cli::policy_cli {
namespace {

LEOTWIN_REGISTER_COMMAND(80, [](CLI::App& app) {
  auto* policy = app.add_subcommand(
      "policy",
      "Service policy under a quorum-signed ledger: operator keys, proposals, approvals, "
      "decisions and their explanations.\n"
      "Example: leotwin policy explain --terminal T-1 --at 2025-10-01T12:00:00Z --lat 48.5 "
      "--lon 37.8");
  policy->require_subcommand(1);
  AddKeygen(policy);
  AddInit(policy);
  AddPropose(policy);
  AddVotes(policy);
  AddShow(policy);
  AddDecideExplain(policy);
  AddHistory(policy);
  AddProve(policy);
});

}  // namespace
}  // namespace leotwin::cli::policy_cli
