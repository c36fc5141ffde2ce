// libFuzzer target: ParseTle (lenient and strict) on any bytes. Accepted element sets must be in
// range, format back to TLE lines that parse again, and initialize SGP4 without undefined
// behaviour (a Status, or a propagator whose first step reports an error code, is fine).
#include <cstdint>
#include <string_view>

#include "elements_fuzz_check.h"
#include "leotwin/orbit/sgp4.h"
#include "leotwin/orbit/tle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leotwin::orbit;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  TleParseOptions options;
  options.source_name = "fuzz.tle";
  auto lenient = ParseTle(text, options);
  leotwin::fuzz::Require(lenient.ok());  // Lenient mode never fails as a whole.
  leotwin::fuzz::CheckElements(lenient->elements);
  leotwin::fuzz::Require(lenient->elements.size() == lenient->source_lines.size());
  leotwin::fuzz::Require(lenient->skipped.size() <= TleParseResult::kMaxSkippedKept);
  options.strict = true;
  auto strict = ParseTle(text, options);
  if (strict.ok()) {
    leotwin::fuzz::Require(strict->elements.size() == lenient->elements.size());
    leotwin::fuzz::Require(lenient->skipped_count == 0);
  }
  for (const ElementSet& e : lenient->elements) {
    auto lines = FormatTle(e);
    if (lines.ok()) {
      auto again = ParseTleRecord(lines->line1, lines->line2, lines->name);
      leotwin::fuzz::Require(again.ok());
    }
    auto sgp4 = Sgp4::Create(e);
    if (sgp4.ok()) (void)sgp4->Propagate(0.0);
  }
  return 0;
}
