// Reading outside input one way for the whole library: files (always bounded), CSV, JSON and the
// bundled data folder. Every error is a Status whose message starts with where the problem is,
// "source:line:column: what was expected" (1-based line and byte column), so a user can go to it.
//
// Usage: read the bytes, parse them, report problems against the position the parser kept.
//   LEOTWIN_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
//   LEOTWIN_ASSIGN_OR_RETURN(std::vector<CsvRecord> rows, ParseCsv(text, path));
//   const CsvField& lat = rows[1].fields[2];
//   if (!ok) return InputError(path, lat.line, lat.column, "expected a latitude in [-90, 90]");
//   LEOTWIN_ASSIGN_OR_RETURN(nlohmann::json doc, ParseJson(text, path));  // include json.hpp
//   LEOTWIN_ASSIGN_OR_RETURN(std::string cities, FindBundledDataFile("cities/cities.csv"));
// Where a caller adds what it was doing, it keeps the error code: WithContext(status, "loading
// the demo policy") or LEOTWIN_RETURN_IF_ERROR_WITH_CONTEXT in base/status.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "nlohmann/json_fwd.hpp"

namespace leotwin {

// The bound readers use unless a caller knows better: well above the largest input the project
// reads (the 8,325-object CelesTrak TLE file is 1.4 MB, the bundled countries under 30 MB), well
// below what would exhaust memory on a small server.
inline constexpr size_t kDefaultMaxInputBytes = size_t{512} << 20;

// The whole content of the regular file (or pipe, or character device) at `path`, at most
// `max_bytes` long. Errors name the path: NotFound (no such file; the OS error is quoted),
// PermissionDenied, InvalidArgument ("is a directory, expected a file"), ResourceExhausted (longer
// than `max_bytes`; nothing past the bound is read), DataLoss (an I/O error mid-read).
StatusOr<std::string> ReadFileBounded(const std::string& path, size_t max_bytes);
// Standard input, read to its end under the same bound; errors name "<stdin>".
StatusOr<std::string> ReadStdinBounded(size_t max_bytes);

// InvalidArgument "source:line:column: what" (", column" left out when `column` is 0, and
// ":line" too when `line` is 0).
Status InputError(std::string_view source, int line, int column, std::string_view what);

// 1-based line and byte column of byte `offset` in `text` (offset == text.size() is the position
// just past the end).
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition PositionInText(std::string_view text, size_t offset);

// CSV (RFC 4180, comma separated). Accepted and normalized:
//  - a UTF-8 byte order mark at the very start (dropped; columns count from after it);
//  - LF or CRLF line ends, also inside quoted fields (read as LF);
//  - blank lines (only spaces or tabs) anywhere: skipped;
//  - when `comment_lines`, a line whose first non-blank character is '#': skipped;
//  - quoted fields: "a, ""b""" is `a, "b"`; they may span lines; spaces or tabs before the
//    opening and after the closing quote are dropped.
// Unquoted fields are kept as written (no trimming; callers decide). Errors: a quote inside an
// unquoted field, anything but ',' after a closing quote, a quoted field still open at the end
// (reported where it was opened).
struct CsvOptions {
  bool comment_lines = true;
};
struct CsvField {
  std::string text;
  int line = 0;    // 1-based line where the field starts.
  int column = 0;  // 1-based byte column where the field starts (its opening quote if quoted).
};
struct CsvRecord {
  int line = 0;  // 1-based line where the record starts.
  std::vector<CsvField> fields;
};
StatusOr<std::vector<CsvRecord>> ParseCsv(std::string_view text, std::string_view source,
                                          const CsvOptions& options = {});

// Stricter reading, for JSON that is signed, hashed or sent by clients (ledger/encoding.h). Both
// are checked while parsing, so a hostile document costs nothing past the first problem.
struct JsonOptions {
  // > 0: refused when a value, key or container would sit inside more than this many open
  // containers (an empty container at depth max_depth + 1 passes; anything in it does not).
  int max_depth = 0;
  // Refuses an object holding the same key twice (which reader would win is ambiguous).
  bool refuse_duplicate_keys = false;
};

// Parses JSON text (RFC 8259, as nlohmann::json reads it). A syntax error, or a number too large
// for a double, is InvalidArgument "source:line:column: invalid JSON: <what the parser expected>";
// a JsonOptions refusal is InvalidArgument "source: <the problem>".
StatusOr<nlohmann::json> ParseJson(std::string_view text, std::string_view source,
                                   const JsonOptions& options = {});

// The path of `relative_path` (e.g. "cities/cities.csv") in the bundled data folder. With a
// non-empty `data_dir`, only there; otherwise the first existing regular file among
// $LEOTWIN_DATA_DIR (when set and non-empty), ./data, and the source tree's data/ as compiled in.
// NotFound lists every place tried and how to point at the folder.
StatusOr<std::string> FindBundledDataFile(std::string_view relative_path,
                                          std::string_view data_dir = "");

}  // namespace leotwin
