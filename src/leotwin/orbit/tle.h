// Two-line element sets (TLE): parsing and formatting.
//
// Format: the fixed-column NORAD two-line format as documented by Space-Track ("Basic Description
// of the Two Line Element Set Format") and CelesTrak (Kelso, "FAQs: Two-Line Element Set Format"),
// optionally preceded by a name line ("line 0", which may carry a "0 " prefix). Columns are
// 1-based and inclusive below, as in those documents.
//
//   line 1: 1 NNNNNC YYLLLPPP YYDDD.DDDDDDDD +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNC
//     col 3-7 catalog number (5 digits, or Alpha-5: a letter A..Z without I and O, then 4 digits;
//     "A0000" = 100000, "Z9999" = 339999), 8 classification, 10-17 international designator,
//     19-20 epoch year (57..99 = 19xx, 00..56 = 20xx), 21-32 epoch day of year with fraction,
//     34-43 first derivative of mean motion / 2 (rev/day^2), 45-52 second derivative / 6
//     (rev/day^3, implied decimal point and exponent: " 12345-3" = 0.12345e-3), 54-61 BSTAR
//     (1/Earth radii, same implied form), 63 ephemeris type, 65-68 element set number,
//     69 checksum.
//   line 2: 2 NNNNN III.IIII RRR.RRRR EEEEEEE PPP.PPPP MMM.MMMM NN.NNNNNNNNRRRRRC
//     col 3-7 catalog number, 9-16 inclination (deg), 18-25 RAAN (deg), 27-33 eccentricity
//     (implied leading "0."), 35-42 argument of perigee (deg), 44-51 mean anomaly (deg), 53-63
//     mean motion (rev/day), 64-68 revolution number at epoch, 69 checksum.
//   checksum: sum of all digits in columns 1-68, plus 1 for each '-', modulo 10.
//
// Accepted input: LF or CRLF line ends, blank lines anywhere, trailing blanks, '#' comment lines
// (when `allow_comments`), 2-line and 3-line records mixed in one text. Checked: line numbers,
// lengths (exactly 69 columns after trailing blanks are removed, unless
// `allow_trailing_columns`), checksums (unless `verify_checksum` is false), every numeric field's
// form, equal catalog numbers on both lines, and the ranges inclination [0, 180] deg, RAAN /
// argument of perigee / mean anomaly [0, 360] deg, epoch day [1, 367), mean motion > 0 and
// finite. Eccentricity is [0, 1) by construction of its field.
//
// Errors name the source, the 1-based line and column, the field and the expected form, e.g.
//   starlink.tle:7:27: line 2 eccentricity (columns 27-33): expected 7 digits with an implied
//   leading decimal point, e.g. 0001564; got "00x1564"
// Bad input never changes anything outside the returned result and never crashes (fuzzed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/orbit/elements.h"

namespace leotwin::orbit {

struct TleParseOptions {
  // Name used for the input in error messages (a file path, or e.g. "<stdin>").
  std::string source_name = "<input>";
  // false (default, lenient): a bad record is skipped, counted and described in `skipped`; the
  // rest is read. true: parsing stops at the first bad record and returns its error as Status.
  bool strict = false;
  // Check the modulo-10 checksum in column 69 of both lines.
  bool verify_checksum = true;
  // Tolerate text after column 69 (Vallado's SGP4-VER.TLE appends start/stop/step minutes to
  // line 2). The text after column 69 of line 2 is returned in TleParseResult::trailing_text.
  bool allow_trailing_columns = false;
  // Lines whose first non-blank character is '#' are comments (outside records) and ignored.
  bool allow_comments = true;
};

struct TleSkippedRecord {
  int line = 0;         // 1-based line of the error.
  int column = 0;       // 1-based column of the error (0 when it concerns the whole line).
  std::string message;  // "source:line:column: what was expected".
};

struct TleParseResult {
  std::vector<ElementSet> elements;  // In input order.
  std::vector<int> source_lines;     // Parallel to `elements`: 1-based line of each line 1.
  // Parallel to `elements`: text after column 69 of line 2 (only with allow_trailing_columns;
  // otherwise empty strings).
  std::vector<std::string> trailing_text;
  // Skipped records, at most kMaxSkippedKept of them described; `skipped_count` counts all.
  static constexpr size_t kMaxSkippedKept = 1000;
  std::vector<TleSkippedRecord> skipped;
  int64_t skipped_count = 0;
};

// Parses a whole text of TLE records. Empty input gives an empty result (not an error).
// Returns an error Status only in strict mode.
StatusOr<TleParseResult> ParseTle(std::string_view text, const TleParseOptions& options = {});

// Reads and parses a file (source_name defaults to `path` when left at "<input>"), read with
// base/input.h ReadFileBounded (at most kDefaultMaxInputBytes): NotFound, PermissionDenied,
// InvalidArgument (a directory) or ResourceExhausted when the file cannot be read.
StatusOr<TleParseResult> ReadTleFile(const std::string& path, TleParseOptions options = {});

// Parses one record from its two element lines (and an optional name, stored as given after
// removing a "0 " prefix and trailing blanks). `first_line` numbers line 1 in error messages.
StatusOr<ElementSet> ParseTleRecord(std::string_view line1, std::string_view line2,
                                    std::string_view name = "", const TleParseOptions& options = {},
                                    int first_line = 1);

// Checksum of a TLE line: digits in columns 1-68 plus one per '-', modulo 10.
// REQUIRES: nothing (shorter lines are summed over what exists).
int TleChecksum(std::string_view line);

// Alpha-5 catalog numbers: "12345" -> 12345, "A0000" -> 100000, "Z9999" -> 339999 (letters I and
// O are not used). Leading blanks are accepted ("  123" -> 123).
StatusOr<int64_t> DecodeAlpha5(std::string_view field);
// 0..99999 -> 5 digits (zero-padded), 100000..339999 -> Alpha-5. OutOfRange otherwise.
StatusOr<std::string> EncodeAlpha5(int64_t catalog_number);

struct TleLines {
  std::string name;          // ElementSet::name (may be empty).
  std::string line1, line2;  // 69 columns each, with correct checksums.
  // "name\nline1\nline2\n" (the name line omitted when `with_name` is false or the name is empty).
  std::string ToText(bool with_name = true) const;
};

// Formats an element set as TLE lines, rounding each field to the precision of its column.
// Re-parsing the lines gives the same element set up to that rounding (angles 1e-4 deg,
// eccentricity 1e-7, mean motion 1e-8 rev/day, epoch day 1e-8, ndot 1e-8, nddot/bstar 5
// significant digits). OutOfRange when a value does not fit its column (catalog number > 339999,
// epoch year outside 1957..2056, mean motion >= 100 rev/day, |ndot| >= 1, nddot/bstar exponent
// outside -9..9, revolution number > 99999 is written modulo 100000, as TLE producers do).
StatusOr<TleLines> FormatTle(const ElementSet& elements);

}  // namespace leotwin::orbit
