// Orbit Mean-Elements Messages (OMM, CCSDS 502.0-B-3) carrying SGP4 mean elements, in the three
// encodings CelesTrak's GP service and Space-Track serve: JSON, CSV and (the narrow CelesTrak
// schema of) XML.
//
// Fields read (names as in the CCSDS OMM keyword list; CelesTrak uses exactly these names):
//   required: EPOCH, MEAN_MOTION, ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE, ARG_OF_PERICENTER,
//             MEAN_ANOMALY, NORAD_CAT_ID, BSTAR
//   optional: OBJECT_NAME (""), OBJECT_ID (""), CLASSIFICATION_TYPE ('U'), EPHEMERIS_TYPE (0),
//             ELEMENT_SET_NO (0), REV_AT_EPOCH (0), MEAN_MOTION_DOT (0), MEAN_MOTION_DDOT (0)
//   checked when present: CENTER_NAME must be EARTH, REF_FRAME TEME, TIME_SYSTEM UTC and
//             MEAN_ELEMENT_THEORY SGP4 (SGP4-XP elements mean something else and are refused)
//   Other fields (CREATION_DATE, DECAY_DATE, ...) are ignored; JSON null counts as absent.
//
// Units and meaning are the TLE's (CelesTrak converts TLEs field by field), so an object read from
// a TLE and from OMM gives the same ElementSet: MEAN_MOTION rev/day (Kozai mean motion, as in the
// TLE), angles in degrees, BSTAR 1/Earth radii, MEAN_MOTION_DOT = ndot/2 in rev/day^2 and
// MEAN_MOTION_DDOT = nddot/6 in rev/day^3 (the TLE's stored values, as python-sgp4's omm module
// also assumes). EPOCH is ISO 8601 UTC ("2025-09-23T04:17:46.398336", no zone = UTC; a trailing Z
// or offset is accepted); it is kept to the nanosecond, and epoch_day_of_year is derived from it
// (CelesTrak rounds the TLE epoch to the microsecond: at most 5.8e-12 day). OBJECT_ID "1998-067A"
// becomes the TLE form "98067A"; other forms are kept as written.
//
// Values: JSON numbers or JSON strings holding numbers (Space-Track quotes every value); CSV and
// XML text. Numbers use the C locale, may have a leading '+' or '.', and an exponent
// ("-.22483E-4"). Checked ranges (as for TLEs): inclination [0, 180], RAAN / argument of pericentre
// / mean anomaly [0, 360], eccentricity [0, 1), mean motion > 0, NORAD_CAT_ID in 0..999999999, all
// finite; EPOCH a valid date in 1678..2261.
//
// Errors name the source, the record (0-based index in the file), its 1-based line, the field and
// what was expected, e.g.
//   gp.json:57: record 3 (NORAD 44714, "STARLINK-1008"): field ECCENTRICITY: expected a number
//   in [0, 1), got "1.2"
// A document-level error (JSON syntax, missing CSV header column, no <omm> element) is returned as
// a Status in both modes. Bad input never crashes and changes nothing outside the result (fuzzed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/orbit/elements.h"

namespace leotwin::orbit {

struct OmmParseOptions {
  // Name used for the input in error messages (a file path, or e.g. "<stdin>").
  std::string source_name = "<input>";
  // false (default, lenient, as for TLEs): a bad record is skipped, counted and described in
  // `skipped`; the rest is read. true: parsing stops at the first bad record and returns its error.
  bool strict = false;
};

struct OmmSkippedRecord {
  int64_t record = 0;   // 0-based index of the record in the document.
  int line = 0;         // 1-based line where the record starts (0 if unknown).
  std::string message;  // "source:line: record N (NORAD n): field F: expected ..., got ...".
};

struct OmmParseResult {
  std::vector<ElementSet> elements;  // In input order.
  std::vector<int> source_lines;     // Parallel to `elements`: 1-based line where each starts.
  // Skipped records, at most kMaxSkippedKept of them described; `skipped_count` counts all.
  static constexpr size_t kMaxSkippedKept = 1000;
  std::vector<OmmSkippedRecord> skipped;
  int64_t skipped_count = 0;
};

// JSON: an array of objects (CelesTrak FORMAT=json, Space-Track class gp), or a single object.
// An empty array gives an empty result.
StatusOr<OmmParseResult> ParseOmmJson(std::string_view text, const OmmParseOptions& options = {});

// CSV (RFC 4180 as base/input.h ParseCsv reads it, without comment lines: optional double quotes,
// "" inside quotes, LF or CRLF, a UTF-8 byte order mark dropped): a header row naming the columns
// (any order; CelesTrak FORMAT=csv), then one record per row. Blank rows are ignored.
// A row with a different number of cells than the header is a bad record.
StatusOr<OmmParseResult> ParseOmmCsv(std::string_view text, const OmmParseOptions& options = {});

// XML: the CCSDS NDM/XML form CelesTrak serves (FORMAT=xml): one <omm> per object, holding
// <metadata>, <meanElements> and <tleParameters> whose leaf elements are the fields above. The
// document is read by pugixml (UTF-8; entities, character references and CDATA decoded, an unknown
// entity kept as written; namespace prefixes ignored); a malformed document is an error
// "source:line:column: invalid XML: <what>". Each <omm> (or, without <omm>, each <segment>) is one
// record; its fields are the elements below it that have text and no child elements.
StatusOr<OmmParseResult> ParseOmmXml(std::string_view text, const OmmParseOptions& options = {});

// A record as field name -> text value; the common back end of the three encodings, exposed for
// tests and for other readers (e.g. a future KVN reader). Returns the element set or an error
// naming the first bad field (message without the source/record prefix).
struct OmmField {
  std::string name;
  std::string value;
};
StatusOr<ElementSet> ElementSetFromOmmFields(const std::vector<OmmField>& fields);

}  // namespace leotwin::orbit
