#include "leotwin/coverage/export.h"

#include <cmath>

#include "fmt/format.h"
#include "leotwin/base/constants.h"
#include "leotwin/geo/territories.h"
#include "s2/s2cell.h"
#include "s2/s2latlng.h"

namespace leotwin::coverage {

namespace {

using Ring = std::vector<std::pair<double, double>>;  // (lon, lat) degrees

// Clips a ring (open: no repeated last point) to the half-plane keep(lon) with boundary lon = x.
Ring ClipAt(const Ring& in, double x, bool keep_below) {
  Ring out;
  auto inside = [&](const std::pair<double, double>& p) {
    return keep_below ? p.first <= x : p.first >= x;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    const auto& a = in[i];
    const auto& b = in[(i + 1) % in.size()];
    const bool ia = inside(a), ib = inside(b);
    if (ia) out.push_back(a);
    if (ia != ib) {
      const double f = (x - a.first) / (b.first - a.first);
      out.push_back({x, a.second + f * (b.second - a.second)});
    }
  }
  return out;
}

void Close(Ring* r) {
  if (!r->empty()) r->push_back(r->front());
}

}  // namespace

std::vector<Ring> CellRingsLonLat(S2CellId id) {
  const S2Cell cell(id);
  const S2LatLng centre(cell.GetCenter());
  const double c_lon = centre.lng().degrees();
  // Densified vertices along the geodesic edges.
  std::vector<S2Point> pts;
  for (int k = 0; k < 4; ++k) {
    const S2Point a = cell.GetVertex(k), b = cell.GetVertex((k + 1) % 4);
    const double angle = a.Angle(b);
    const int n = std::max(1, static_cast<int>(std::ceil(angle * kRadToDeg)));
    for (int j = 0; j < n; ++j) {
      const double f = static_cast<double>(j) / n;
      // Spherical linear interpolation.
      const double s = std::sin(angle);
      const S2Point p =
          s > 0 ? (a * (std::sin((1 - f) * angle) / s) + b * (std::sin(f * angle) / s)) : a;
      pts.push_back(p.Normalize());
    }
  }
  // To (lon, lat), longitudes unwrapped around the centre; poles split into two points.
  Ring ring;
  const size_t m = pts.size();
  auto lon_of = [&](const S2Point& p) {
    const double lon = S2LatLng(p).lng().degrees();
    return c_lon + std::remainder(lon - c_lon, 360.0);
  };
  for (size_t i = 0; i < m; ++i) {
    const S2LatLng ll(pts[i]);
    const double lat = ll.lat().degrees();
    if (std::abs(lat) > 90.0 - 1e-9) {
      const double pole = lat > 0 ? 90.0 : -90.0;
      ring.push_back({lon_of(pts[(i + m - 1) % m]), pole});
      ring.push_back({lon_of(pts[(i + 1) % m]), pole});
    } else {
      ring.push_back({lon_of(pts[i]), lat});
    }
  }
  double lo = 1e9, hi = -1e9;
  for (const auto& p : ring) lo = std::min(lo, p.first), hi = std::max(hi, p.first);
  std::vector<Ring> out;
  if (hi > 180.0) {
    Ring west = ClipAt(ring, 180.0, true);
    Ring east = ClipAt(ring, 180.0, false);
    for (auto& p : east) p.first -= 360.0;
    out = {west, east};
  } else if (lo < -180.0) {
    Ring east = ClipAt(ring, -180.0, false);
    Ring west = ClipAt(ring, -180.0, true);
    for (auto& p : west) p.first += 360.0;
    out = {east, west};
  } else {
    out = {ring};
  }
  std::vector<Ring> closed;
  for (Ring& r : out) {
    if (r.size() < 3) continue;
    Close(&r);
    closed.push_back(std::move(r));
  }
  return closed;
}

namespace {

Status CheckColumns(const CellGrid& grid, const CellColumns& c) {
  if (c.in_view && c.in_view->size() != grid.size()) {
    return absl::InvalidArgumentError(
        fmt::format("export: in_view has {} cells, grid {}", c.in_view->size(), grid.size()));
  }
  if (c.window && c.window->num_cells() != grid.size()) {
    return absl::InvalidArgumentError(
        fmt::format("export: window has {} cells, grid {}", c.window->num_cells(), grid.size()));
  }
  if (c.window && c.window->steps() == 0) {
    return absl::InvalidArgumentError("export: window has no samples");
  }
  if (c.availability && c.availability->cells.size() != grid.size()) {
    return absl::InvalidArgumentError(fmt::format("export: availability has {} cells, grid {}",
                                                  c.availability->cells.size(), grid.size()));
  }
  if (c.availability && c.territories == nullptr) {
    return absl::InvalidArgumentError("export: availability needs the territory set");
  }
  return absl::OkStatus();
}

// One row's fields as (name, rendered JSON value, rendered CSV value).
struct Field {
  std::string_view name;
  std::string json, csv;
};

std::string Quote(std::string_view s) {  // JSON string; our strings are ISO codes and ids.
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) continue;
    out += ch;
  }
  return out + "\"";
}

std::string CsvText(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

void RowFields(const CellGrid& grid, const CellColumns& c, size_t i, std::vector<Field>* f) {
  f->clear();
  auto num = [&](std::string_view name, std::string v) { f->push_back({name, v, v}); };
  auto text = [&](std::string_view name, std::string_view v) {
    f->push_back({name, Quote(v), CsvText(v)});
  };
  text("cell", grid.id(i).ToToken());
  num("level", fmt::format("{}", grid.level()));
  num("lat", fmt::format("{:.6f}", grid.lat_deg(i)));
  num("lon", fmt::format("{:.6f}", grid.lon_deg(i)));
  if (c.in_view) num("in_view", fmt::format("{}", (*c.in_view)[i]));
  if (c.window) {
    const CellWindowStats s = c.window->Stats(i);
    num("covered_share", fmt::format("{:.4f}", s.covered_share));
    num("mean_in_view", fmt::format("{:.3f}", s.mean_in_view));
    num("min_in_view", fmt::format("{}", s.min_in_view));
    num("max_in_view", fmt::format("{}", s.max_in_view));
    num("longest_gap_s", fmt::format("{:g}", s.longest_gap_steps * c.window->step_ns() * 1e-9));
  }
  if (c.availability) {
    const CellAvailability& a = c.availability->cells[i];
    const AvailabilityRule& r = c.availability->rules[a.rule];
    text("availability", AvailabilityName(a.state));
    text("territory", a.territory < 0 ? "" : c.territories->at(a.territory).iso_a2);
    text("rule", r.id);
    num("ledger_entry", fmt::format("{}", r.ledger_entry_id));
    if (r.coming_soon_date) {
      text("coming_soon_date", r.coming_soon_date->ToIso8601());
    } else {
      f->push_back({"coming_soon_date", "null", ""});
    }
    num("speed_capped", a.speed_capped ? "true" : "false");
  }
}

}  // namespace

StatusOr<size_t> WriteCellsCsv(std::ostream& out, const CellGrid& grid, const CellColumns& c) {
  LEOTWIN_RETURN_IF_ERROR(CheckColumns(grid, c));
  std::vector<Field> fields;
  size_t rows = 0;
  std::string line = "cell,level,lat,lon";
  if (c.in_view) line += ",in_view";
  if (c.window) line += ",covered_share,mean_in_view,min_in_view,max_in_view,longest_gap_s";
  if (c.availability) {
    line += ",availability,territory,rule,ledger_entry,coming_soon_date,speed_capped";
  }
  out << line << '\n';
  for (size_t i = 0; i < grid.size(); ++i) {
    if (c.keep && !c.keep(i)) continue;
    RowFields(grid, c, i, &fields);
    line.clear();
    for (size_t k = 0; k < fields.size(); ++k) {
      if (k) line += ',';
      line += fields[k].csv;
    }
    out << line << '\n';
    ++rows;
  }
  if (!out) return absl::DataLossError("export: write failed");
  return rows;
}

StatusOr<size_t> WriteCellsGeoJson(std::ostream& out, const CellGrid& grid, const CellColumns& c) {
  LEOTWIN_RETURN_IF_ERROR(CheckColumns(grid, c));
  std::vector<Field> fields;
  size_t rows = 0;
  std::string buf;
  out << "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < grid.size(); ++i) {
    if (c.keep && !c.keep(i)) continue;
    RowFields(grid, c, i, &fields);
    buf.clear();
    buf += rows ? ",\n" : "\n";
    buf += "{\"type\":\"Feature\",\"id\":" + fields[0].json + ",\"properties\":{";
    for (size_t k = 0; k < fields.size(); ++k) {
      if (k) buf += ',';
      buf += fmt::format("\"{}\":{}", fields[k].name, fields[k].json);
    }
    const auto rings = CellRingsLonLat(grid.id(i));
    buf += rings.size() == 1 ? "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                             : "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
    for (size_t r = 0; r < rings.size(); ++r) {
      buf += r ? ",[[" : "[[";
      for (size_t k = 0; k < rings[r].size(); ++k) {
        buf +=
            fmt::format("{}[{:.6f},{:.6f}]", k ? "," : "", rings[r][k].first, rings[r][k].second);
      }
      buf += "]]";
    }
    buf += rings.size() == 1 ? "}}" : "]}}";
    out << buf;
    ++rows;
  }
  out << "\n]}\n";
  if (!out) return absl::DataLossError("export: write failed");
  return rows;
}

}  // namespace leotwin::coverage
