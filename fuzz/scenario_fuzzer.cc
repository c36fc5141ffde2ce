// libFuzzer target: the scenario reader (src/leotwin/scenario/scenario.h), which reads
// data/scenarios/*/scenario.json or any folder a user names. Any bytes must give a Status or a
// scenario whose history is ordered in time, whose approvers are operators other than the
// proposer, and whose digest is 64 hex digits; never a crash, hang or sanitizer report. Geometry
// files resolve against a folder that has none, so those references fail cleanly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "leotwin/scenario/scenario.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto s = leotwin::scenario::ParseScenario(text, "/nonexistent-leotwin-fuzz", "fuzz");
  if (!s.ok()) return 0;
  Check(s->digest.size() == 64);
  Check(s->operators.size() >= 2);
  leotwin::SimTime previous = s->genesis_at;
  for (const auto& step : s->history) {
    Check(!(step.at < previous));
    Check(!step.changes.empty());
    previous = step.at;
    for (const auto& a : step.approvals) {
      Check(a.by != step.by);
      Check(!(a.at < previous));
      previous = a.at;
    }
  }
  Check(!(s->last_time() < s->genesis_at));
  return 0;
}
