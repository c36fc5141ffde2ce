#include "leotwin/api/map_geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "leotwin/api/request_router.h"

namespace leotwin::api {

namespace {

using nlohmann::json;

struct Vertex {
  double lon;
  double lat;
};
using Ring = std::vector<Vertex>;

// Rounds half up, as the page's Math.round does, so both sides shift a ring by the same turns.
double RoundHalfUp(double x) { return std::floor(x + 0.5); }

// The longitude equal to `lon` modulo 360 nearest to `reference`.
double NearestLongitude(double lon, double reference) {
  return lon - 360 * RoundHalfUp((lon - reference) / 360);
}

Ring ReadRing(const json& coordinates) {
  Ring ring;
  if (!coordinates.is_array()) return ring;
  ring.reserve(coordinates.size());
  for (const json& p : coordinates) {
    if (p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number()) {
      ring.push_back({p[0].get<double>(), p[1].get<double>()});
    }
  }
  return ring;
}

// JSON text straight from the vertices (the territories have 99,000 of them: building a json
// value first tripled the time to load them). {} is the shortest text that reads back the same
// double, as nlohmann's dump writes it.
void WriteRing(const Ring& ring, std::string& out) {
  out.push_back('[');
  for (size_t i = 0; i < ring.size(); ++i) {
    if (i) out.push_back(',');
    fmt::format_to(std::back_inserter(out), "[{},{}]", ring[i].lon, ring[i].lat);
  }
  out.push_back(']');
}

Ring UnwrapPath(const Ring& points) {
  Ring out;
  out.reserve(points.size());
  for (const Vertex& p : points) {
    out.push_back({out.empty() ? p.lon : NearestLongitude(p.lon, out.back().lon), p.lat});
  }
  return out;
}

bool IsClosed(const Ring& ring) {
  return ring.size() >= 2 && ring.front().lon == ring.back().lon &&
         ring.front().lat == ring.back().lat;
}

double MidLongitude(const Ring& ring) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const Vertex& v : ring) {
    lo = std::min(lo, v.lon);
    hi = std::max(hi, v.lon);
  }
  return (lo + hi) / 2;
}

void Shift(Ring& ring, double degrees) {
  if (degrees == 0) return;
  for (Vertex& v : ring) v.lon += degrees;
}

// An ordinary ring: unwrapped, its longitude span centred in [-180, 180). A ring around a pole
// (`cap`, when given, says so): unwrapped, then closed through the pole on its side, the cap
// centred on the map. Closed.
Ring UnwrapRing(const Ring& ring, bool* cap = nullptr) {
  if (cap) *cap = false;
  if (ring.size() < 3) return ring;
  Ring open = ring;
  if (IsClosed(open)) open.pop_back();
  Ring u = UnwrapPath(open);
  const Vertex first = u.front();
  // Where the ring comes back to its start, unwrapped: a whole turn away once around a pole.
  const double end_lon = NearestLongitude(first.lon, u.back().lon);
  if (RoundHalfUp((end_lon - first.lon) / 360) != 0) {
    if (cap) *cap = true;
    double lat_sum = 0;
    for (const Vertex& v : u) lat_sum += v.lat;
    const double pole =
        lat_sum / static_cast<double>(u.size()) < 0 ? -kMapPoleLatitude : kMapPoleLatitude;
    u.push_back({end_lon, first.lat});
    u.push_back({end_lon, pole});
    u.push_back({first.lon, pole});
    Shift(u, -360 * RoundHalfUp(((first.lon + end_lon) / 2) / 360));
  } else {
    Shift(u, -360 * RoundHalfUp(MidLongitude(u) / 360));
  }
  u.push_back(u.front());
  return u;
}

// Exterior ring then holes; each hole moved by whole turns next to its exterior ring. `caps`
// (when given) gets, per ring, whether it was closed through a pole.
std::vector<Ring> UnwrapPolygon(const std::vector<Ring>& rings, std::vector<bool>* caps = nullptr) {
  std::vector<Ring> out;
  for (const Ring& ring : rings) {
    bool cap = false;
    Ring u = UnwrapRing(ring, &cap);
    if (caps) caps->push_back(cap);
    if (!out.empty() && !u.empty()) {
      const double mid = MidLongitude(u);
      Shift(u, NearestLongitude(mid, MidLongitude(out.front())) - mid);
    }
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<Ring> ReadPolygon(const json& coordinates) {
  std::vector<Ring> rings;
  if (!coordinates.is_array()) return rings;
  for (const json& ring : coordinates) rings.push_back(ReadRing(ring));
  return rings;
}

void WritePolygon(const std::vector<Ring>& rings, std::string& out) {
  out.push_back('[');
  for (size_t i = 0; i < rings.size(); ++i) {
    if (i) out.push_back(',');
    WriteRing(rings[i], out);
  }
  out.push_back(']');
}

// A JSON array of `items`, each written by `write`.
template <typename Write>
void WriteArray(const json& items, std::string& out, Write write) {
  out.push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(',');
    write(items[i]);
  }
  out.push_back(']');
}

void WriteGeometry(const json& geometry, std::string& out) {
  const std::string type = geometry.is_object() ? geometry.value("type", "") : "";
  const json& coordinates =
      geometry.is_object() && geometry.contains("coordinates") ? geometry["coordinates"] : json();
  const auto open = [&](std::string_view kind) {
    fmt::format_to(std::back_inserter(out), R"({{"type":"{}","coordinates":)", kind);
  };
  const auto polygon = [&](const json& c) { WritePolygon(UnwrapPolygon(ReadPolygon(c)), out); };
  const auto line = [&](const json& c) { WriteRing(UnwrapPath(ReadRing(c)), out); };
  if (type == "Polygon") {
    open(type);
    polygon(coordinates);
  } else if (type == "MultiPolygon" && coordinates.is_array()) {
    open(type);
    WriteArray(coordinates, out, polygon);
  } else if (type == "LineString") {
    open(type);
    line(coordinates);
  } else if (type == "MultiLineString" && coordinates.is_array()) {
    open(type);
    WriteArray(coordinates, out, line);
  } else if (type == "GeometryCollection" && geometry.contains("geometries") &&
             geometry["geometries"].is_array()) {
    out.append(R"({"type":"GeometryCollection","geometries":)");
    WriteArray(geometry["geometries"], out, [&](const json& g) { WriteGeometry(g, out); });
  } else {
    out.append(DumpJson(geometry));  // Points and anything else, as they are.
    return;
  }
  out.push_back('}');
}

}  // namespace

std::string UnwrapGeometryJson(const json& geometry) {
  std::string out;
  WriteGeometry(geometry, out);
  return out;
}

std::string OutlineGeometryJson(const json& geometry) {
  if (!geometry.is_object()) return "null";
  const std::string type = geometry.value("type", "");
  const json& coordinates = geometry.contains("coordinates") ? geometry["coordinates"] : json();
  std::vector<std::vector<Ring>> polygons;
  if (type == "Polygon") {
    polygons.push_back(ReadPolygon(coordinates));
  } else if (type == "MultiPolygon" && coordinates.is_array()) {
    for (const json& p : coordinates) polygons.push_back(ReadPolygon(p));
  } else {
    return "null";
  }
  std::string out = R"({"type":"MultiLineString","coordinates":[)";
  bool first = true;
  for (const std::vector<Ring>& rings : polygons) {
    std::vector<bool> caps;
    std::vector<Ring> lines = UnwrapPolygon(rings, &caps);
    for (size_t i = 0; i < lines.size(); ++i) {
      // A cap closed along the map's edge ends with [end, lat], [end, pole], [start, pole],
      // [start]: the border stops at the ring's own last vertex.
      if (caps[i]) lines[i].resize(lines[i].size() - 3);
      if (!first) out.push_back(',');
      first = false;
      WriteRing(lines[i], out);
    }
  }
  out.append("]}");
  return out;
}

}  // namespace leotwin::api
