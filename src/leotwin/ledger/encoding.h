// Canonical encodings used by the ledger.
//
// 1. Signed and hashed messages are binary and unambiguous: a domain tag (ASCII text ending in a
//    NUL byte, e.g. "leotwin.ledger.v1/proposal\0") followed by fields, each either an 8-byte
//    big-endian integer or a byte string preceded by its length as an 8-byte big-endian integer.
//    The tag keeps a signature made for one purpose (a proposal) from being valid for another (an
//    approval); the length prefixes keep ("ab","c") and ("a","bc") apart.
// 2. JSON stored in the ledger is canonical: UTF-8, object keys sorted by their bytes, no
//    insignificant whitespace, numbers as nlohmann::json prints them (integers exactly, doubles in
//    the shortest form that reads back to the same double). Canonicalizing is idempotent, so the
//    bytes that were signed can be recomputed from the parsed value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leotwin/base/status.h"
#include "nlohmann/json.hpp"

namespace leotwin::ledger {

class MessageWriter {
 public:
  // REQUIRES: `domain` holds no NUL byte.
  explicit MessageWriter(std::string_view domain);
  MessageWriter& Int(int64_t value);
  MessageWriter& Bytes(std::string_view bytes);
  const std::string& bytes() const { return out_; }

 private:
  void U64(uint64_t value);
  std::string out_;
};

// Limits for JSON taken from outside (files, HTTP bodies).
inline constexpr size_t kMaxJsonBytes = 8 << 20;  // geofence geometry can be large
inline constexpr int kMaxJsonDepth = 32;

// Parses JSON from outside with the input toolkit (base/input.h ParseJson): syntax errors are
// "source:line:column: invalid JSON: what was expected" (`source` a file name or "request body");
// also refused: input over kMaxJsonBytes, nesting deeper than kMaxJsonDepth, an object with the
// same key twice (which reader would win is ambiguous), invalid UTF-8.
StatusOr<nlohmann::json> ParseJson(std::string_view text, std::string_view source);

// The canonical text of `value` (see above). Fails on strings that are not valid UTF-8.
StatusOr<std::string> CanonicalJson(const nlohmann::json& value);

// Typed field access for objects from outside; errors name `where` and the field.
StatusOr<std::string> GetString(const nlohmann::json& object, std::string_view field,
                                std::string_view where);
StatusOr<int64_t> GetInt(const nlohmann::json& object, std::string_view field,
                         std::string_view where);
// Refuses fields of `object` outside `allowed` (a typo would otherwise be silently ignored).
Status CheckOnlyFields(const nlohmann::json& object,
                       std::initializer_list<std::string_view> allowed, std::string_view where);

// Text that will be shown to people (comments, names, ids, sponsors): refuses control characters
// (C0 including newline and tab, DEL, C1), bidirectional embeddings, overrides and isolates
// (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C), line/paragraph separators (U+2028,
// U+2029) and invalid UTF-8, so no stored text can forge lines, colours or reading order in an
// audit listing. Errors name `where` and the byte offset.
Status ValidateText(std::string_view text, std::string_view where);
// ValidateText on every string and object key inside `value` (errors name the JSON path).
Status ValidateJsonText(const nlohmann::json& value, std::string_view where);
// For human-readable output: `text` with every character ValidateText refuses (and backslash)
// written as an escape (\n, \x1b, \u202e), so output stays one honest line whatever is stored.
std::string EscapeForDisplay(std::string_view text);

// Operator names: 1..64 characters from [A-Za-z0-9._-], starting with a letter or digit.
Status ValidateOperatorName(std::string_view name);

}  // namespace leotwin::ledger
