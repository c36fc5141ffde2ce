// `leotwin`: the command-line front end. Subcommands register themselves (see command.h).
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "leotwin/cli/command.h"
#include "leotwin/cli/output.h"

#ifndef LEOTWIN_VERSION
#define LEOTWIN_VERSION "0.1.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "leotwin: an open, auditable digital twin of a Starlink-class satellite internet system.\n"
      "Run 'leotwin <command> --help' for the options and an example of each command."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "leotwin " LEOTWIN_VERSION);
  auto commands = leotwin::cli::RegisteredCommands();
  if (!commands.ok()) return leotwin::cli::Fail(commands.status());
  for (const auto& registrar : *commands) registrar(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A word that is no command gets named (CLI11 would only say a subcommand is required).
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty() &&
        dynamic_cast<const CLI::CallForHelp*>(&e) == nullptr) {
      bool known = false;
      for (const CLI::App* sub : app.get_subcommands({})) known |= sub->get_name() == argv[1];
      if (!known) {
        std::fprintf(stderr,
                     "leotwin: unknown command \"%s\"; run 'leotwin --help' for the commands\n",
                     argv[1]);
        return 2;
      }
    }
    // Usage errors exit 2 like other Unix tools (CLI11's own codes are 100+); --help exits 0.
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  // Output that could not be written (a full disk, a closed pipe) is a failure, not a success.
  if (const auto flushed = leotwin::cli::FlushStandardOutput(); !flushed.ok()) {
    const int code = leotwin::cli::Fail(flushed);
    return leotwin::cli::ExitCode() ? leotwin::cli::ExitCode() : code;
  }
  return leotwin::cli::ExitCode();
}
