// One entry point for reading element sets from a file in any supported format: 2- or 3-line TLE
// (orbit/tle.h), OMM JSON, OMM CSV or CCSDS OMM XML (orbit/omm.h). The format is found from the
// content, not the file name (CelesTrak serves every format from the same URL pattern):
//   first non-blank byte '[' or '{'           -> OMM JSON
//   first non-blank byte '<'                  -> OMM XML
//   first non-blank line has ',' and names EPOCH or NORAD_CAT_ID -> OMM CSV
//   anything else                             -> TLE
// A UTF-8 byte order mark is skipped. Text with a NUL byte in its first 64 KiB is refused as
// binary. An explicit format in LoadOptions skips the sniffing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/orbit/elements.h"

namespace leotwin::orbit {

enum class ElementFormat { kAuto, kTle, kOmmJson, kOmmCsv, kOmmXml };

// "auto", "tle", "omm-json", "omm-csv", "omm-xml".
std::string_view ElementFormatName(ElementFormat format);
// Inverse of ElementFormatName; also accepts "json", "csv", "xml". For a CLI --format flag.
StatusOr<ElementFormat> ParseElementFormat(std::string_view name);

struct LoadOptions {
  ElementFormat format = ElementFormat::kAuto;
  // false (default, lenient): bad records are skipped and described in LoadResult::skipped.
  // true: the first bad record is returned as the error.
  bool strict = false;
  // TLE only: check the column-69 checksums.
  bool verify_tle_checksum = true;
};

struct SkippedRecord {
  int line = 0;         // 1-based line where the bad record (or TLE line) is; 0 if unknown.
  std::string message;  // Full message: "source:line[:column]: ... expected ..., got ...".
};

struct LoadResult {
  std::string source;                           // The path (or name) read.
  ElementFormat format = ElementFormat::kAuto;  // The format actually parsed.
  std::vector<ElementSet> elements;             // In file order.
  std::vector<int> source_lines;       // Parallel to `elements`: 1-based line of each record.
  std::vector<SkippedRecord> skipped;  // At most 1000 described ...
  int64_t skipped_count = 0;           // ... and all of them counted.
};

// The format `text` looks like (never kAuto). REQUIRES: nothing; any bytes are accepted.
ElementFormat SniffElementFormat(std::string_view text);

// Parses `text` (named `source_name` in messages). Empty or blank text gives an empty result.
StatusOr<LoadResult> ParseElements(std::string_view text, std::string_view source_name,
                                   const LoadOptions& options = {});

// Reads `path` ("-" reads standard input) and parses it. The read is base/input.h ReadFileBounded
// (at most kDefaultMaxInputBytes): NotFound when the file does not exist, InvalidArgument for a
// directory or binary content, ResourceExhausted over the bound, and the parsers' errors otherwise.
StatusOr<LoadResult> LoadElements(const std::string& path, const LoadOptions& options = {});

}  // namespace leotwin::orbit
