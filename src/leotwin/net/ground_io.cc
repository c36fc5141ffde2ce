// The ground-segment file formats: ground-node CSV and GeoJSON, the place-pairs CSV, and the
// bundled cities. Bytes, CSV and JSON are read with base/input.h; this file only gives the
// columns and properties their meaning. Place lookup and site placement are in ground_sites.cc.
#include <algorithm>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/base/input.h"
#include "leotwin/net/ground.h"
#include "leotwin/net/hypatia_input.h"
#include "leotwin/net/internal/ground_text.h"
#include "nlohmann/json.hpp"

namespace leotwin::net {
namespace {

using internal::Lower;
using internal::ParseDouble;
using internal::ParseInt;
using internal::Trim;

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

}  // namespace

StatusOr<std::vector<GroundNode>> ParseGroundCsv(std::string_view text, std::string_view source,
                                                 GroundKind default_kind) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<CsvRecord> records, ParseCsv(text, source));
  if (records.empty()) {
    return InputError(source, 0, 0,
                      "empty file: expected a header line (name,lat_deg,lon_deg,...)");
  }
  const CsvRecord& header = records.front();
  std::vector<int> column_of_field;  // Header position -> Column (or -1).
  bool seen[kColumnCount] = {};
  for (const CsvField& f : header.fields) {
    const int c = ColumnFor(f.text);
    if (c >= 0 && seen[c]) {
      return InputError(source, f.line, f.column, fmt::format("column '{}' appears twice", f.text));
    }
    if (c >= 0) seen[c] = true;
    column_of_field.push_back(c);
  }
  for (int required : {kName, kLat, kLon}) {
    if (!seen[required]) {
      return InputError(source, header.line, 0,
                        fmt::format("header lacks the required column '{}' (needs name, lat_deg, "
                                    "lon_deg)",
                                    kColumnNames[required]));
    }
  }
  std::vector<GroundNode> nodes;
  nodes.reserve(records.size() - 1);
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() != column_of_field.size()) {
      return InputError(source, record.line, 1,
                        fmt::format("expected {} fields as in the header, got {}",
                                    column_of_field.size(), record.fields.size()));
    }
    GroundNode node;
    node.kind = default_kind;
    for (size_t k = 0; k < record.fields.size(); ++k) {
      const int c = column_of_field[k];
      if (c < 0) continue;
      const CsvField& field = record.fields[k];
      if (std::string expected = SetField(c, field.text, &node); !expected.empty()) {
        return InputError(source, field.line, field.column,
                          fmt::format("column '{}': expected {}, got '{}'", kColumnNames[c],
                                      expected, field.text));
      }
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

StatusOr<std::vector<GroundNode>> ParseGroundGeoJson(std::string_view text, std::string_view source,
                                                     GroundKind default_kind) {
  LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json doc, ParseJson(text, source));
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
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kDefaultMaxInputBytes));
  const std::string lower = Lower(path);
  if (lower.ends_with(".geojson") || lower.ends_with(".json")) {
    return ParseGroundGeoJson(text, path, default_kind);
  }
  if (LooksLikeHypatiaGroundStations(text)) {
    // Hypatia's ground stations use every satellite in range and never relay: cities.
    return ParseHypatiaGroundStations(text, path, GroundKind::kCity);
  }
  return ParseGroundCsv(text, path, default_kind);
}

StatusOr<std::vector<GroundNode>> LoadBundledCities(const std::string& data_dir) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string path,
                           FindBundledDataFile("cities/cities.csv", data_dir));
  return ReadGroundFile(path, GroundKind::kCity);
}

StatusOr<std::vector<std::pair<std::string, std::string>>> ParsePlacePairsCsv(
    std::string_view text, std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<CsvRecord> records, ParseCsv(text, source));
  if (records.empty()) {
    return InputError(source, 0, 0, "empty file: expected a header line 'from,to'");
  }
  const CsvRecord& header = records.front();
  int from_col = -1, to_col = -1;
  for (size_t k = 0; k < header.fields.size(); ++k) {
    const std::string h = Lower(Trim(header.fields[k].text));
    if (h == "from" && from_col < 0) from_col = static_cast<int>(k);
    if (h == "to" && to_col < 0) to_col = static_cast<int>(k);
  }
  if (from_col < 0 || to_col < 0) {
    return InputError(source, header.line, 0, "header must name the columns 'from' and 'to'");
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.fields.size() != header.fields.size()) {
      return InputError(
          source, record.line, 1,
          fmt::format("expected {} fields, got {}", header.fields.size(), record.fields.size()));
    }
    const CsvField& from_field = record.fields[from_col];
    const CsvField& to_field = record.fields[to_col];
    const std::string from(Trim(from_field.text)), to(Trim(to_field.text));
    if (from.empty() || to.empty()) {
      const CsvField& empty = from.empty() ? from_field : to_field;
      return InputError(source, empty.line, empty.column, "expected a place name");
    }
    pairs.emplace_back(from, to);
  }
  return pairs;
}

std::string GroundCsv(std::span<const GroundNode> nodes) {
  auto quote = [](const std::string& s) {
    // Quoted when it holds a separator, a quote or a line break, or would read as a comment.
    const bool plain = s.find_first_of(",\"\r\n") == std::string::npos && !s.starts_with('#');
    if (plain) return s;
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
