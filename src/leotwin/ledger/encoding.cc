#include "leotwin/ledger/encoding.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "fmt/format.h"

namespace leotwin::ledger {

using nlohmann::json;

MessageWriter::MessageWriter(std::string_view domain) {
  out_.append(domain);
  out_.push_back('\0');
}

void MessageWriter::U64(uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out_.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

MessageWriter& MessageWriter::Int(int64_t value) {
  U64(static_cast<uint64_t>(value));
  return *this;
}

MessageWriter& MessageWriter::Bytes(std::string_view bytes) {
  U64(bytes.size());
  out_.append(bytes);
  return *this;
}

StatusOr<json> ParseJson(std::string_view text, std::string_view source) {
  if (text.size() > kMaxJsonBytes) {
    return absl::InvalidArgumentError(fmt::format("{}: {} bytes is over the limit of {} bytes",
                                                  source, text.size(), kMaxJsonBytes));
  }
  // The callback sees every key as it is parsed: it tracks the keys of each open object to refuse
  // duplicates, and the depth to refuse deep nesting before it costs anything.
  std::vector<std::set<std::string>> open_objects;
  std::string problem;
  auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
    if (!problem.empty()) return false;
    if (depth > kMaxJsonDepth) {
      problem = fmt::format("nesting deeper than {} levels", kMaxJsonDepth);
      return false;
    }
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case json::parse_event_t::value:
        if (parsed.is_number_float() && !std::isfinite(parsed.get<double>())) {
          problem = "a number is out of the range of a double";
          return false;
        }
        break;
      case json::parse_event_t::key:
        if (!open_objects.empty() && parsed.is_string()) {
          const auto& key = parsed.get_ref<const std::string&>();
          if (!open_objects.back().insert(key).second) {
            problem = fmt::format("the key \"{}\" appears twice in one object", key);
            return false;
          }
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    json value = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                             /*ignore_comments=*/false);
    if (!problem.empty()) return absl::InvalidArgumentError(fmt::format("{}: {}", source, problem));
    if (value.is_discarded()) {
      return absl::InvalidArgumentError(fmt::format("{}: not valid JSON", source));
    }
    // Strings are checked for valid UTF-8 when dumped; do it now so errors surface at the border.
    LEOTWIN_RETURN_IF_ERROR(CanonicalJson(value).status());
    return value;
  } catch (const json::parse_error& e) {
    if (!problem.empty()) return absl::InvalidArgumentError(fmt::format("{}: {}", source, problem));
    // e.byte is the 1-based offset of the character where parsing stopped; line and column are
    // computed here from it (1-based, column in bytes).
    const size_t offset = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line L, column C: what";
    // keep "what" (what was expected).
    std::string what = e.what();
    if (const auto colon = what.find(": "); colon != std::string::npos)
      what = what.substr(colon + 2);
    return absl::InvalidArgumentError(
        fmt::format("{}: line {}, column {}: {}", source, line, offset - line_start + 1, what));
  } catch (const json::exception& e) {
    if (!problem.empty()) return absl::InvalidArgumentError(fmt::format("{}: {}", source, problem));
    return absl::InvalidArgumentError(fmt::format("{}: {}", source, e.what()));
  }
}

StatusOr<std::string> CanonicalJson(const json& value) {
  try {
    return value.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(fmt::format("not valid UTF-8 text: {}", e.what()));
  }
}

StatusOr<std::string> GetString(const json& object, std::string_view field,
                                std::string_view where) {
  const auto it = object.find(std::string(field));
  if (it == object.end()) {
    return absl::InvalidArgumentError(fmt::format("{}: missing field \"{}\"", where, field));
  }
  if (!it->is_string()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: field \"{}\" must be a string, not {}", where, field, it->type_name()));
  }
  return it->get<std::string>();
}

StatusOr<int64_t> GetInt(const json& object, std::string_view field, std::string_view where) {
  const auto it = object.find(std::string(field));
  if (it == object.end()) {
    return absl::InvalidArgumentError(fmt::format("{}: missing field \"{}\"", where, field));
  }
  if (it->is_number_unsigned()) {
    const auto v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(INT64_MAX)) {
      return absl::InvalidArgumentError(
          fmt::format("{}: field \"{}\" is out of range", where, field));
    }
    return static_cast<int64_t>(v);
  }
  if (!it->is_number_integer()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: field \"{}\" must be an integer, not {}", where, field, it->type_name()));
  }
  return it->get<int64_t>();
}

Status CheckOnlyFields(const json& object, std::initializer_list<std::string_view> allowed,
                       std::string_view where) {
  for (const auto& [key, value] : object.items()) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || a == key;
    if (!ok) {
      std::string list;
      for (std::string_view a : allowed)
        list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", a);
      return absl::InvalidArgumentError(
          fmt::format("{}: unknown field \"{}\" (expected {})", where, key, list));
    }
  }
  return absl::OkStatus();
}

Status ValidateOperatorName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return absl::InvalidArgumentError(
        fmt::format("operator name must be 1..64 characters, got {}", name.size()));
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && !(i > 0 && (c == '.' || c == '_' || c == '-'))) {
      return absl::InvalidArgumentError(
          fmt::format("operator name \"{}\": character {} must be a letter or digit{}", name, i + 1,
                      i > 0 ? ", '.', '_' or '-'" : ""));
    }
  }
  return absl::OkStatus();
}

}  // namespace leotwin::ledger
