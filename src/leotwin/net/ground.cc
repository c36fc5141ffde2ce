#include "leotwin/net/ground.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "leotwin/net/internal/geodesy.h"
#include "nlohmann/json.hpp"

namespace leotwin::net {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool ParseDouble(std::string_view s, double* out) {
  s = Trim(s);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && ptr == end && std::isfinite(*out);
}

bool ParseInt(std::string_view s, int64_t* out) {
  s = Trim(s);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

// One CSV field with the 1-based column where it starts.
struct Field {
  std::string text;
  int column;
};

// Splits one line (without its newline) into fields. Returns an error message or "".
std::string SplitCsvLine(std::string_view line, std::vector<Field>* fields) {
  fields->clear();
  size_t i = 0;
  while (true) {
    Field f{"", static_cast<int>(i) + 1};
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.text.push_back('"');
            i += 2;
          } else {
            ++i;
            closed = true;
            break;
          }
        } else {
          f.text.push_back(line[i++]);
        }
      }
      if (!closed) return fmt::format("{}: unterminated quoted field", f.column);
      if (i < line.size() && line[i] != ',') {
        return fmt::format("{}: expected ',' after a closing quote, got '{}'", i + 1, line[i]);
      }
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"') return fmt::format("{}: quote inside an unquoted field", i + 1);
        f.text.push_back(line[i++]);
      }
    }
    fields->push_back(std::move(f));
    if (i >= line.size()) break;
    ++i;  // Skip the comma.
  }
  return "";
}

enum Column {
  kName,
  kLat,
  kLon,
  kKind,
  kAlt,
  kCountry,
  kAdmin1,
  kPopulation,
  kMaxLinks,
  kMinElevation,
  kColumnCount
};

int ColumnFor(std::string_view header) {
  const std::string h = Lower(Trim(header));
  if (h == "name") return kName;
  if (h == "lat_deg" || h == "lat" || h == "latitude") return kLat;
  if (h == "lon_deg" || h == "lon" || h == "lng" || h == "longitude") return kLon;
  if (h == "kind") return kKind;
  if (h == "alt_m" || h == "altitude_m" || h == "height_m") return kAlt;
  if (h == "country") return kCountry;
  if (h == "admin1") return kAdmin1;
  if (h == "population") return kPopulation;
  if (h == "max_links" || h == "antennas") return kMaxLinks;
  if (h == "min_elevation_deg") return kMinElevation;
  return -1;
}

constexpr const char* kColumnNames[kColumnCount] = {
    "name",    "lat_deg", "lon_deg",    "kind",      "alt_m",
    "country", "admin1",  "population", "max_links", "min_elevation_deg"};

// Validates and stores one value. Returns "" or what was expected.
std::string SetField(int column, std::string_view text, GroundNode* node) {
  double d;
  int64_t i;
  switch (column) {
    case kName:
      if (Trim(text).empty()) return "a non-empty name";
      node->name = std::string(Trim(text));
      return "";
    case kLat:
      if (!ParseDouble(text, &d) || d < -90.0 || d > 90.0) return "a latitude in [-90, 90] degrees";
      node->lat_deg = d;
      return "";
    case kLon:
      if (!ParseDouble(text, &d) || d < -180.0 || d > 180.0) {
        return "a longitude in [-180, 180] degrees";
      }
      node->lon_deg = d;
      return "";
    case kKind: {
      if (Trim(text).empty()) return "";
      auto kind = ParseGroundKind(Trim(text));
      if (!kind.ok()) return "a kind: gateway, pop, terminal or city";
      node->kind = *kind;
      return "";
    }
    case kAlt:
      if (Trim(text).empty()) return "";
      if (!ParseDouble(text, &d) || d < -500.0 || d > 9000.0) {
        return "a height in [-500, 9000] metres";
      }
      node->alt_m = d;
      return "";
    case kCountry:
      node->country = std::string(Trim(text));
      return "";
    case kAdmin1:
      node->admin1 = std::string(Trim(text));
      return "";
    case kPopulation:
      if (Trim(text).empty()) return "";
      if (!ParseInt(text, &i) || i < 0) return "a population (integer >= 0)";
      node->population = i;
      return "";
    case kMaxLinks:
      if (Trim(text).empty()) return "";
      if (!ParseInt(text, &i) || i < 0 || i > 100000) return "a link count in [0, 100000]";
      node->max_links = static_cast<int>(i);
      return "";
    case kMinElevation:
      if (Trim(text).empty()) return "";
      if (!ParseDouble(text, &d) || d < -90.0 || d > 90.0) {
        return "an elevation in [-90, 90] degrees";
      }
      node->min_elevation_deg = d;
      return "";
  }
  return "";
}

Status ReadText(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("{}: cannot open file", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return absl::OkStatus();
}

}  // namespace

std::string_view GroundKindName(GroundKind kind) {
  switch (kind) {
    case GroundKind::kGateway:
      return "gateway";
    case GroundKind::kPop:
      return "pop";
    case GroundKind::kTerminal:
      return "terminal";
    case GroundKind::kCity:
      return "city";
  }
  return "?";
}

StatusOr<GroundKind> ParseGroundKind(std::string_view text) {
  const std::string t = Lower(Trim(text));
  if (t == "gateway" || t == "gw") return GroundKind::kGateway;
  if (t == "pop") return GroundKind::kPop;
  if (t == "terminal" || t == "user" || t == "ut") return GroundKind::kTerminal;
  if (t == "city") return GroundKind::kCity;
  return absl::InvalidArgumentError(
      fmt::format("unknown ground node kind '{}': expected gateway, pop, terminal or city", t));
}

StatusOr<std::vector<GroundNode>> ParseGroundCsv(std::string_view text, std::string_view source,
                                                 GroundKind default_kind) {
  std::vector<GroundNode> nodes;
  std::vector<int> column_of_field;  // Header position -> Column (or -1).
  bool have_header = false;
  std::vector<Field> fields;
  int line_number = 0;
  size_t pos = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // UTF-8 BOM.
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    if (std::string err = SplitCsvLine(line, &fields); !err.empty()) {
      return absl::InvalidArgumentError(fmt::format("{}:{}:{}", source, line_number, err));
    }
    if (!have_header) {
      have_header = true;
      bool seen[kColumnCount] = {};
      for (const Field& f : fields) {
        const int c = ColumnFor(f.text);
        if (c >= 0 && seen[c]) {
          return absl::InvalidArgumentError(fmt::format("{}:{}:{}: column '{}' appears twice",
                                                        source, line_number, f.column, f.text));
        }
        if (c >= 0) seen[c] = true;
        column_of_field.push_back(c);
      }
      for (int required : {kName, kLat, kLon}) {
        if (!seen[required]) {
          return absl::InvalidArgumentError(fmt::format(
              "{}:{}: header lacks the required column '{}' (needs name, lat_deg, lon_deg)", source,
              line_number, kColumnNames[required]));
        }
      }
      continue;
    }
    if (fields.size() != column_of_field.size()) {
      return absl::InvalidArgumentError(
          fmt::format("{}:{}:1: expected {} fields as in the header, got {}", source, line_number,
                      column_of_field.size(), fields.size()));
    }
    GroundNode node;
    node.kind = default_kind;
    for (size_t k = 0; k < fields.size(); ++k) {
      const int c = column_of_field[k];
      if (c < 0) continue;
      if (std::string expected = SetField(c, fields[k].text, &node); !expected.empty()) {
        return absl::InvalidArgumentError(
            fmt::format("{}:{}:{}: column '{}': expected {}, got '{}'", source, line_number,
                        fields[k].column, kColumnNames[c], expected, fields[k].text));
      }
    }
    nodes.push_back(std::move(node));
  }
  if (!have_header) {
    return absl::InvalidArgumentError(
        fmt::format("{}: empty file: expected a header line (name,lat_deg,lon_deg,...)", source));
  }
  return nodes;
}

StatusOr<std::vector<GroundNode>> ParseGroundGeoJson(std::string_view text, std::string_view source,
                                                     GroundKind default_kind) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // Convert the byte offset into line:column.
    size_t byte = std::min<size_t>(e.byte, text.size());
    int line = 1, col = 1;
    for (size_t i = 0; i < byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    return absl::InvalidArgumentError(
        fmt::format("{}:{}:{}: invalid JSON ({})", source, line, col, e.what()));
  } catch (const nlohmann::json::exception& e) {
    // Number overflow ("1e999") and the like: nlohmann gives no position.
    return absl::InvalidArgumentError(fmt::format("{}: invalid JSON ({})", source, e.what()));
  }
  std::vector<const nlohmann::json*> features;
  if (!doc.is_object() || !doc.contains("type") || !doc["type"].is_string()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: expected a GeoJSON object with a \"type\" member", source));
  }
  const std::string type = doc["type"].get<std::string>();
  if (type == "FeatureCollection") {
    if (!doc.contains("features") || !doc["features"].is_array()) {
      return absl::InvalidArgumentError(
          fmt::format("{}: FeatureCollection without a \"features\" array", source));
    }
    for (const auto& f : doc["features"]) features.push_back(&f);
  } else if (type == "Feature") {
    features.push_back(&doc);
  } else {
    return absl::InvalidArgumentError(fmt::format(
        "{}: expected a FeatureCollection or a Feature, got type \"{}\"", source, type));
  }
  std::vector<GroundNode> nodes;
  for (size_t i = 0; i < features.size(); ++i) {
    const nlohmann::json& f = *features[i];
    auto fail = [&](std::string_view what) {
      return absl::InvalidArgumentError(fmt::format("{}: feature {}: {}", source, i, what));
    };
    if (!f.is_object()) return fail("expected an object");
    if (!f.contains("geometry") || !f["geometry"].is_object()) return fail("missing geometry");
    const auto& g = f["geometry"];
    if (!g.contains("type") || g["type"] != "Point") return fail("geometry must be a Point");
    if (!g.contains("coordinates") || !g["coordinates"].is_array()) {
      return fail("geometry.coordinates must be an array [lon, lat] or [lon, lat, alt_m]");
    }
    const auto& c = g["coordinates"];
    if (c.size() < 2 || c.size() > 3) {
      return fail("geometry.coordinates must have 2 or 3 numbers");
    }
    for (const auto& v : c) {
      if (!v.is_number()) return fail("geometry.coordinates must hold numbers");
    }
    GroundNode node;
    node.kind = default_kind;
    auto set_number = [&](int column, double v) -> std::string {
      return SetField(column, fmt::format("{:.17g}", v), &node);
    };
    if (auto e = set_number(kLon, c[0].get<double>()); !e.empty()) {
      return fail(fmt::format("coordinates[0]: expected {}", e));
    }
    if (auto e = set_number(kLat, c[1].get<double>()); !e.empty()) {
      return fail(fmt::format("coordinates[1]: expected {}", e));
    }
    if (c.size() == 3) {
      if (auto e = set_number(kAlt, c[2].get<double>()); !e.empty()) {
        return fail(fmt::format("coordinates[2]: expected {}", e));
      }
    }
    if (!f.contains("properties") || !f["properties"].is_object()) {
      return fail("missing properties (with at least \"name\")");
    }
    bool named = false;
    for (const auto& [key, value] : f["properties"].items()) {
      const int column = ColumnFor(key);
      if (column < 0 || column == kLat || column == kLon) continue;
      std::string text;
      if (value.is_string()) {
        text = value.get<std::string>();
      } else if (value.is_number_integer()) {
        text = std::to_string(value.get<int64_t>());
      } else if (value.is_number()) {
        text = fmt::format("{:.17g}", value.get<double>());
      } else if (value.is_null()) {
        continue;
      } else {
        return fail(fmt::format("property '{}' must be a string or a number", key));
      }
      if (auto e = SetField(column, text, &node); !e.empty()) {
        return fail(fmt::format("property '{}': expected {}, got '{}'", key, e, text));
      }
      if (column == kName) named = true;
    }
    if (!named) return fail("properties.name is required");
    nodes.push_back(std::move(node));
  }
  return nodes;
}

StatusOr<std::vector<GroundNode>> ReadGroundFile(const std::string& path, GroundKind default_kind) {
  std::string text;
  LEOTWIN_RETURN_IF_ERROR(ReadText(path, &text));
  const std::string lower = Lower(path);
  auto ends_with = [&](std::string_view suffix) {
    return lower.size() >= suffix.size() &&
           lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".geojson") || ends_with(".json")) {
    return ParseGroundGeoJson(text, path, default_kind);
  }
  return ParseGroundCsv(text, path, default_kind);
}

StatusOr<std::vector<GroundNode>> LoadBundledCities(const std::string& data_dir) {
  std::vector<std::string> dirs;
  if (!data_dir.empty()) {
    dirs.push_back(data_dir);
  } else {
    if (const char* env = std::getenv("LEOTWIN_DATA_DIR")) dirs.push_back(env);
    dirs.push_back("data");
#ifdef LEOTWIN_SOURCE_DIR
    dirs.push_back(std::string(LEOTWIN_SOURCE_DIR) + "/data");
#endif
  }
  for (const auto& dir : dirs) {
    const std::string path = dir + "/cities/cities.csv";
    std::ifstream probe(path);
    if (probe) return ReadGroundFile(path, GroundKind::kCity);
  }
  std::string tried;
  for (const auto& dir : dirs) tried += (tried.empty() ? "" : ", ") + dir + "/cities/cities.csv";
  return absl::NotFoundError(fmt::format(
      "bundled cities not found (tried {}); set LEOTWIN_DATA_DIR to the data/ folder", tried));
}

StatusOr<GroundNode> ResolvePlace(std::span<const GroundNode> nodes, std::string_view query,
                                  GroundKind coordinate_kind) {
  const std::string_view q = Trim(query);
  if (q.empty()) return absl::InvalidArgumentError("empty place name");
  // Coordinates "lat,lon".
  if (const size_t comma = q.find(','); comma != std::string_view::npos) {
    double lat, lon;
    if (ParseDouble(q.substr(0, comma), &lat) && ParseDouble(q.substr(comma + 1), &lon)) {
      if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
        return absl::InvalidArgumentError(fmt::format(
            "coordinates '{}' out of range: expected lat in [-90, 90], lon in [-180, 180]", q));
      }
      GroundNode node;
      node.name = std::string(q);
      node.kind = coordinate_kind;
      node.lat_deg = lat;
      node.lon_deg = lon;
      return node;
    }
  }
  std::string name = Lower(q), country;
  if (const size_t comma = name.rfind(','); comma != std::string::npos) {
    country = std::string(Trim(name.substr(comma + 1)));
    name = std::string(Trim(name.substr(0, comma)));
  }
  const GroundNode* best_exact = nullptr;
  const GroundNode* best_prefix = nullptr;
  for (const GroundNode& n : nodes) {
    if (!country.empty() && Lower(n.country) != country) continue;
    const std::string lower = Lower(n.name);
    if (lower == name) {
      if (!best_exact || n.population > best_exact->population) best_exact = &n;
    } else if (lower.compare(0, name.size(), name) == 0) {
      if (!best_prefix || n.population > best_prefix->population) best_prefix = &n;
    }
  }
  if (best_exact) return *best_exact;
  if (best_prefix) return *best_prefix;
  // Suggest names sharing the first three letters.
  std::string suggestions;
  int shown = 0;
  for (const GroundNode& n : nodes) {
    if (shown >= 5) break;
    const std::string lower = Lower(n.name);
    if (name.size() >= 3 && lower.compare(0, 3, name.substr(0, 3)) == 0) {
      suggestions += fmt::format("{}{}", shown ? ", " : "", n.name);
      ++shown;
    }
  }
  return absl::NotFoundError(
      fmt::format("no place named '{}'{}{}", q, shown ? "; did you mean: " : "", suggestions));
}

std::vector<GroundNode> PlaceSites(std::span<const GroundNode> cities, GroundKind kind,
                                   const SitePlacementRule& rule) {
  std::vector<const GroundNode*> order;
  for (const auto& c : cities) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [](const GroundNode* a, const GroundNode* b) {
    return a->population > b->population;
  });
  std::vector<GroundNode> sites;
  for (const GroundNode* c : order) {
    if (static_cast<int>(sites.size()) >= rule.count) break;
    if (std::find(rule.excluded_countries.begin(), rule.excluded_countries.end(), c->country) !=
        rule.excluded_countries.end()) {
      continue;
    }
    bool far = true;
    for (const GroundNode& s : sites) {
      if (internal::GreatCircleKm(s.lat_deg, s.lon_deg, c->lat_deg, c->lon_deg) <
          rule.min_spacing_km) {
        far = false;
        break;
      }
    }
    if (!far) continue;
    GroundNode site = *c;
    site.kind = kind;
    site.name = fmt::format("{} {}", kind == GroundKind::kPop ? "PoP" : "GW", c->name);
    site.population = 0;
    sites.push_back(std::move(site));
  }
  return sites;
}

SitePlacementRule DefaultGatewayRule() { return SitePlacementRule{}; }

SitePlacementRule DefaultPopRule() {
  SitePlacementRule rule;
  rule.count = 40;
  rule.min_spacing_km = 1500.0;
  return rule;
}

StatusOr<std::vector<std::pair<std::string, std::string>>> ParsePlacePairsCsv(
    std::string_view text, std::string_view source) {
  std::vector<std::pair<std::string, std::string>> pairs;
  int from_col = -1, to_col = -1;
  size_t columns = 0;
  bool have_header = false;
  std::vector<Field> fields;
  int line_number = 0;
  size_t pos = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    if (std::string err = SplitCsvLine(line, &fields); !err.empty()) {
      return absl::InvalidArgumentError(fmt::format("{}:{}:{}", source, line_number, err));
    }
    if (!have_header) {
      have_header = true;
      columns = fields.size();
      for (size_t k = 0; k < fields.size(); ++k) {
        const std::string h = Lower(Trim(fields[k].text));
        if (h == "from" && from_col < 0) from_col = static_cast<int>(k);
        if (h == "to" && to_col < 0) to_col = static_cast<int>(k);
      }
      if (from_col < 0 || to_col < 0) {
        return absl::InvalidArgumentError(fmt::format(
            "{}:{}: header must name the columns 'from' and 'to'", source, line_number));
      }
      continue;
    }
    if (fields.size() != columns) {
      return absl::InvalidArgumentError(fmt::format("{}:{}:1: expected {} fields, got {}", source,
                                                    line_number, columns, fields.size()));
    }
    const std::string from(Trim(fields[from_col].text)), to(Trim(fields[to_col].text));
    if (from.empty() || to.empty()) {
      return absl::InvalidArgumentError(
          fmt::format("{}:{}:{}: expected a place name", source, line_number,
                      from.empty() ? fields[from_col].column : fields[to_col].column));
    }
    pairs.emplace_back(from, to);
  }
  if (!have_header) {
    return absl::InvalidArgumentError(
        fmt::format("{}: empty file: expected a header line 'from,to'", source));
  }
  return pairs;
}

std::string GroundCsv(std::span<const GroundNode> nodes) {
  auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  };
  std::string out =
      "name,kind,lat_deg,lon_deg,alt_m,country,admin1,population,max_links,"
      "min_elevation_deg\n";
  for (const auto& n : nodes) {
    out +=
        fmt::format("{},{},{:.6f},{:.6f},{:g},{},{},{},{},{}\n", quote(n.name),
                    GroundKindName(n.kind), n.lat_deg, n.lon_deg, n.alt_m, quote(n.country),
                    quote(n.admin1), n.population, n.max_links ? std::to_string(*n.max_links) : "",
                    n.min_elevation_deg ? fmt::format("{:g}", *n.min_elevation_deg) : "");
  }
  return out;
}

}  // namespace leotwin::net
