// libFuzzer target: GeoJSON features (geo::ParseGeoJsonFeatures) when the first byte is even,
// policy changes (policy::ParsePolicyChange) when odd. Checks the documented contracts: on success
// every polygon is valid S2 and every change round-trips through its canonical JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "leotwin/geo/region.h"
#include "leotwin/policy/change.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 1) == 0) {
    auto features = leotwin::geo::ParseGeoJsonFeatures(text, "fuzz");
    if (features.ok()) {
      for (const auto& f : *features) {
        if (f.polygon == nullptr || !f.polygon->IsValid()) std::abort();
        // Containment queries on the result must work too.
        (void)f.polygon->Contains(S2Point(1, 0, 0));
      }
    }
  } else {
    auto change = leotwin::policy::ParsePolicyChange(text);
    if (change.ok()) {
      const auto json = leotwin::policy::ToJson(*change);
      auto back = leotwin::policy::PolicyChangeFromJson(json);
      if (!back.ok() || !(*back == *change)) std::abort();
      (void)leotwin::policy::ActionKind(*change);
      (void)leotwin::policy::Describe(*change);
    }
  }
  return 0;
}
