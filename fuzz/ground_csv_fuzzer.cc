// libFuzzer target: the ground-node readers must return a Status (never crash, hang or read out
// of bounds) on any bytes, and whatever they accept must satisfy the documented ranges and
// round-trip through GroundCsv.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "leotwin/net/ground.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckNodes(const std::vector<leotwin::net::GroundNode>& nodes) {
  for (const auto& n : nodes) {
    Check(!n.name.empty());
    Check(n.lat_deg >= -90 && n.lat_deg <= 90 && n.lon_deg >= -180 && n.lon_deg <= 180);
    Check(std::isfinite(n.alt_m) && n.population >= 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto nodes = leotwin::net::ParseGroundCsv(text, "fuzz.csv");
      if (nodes.ok()) {
        CheckNodes(*nodes);
        auto again = leotwin::net::ParseGroundCsv(leotwin::net::GroundCsv(*nodes), "rt.csv");
        Check(again.ok() && again->size() == nodes->size());
      }
      break;
    }
    case 1: {
      auto nodes = leotwin::net::ParseGroundGeoJson(text, "fuzz.geojson");
      if (nodes.ok()) CheckNodes(*nodes);
      break;
    }
    case 2: {
      auto pairs = leotwin::net::ParsePlacePairsCsv(text, "pairs.csv");
      if (pairs.ok()) {
        for (const auto& [a, b] : *pairs) Check(!a.empty() && !b.empty());
      }
      break;
    }
  }
  return 0;
}
