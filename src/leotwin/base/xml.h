// XML text parsed by pugixml (Debian libpugixml-dev) with errors in the input toolkit's format.
// Header-only: only the layers that read XML (orbit: OMM, track: GPX) link pugixml.
#pragma once

#include <algorithm>
#include <cstddef>
#include <pugixml.hpp>
#include <string_view>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/base/status.h"

namespace leotwin {

// Parses `text` as UTF-8, unconverted, so pugixml's offsets are offsets into `text`: an error is
// InvalidArgument "source:line:column: invalid XML: what".
inline Status LoadXml(std::string_view text, std::string_view source, pugi::xml_document* doc) {
  const pugi::xml_parse_result parsed =
      doc->load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (parsed) return absl::OkStatus();
  const TextPosition at =
      PositionInText(text, static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)));
  return InputError(source, at.line, at.column,
                    fmt::format("invalid XML: {}", parsed.description()));
}

}  // namespace leotwin
