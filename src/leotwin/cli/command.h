// Subcommand registry for the `leotwin` CLI. Each subcommand lives in its own file in cli/ (a
// command with subcommands in its own folder, e.g. cli/policy/) and registers itself with a
// static LEOTWIN_REGISTER_COMMAND(order, registrar) object; main.cc knows none of them by name.
// The cli/ files are compiled straight into the executable (not a static library), so the
// registrations are always linked in.
//
// A command body is `Status RunX(const XFlags&)` written with the Status macros; Runs() wraps it
// once: the error is printed in the one format ("leotwin: <message>"), mapped to an exit code, and
// no exception escapes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "leotwin/base/status.h"

namespace leotwin::cli {

using CommandRegistrar = std::function<void(CLI::App& app)>;

struct CommandRegistration {
  CommandRegistration(int order, CommandRegistrar registrar);
};

// All registrars, sorted by their `order` (the order of --help). Two registrations with the same
// order are a programming error, reported at startup, so --help never depends on link order.
StatusOr<std::vector<CommandRegistrar>> RegisteredCommands();

// A CLI11 callback that runs `body` and records its exit code (see ExitCodeFor).
std::function<void()> Runs(std::function<Status()> body);

// Prints "leotwin: <message>" to stderr and returns the exit code for `status`: 0 for OK, 2 for
// usage errors (invalid argument, not found, out of range), 1 otherwise.
int Fail(const Status& status);

// A failure with its own exit code (e.g. 3: the ledger failed verification), for the few
// commands whose documented exit codes say more than usage error / failure.
Status WithExitCode(Status status, int exit_code);

// The exit code of the command that ran (0 if none failed).
int ExitCode();

}  // namespace leotwin::cli

#define LEOTWIN_CLI_CONCAT_INNER(a, b) a##b
#define LEOTWIN_CLI_CONCAT(a, b) LEOTWIN_CLI_CONCAT_INNER(a, b)
#define LEOTWIN_REGISTER_COMMAND(order, registrar)                                              \
  static const ::leotwin::cli::CommandRegistration LEOTWIN_CLI_CONCAT(kRegistration, __LINE__)( \
      order, registrar)
