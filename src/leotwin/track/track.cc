#include "leotwin/track/track.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/input.h"
#include "leotwin/base/xml.h"
#include "leotwin/geo/region.h"
#include "leotwin/orbit/geodesy.h"
#include "nlohmann/json.hpp"
#include "pugixml.hpp"
#include "s2/s2edge_distances.h"
#include "s2/s2latlng.h"

namespace leotwin::track {
namespace {

using nlohmann::json;

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// Unix seconds within SimTime's civil range (1678..2261).
std::optional<SimTime> FromUnixSecondsChecked(double s) {
  if (!(std::abs(s) < 9.0e9)) return std::nullopt;
  return SimTime::FromUnixSeconds(s);
}

// ISO 8601 or Unix seconds.
std::optional<SimTime> ParseTime(std::string_view text) {
  text = Trim(text);
  if (const auto n = ParseNumber(text)) return FromUnixSecondsChecked(*n);
  auto t = SimTime::Parse(text);
  if (!t.ok()) return std::nullopt;
  return *t;
}

// Line starts for offset -> line.
std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}
int LineOf(const std::vector<size_t>& starts, ptrdiff_t offset) {
  if (offset < 0) return 0;
  return static_cast<int>(
      std::upper_bound(starts.begin(), starts.end(), static_cast<size_t>(offset)) - starts.begin());
}

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Elements named `wanted` (local name) in document order, without recursion.
std::vector<pugi::xml_node> FindElements(const pugi::xml_node& root, std::string_view wanted) {
  std::vector<pugi::xml_node> found, pending;
  for (pugi::xml_node c = root.last_child(); c; c = c.previous_sibling()) pending.push_back(c);
  while (!pending.empty()) {
    const pugi::xml_node node = pending.back();
    pending.pop_back();
    if (node.type() != pugi::node_element) continue;
    if (LocalName(node) == wanted) {
      found.push_back(node);
      continue;  // points do not nest
    }
    for (pugi::xml_node c = node.last_child(); c; c = c.previous_sibling()) pending.push_back(c);
  }
  return found;
}

pugi::xml_node ChildNamed(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  }
  return {};
}

Status CheckFixCount(size_t n, std::string_view source) {
  if (static_cast<int64_t>(n) > kMaxTrackFixes) {
    return InputError(source, 0, 0,
                      fmt::format("more than {} fixes (the bound of one track)", kMaxTrackFixes));
  }
  return absl::OkStatus();
}

}  // namespace

namespace {

// The first fix breaking the contract, named by its line (or its index when `by_index`).
Status ValidateFixes(const std::vector<Fix>& fixes, std::string_view source, bool by_index) {
  if (fixes.empty()) return InputError(source, 0, 0, "no fixes: a track needs at least one");
  LEOTWIN_RETURN_IF_ERROR(CheckFixCount(fixes.size(), source));
  for (size_t i = 0; i < fixes.size(); ++i) {
    const Fix& f = fixes[i];
    const auto fail = [&](std::string what) {
      return by_index ? InputError(source, 0, 0, fmt::format("coordinate {}: {}", i, what))
                      : InputError(source, f.line, 0, what);
    };
    if (!(std::isfinite(f.lat_deg) && f.lat_deg >= -90.0 && f.lat_deg <= 90.0)) {
      return fail(fmt::format("latitude {} is outside [-90, 90]", f.lat_deg));
    }
    if (!(std::isfinite(f.lon_deg) && f.lon_deg >= -180.0 && f.lon_deg <= 180.0)) {
      return fail(fmt::format("longitude {} is outside [-180, 180]", f.lon_deg));
    }
    if (!(std::isfinite(f.alt_m) && f.alt_m >= -1000.0 && f.alt_m <= 100000.0)) {
      return fail(fmt::format("altitude {} m is outside [-1000, 100000]", f.alt_m));
    }
    if (i > 0 && !(f.time > fixes[i - 1].time)) {
      return fail(
          fmt::format("time {} is not after the previous fix's {} (times must increase "
                      "strictly)",
                      f.time.ToIso8601(), fixes[i - 1].time.ToIso8601()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<Track> Track::FromFixes(std::vector<Fix> fixes, std::string source) {
  LEOTWIN_RETURN_IF_ERROR(ValidateFixes(fixes, source, /*by_index=*/false));
  Track t;
  t.fixes_ = std::move(fixes);
  t.source_ = std::move(source);
  return t;
}

double Track::length_km() const {
  double km = 0;
  for (size_t i = 1; i < fixes_.size(); ++i) {
    km += orbit::GreatCircleKm(fixes_[i - 1].lat_deg, fixes_[i - 1].lon_deg, fixes_[i].lat_deg,
                               fixes_[i].lon_deg);
  }
  return km;
}

TrackPoint Track::InSegment(SimTime t, int segment) const {
  const Fix& a = fixes_[segment];
  if (fixes_.size() == 1) return {a.lat_deg, a.lon_deg, a.alt_m, 0.0, 0};
  const Fix& b = fixes_[segment + 1];
  const double dt_ns = static_cast<double>(b.time - a.time);
  const double f = static_cast<double>(t - a.time) / dt_ns;
  const double km = orbit::GreatCircleKm(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg);
  TrackPoint p;
  p.segment = segment;
  p.speed_kmh = km / (dt_ns * 1e-9 / 3600.0);
  p.alt_m = a.alt_m + (b.alt_m - a.alt_m) * f;
  if (f <= 0.0) {
    p.lat_deg = a.lat_deg, p.lon_deg = a.lon_deg;
  } else if (f >= 1.0) {
    p.lat_deg = b.lat_deg, p.lon_deg = b.lon_deg;
  } else {
    const S2Point pa = geo::PointFromDegrees(a.lat_deg, a.lon_deg);
    const S2Point pb = geo::PointFromDegrees(b.lat_deg, b.lon_deg);
    const S2LatLng ll(pa == pb ? pa : S2::Interpolate(pa, pb, f));
    p.lat_deg = std::clamp(ll.lat().degrees(), -90.0, 90.0);
    p.lon_deg = std::clamp(ll.lng().degrees(), -180.0, 180.0);
  }
  return p;
}

TrackPoint Track::AtFrom(SimTime t, int hint) const {
  LEOTWIN_DCHECK(t >= start() && t <= end());
  const int last = std::max(0, static_cast<int>(fixes_.size()) - 2);
  int s = std::clamp(hint, 0, last);
  while (s < last && fixes_[s + 1].time <= t) ++s;
  return InSegment(t, s);
}

TrackPoint Track::At(SimTime t) const {
  LEOTWIN_DCHECK(t >= start() && t <= end());
  const int last = std::max(0, static_cast<int>(fixes_.size()) - 2);
  // First fix after t, minus one: the segment starting at or before t.
  const auto it = std::upper_bound(fixes_.begin(), fixes_.end(), t,
                                   [](SimTime x, const Fix& f) { return x < f.time; });
  const int s = std::clamp(static_cast<int>(it - fixes_.begin()) - 1, 0, last);
  return InSegment(t, s);
}

// ---------------------------------------------------------------------------------------------
// GPX 1.1

StatusOr<Track> ParseGpx(std::string_view text, std::string_view source) {
  if (text.size() > kMaxTrackBytes) {
    return InputError(source, 0, 0, fmt::format("larger than {} bytes", kMaxTrackBytes));
  }
  pugi::xml_document doc;
  LEOTWIN_RETURN_IF_ERROR(LoadXml(text, source, &doc));
  const pugi::xml_node root = doc.document_element();
  if (!root || LocalName(root) != "gpx") {
    return InputError(source, 1, 0, "expected a GPX document (root element <gpx>)");
  }
  std::vector<pugi::xml_node> points = FindElements(root, "trkpt");
  if (points.empty()) points = FindElements(root, "rtept");
  if (points.empty()) return InputError(source, 1, 0, "no <trkpt> (or <rtept>) in the GPX file");
  LEOTWIN_RETURN_IF_ERROR(CheckFixCount(points.size(), source));
  const std::vector<size_t> starts = LineStarts(text);
  std::vector<Fix> fixes;
  fixes.reserve(points.size());
  for (const pugi::xml_node& pt : points) {
    Fix f;
    f.line = LineOf(starts, pt.offset_debug());
    const auto name = LocalName(pt);
    const auto lat = ParseNumber(pt.attribute("lat").value());
    const auto lon = ParseNumber(pt.attribute("lon").value());
    if (!lat) {
      return InputError(source, f.line, 0, fmt::format("<{}> needs a numeric lat attribute", name));
    }
    if (!lon) {
      return InputError(source, f.line, 0, fmt::format("<{}> needs a numeric lon attribute", name));
    }
    f.lat_deg = *lat;
    f.lon_deg = *lon;
    if (const pugi::xml_node ele = ChildNamed(pt, "ele")) {
      const auto v = ParseNumber(ele.child_value());
      if (!v) {
        return InputError(source, LineOf(starts, ele.offset_debug()), 0,
                          fmt::format("<ele> \"{}\" is not a number of metres", ele.child_value()));
      }
      f.alt_m = *v;
    }
    const pugi::xml_node time = ChildNamed(pt, "time");
    if (!time) {
      return InputError(source, f.line, 0,
                        fmt::format("<{}> has no <time> (a track needs a time per point)", name));
    }
    const auto t = ParseTime(time.child_value());
    if (!t) {
      return InputError(source, LineOf(starts, time.offset_debug()), 0,
                        fmt::format("<time> \"{}\" is not an ISO 8601 instant",
                                    std::string(Trim(time.child_value())).substr(0, 40)));
    }
    f.time = *t;
    fixes.push_back(f);
  }
  return Track::FromFixes(std::move(fixes), std::string(source));
}

// ---------------------------------------------------------------------------------------------
// CSV

StatusOr<Track> ParseTrackCsv(std::string_view text, std::string_view source) {
  if (text.size() > kMaxTrackBytes) {
    return InputError(source, 0, 0, fmt::format("larger than {} bytes", kMaxTrackBytes));
  }
  LEOTWIN_ASSIGN_OR_RETURN(const std::vector<CsvRecord> rows, ParseCsv(text, source));
  if (rows.empty()) return InputError(source, 0, 0, "no rows: expected time,lat,lon[,alt]");
  // Columns: a header when the first field of the first row is not a time.
  int c_time = 0, c_lat = 1, c_lon = 2, c_alt = 3;
  size_t first = 0;
  if (!rows[0].fields.empty() && !ParseTime(rows[0].fields[0].text)) {
    c_time = c_lat = c_lon = c_alt = -1;
    for (size_t k = 0; k < rows[0].fields.size(); ++k) {
      const std::string name = Lower(Trim(rows[0].fields[k].text));
      const int idx = static_cast<int>(k);
      if (name == "time" || name == "timestamp" || name == "time_utc") c_time = idx;
      if (name == "lat" || name == "latitude" || name == "lat_deg") c_lat = idx;
      if (name == "lon" || name == "lng" || name == "longitude" || name == "lon_deg") c_lon = idx;
      if (name == "alt" || name == "alt_m" || name == "ele" || name == "elevation") c_alt = idx;
    }
    if (c_time < 0 || c_lat < 0 || c_lon < 0) {
      return InputError(source, rows[0].line, 1,
                        "expected a header naming time, lat and lon columns, or a first row "
                        "starting with a time");
    }
    first = 1;
  }
  LEOTWIN_RETURN_IF_ERROR(CheckFixCount(rows.size() - first, source));
  std::vector<Fix> fixes;
  fixes.reserve(rows.size() - first);
  for (size_t r = first; r < rows.size(); ++r) {
    const CsvRecord& row = rows[r];
    const auto field = [&](int c) -> const CsvField* {
      return c >= 0 && c < static_cast<int>(row.fields.size()) ? &row.fields[c] : nullptr;
    };
    const int needed = std::max({c_time, c_lat, c_lon}) + 1;
    if (static_cast<int>(row.fields.size()) < needed) {
      return InputError(source, row.line, 0,
                        fmt::format("{} fields, expected at least {} (time,lat,lon[,alt])",
                                    row.fields.size(), needed));
    }
    Fix f;
    f.line = row.line;
    const CsvField* ft = field(c_time);
    const auto t = ParseTime(ft->text);
    if (!t) {
      return InputError(source, ft->line, ft->column,
                        "expected a time (ISO 8601, or Unix seconds)");
    }
    f.time = *t;
    const CsvField* fl = field(c_lat);
    const auto lat = ParseNumber(fl->text);
    if (!lat) return InputError(source, fl->line, fl->column, "expected a latitude in degrees");
    const CsvField* fo = field(c_lon);
    const auto lon = ParseNumber(fo->text);
    if (!lon) return InputError(source, fo->line, fo->column, "expected a longitude in degrees");
    f.lat_deg = *lat;
    f.lon_deg = *lon;
    if (const CsvField* fa = field(c_alt); fa != nullptr && !Trim(fa->text).empty()) {
      const auto alt = ParseNumber(fa->text);
      if (!alt) return InputError(source, fa->line, fa->column, "expected an altitude in metres");
      f.alt_m = *alt;
    }
    fixes.push_back(f);
  }
  return Track::FromFixes(std::move(fixes), std::string(source));
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

namespace {

// The "type" member of an object, or "" (absent, or not a string: json::value would throw).
std::string TypeOf(const json& object) {
  if (!object.is_object()) return "";
  const auto it = object.find("type");
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<SimTime> JsonTime(const json& v) {
  if (v.is_string()) return ParseTime(v.get_ref<const std::string&>());
  if (v.is_number()) {
    const double x = v.get<double>();
    if (!std::isfinite(x)) return std::nullopt;
    return FromUnixSecondsChecked(std::abs(x) > 1e11 ? x * 1e-3 : x);
  }
  return std::nullopt;
}

Status AppendLineString(const json& feature, int index, std::string_view source,
                        std::vector<Fix>* fixes) {
  const std::string where = fmt::format("feature {}", index);
  const json* geometry = &feature;
  const json* props = nullptr;
  if (TypeOf(feature) == "Feature") {
    const auto g = feature.find("geometry");
    if (g == feature.end() || !g->is_object()) {
      return InputError(source, 0, 0, where + ": a Feature needs a geometry object");
    }
    geometry = &*g;
    const auto p = feature.find("properties");
    if (p != feature.end() && p->is_object()) props = &*p;
  }
  if (TypeOf(*geometry) != "LineString") {
    return InputError(source, 0, 0, where + ": expected a LineString geometry");
  }
  const auto coords = geometry->find("coordinates");
  if (coords == geometry->end() || !coords->is_array()) {
    return InputError(source, 0, 0, where + ": a LineString needs a coordinates array");
  }
  const json* times = nullptr;
  if (props != nullptr) {
    for (const char* key : {"times", "coordTimes"}) {
      const auto t = props->find(key);
      if (t != props->end()) {
        times = &*t;
        break;
      }
    }
  }
  if (times == nullptr || !times->is_array()) {
    return InputError(source, 0, 0,
                      where + ": needs properties.times (or coordTimes): one time per coordinate");
  }
  if (times->size() != coords->size()) {
    return InputError(
        source, 0, 0,
        fmt::format("{}: {} coordinates but {} times", where, coords->size(), times->size()));
  }
  LEOTWIN_RETURN_IF_ERROR(CheckFixCount(fixes->size() + coords->size(), source));
  for (size_t k = 0; k < coords->size(); ++k) {
    const json& c = (*coords)[k];
    const std::string at = fmt::format("{}, coordinate {}", where, k);
    if (!c.is_array() || c.size() < 2 || c.size() > 4 || !c[0].is_number() || !c[1].is_number() ||
        (c.size() >= 3 && !c[2].is_number())) {
      return InputError(source, 0, 0, at + ": expected [lon, lat] or [lon, lat, alt_m]");
    }
    const auto t = JsonTime((*times)[k]);
    if (!t) {
      return InputError(source, 0, 0,
                        at + ": its time is not an ISO 8601 string or a number of Unix seconds");
    }
    Fix f;
    f.lon_deg = c[0].get<double>();
    f.lat_deg = c[1].get<double>();
    if (c.size() >= 3) f.alt_m = c[2].get<double>();
    f.time = *t;
    fixes->push_back(f);
  }
  return absl::OkStatus();
}

}  // namespace

StatusOr<Track> ParseTrackGeoJson(std::string_view text, std::string_view source) {
  if (text.size() > kMaxTrackBytes) {
    return InputError(source, 0, 0, fmt::format("larger than {} bytes", kMaxTrackBytes));
  }
  LEOTWIN_ASSIGN_OR_RETURN(
      const json doc,
      ParseJson(text, source, JsonOptions{.max_depth = 64, .refuse_duplicate_keys = true}));
  if (!doc.is_object()) return InputError(source, 0, 0, "expected a GeoJSON object");
  std::vector<Fix> fixes;
  if (TypeOf(doc) == "FeatureCollection") {
    const auto features = doc.find("features");
    if (features == doc.end() || !features->is_array()) {
      return InputError(source, 0, 0, "a FeatureCollection needs a features array");
    }
    int used = 0;
    for (size_t i = 0; i < features->size(); ++i) {
      const json& f = (*features)[i];
      if (!f.is_object())
        return InputError(source, 0, 0, fmt::format("feature {}: not an object", i));
      const auto g = f.find("geometry");
      if (g == f.end() || !g->is_object() || TypeOf(*g) != "LineString") continue;
      LEOTWIN_RETURN_IF_ERROR(AppendLineString(f, static_cast<int>(i), source, &fixes));
      ++used;
    }
    if (used == 0) return InputError(source, 0, 0, "no LineString feature in the collection");
  } else {
    LEOTWIN_RETURN_IF_ERROR(AppendLineString(doc, 0, source, &fixes));
  }
  // Range and order errors name the coordinate (no line numbers after parsing).
  LEOTWIN_RETURN_IF_ERROR(ValidateFixes(fixes, source, /*by_index=*/true));
  return Track::FromFixes(std::move(fixes), std::string(source));
}

StatusOr<Track> ParseTrack(std::string_view text, std::string_view source) {
  const std::string_view body = Trim(text);
  if (body.starts_with("<")) return ParseGpx(text, source);
  if (body.starts_with("{")) return ParseTrackGeoJson(text, source);
  return ParseTrackCsv(text, source);
}

StatusOr<Track> ReadTrackFile(const std::string& path) {
  LEOTWIN_ASSIGN_OR_RETURN(const std::string text, ReadFileBounded(path, kMaxTrackBytes));
  const std::string lower = Lower(path);
  if (lower.ends_with(".gpx")) return ParseGpx(text, path);
  if (lower.ends_with(".csv")) return ParseTrackCsv(text, path);
  if (lower.ends_with(".geojson") || lower.ends_with(".json")) return ParseTrackGeoJson(text, path);
  return ParseTrack(text, path);
}

}  // namespace leotwin::track
