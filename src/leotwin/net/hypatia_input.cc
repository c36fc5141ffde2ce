#include "leotwin/net/hypatia_input.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/net/internal/ground_text.h"
#include "leotwin/net/slot_inference.h"
#include "leotwin/orbit/tle.h"

namespace leotwin::net {
namespace {

using internal::ParseDouble;
using internal::ParseInt;
using internal::Trim;

// One input line: text without its line end, 1-based line number.
struct Line {
  std::string_view text;
  int number = 0;
};

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

// Non-blank lines of `text` (LF or CRLF), with their numbers.
std::vector<Line> NonBlankLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  int number = 1;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!IsBlank(line)) lines.push_back({line, number});
    start = end + 1;
    ++number;
  }
  return lines;
}

// Blank-separated tokens with their 1-based columns.
struct Token {
  std::string_view text;
  int column = 0;
};
std::vector<Token> Tokens(std::string_view line) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    const size_t b = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    out.push_back({line.substr(b, i - b), static_cast<int>(b) + 1});
  }
  return out;
}

// A non-negative decimal integer (digits only), at most 10 digits.
bool ParseIndex(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 10) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return ParseInt(s, out);
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Comma-separated fields of one line (no quoting, as Hypatia splits them), with columns.
std::vector<Token> CommaFields(std::string_view line) {
  std::vector<Token> out;
  size_t b = 0;
  while (true) {
    const size_t e = line.find(',', b);
    const size_t end = e == std::string_view::npos ? line.size() : e;
    out.push_back({line.substr(b, end - b), static_cast<int>(b) + 1});
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

}  // namespace

bool LooksLikeHypatiaTles(std::string_view text) {
  const size_t limit = std::min<size_t>(text.size(), 4096);
  const auto lines = NonBlankLines(text.substr(0, limit));
  if (lines.empty()) return false;
  const auto t = Tokens(lines[0].text);
  int64_t v;
  return t.size() == 2 && ParseIndex(t[0].text, &v) && ParseIndex(t[1].text, &v);
}

StatusOr<orbit::Constellation> ParseHypatiaTles(std::string_view text, std::string_view source) {
  const auto lines = NonBlankLines(text);
  if (lines.empty()) {
    return InputError(source, 1, 0,
                      "expected Hypatia's tles.txt header \"<orbits> <satellites per orbit>\"");
  }
  const auto header = Tokens(lines[0].text);
  int64_t orbits = 0, per_orbit = 0;
  if (header.size() != 2 || !ParseIndex(header[0].text, &orbits) ||
      !ParseIndex(header[1].text, &per_orbit) || orbits < 1 || per_orbit < 1) {
    return InputError(source, lines[0].number, 1,
                      "expected Hypatia's tles.txt header \"<orbits> <satellites per orbit>\" "
                      "(two integers >= 1)");
  }
  const int64_t records = static_cast<int64_t>(lines.size() - 1) / 3;
  if ((lines.size() - 1) % 3 != 0) {
    const Line& last = lines.back();
    return InputError(source, last.number, 0,
                      fmt::format("the file ends inside a satellite record: expected three lines "
                                  "per satellite (name line, TLE line 1, TLE line 2), got {} "
                                  "lines after the header",
                                  lines.size() - 1));
  }
  if (records != orbits * per_orbit) {
    return InputError(source, lines[0].number, 1,
                      fmt::format("the header promises {} orbits x {} satellites = {} "
                                  "satellites, the file has {}",
                                  orbits, per_orbit, orbits * per_orbit, records));
  }
  orbit::Constellation c;
  orbit::TleParseOptions tle_options;
  tle_options.source_name = std::string(source);
  tle_options.strict = true;
  tle_options.allow_comments = false;
  c.elements.reserve(static_cast<size_t>(records));
  for (int64_t id = 0; id < records; ++id) {
    const Line& name = lines[1 + 3 * id];
    const Line& l1 = lines[2 + 3 * id];
    const Line& l2 = lines[3 + 3 * id];
    const auto tokens = Tokens(name.text);
    int64_t got = -1;
    if (tokens.size() < 2 || !ParseIndex(tokens[1].text, &got) || got != id) {
      return InputError(
          source, name.number, tokens.size() >= 2 ? tokens[1].column : 1,
          fmt::format("expected the name line \"<name> {}\" of satellite {} (ids count from 0 "
                      "in file order)",
                      id, id));
    }
    if (HasControlCharacter(name.text)) {
      return InputError(source, name.number, 0, "control character in the name line");
    }
    if (l2.number != l1.number + 1 || l1.number != name.number + 1) {
      return InputError(source, l1.number, 0,
                        "a blank line inside a satellite record (name line, TLE line 1, line 2)");
    }
    LEOTWIN_ASSIGN_OR_RETURN(
        orbit::ElementSet e,
        orbit::ParseTleRecord(l1.text, l2.text, Trim(name.text), tle_options, l1.number));
    if (!c.elements.empty() && e.epoch != c.elements[0].epoch) {
      return InputError(source, l1.number, 19,
                        fmt::format("epoch {} differs from satellite 0's ({}): Hypatia's "
                                    "tles.txt has one epoch, its time 0",
                                    e.epoch.ToIso8601(), c.elements[0].epoch.ToIso8601()));
    }
    c.elements.push_back(std::move(e));
  }
  c.name = std::string(Tokens(lines[1].text)[0].text);
  c.slots.assign(c.elements.size(), orbit::SatelliteSlot{});
  if (orbits >= 3 && per_orbit >= 3) {
    for (int64_t id = 0; id < records; ++id) {
      c.slots[id] = {0, static_cast<int>(id / per_orbit), static_cast<int>(id % per_orbit)};
    }
    orbit::ShellInfo shell;
    shell.name = c.name;
    shell.planes = static_cast<int>(orbits);
    shell.sats_per_plane = static_cast<int>(per_orbit);
    const MeanState m = MeanStateAt(c.elements[0], c.elements[0].epoch);
    shell.altitude_km = m.altitude_km;
    shell.inclination_deg = c.elements[0].inclination_deg;
    shell.raan_spread_deg = 360.0;
    c.shells.push_back(shell);
  }
  return c;
}

StatusOr<orbit::Constellation> ReadHypatiaTlesFile(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  return ParseHypatiaTles(text, path);
}

bool LooksLikeHypatiaGroundStations(std::string_view text) {
  const size_t limit = std::min<size_t>(text.size(), 4096);
  auto lines = NonBlankLines(text.substr(0, limit));
  if (lines.empty()) return false;
  std::string_view first = lines[0].text;
  if (first.substr(0, 3) == "\xEF\xBB\xBF") first.remove_prefix(3);
  const auto fields = CommaFields(first);
  int64_t gid;
  return (fields.size() == 5 || fields.size() == 8) && ParseIndex(Trim(fields[0].text), &gid);
}

StatusOr<std::vector<GroundNode>> ParseHypatiaGroundStations(std::string_view text,
                                                             std::string_view source,
                                                             GroundKind kind) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const auto lines = NonBlankLines(text);
  std::vector<GroundNode> nodes;
  size_t columns = 0;
  for (const Line& line : lines) {
    const auto f = CommaFields(line.text);
    if (columns == 0) columns = f.size();
    if ((f.size() != 5 && f.size() != 8) || f.size() != columns) {
      return InputError(
          source, line.number, 0,
          fmt::format("expected {} comma-separated fields \"gid,name,latitude,longitude,"
                      "elevation_m{}\", got {}",
                      columns == 8 ? "8" : "5 (or 8)", columns == 8 ? ",x_m,y_m,z_m" : "",
                      f.size()));
    }
    const int64_t want = static_cast<int64_t>(nodes.size());
    int64_t gid = -1;
    if (!ParseIndex(Trim(f[0].text), &gid) || gid != want) {
      return InputError(source, line.number, f[0].column,
                        fmt::format("expected ground station id {} (ids count from 0 in file "
                                    "order)",
                                    want));
    }
    GroundNode n;
    n.kind = kind;
    n.name = std::string(Trim(f[1].text));
    if (n.name.empty() || HasControlCharacter(n.name)) {
      return InputError(source, line.number, f[1].column,
                        "expected a non-empty name without control characters");
    }
    double v;
    if (!ParseDouble(f[2].text, &v) || v < -90.0 || v > 90.0) {
      return InputError(source, line.number, f[2].column, "expected a latitude in [-90, 90] deg");
    }
    n.lat_deg = v;
    if (!ParseDouble(f[3].text, &v) || v < -180.0 || v > 180.0) {
      return InputError(source, line.number, f[3].column,
                        "expected a longitude in [-180, 180] deg");
    }
    n.lon_deg = v;
    if (!ParseDouble(f[4].text, &v) || v < -500.0 || v > 9000.0) {
      return InputError(source, line.number, f[4].column,
                        "expected an elevation in [-500, 9000] m above the ellipsoid");
    }
    n.alt_m = v;
    for (size_t k = 5; k < f.size(); ++k) {
      if (!ParseDouble(f[k].text, &v)) {
        return InputError(source, line.number, f[k].column,
                          "expected a Cartesian coordinate in metres (a finite number)");
      }
    }
    nodes.push_back(std::move(n));
  }
  if (nodes.empty()) {
    return InputError(source, 1, 0, "no ground station (expected gid,name,lat,lon,elevation)");
  }
  return nodes;
}

StatusOr<std::vector<IslLink>> ParseHypatiaIsls(std::string_view text, std::string_view source,
                                                int64_t satellites) {
  std::vector<IslLink> links;
  std::set<std::pair<int32_t, int32_t>> seen;
  for (const Line& line : NonBlankLines(text)) {
    const auto t = Tokens(line.text);
    if (t.size() != 2) {
      return InputError(source, line.number, t.size() > 2 ? t[2].column : 1,
                        "expected two satellite indices \"<a> <b>\"");
    }
    int64_t a = -1, b = -1;
    if (!ParseIndex(t[0].text, &a) || a >= satellites) {
      return InputError(source, line.number, t[0].column,
                        fmt::format("expected a satellite index in [0, {})", satellites));
    }
    if (!ParseIndex(t[1].text, &b) || b >= satellites || b <= a) {
      return InputError(
          source, line.number, t[1].column,
          fmt::format("expected a satellite index in ({}, {}) (Hypatia lists each link once, the "
                      "smaller index first)",
                      a, satellites));
    }
    if (!seen.emplace(static_cast<int32_t>(a), static_cast<int32_t>(b)).second) {
      return InputError(source, line.number, 1, fmt::format("link {} {} listed twice", a, b));
    }
    links.push_back({static_cast<int32_t>(a), static_cast<int32_t>(b)});
  }
  return links;
}

StatusOr<std::vector<IslLink>> ReadHypatiaIslsFile(const std::string& path, int64_t satellites) {
  LEOTWIN_ASSIGN_OR_RETURN(std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  return ParseHypatiaIsls(text, path, satellites);
}

}  // namespace leotwin::net
