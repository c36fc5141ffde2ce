#include "leotwin/geo/region.h"

#include <cmath>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/input.h"
#include "s2/s2builder.h"
#include "s2/s2builderutil_s2polygon_layer.h"
#include "s2/s2error.h"
#include "s2/s2latlng.h"
#include "s2/s2loop.h"

namespace leotwin::geo {

Region::Region(std::string label, std::unique_ptr<S2Polygon> polygon)
    : label_(std::move(label)), polygon_(std::move(polygon)), bound_(polygon_->GetRectBound()) {
  LEOTWIN_DCHECK(polygon_->IsValid());
}

namespace {

Status Invalid(std::string_view where, const std::string& what) {
  return absl::InvalidArgumentError(fmt::format("{}: {}", where, what));
}

// Parses one linear ring into distinct S2 vertices (closing vertex dropped, consecutive
// duplicates and antimeridian/pole cut "spikes" A,B,A removed).
StatusOr<std::vector<S2Point>> ParseRing(const nlohmann::json& ring, const std::string& where) {
  if (!ring.is_array()) return Invalid(where, "expected an array of positions");
  if (ring.size() < 4) {
    return Invalid(where, fmt::format("ring has {} positions; a closed ring needs at least 4 "
                                      "(first == last)",
                                      ring.size()));
  }
  std::vector<std::pair<double, double>> lonlat;
  lonlat.reserve(ring.size());
  for (size_t i = 0; i < ring.size(); ++i) {
    const nlohmann::json& pos = ring[i];
    if (!pos.is_array() || pos.size() < 2 || pos.size() > 3) {
      return Invalid(where, fmt::format("position {}: expected [lon, lat] or [lon, lat, alt]", i));
    }
    for (size_t k = 0; k < pos.size(); ++k) {
      if (!pos[k].is_number()) {
        return Invalid(where, fmt::format("position {}: element {} is not a number", i, k));
      }
    }
    const double lon = pos[0].get<double>();
    const double lat = pos[1].get<double>();
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
      return Invalid(where, fmt::format("position {}: non-finite coordinate", i));
    }
    if (lon < -180.0 || lon > 180.0) {
      return Invalid(where, fmt::format("position {}: longitude {} outside [-180, 180]", i, lon));
    }
    if (lat < -90.0 || lat > 90.0) {
      return Invalid(where, fmt::format("position {}: latitude {} outside [-90, 90]", i, lat));
    }
    lonlat.emplace_back(lon, lat);
  }
  if (lonlat.front() != lonlat.back()) {
    return Invalid(where,
                   fmt::format("ring is not closed: first position [{}, {}] != last [{}, {}]",
                               lonlat.front().first, lonlat.front().second, lonlat.back().first,
                               lonlat.back().second));
  }
  lonlat.pop_back();
  // Stack pass: drop repeats and fold spikes (..., A, B, A -> ..., A).
  std::vector<S2Point> out;
  out.reserve(lonlat.size());
  for (const auto& [lon, lat] : lonlat) {
    // -180 and 180 are one meridian; use one value so both give bit-identical points (sin(-pi)
    // and sin(pi) differ in the last bit) and parts split at the antimeridian share edges exactly.
    const S2Point p = PointFromDegrees(lat, lon);
    if (!out.empty() && out.back() == p) continue;
    if (out.size() >= 2 && out[out.size() - 2] == p) {
      out.pop_back();
      continue;
    }
    out.push_back(p);
  }
  // Same across the wrap-around.
  bool changed = true;
  while (changed && out.size() >= 3) {
    changed = false;
    const size_t n = out.size();
    if (out[n - 1] == out[0]) {
      out.pop_back();
      changed = true;
    } else if (out[n - 2] == out[0]) {  // spike tip at n-1
      out.pop_back();
      out.pop_back();
      changed = true;
    } else if (out[n - 1] == out[1]) {  // spike tip at 0
      out.erase(out.begin(), out.begin() + 2);
      changed = true;
    }
  }
  if (out.size() < 3) {
    return Invalid(where, "ring has fewer than 3 distinct vertices (degenerate)");
  }
  return out;
}

// A validated loop bounding the smaller side of the ring.
StatusOr<std::unique_ptr<S2Loop>> ParseLoop(const nlohmann::json& ring, const std::string& where) {
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<S2Point> vertices, ParseRing(ring, where));
  auto loop = std::make_unique<S2Loop>(vertices, S2Debug::DISABLE);
  S2Error error;
  if (loop->FindValidationError(&error)) {
    return Invalid(where, fmt::format("invalid ring: {}", error.text()));
  }
  loop->Normalize();
  // A ring whose vertices all lie on one great circle encloses no area.
  if (!(loop->GetArea() > 1e-24)) return Invalid(where, "ring encloses no area (degenerate)");
  return loop;
}

StatusOr<std::unique_ptr<S2Polygon>> ParsePolygonPart(const nlohmann::json& rings,
                                                      const std::string& where) {
  if (!rings.is_array()) return Invalid(where, "expected an array of rings");
  if (rings.empty()) return Invalid(where, "polygon has no rings");
  std::vector<std::unique_ptr<S2Loop>> loops;
  for (size_t r = 0; r < rings.size(); ++r) {
    LEOTWIN_ASSIGN_OR_RETURN(auto loop, ParseLoop(rings[r], fmt::format("{} ring {}", where, r)));
    loops.push_back(std::move(loop));
  }
  for (size_t h = 1; h < loops.size(); ++h) {
    if (!loops[0]->Contains(*loops[h])) {
      return Invalid(where, fmt::format("hole (ring {}) is not inside the exterior ring", h));
    }
    for (size_t k = 1; k < h; ++k) {
      if (loops[k]->Intersects(*loops[h])) {
        return Invalid(where, fmt::format("holes (rings {} and {}) overlap", k, h));
      }
    }
  }
  auto polygon = std::make_unique<S2Polygon>();
  polygon->set_s2debug_override(S2Debug::DISABLE);
  polygon->InitNested(std::move(loops));
  S2Error error;
  if (polygon->FindValidationError(&error)) {
    return Invalid(where, fmt::format("invalid polygon: {}", error.text()));
  }
  return polygon;
}

std::string TypeName(const nlohmann::json& j) { return std::string(j.type_name()); }

}  // namespace

StatusOr<std::unique_ptr<S2Polygon>> PolygonFromGeoJson(const nlohmann::json& geometry,
                                                        std::string_view where) {
  if (!geometry.is_object()) {
    return Invalid(where, fmt::format("geometry must be an object, got {}", TypeName(geometry)));
  }
  for (const auto& [key, value] : geometry.items()) {
    if (key != "type" && key != "coordinates" && key != "bbox") {
      return Invalid(where, fmt::format("geometry: unknown member \"{}\"", key));
    }
  }
  const auto type_it = geometry.find("type");
  if (type_it == geometry.end() || !type_it->is_string()) {
    return Invalid(where, "geometry: missing string member \"type\"");
  }
  const std::string type = type_it->get<std::string>();
  const auto coords_it = geometry.find("coordinates");
  if (type != "Polygon" && type != "MultiPolygon") {
    return Invalid(where, fmt::format("geometry type \"{}\" is not Polygon or MultiPolygon", type));
  }
  if (coords_it == geometry.end() || !coords_it->is_array()) {
    return Invalid(where, "geometry: missing array member \"coordinates\"");
  }
  if (type == "Polygon") return ParsePolygonPart(*coords_it, fmt::format("{} polygon", where));

  const nlohmann::json& parts = *coords_it;
  if (parts.empty()) return Invalid(where, "MultiPolygon has no polygons");
  std::vector<std::unique_ptr<S2Polygon>> polygons;
  double area_sum = 0;
  for (size_t p = 0; p < parts.size(); ++p) {
    LEOTWIN_ASSIGN_OR_RETURN(auto part,
                             ParsePolygonPart(parts[p], fmt::format("{} polygon {}", where, p)));
    area_sum += part->GetArea();
    polygons.push_back(std::move(part));
  }
  if (polygons.size() == 1) return std::move(polygons[0]);
  // Merge the parts; edges shared by two parts (e.g. a split along the antimeridian) cancel.
  auto merged = std::make_unique<S2Polygon>();
  merged->set_s2debug_override(S2Debug::DISABLE);
  S2Builder builder{S2Builder::Options()};
  builder.StartLayer(std::make_unique<s2builderutil::S2PolygonLayer>(merged.get()));
  for (const auto& part : polygons) builder.AddPolygon(*part);
  S2Error error;
  if (!builder.Build(&error)) {
    return Invalid(where, fmt::format("MultiPolygon parts cannot be merged: {}", error.text()));
  }
  if (merged->FindValidationError(&error)) {
    return Invalid(where, fmt::format("MultiPolygon parts overlap or cross: {}", error.text()));
  }
  const double area = merged->GetArea();
  if (std::abs(area - area_sum) > 1e-9 * area_sum + 1e-15) {
    return Invalid(where, "MultiPolygon parts overlap");
  }
  return merged;
}

StatusOr<std::vector<GeoJsonFeature>> ParseGeoJsonFeatures(std::string_view text,
                                                           std::string_view source) {
  LEOTWIN_ASSIGN_OR_RETURN(const nlohmann::json doc, ParseJson(text, source));
  if (!doc.is_object()) return Invalid(source, "top level must be a GeoJSON object");
  const auto type_it = doc.find("type");
  if (type_it == doc.end() || !type_it->is_string()) {
    return Invalid(source, "missing string member \"type\"");
  }
  const std::string type = type_it->get<std::string>();
  std::vector<GeoJsonFeature> out;
  auto parse_feature = [&](const nlohmann::json& f, int index) -> Status {
    std::string where = fmt::format("{}: feature {}", source, index);
    if (!f.is_object()) return Invalid(where, "expected a Feature object");
    GeoJsonFeature feature;
    feature.index = index;
    if (auto it = f.find("id"); it != f.end()) {
      if (!it->is_string() && !it->is_number())
        return Invalid(where, "\"id\" must be a string or number");
      feature.id = *it;
      where += fmt::format(" (id {})", it->dump());
    }
    const auto ft = f.find("type");
    if (ft == f.end() || !ft->is_string() || ft->get<std::string>() != "Feature") {
      return Invalid(where, "\"type\" must be \"Feature\"");
    }
    if (auto it = f.find("properties"); it != f.end()) {
      if (!it->is_object() && !it->is_null())
        return Invalid(where, "\"properties\" must be an object or null");
      feature.properties = *it;
    }
    const auto g = f.find("geometry");
    if (g == f.end() || g->is_null()) return Invalid(where, "missing or null \"geometry\"");
    LEOTWIN_ASSIGN_OR_RETURN(feature.polygon, PolygonFromGeoJson(*g, where));
    out.push_back(std::move(feature));
    return absl::OkStatus();
  };
  if (type == "FeatureCollection") {
    const auto fs = doc.find("features");
    if (fs == doc.end() || !fs->is_array()) return Invalid(source, "missing array \"features\"");
    for (size_t i = 0; i < fs->size(); ++i) {
      LEOTWIN_RETURN_IF_ERROR(parse_feature((*fs)[i], static_cast<int>(i)));
    }
  } else if (type == "Feature") {
    LEOTWIN_RETURN_IF_ERROR(parse_feature(doc, 0));
  } else {
    GeoJsonFeature feature;
    LEOTWIN_ASSIGN_OR_RETURN(feature.polygon,
                             PolygonFromGeoJson(doc, fmt::format("{}: geometry", source)));
    out.push_back(std::move(feature));
  }
  return out;
}

}  // namespace leotwin::geo
