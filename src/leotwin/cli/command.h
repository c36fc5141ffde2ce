// Subcommand registry for the `leotwin` CLI. Each subcommand lives in its own file in cli/ and
// registers itself with a static LEOTWIN_REGISTER_COMMAND(...) object; main.cc knows none of them
// by name. The cli/ files are compiled straight into the executable (not a static library), so the
// registrations are always linked in.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"

namespace leotwin::cli {

// Adds a subcommand to `app`. The callback set on the subcommand runs it; it must set the process
// exit code through SetExitCode() when it fails.
using CommandRegistrar = std::function<void(CLI::App& app)>;

struct CommandRegistration {
  CommandRegistration(int order, CommandRegistrar registrar);
};

// All registrars, sorted by their `order` (the order of --help).
std::vector<CommandRegistrar> RegisteredCommands();

void SetExitCode(int code);
int ExitCode();

}  // namespace leotwin::cli

#define LEOTWIN_CLI_CONCAT_INNER(a, b) a##b
#define LEOTWIN_CLI_CONCAT(a, b) LEOTWIN_CLI_CONCAT_INNER(a, b)
#define LEOTWIN_REGISTER_COMMAND(order, registrar)                                              \
  static const ::leotwin::cli::CommandRegistration LEOTWIN_CLI_CONCAT(kRegistration, __LINE__)( \
      order, registrar)
