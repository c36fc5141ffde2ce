// Shared by the `leotwin policy` subcommands (one file each in this folder): the ledger file and
// clock conventions, key files, and the short forms printed after every write.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "CLI/CLI.hpp"
#include "leotwin/base/status.h"
#include "leotwin/ledger/keys.h"
#include "leotwin/ledger/ledger.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::cli::policy_cli {

namespace lg = ::leotwin::ledger;

inline constexpr const char* kDbHelp =
    "Ledger database file (default: $LEOTWIN_DB, else leotwin.db)";

// --db, or the default ledger path.
std::string DbPath(const std::string& flag);
SimTime WallClock();

// The instant for queries: --at if given, else the clock.
StatusOr<SimTime> QueryTime(const std::string& at);
// The commit time: this machine's clock, or --now on a ledger with a simulated clock. Never
// adjusted to the last entry's time: a future-dated entry must not move later entries' times.
StatusOr<SimTime> CommitTime(const std::string& now, const lg::Ledger& ledger);
// The signing time of an offline signature: --now if given, else the clock.
StatusOr<SimTime> SigningTime(const std::string& now);
// The end of a signature's validity window: `when` + --expires-in (default 24 h).
StatusOr<SimTime> ExpiryTime(const std::string& expires_in, SimTime when);

// A JSON input file (a change, a signed proposal or vote, a geometry), bounded in size.
StatusOr<std::string> ReadJsonFile(const std::string& path);
// The signer's secret key; a public key file given by mistake is named as such.
StatusOr<lg::OperatorKey> ReadSigningKey(const std::string& path);

// Writes go to an existing ledger only, reads too: only `policy init` creates a ledger file.
StatusOr<lg::Ledger> OpenForWrite(const std::string& db);
StatusOr<lg::Ledger> OpenForRead(const std::string& db);

// "<action kind>=<approvals>" with a known kind (or "default").
StatusOr<std::pair<std::string, int>> ParseQuorumSpec(std::string_view flag,
                                                      const std::string& spec);
std::string QuorumText(const lg::QuorumRules& q);

std::string Short(std::string_view id);
void PrintHead(const lg::Ledger& ledger);
// --db and (when `now` is set) --now.
void AddDbNow(CLI::App* cmd, std::string& db, std::string* now);

// The flags of a signed write, shared by `policy propose` and `policy approve | reject`.
struct SigningFlags {
  std::string key, comment, expires_in, ledger_id;
  bool sign_only = false;
};
// --key, --comment, --expires-in, --sign-only and --ledger-id; `signer` names who signs
// ("proposer") and `message` what is signed ("proposal") in their help.
void AddSigningFlags(CLI::App* cmd, SigningFlags* flags, std::string_view signer,
                     std::string_view message);

// Each subcommand adds itself to the `policy` command (policy.cc calls them in --help order).
void AddKeygen(CLI::App* policy);
void AddInit(CLI::App* policy);
void AddPropose(CLI::App* policy);
void AddVotes(CLI::App* policy);  // approve, reject
void AddShow(CLI::App* policy);
void AddDecideExplain(CLI::App* policy);
void AddHistory(CLI::App* policy);
void AddProve(CLI::App* policy);

}  // namespace leotwin::cli::policy_cli
