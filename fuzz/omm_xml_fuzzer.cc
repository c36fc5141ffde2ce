// libFuzzer target: ParseOmmXml (lenient and strict) on any bytes. It must return a Status or
// element sets within the documented ranges, with lenient and strict modes consistent.
#include <cstdint>
#include <string_view>

#include "elements_fuzz_check.h"
#include "leotwin/orbit/omm.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace leotwin::orbit;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  OmmParseOptions options;
  options.source_name = "fuzz.xml";
  auto lenient = ParseOmmXml(text, options);
  options.strict = true;
  auto strict = ParseOmmXml(text, options);
  if (lenient.ok()) {
    leotwin::fuzz::CheckElements(lenient->elements);
    leotwin::fuzz::Require(lenient->elements.size() == lenient->source_lines.size());
    leotwin::fuzz::Require(lenient->skipped.size() <= OmmParseResult::kMaxSkippedKept);
    leotwin::fuzz::Require(lenient->skipped.size() <= static_cast<size_t>(lenient->skipped_count));
    // Strict succeeds exactly when lenient skipped nothing, and then reads the same records.
    leotwin::fuzz::Require(strict.ok() == (lenient->skipped_count == 0));
    if (strict.ok()) leotwin::fuzz::Require(strict->elements.size() == lenient->elements.size());
  } else {
    leotwin::fuzz::Require(!strict.ok());  // A document-level error fails both modes.
  }
  return 0;
}
