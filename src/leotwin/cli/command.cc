#include "leotwin/cli/command.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "absl/strings/cord.h"
#include "fmt/format.h"

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

StatusOr<std::vector<CommandRegistrar>> RegisteredCommands() {
  auto entries = Registry();
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CommandRegistrar> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && entries[i].first == entries[i - 1].first) {
      return absl::InternalError(
          fmt::format("two commands registered at --help order {}", entries[i].first));
    }
    out.push_back(entries[i].second);
  }
  return out;
}

constexpr char kExitCodePayload[] = "leotwin.dev/cli/exit-code";

Status WithExitCode(Status status, int exit_code) {
  status.SetPayload(kExitCodePayload, absl::Cord(std::to_string(exit_code)));
  return status;
}

int Fail(const Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "leotwin: %s\n", std::string(status.message()).c_str());
  if (const auto code = status.GetPayload(kExitCodePayload)) {
    return std::stoi(std::string(*code));
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kOutOfRange:
      return 2;
    default:
      return 1;
  }
}

std::function<void()> Runs(std::function<Status()> body) {
  return [body = std::move(body)] {
    Status status;
    try {
      status = body();
    } catch (const std::system_error& e) {
      // fmt and the standard streams report failed writes (a full disk) this way.
      status = absl::UnavailableError(fmt::format("write failed: {}", e.what()));
    } catch (const std::bad_alloc&) {
      status = absl::ResourceExhaustedError("out of memory");
    } catch (const std::exception& e) {
      status = absl::InternalError(fmt::format("internal error: {}", e.what()));
    }
    g_exit_code = Fail(status);
  };
}

int ExitCode() { return g_exit_code; }

}  // namespace leotwin::cli
