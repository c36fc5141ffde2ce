#include "leotwin/cli/command.h"

#include <algorithm>
#include <utility>

namespace leotwin::cli {
namespace {

std::vector<std::pair<int, CommandRegistrar>>& Registry() {
  static auto* registry = new std::vector<std::pair<int, CommandRegistrar>>();
  return *registry;
}

int g_exit_code = 0;

}  // namespace

CommandRegistration::CommandRegistration(int order, CommandRegistrar registrar) {
  Registry().emplace_back(order, std::move(registrar));
}

std::vector<CommandRegistrar> RegisteredCommands() {
  auto entries = Registry();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CommandRegistrar> out;
  for (auto& [order, registrar] : entries) out.push_back(registrar);
  return out;
}

void SetExitCode(int code) { g_exit_code = code; }
int ExitCode() { return g_exit_code; }

}  // namespace leotwin::cli
