#include "leotwin/orbit/omm.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/base/xml.h"
#include "nlohmann/json.hpp"
#include "pugixml.hpp"

namespace leotwin::orbit {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Quotes a value for an error message, shortening long or binary values.
std::string Shown(std::string_view v) {
  std::string out = "\"";
  const size_t n = std::min<size_t>(v.size(), 40);
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (v.size() > n) out += "...";
  out += '"';
  return out;
}

// A finite number in the C locale: optional sign, digits with optional '.', optional exponent.
std::optional<double> ParseNumber(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() ||
      !((s.front() >= '0' && s.front() <= '9') || s.front() == '.' || s.front() == '-'))
    return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> ParseInteger(std::string_view raw) {
  std::string_view s = Trim(raw);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

const std::string* Find(const std::vector<OmmField>& fields, std::string_view name) {
  for (const OmmField& f : fields)
    if (f.name == name) return &f.value;
  return nullptr;
}

Status FieldError(std::string_view field, std::string_view expected, std::string_view got) {
  return absl::InvalidArgumentError(
      fmt::format("field {}: expected {}, got {}", field, expected, Shown(got)));
}

Status Missing(std::string_view field) {
  return absl::InvalidArgumentError(fmt::format("field {}: missing (required)", field));
}

// Reads a required number in [lo, hi] (hi exclusive when `hi_open`).
Status ReadNumber(const std::vector<OmmField>& fields, std::string_view name, double lo, double hi,
                  bool hi_open, std::string_view expected, bool required, double* out) {
  const std::string* v = Find(fields, name);
  if (v == nullptr) return required ? Missing(name) : absl::OkStatus();
  const std::optional<double> x = ParseNumber(*v);
  if (!x || *x < lo || (hi_open ? *x >= hi : *x > hi)) return FieldError(name, expected, *v);
  *out = *x;
  return absl::OkStatus();
}

Status ReadInteger(const std::vector<OmmField>& fields, std::string_view name, int64_t lo,
                   int64_t hi, std::string_view expected, bool required, int64_t* out) {
  const std::string* v = Find(fields, name);
  if (v == nullptr) return required ? Missing(name) : absl::OkStatus();
  const std::optional<int64_t> x = ParseInteger(*v);
  if (!x || *x < lo || *x > hi) return FieldError(name, expected, *v);
  *out = *x;
  return absl::OkStatus();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// "1998-067A" -> "98067A"; anything else is returned unchanged.
std::string DesignatorFromObjectId(std::string_view id) {
  id = Trim(id);
  if (id.size() < 9 || id.size() > 11 || id[4] != '-') return std::string(id);
  for (size_t i : {0, 1, 2, 3, 5, 6, 7})
    if (!IsDigit(id[i])) return std::string(id);
  for (size_t i = 8; i < id.size(); ++i)
    if (!IsUpper(id[i])) return std::string(id);
  return std::string(id.substr(2, 2)) + std::string(id.substr(5));
}

Status CheckKeyword(const std::vector<OmmField>& fields, std::string_view name,
                    std::string_view wanted, std::string_view why) {
  const std::string* v = Find(fields, name);
  if (v == nullptr) return absl::OkStatus();
  std::string upper(Trim(*v));
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (upper == wanted) return absl::OkStatus();
  return FieldError(name, fmt::format("{} ({})", wanted, why), *v);
}

// Appends a record error to `result` (lenient) or returns it (strict).
struct RecordSink {
  const OmmParseOptions& options;
  OmmParseResult& result;

  // `fields` (may be null) supplies NORAD_CAT_ID / OBJECT_NAME for the message.
  Status Fail(int64_t record, int line, const std::vector<OmmField>* fields,
              std::string_view what) {
    std::string who;
    if (fields != nullptr) {
      const std::string* norad = Find(*fields, "NORAD_CAT_ID");
      const std::string* name = Find(*fields, "OBJECT_NAME");
      if (norad != nullptr && ParseInteger(*norad)) who = fmt::format("NORAD {}", Trim(*norad));
      if (name != nullptr && !Trim(*name).empty())
        who += fmt::format("{}{}", who.empty() ? "" : ", ", Shown(Trim(*name)));
    }
    std::string message = fmt::format("{}:{}: record {}{}: {}", options.source_name, line, record,
                                      who.empty() ? "" : fmt::format(" ({})", who), what);
    if (options.strict) return absl::InvalidArgumentError(message);
    ++result.skipped_count;
    if (result.skipped.size() < OmmParseResult::kMaxSkippedKept)
      result.skipped.push_back({record, line, std::move(message)});
    return absl::OkStatus();
  }

  Status Add(int64_t record, int line, const std::vector<OmmField>& fields) {
    StatusOr<ElementSet> e = ElementSetFromOmmFields(fields);
    if (!e.ok()) return Fail(record, line, &fields, std::string(e.status().message()));
    result.elements.push_back(*std::move(e));
    result.source_lines.push_back(line);
    return absl::OkStatus();
  }
};

// 1-based line of byte `offset` given the sorted offsets of line starts.
int LineOf(const std::vector<size_t>& line_starts, size_t offset) {
  return static_cast<int>(std::upper_bound(line_starts.begin(), line_starts.end(), offset) -
                          line_starts.begin());
}

std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

// Byte offsets where each element of the top-level JSON array starts (empty if the document is not
// an array). Only used for line numbers in messages; the document is parsed by nlohmann::json.
std::vector<size_t> TopLevelElementOffsets(std::string_view text) {
  std::vector<size_t> offsets;
  int depth = 0;
  bool in_string = false, escaped = false, expect_value = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (depth == 0 && c != '[') {
      if (offsets.empty() && !expect_value) return offsets;  // Not an array.
    }
    if (depth == 1 && expect_value && c != ']') {
      offsets.push_back(i);
      expect_value = false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
      if (depth == 1) expect_value = true;
    } else if (c == ']' || c == '}') {
      --depth;
      if (depth <= 0) break;
    } else if (c == ',' && depth == 1) {
      expect_value = true;
    }
  }
  return offsets;
}

std::string JsonValueText(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string:
      return v.get<std::string>();
    case nlohmann::json::value_t::number_integer:
      return std::to_string(v.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return std::to_string(v.get<uint64_t>());
    case nlohmann::json::value_t::number_float:
      return v.dump();  // Shortest text that reads back as the same double.
    case nlohmann::json::value_t::boolean:
      return v.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::object:
      return "<a JSON object>";
    case nlohmann::json::value_t::array:
      return "<a JSON array>";
    default:
      return "<a JSON value>";
  }
}

// ---------------------------------------------------------------------------------------------
// XML (the narrow CCSDS OMM schema, read with pugixml)

struct XmlRecord {
  int line = 0;
  std::vector<OmmField> fields;
};

// "ndm:omm" -> "omm": namespace prefixes are ignored.
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  if (const size_t colon = name.rfind(':'); colon != std::string_view::npos) {
    name.remove_prefix(colon + 1);
  }
  return name;
}

// Elements named `wanted` in document order, not looking inside a match (an <omm> is one record).
// Iterative, so a deeply nested document cannot exhaust the stack.
std::vector<pugi::xml_node> FindRecords(const pugi::xml_node& root, std::string_view wanted) {
  std::vector<pugi::xml_node> found;
  std::vector<pugi::xml_node> pending;
  for (pugi::xml_node c = root.last_child(); c; c = c.previous_sibling()) pending.push_back(c);
  while (!pending.empty()) {
    const pugi::xml_node node = pending.back();
    pending.pop_back();
    if (node.type() != pugi::node_element) continue;
    if (LocalName(node) == wanted) {
      found.push_back(node);
      continue;
    }
    for (pugi::xml_node c = node.last_child(); c; c = c.previous_sibling()) pending.push_back(c);
  }
  return found;
}

// The fields of one record: every element below it without child elements whose text is not
// blank, in document order. Container elements (metadata, data, ...) hold only whitespace.
std::vector<OmmField> RecordFields(const pugi::xml_node& record) {
  std::vector<OmmField> fields;
  std::vector<pugi::xml_node> pending;
  for (pugi::xml_node c = record.last_child(); c; c = c.previous_sibling()) pending.push_back(c);
  while (!pending.empty()) {
    const pugi::xml_node node = pending.back();
    pending.pop_back();
    if (node.type() != pugi::node_element) continue;
    std::string text;
    bool has_child_element = false;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) has_child_element = true;
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) text += c.value();
    }
    if (has_child_element) {
      for (pugi::xml_node c = node.last_child(); c; c = c.previous_sibling()) pending.push_back(c);
    } else if (!Trim(text).empty()) {
      fields.push_back({std::string(LocalName(node)), std::string(Trim(text))});
    }
  }
  return fields;
}

// Parses the document and groups leaf elements into records (one per <omm>, or per <segment>
// when there is no <omm>).
StatusOr<std::vector<XmlRecord>> SplitOmmXml(std::string_view text, std::string_view source) {
  pugi::xml_document doc;
  LEOTWIN_RETURN_IF_ERROR(LoadXml(text, source, &doc));
  std::vector<pugi::xml_node> nodes = FindRecords(doc, "omm");
  if (nodes.empty()) nodes = FindRecords(doc, "segment");
  if (nodes.empty()) {
    return InputError(source, 1, 0,
                      "expected at least one <omm> or <segment> element (CCSDS OMM XML)");
  }
  const std::vector<size_t> line_starts = LineStarts(text);
  std::vector<XmlRecord> records;
  records.reserve(nodes.size());
  for (const pugi::xml_node& node : nodes) {
    const ptrdiff_t offset = node.offset_debug();
    records.push_back(
        {offset < 0 ? 0 : LineOf(line_starts, static_cast<size_t>(offset)), RecordFields(node)});
  }
  return records;
}

}  // namespace

StatusOr<ElementSet> ElementSetFromOmmFields(const std::vector<OmmField>& fields) {
  ElementSet e;
  LEOTWIN_RETURN_IF_ERROR(CheckKeyword(fields, "CENTER_NAME", "EARTH", "only Earth orbits"));
  LEOTWIN_RETURN_IF_ERROR(
      CheckKeyword(fields, "REF_FRAME", "TEME", "SGP4 elements are TEME mean elements"));
  LEOTWIN_RETURN_IF_ERROR(CheckKeyword(fields, "TIME_SYSTEM", "UTC", "epochs are read as UTC"));
  LEOTWIN_RETURN_IF_ERROR(CheckKeyword(fields, "MEAN_ELEMENT_THEORY", "SGP4",
                                       "SGP4-XP and other theories are not supported"));

  const std::string* epoch = Find(fields, "EPOCH");
  if (epoch == nullptr) return Missing("EPOCH");
  StatusOr<SimTime> t = SimTime::Parse(*epoch);
  if (!t.ok()) {
    return FieldError(
        "EPOCH", "an ISO 8601 UTC time in 1678..2261 such as 2025-09-23T04:17:46.398336", *epoch);
  }
  e.epoch = *t;
  const std::string iso = e.epoch.ToIso8601();
  e.epoch_year =
      (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
  const int64_t since_jan1 = e.epoch - SimTime::FromCivil(e.epoch_year, 1, 1);
  e.epoch_day_of_year = 1.0 + static_cast<double>(since_jan1 / SimTime::kNanosPerDay) +
                        static_cast<double>(since_jan1 % SimTime::kNanosPerDay) /
                            static_cast<double>(SimTime::kNanosPerDay);

  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "MEAN_MOTION", 0.0, HUGE_VAL, false,
                                     "a number > 0 (rev/day)", true, &e.mean_motion_rev_per_day));
  if (e.mean_motion_rev_per_day <= 0.0)
    return FieldError("MEAN_MOTION", "a number > 0 (rev/day)", *Find(fields, "MEAN_MOTION"));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "ECCENTRICITY", 0.0, 1.0, true, "a number in [0, 1)",
                                     true, &e.eccentricity));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "INCLINATION", 0.0, 180.0, false,
                                     "a number in [0, 180] (deg)", true, &e.inclination_deg));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "RA_OF_ASC_NODE", 0.0, 360.0, false,
                                     "a number in [0, 360] (deg)", true, &e.raan_deg));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "ARG_OF_PERICENTER", 0.0, 360.0, false,
                                     "a number in [0, 360] (deg)", true, &e.arg_perigee_deg));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "MEAN_ANOMALY", 0.0, 360.0, false,
                                     "a number in [0, 360] (deg)", true, &e.mean_anomaly_deg));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "BSTAR", -HUGE_VAL, HUGE_VAL, false,
                                     "a number (1/Earth radii)", true, &e.bstar));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "MEAN_MOTION_DOT", -HUGE_VAL, HUGE_VAL, false,
                                     "a number (rev/day^2)", false, &e.mean_motion_dot));
  LEOTWIN_RETURN_IF_ERROR(ReadNumber(fields, "MEAN_MOTION_DDOT", -HUGE_VAL, HUGE_VAL, false,
                                     "a number (rev/day^3)", false, &e.mean_motion_ddot));
  LEOTWIN_RETURN_IF_ERROR(ReadInteger(fields, "NORAD_CAT_ID", 0, 999'999'999,
                                      "an integer in 0..999999999", true, &e.catalog_number));
  int64_t v = 0;
  LEOTWIN_RETURN_IF_ERROR(
      ReadInteger(fields, "EPHEMERIS_TYPE", 0, 9, "an integer in 0..9", false, &v));
  e.ephemeris_type = static_cast<int>(v);
  v = 0;
  LEOTWIN_RETURN_IF_ERROR(ReadInteger(fields, "ELEMENT_SET_NO", 0, 999'999'999,
                                      "an integer in 0..999999999", false, &v));
  e.element_set_number = static_cast<int>(v);
  LEOTWIN_RETURN_IF_ERROR(ReadInteger(fields, "REV_AT_EPOCH", 0, INT64_MAX,
                                      "a non-negative integer", false, &e.revolution_number));
  if (const std::string* c = Find(fields, "CLASSIFICATION_TYPE")) {
    const std::string_view cls = Trim(*c);
    if (cls.size() > 1 || (cls.size() == 1 && !IsUpper(cls[0])))
      return FieldError("CLASSIFICATION_TYPE", "one letter such as U", *c);
    if (cls.size() == 1) e.classification = cls[0];
  }
  if (const std::string* n = Find(fields, "OBJECT_NAME")) e.name = std::string(Trim(*n));
  if (const std::string* id = Find(fields, "OBJECT_ID"))
    e.international_designator = DesignatorFromObjectId(*id);
  return e;
}

StatusOr<OmmParseResult> ParseOmmJson(std::string_view text, const OmmParseOptions& options) {
  OmmParseResult result;
  if (Trim(text).empty()) return result;  // Blank input: nothing to read.
  const std::vector<size_t> line_starts = LineStarts(text);
  LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json doc, ParseJson(text, options.source_name));
  const std::vector<size_t> offsets = TopLevelElementOffsets(text);
  RecordSink sink{options, result};
  auto record_line = [&](size_t i) {
    return i < offsets.size() ? LineOf(line_starts, offsets[i]) : 1;
  };
  auto handle = [&](int64_t index, int line, const nlohmann::json& obj) -> Status {
    if (!obj.is_object()) {
      return sink.Fail(
          index, line, nullptr,
          fmt::format("expected a JSON object of OMM fields, got {}", Shown(JsonValueText(obj))));
    }
    std::vector<OmmField> fields;
    fields.reserve(obj.size());
    for (const auto& [key, value] : obj.items()) {
      if (value.is_null()) continue;
      fields.push_back({key, JsonValueText(value)});
    }
    return sink.Add(index, line, fields);
  };
  if (doc.is_array()) {
    result.elements.reserve(doc.size());
    for (size_t i = 0; i < doc.size(); ++i)
      LEOTWIN_RETURN_IF_ERROR(handle(static_cast<int64_t>(i), record_line(i), doc[i]));
  } else if (doc.is_object()) {
    LEOTWIN_RETURN_IF_ERROR(handle(0, 1, doc));
  } else {
    return absl::InvalidArgumentError(
        fmt::format("{}:1: expected a JSON array of OMM objects (or one object), got {}",
                    options.source_name, doc.type_name()));
  }
  return result;
}

StatusOr<OmmParseResult> ParseOmmCsv(std::string_view text, const OmmParseOptions& options) {
  OmmParseResult result;
  if (Trim(text).empty()) return result;  // Blank input: nothing to read.
  CsvOptions csv_options;
  csv_options.comment_lines = false;  // CelesTrak's first column is OBJECT_NAME, which may be "#".
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<CsvRecord> rows,
                           ParseCsv(text, options.source_name, csv_options));
  if (rows.empty()) return result;
  std::vector<std::string> header;
  for (const CsvField& h : rows[0].fields) {
    std::string name(Trim(h.text));
    if (name.empty() || std::find(header.begin(), header.end(), name) != header.end()) {
      return InputError(options.source_name, h.line, h.column,
                        fmt::format("header column {}: expected a distinct OMM field name such as "
                                    "EPOCH, got {}",
                                    header.size() + 1, Shown(name)));
    }
    header.push_back(std::move(name));
  }
  for (std::string_view required : {"EPOCH", "MEAN_MOTION", "NORAD_CAT_ID"}) {
    if (std::find(header.begin(), header.end(), required) == header.end()) {
      return InputError(options.source_name, rows[0].line, 0,
                        fmt::format("expected a CSV header row naming OMM fields (EPOCH, "
                                    "MEAN_MOTION, NORAD_CAT_ID, ...); column {} is missing",
                                    required));
    }
  }
  RecordSink sink{options, result};
  result.elements.reserve(rows.size() - 1);
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRecord& row = rows[r];
    const int64_t index = static_cast<int64_t>(r - 1);
    std::vector<OmmField> fields;
    for (size_t c = 0; c < std::min(row.fields.size(), header.size()); ++c) {
      if (!Trim(row.fields[c].text).empty()) fields.push_back({header[c], row.fields[c].text});
    }
    if (row.fields.size() != header.size()) {
      LEOTWIN_RETURN_IF_ERROR(sink.Fail(index, row.line, &fields,
                                        fmt::format("expected {} cells as in the header, got {}",
                                                    header.size(), row.fields.size())));
      continue;
    }
    LEOTWIN_RETURN_IF_ERROR(sink.Add(index, row.line, fields));
  }
  return result;
}

StatusOr<OmmParseResult> ParseOmmXml(std::string_view text, const OmmParseOptions& options) {
  OmmParseResult result;
  if (Trim(text).empty()) return result;  // Blank input: nothing to read.
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<XmlRecord> records, SplitOmmXml(text, options.source_name));
  RecordSink sink{options, result};
  for (size_t r = 0; r < records.size(); ++r)
    LEOTWIN_RETURN_IF_ERROR(sink.Add(static_cast<int64_t>(r), records[r].line, records[r].fields));
  return result;
}

}  // namespace leotwin::orbit
