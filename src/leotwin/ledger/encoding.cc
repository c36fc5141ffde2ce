#include "leotwin/ledger/encoding.h"

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/input.h"

namespace leotwin::ledger {

using nlohmann::json;

MessageWriter::MessageWriter(std::string_view domain) {
  LEOTWIN_DCHECK(domain.find('\0') == std::string_view::npos);
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
  // The input toolkit's reader (one error format, "source:line:column: what"), refusing deep
  // nesting and duplicate keys while it parses, before they cost anything.
  JsonOptions options;
  options.max_depth = kMaxJsonDepth;
  options.refuse_duplicate_keys = true;
  LEOTWIN_ASSIGN_OR_RETURN(json value, ::leotwin::ParseJson(text, source, options));
  // Strings are checked for valid UTF-8 when dumped; do it now so errors surface at the border.
  LEOTWIN_RETURN_IF_ERROR(CanonicalJson(value).status());
  return value;
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

namespace {

// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i, or -1.
int32_t NextCodePoint(std::string_view text, size_t& i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t c = b(i);
  int len = 0;
  int32_t cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return -1;
  }
  if (i + len > text.size()) return -1;
  for (int k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += len;
  return cp;
}

bool IsRefusedCodePoint(int32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
         cp == 0x2028 || cp == 0x2029;
}

Status ValidateJsonTextAt(const nlohmann::json& value, const std::string& path) {
  if (value.is_string()) return ValidateText(value.get_ref<const std::string&>(), path);
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      LEOTWIN_RETURN_IF_ERROR(ValidateText(key, path + " (a key)"));
      LEOTWIN_RETURN_IF_ERROR(ValidateJsonTextAt(item, path + "." + key));
    }
  } else if (value.is_array()) {
    for (size_t k = 0; k < value.size(); ++k) {
      LEOTWIN_RETURN_IF_ERROR(ValidateJsonTextAt(value[k], fmt::format("{}[{}]", path, k)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

Status ValidateText(std::string_view text, std::string_view where) {
  for (size_t i = 0; i < text.size();) {
    const size_t at = i;
    const int32_t cp = NextCodePoint(text, i);
    if (cp < 0) {
      return absl::InvalidArgumentError(
          fmt::format("{}: byte {} is not valid UTF-8", where, at + 1));
    }
    if (IsRefusedCodePoint(cp)) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: character U+{:04X} at byte {} is a control or bidirectional-override character, "
          "which is not allowed in stored text",
          where, cp, at + 1));
    }
  }
  return absl::OkStatus();
}

Status ValidateJsonText(const nlohmann::json& value, std::string_view where) {
  return ValidateJsonTextAt(value, std::string(where));
}

std::string EscapeForDisplay(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t at = i;
    const int32_t cp = NextCodePoint(text, i);
    if (cp < 0) {
      out += fmt::format("\\x{:02x}", static_cast<uint8_t>(text[at]));
      i = at + 1;
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (IsRefusedCodePoint(cp)) {
      out += cp < 0x100 ? fmt::format("\\x{:02x}", cp) : fmt::format("\\u{:04x}", cp);
    } else {
      out.append(text.substr(at, i - at));
    }
  }
  return out;
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
