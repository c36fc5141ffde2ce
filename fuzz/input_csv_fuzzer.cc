// libFuzzer target: the shared CSV reader (base/input.h ParseCsv) on any bytes, with and without
// comment lines. It must return a Status or records whose positions are inside the text, and what
// it accepts must read back the same after writing it out again with every field quoted.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/input.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();
}

// Writes records back as CSV, every field quoted (so nothing reads as a comment or blank line).
std::string Quoted(const std::vector<leotwin::CsvRecord>& records) {
  std::string out;
  for (const leotwin::CsvRecord& r : records) {
    for (size_t k = 0; k < r.fields.size(); ++k) {
      out += k ? ",\"" : "\"";
      for (char c : r.fields[k].text) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  }
  return out;
}

// A quoted field reads CRLF as LF, so text holding CRs before an LF ("\r\r\n") cannot come back
// byte for byte; compared with every CR that is followed (past other CRs) by an LF dropped.
std::string WithoutCrBeforeLf(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      size_t j = i;
      while (j < s.size() && s[j] == '\r') ++j;
      if (j < s.size() && s[j] == '\n') continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool comments : {true, false}) {
    leotwin::CsvOptions options;
    options.comment_lines = comments;
    auto records = leotwin::ParseCsv(text, "fuzz.csv", options);
    if (!records.ok()) {
      Require(std::string(records.status().message()).starts_with("fuzz.csv:"));
      continue;
    }
    int previous_line = 0;
    for (const leotwin::CsvRecord& r : *records) {
      Require(!r.fields.empty() && r.line > previous_line);
      previous_line = r.line;
      for (const leotwin::CsvField& f : r.fields) {
        Require(f.line >= r.line && f.column >= 1 && f.text.size() <= size);
        Require(static_cast<size_t>(f.column) <= size + 1);
      }
    }
    auto again = leotwin::ParseCsv(Quoted(*records), "again.csv", options);
    Require(again.ok() && again->size() == records->size());
    for (size_t i = 0; i < records->size(); ++i) {
      Require((*again)[i].fields.size() == (*records)[i].fields.size());
      for (size_t k = 0; k < (*records)[i].fields.size(); ++k) {
        Require(WithoutCrBeforeLf((*again)[i].fields[k].text) ==
                WithoutCrBeforeLf((*records)[i].fields[k].text));
      }
    }
  }
  return 0;
}
