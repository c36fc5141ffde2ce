#include "leotwin/cli/route_hypatia.h"

#include "fmt/format.h"
#include "leotwin/cli/common.h"
#include "leotwin/net/hypatia.h"

namespace leotwin::cli {
namespace {

// Forwarding-state files one run may write (one per step).
constexpr int64_t kMaxFstateFiles = 100'000;

}  // namespace

StatusOr<net::HypatiaStateReport> WriteHypatiaFolder(const net::NetScenario& scenario,
                                                     const net::Network& network, SimTime start,
                                                     int64_t step_ns, int64_t duration_ns,
                                                     const std::string& dir) {
  const int64_t steps = net::HypatiaStepCount(step_ns, duration_ns);
  LEOTWIN_RETURN_IF_ERROR(
      CheckWorkBound(steps, kMaxFstateFiles,
                     fmt::format("--fstate-dir with {} steps (one file per step)", steps)));
  LEOTWIN_RETURN_IF_ERROR(EnsureDirectory(dir));
  net::HypatiaStateOptions options;
  options.start = start;
  options.step_ns = step_ns;
  options.duration_ns = duration_ns;
  options.interpolation_knot_ns = scenario.interpolation_knot_ns();
  return net::WriteHypatiaState(scenario.constellation(), scenario.ephemeris(), network, options,
                                dir, WriteOutput);
}

}  // namespace leotwin::cli
