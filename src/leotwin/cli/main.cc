// `leotwin`: the command-line front end. Subcommands register themselves (see command.h).
#include <cstdio>

#include "CLI/CLI.hpp"
#include "leotwin/cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "leotwin: an open, auditable digital twin of a Starlink-class satellite internet system.\n"
      "Run 'leotwin <command> --help' for the options and an example of each command."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "leotwin 0.1.0");
  for (const auto& registrar : leotwin::cli::RegisteredCommands()) registrar(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2 like other Unix tools (CLI11's own codes are 100+); --help exits 0.
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return leotwin::cli::ExitCode();
}
