#include "leotwin/orbit/element_loader.h"

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/orbit/omm.h"
#include "leotwin/orbit/tle.h"

namespace leotwin::orbit {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

LoadResult FromOmm(OmmParseResult&& r) {
  LoadResult out;
  out.elements = std::move(r.elements);
  out.source_lines = std::move(r.source_lines);
  out.skipped_count = r.skipped_count;
  for (OmmSkippedRecord& s : r.skipped) out.skipped.push_back({s.line, std::move(s.message)});
  return out;
}

LoadResult FromTle(TleParseResult&& r) {
  LoadResult out;
  out.elements = std::move(r.elements);
  out.source_lines = std::move(r.source_lines);
  out.skipped_count = r.skipped_count;
  for (TleSkippedRecord& s : r.skipped) out.skipped.push_back({s.line, std::move(s.message)});
  return out;
}

}  // namespace

std::string_view ElementFormatName(ElementFormat format) {
  switch (format) {
    case ElementFormat::kAuto:
      return "auto";
    case ElementFormat::kTle:
      return "tle";
    case ElementFormat::kOmmJson:
      return "omm-json";
    case ElementFormat::kOmmCsv:
      return "omm-csv";
    case ElementFormat::kOmmXml:
      return "omm-xml";
  }
  return "?";
}

StatusOr<ElementFormat> ParseElementFormat(std::string_view name) {
  if (name == "auto") return ElementFormat::kAuto;
  if (name == "tle") return ElementFormat::kTle;
  if (name == "omm-json" || name == "json") return ElementFormat::kOmmJson;
  if (name == "omm-csv" || name == "csv") return ElementFormat::kOmmCsv;
  if (name == "omm-xml" || name == "xml") return ElementFormat::kOmmXml;
  return absl::InvalidArgumentError(fmt::format(
      "element format \"{}\": expected one of auto, tle, omm-json (json), omm-csv (csv), "
      "omm-xml (xml)",
      name));
}

ElementFormat SniffElementFormat(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  size_t i = 0;
  while (i < text.size() && IsBlank(text[i])) ++i;
  if (i == text.size()) return ElementFormat::kTle;
  if (text[i] == '[' || text[i] == '{') return ElementFormat::kOmmJson;
  if (text[i] == '<') return ElementFormat::kOmmXml;
  const size_t eol = text.find('\n', i);
  const std::string_view first = text.substr(i, eol == std::string_view::npos ? eol : eol - i);
  if (first.find(',') != std::string_view::npos &&
      (first.find("EPOCH") != std::string_view::npos ||
       first.find("NORAD_CAT_ID") != std::string_view::npos)) {
    return ElementFormat::kOmmCsv;
  }
  return ElementFormat::kTle;
}

StatusOr<LoadResult> ParseElements(std::string_view text, std::string_view source_name,
                                   const LoadOptions& options) {
  if (text.substr(0, std::min<size_t>(text.size(), 65536)).find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: expected text (TLE or OMM JSON/CSV/XML), got binary data (a NUL byte)", source_name));
  }
  const ElementFormat format =
      options.format == ElementFormat::kAuto ? SniffElementFormat(text) : options.format;
  LoadResult result;
  if (format == ElementFormat::kTle) {
    TleParseOptions o;
    o.source_name = std::string(source_name);
    o.strict = options.strict;
    o.verify_checksum = options.verify_tle_checksum;
    LEOTWIN_ASSIGN_OR_RETURN(TleParseResult r, ParseTle(text, o));
    result = FromTle(std::move(r));
  } else {
    OmmParseOptions o;
    o.source_name = std::string(source_name);
    o.strict = options.strict;
    StatusOr<OmmParseResult> r = format == ElementFormat::kOmmJson  ? ParseOmmJson(text, o)
                                 : format == ElementFormat::kOmmCsv ? ParseOmmCsv(text, o)
                                                                    : ParseOmmXml(text, o);
    if (!r.ok()) return r.status();
    result = FromOmm(*std::move(r));
  }
  result.source = std::string(source_name);
  result.format = format;
  return result;
}

StatusOr<LoadResult> LoadElements(const std::string& path, const LoadOptions& options) {
  if (path == "-") {
    LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadStdinBounded(kDefaultMaxInputBytes));
    return ParseElements(text, "<stdin>", options);
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  return ParseElements(text, path, options);
}

}  // namespace leotwin::orbit
