#include "leotwin/api/handlers.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <functional>
#include <iterator>
#include <string_view>

#include "fmt/format.h"
#include "leotwin/api/czml.h"
#include "leotwin/api/geojson.h"
#include "leotwin/api/series_json.h"
#include "leotwin/base/constants.h"
#include "leotwin/net/series.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

json NullIfNotFinite(double v, int decimals) {
  return std::isfinite(v) ? json(RoundTo(v, decimals)) : json(nullptr);
}

StatusOr<SimTime> At(const Twin& twin, const ApiRequest& request, const std::string& key = "at") {
  return request.query.Time(key, twin.default_time(), twin.min_time(), twin.max_time());
}

ApiReply JsonReply(json body) {
  ApiReply r;
  r.body = std::move(body);
  return r;
}

ApiReply GeoJsonReply(json body) {
  ApiReply r;
  r.body = std::move(body);
  r.content_type = "application/geo+json";
  return r;
}

std::string SatelliteName(const orbit::Constellation& c, size_t i) {
  const orbit::ElementSet& e = c.elements[i];
  return e.name.empty() ? fmt::format("{}", e.catalog_number) : e.name;
}

}  // namespace

namespace {

// The served scenario: name, title and the span of its policy history (null without one).
json ScenarioJson(const Twin& twin) {
  const auto& s = twin.options().scenario;
  if (!s) return nullptr;
  return {
      {"name", s->name},
      {"title", s->title},
      {"description", s->description},
      {"history", {{"start", s->first_time().ToIso8601()}, {"end", s->last_time().ToIso8601()}}}};
}

}  // namespace

StatusOr<ApiReply> GetInfo(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  const orbit::Constellation& c = twin.constellation();
  json shells = json::array();
  for (const orbit::ShellInfo& s : c.shells) {
    shells.push_back({{"name", s.name},
                      {"planes", s.planes},
                      {"sats_per_plane", s.sats_per_plane},
                      {"phasing", s.phasing},
                      {"altitude_km", s.altitude_km},
                      {"inclination_deg", s.inclination_deg}});
  }
  const auto layer = [](bool available, const std::string& note) {
    json j = {{"available", available}};
    if (!note.empty()) j["note"] = note;
    return j;
  };
  const bool lasers = twin.scenario().lasers();
  return JsonReply(
      {{"name", "leotwin"},
       {"version", "0.1.0"},
       {"constellation",
        {{"name", c.name},
         {"satellites", c.size()},
         {"shells", shells},
         {"epoch", twin.default_time().ToIso8601()}}},
       {"time",
        {{"default", twin.default_time().ToIso8601()},
         {"start", twin.window_start().ToIso8601()},
         {"end", twin.window_end().ToIso8601()},
         {"min", twin.min_time().ToIso8601()},
         {"max", twin.max_time().ToIso8601()},
         {"slider_step_s", 10}}},
       {"network",
        {{"lasers", lasers},
         {"gateways", twin.scenario().infrastructure().size()},
         {"cities", twin.scenario().cities().size()}}},
       {"layers",
        {{"satellites", layer(true, "")},
         {"links", layer(lasers, lasers ? ""
                                        : "no laser topology for this constellation (an "
                                          "element file has no Walker slots)")},
         {"cities", layer(true, "")},
         {"coverage", layer(true, "")},
         {"availability", layer(true, "")},
         {"territories", layer(true, "")},
         {"geofences", layer(true, "")},
         {"activity", layer(true, "")}}},
       // Whether a ledger backs the policy; never where it is stored.
       {"policy", {{"ledger", twin.policy().has_ledger()}}},
       {"scenario", ScenarioJson(twin)},
       // Whether this request may read subscriber data (the map shows terminals then).
       {"access", request.access == Access::kAdmin ? "admin" : "public"}});
}

StatusOr<ApiReply> GetConstellation(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({}));
  const orbit::Constellation& c = twin.constellation();
  json names = json::array(), catalog = json::array(), shell = json::array();
  for (size_t i = 0; i < c.size(); ++i) {
    names.push_back(SatelliteName(c, i));
    catalog.push_back(c.elements[i].catalog_number);
    shell.push_back(i < c.slots.size() ? c.slots[i].shell : -1);
  }
  return JsonReply({{"name", c.name},
                    {"count", c.size()},
                    {"name_by_index", names},
                    {"catalog_number", catalog},
                    {"shell", shell}});
}

namespace {

// An ETag naming the bytes of a reply: equal bodies, equal tags, for this build of the server.
std::string ContentTag(std::string_view kind, std::string_view body) {
  return fmt::format("\"{}-{:016x}-{}\"", kind, std::hash<std::string_view>()(body), body.size());
}

// Positions at an instant change only with the constellation the server loaded, which the URL
// does not name: caches keep them but ask first (a 304 costs no body), never blindly.
void MarkRevalidatable(ApiReply& reply, std::string_view kind) {
  reply.headers.emplace_back("ETag", ContentTag(kind, reply.raw_body));
  reply.headers.emplace_back("Cache-Control", "no-cache");
}

void AppendLittleEndian(std::string& out, const void* data, size_t bytes) {
  static_assert(std::endian::native == std::endian::little, "the f32 form is little-endian");
  out.append(static_cast<const char*>(data), bytes);
}

}  // namespace

StatusOr<ApiReply> GetSatellites(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at", "format"}));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, At(twin, request));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string format,
                           request.query.Choice("format", {"json", "geojson", "f32"}, "json"));
  LEOTWIN_ASSIGN_OR_RETURN(auto frame, twin.FrameAt(t));
  const size_t n = frame->lat_deg.size();
  if (format == "geojson") {
    json features = json::array();
    const orbit::Constellation& c = twin.constellation();
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(frame->lat_deg[i])) continue;
      features.push_back({{"type", "Feature"},
                          {"geometry",
                           {{"type", "Point"},
                            {"coordinates",
                             {RoundTo(frame->lon_deg[i], 4), RoundTo(frame->lat_deg[i], 4),
                              RoundTo(frame->alt_km[i] * 1e3, 0)}}}},
                          {"properties",
                           {{"index", i},
                            {"name", SatelliteName(c, i)},
                            {"alt_km", RoundTo(frame->alt_km[i], 2)}}}});
    }
    return GeoJsonReply({{"type", "FeatureCollection"}, {"features", features}});
  }
  ApiReply reply;
  std::string& out = reply.raw_body;
  if (format == "f32") {
    // The map's form (web/src/lib/satellites-f32.js reads it): a 24-byte header, "LTS1", the
    // satellite count and the valid count (uint32), the instant (int64 Unix nanoseconds), 4 bytes
    // reserved, then latitude, longitude (degrees) and altitude (km) as float32 arrays of
    // `count`, NaN where the propagation failed. Little-endian. 12 bytes a satellite, against
    // ~27 as JSON text, and nothing to format or parse.
    reply.content_type = kSatellitesF32ContentType;
    out.reserve(kSatellitesF32HeaderBytes + 12 * n);
    out.append("LTS1");
    const uint32_t count = static_cast<uint32_t>(n), valid = static_cast<uint32_t>(frame->valid);
    const int64_t unix_ns = t.unix_nanos();
    const uint32_t reserved = 0;
    AppendLittleEndian(out, &count, 4);
    AppendLittleEndian(out, &valid, 4);
    AppendLittleEndian(out, &unix_ns, 8);
    AppendLittleEndian(out, &reserved, 4);
    std::vector<float> column(n);
    for (const std::vector<double>* v : {&frame->lat_deg, &frame->lon_deg, &frame->alt_km}) {
      for (size_t i = 0; i < n; ++i) column[i] = static_cast<float>((*v)[i]);
      AppendLittleEndian(out, column.data(), n * sizeof(float));
    }
    MarkRevalidatable(reply, "f32");
    return reply;
  }
  // The hot endpoint of the page (every tick of the time slider): written directly.
  out.reserve(64 + n * 30);
  auto it = std::back_inserter(out);
  fmt::format_to(it, R"({{"time":"{}","count":{},"valid":{},)", t.ToIso8601(), n, frame->valid);
  const auto write_array = [&](const char* key, const std::vector<double>& v, int decimals) {
    fmt::format_to(it, R"("{}":[)", key);
    for (size_t i = 0; i < n; ++i) {
      if (i) out.push_back(',');
      if (std::isfinite(v[i])) {
        fmt::format_to(it, "{:.{}f}", v[i], decimals);
      } else {
        out.append("null");
      }
    }
    out.push_back(']');
  };
  write_array("lat", frame->lat_deg, 4);
  out.push_back(',');
  write_array("lon", frame->lon_deg, 4);
  out.push_back(',');
  write_array("alt_km", frame->alt_km, 2);
  out.push_back('}');
  MarkRevalidatable(reply, "json");
  return reply;
}

StatusOr<ApiReply> GetLinks(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"at", "format"}));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, At(twin, request));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string format,
                           request.query.Choice("format", {"json", "geojson"}, "json"));
  if (!twin.scenario().lasers()) {
    return absl::NotFoundError(
        "this constellation has no laser links (no Walker slots to build +Grid from)");
  }
  LEOTWIN_ASSIGN_OR_RETURN(auto frame, twin.FrameAt(t));
  const net::Network& network = twin.base_network();
  net::Snapshot snapshot;
  net::BuildSnapshot(network, t, frame->ecef.view(), &snapshot);
  const auto& isls = network.isls();
  if (format == "geojson") {
    json features = json::array();
    for (size_t k = 0; k < isls.size(); ++k) {
      if (!std::isfinite(snapshot.isl_ms[k])) continue;
      const int a = isls[k].a, b = isls[k].b;
      features.push_back(
          {{"type", "Feature"},
           {"geometry", AntimeridianSafeLine({{frame->lon_deg[a], frame->lat_deg[a]},
                                              {frame->lon_deg[b], frame->lat_deg[b]}})},
           {"properties",
            {{"a", a},
             {"b", b},
             {"length_km", RoundTo(snapshot.isl_ms[k] * kSpeedOfLightKmPerS * 1e-3, 1)}}}});
    }
    return GeoJsonReply({{"type", "FeatureCollection"}, {"features", features}});
  }
  ApiReply reply;
  std::string& out = reply.raw_body;
  auto it = std::back_inserter(out);
  std::vector<size_t> up;
  for (size_t k = 0; k < isls.size(); ++k) {
    if (std::isfinite(snapshot.isl_ms[k])) up.push_back(k);
  }
  fmt::format_to(it, R"({{"time":"{}","count":{},"total":{},"a":[)", t.ToIso8601(), up.size(),
                 isls.size());
  for (size_t j = 0; j < up.size(); ++j) fmt::format_to(it, "{}{}", j ? "," : "", isls[up[j]].a);
  out.append(R"(],"b":[)");
  for (size_t j = 0; j < up.size(); ++j) fmt::format_to(it, "{}{}", j ? "," : "", isls[up[j]].b);
  out.append(R"(],"length_km":[)");
  for (size_t j = 0; j < up.size(); ++j) {
    fmt::format_to(it, "{}{:.1f}", j ? "," : "",
                   snapshot.isl_ms[up[j]] * kSpeedOfLightKmPerS * 1e-3);
  }
  out.append("]}");
  return reply;
}

StatusOr<ApiReply> GetCities(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"limit", "q"}));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t limit, request.query.Int("limit", 500, 1, kMaxCities));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string q, request.query.String("q", "", 100));
  const auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string prefix = lower(q);
  json cities = json::array();
  for (const net::GroundNode& g : twin.scenario().cities()) {
    if (static_cast<int64_t>(cities.size()) >= limit) break;
    if (!prefix.empty() && lower(g.name).rfind(prefix, 0) != 0) continue;
    json c = GroundJson(g);
    c.erase("kind");
    c["population"] = g.population;
    cities.push_back(std::move(c));
  }
  return JsonReply({{"count", cities.size()}, {"cities", cities}});
}

StatusOr<ApiReply> GetRoute(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"from", "to", "at", "format"}));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string from, request.query.RequiredString("from", 128));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string to, request.query.RequiredString("to", 128));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime t, At(twin, request));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string format,
                           request.query.Choice("format", {"json", "geojson"}, "json"));
  net::RouteRequest route{from, to, t, 0, SimTime::kNanosPerSecond};
  net::RunOptions run;
  run.threads = 1;
  run.progress = false;
  LEOTWIN_ASSIGN_OR_RETURN(net::RouteResult result, twin.scenario().Route(route, run));
  const net::PairSeries& s = result.series;
  if (s.samples.empty()) return absl::InternalError("route: no sample computed");
  const net::RouteSample& sample = s.samples.front();
  const net::Network& network = *result.network;
  LEOTWIN_ASSIGN_OR_RETURN(auto frame, twin.FrameAt(t));
  json path = json::array();
  std::vector<std::pair<double, double>> line;
  for (const int32_t node : sample.path) {
    if (network.IsSatellite(node)) {
      const double lat = frame->lat_deg[node], lon = frame->lon_deg[node];
      path.push_back({{"node", node},
                      {"kind", "satellite"},
                      {"name", SatelliteName(twin.constellation(), node)},
                      {"lat", NullIfNotFinite(lat, 4)},
                      {"lon", NullIfNotFinite(lon, 4)},
                      {"alt_km", NullIfNotFinite(frame->alt_km[node], 2)}});
      line.emplace_back(lon, lat);
    } else {
      const net::GroundNode& g = network.ground()[node - network.satellite_count()];
      json j = GroundJson(g);
      j["node"] = node;
      j["alt_km"] = RoundTo(g.alt_m * 1e-3, 3);
      path.push_back(std::move(j));
      line.emplace_back(g.lon_deg, g.lat_deg);
    }
  }
  const net::GroundNode& a = network.ground()[s.from];
  const net::GroundNode& b = network.ground()[s.to];
  json body = {{"from", GroundJson(a)},
               {"to", GroundJson(b)},
               {"time", t.ToIso8601()},
               {"reachable", std::isfinite(sample.rtt_ms)},
               {"rtt_ms", NullIfNotFinite(sample.rtt_ms, 3)},
               {"hops", sample.hops},
               {"path", path},
               {"fiber", FiberJson(s.fiber)}};
  if (format == "geojson") {
    json props = body;
    props.erase("path");
    json features = json::array();
    if (line.size() >= 2) {
      features.push_back(
          {{"type", "Feature"}, {"geometry", AntimeridianSafeLine(line)}, {"properties", props}});
    }
    for (const json& node : path) {
      if (node["lat"].is_null()) continue;
      features.push_back(
          {{"type", "Feature"},
           {"geometry", {{"type", "Point"}, {"coordinates", {node["lon"], node["lat"]}}}},
           {"properties", node}});
    }
    return GeoJsonReply({{"type", "FeatureCollection"}, {"features", features}});
  }
  return JsonReply(std::move(body));
}

StatusOr<ApiReply> GetRtt(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(
      request.query.CheckAllowed({"from", "to", "start", "duration", "step", "paths"}));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string from, request.query.RequiredString("from", 128));
  LEOTWIN_ASSIGN_OR_RETURN(const std::string to, request.query.RequiredString("to", 128));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime start, At(twin, request, "start"));
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t duration,
      request.query.Duration("duration", 3600 * SimTime::kNanosPerSecond, 0, kMaxSeriesDurationNs));
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t step,
      request.query.Duration("step", 60 * SimTime::kNanosPerSecond, SimTime::kNanosPerSecond / 10,
                             kMaxSeriesDurationNs));
  RttSeriesJsonOptions json_options;
  LEOTWIN_ASSIGN_OR_RETURN(json_options.paths, request.query.Bool("paths", false));
  const int64_t steps = duration / step + 1;
  if (steps > kMaxSeriesSteps) {
    return absl::InvalidArgumentError(
        fmt::format("rtt: {} samples requested (duration / step + 1), at most {} per request: "
                    "use a longer step or a shorter duration",
                    steps, kMaxSeriesSteps));
  }
  if (start + duration > twin.max_time()) {
    return absl::InvalidArgumentError(
        fmt::format("rtt: the window ends after {}, the last "
                    "instant this twin answers for",
                    twin.max_time().ToIso8601()));
  }
  net::RouteRequest route{from, to, start, duration, step};
  net::RunOptions run;
  run.threads = 1;
  run.progress = false;
  LEOTWIN_ASSIGN_OR_RETURN(net::RouteResult result, twin.scenario().Route(route, run));
  return JsonReply(RttSeriesJson(result.series, *result.network, json_options));
}

StatusOr<ApiReply> GetCzml(const Twin& twin, const ApiRequest& request) {
  LEOTWIN_RETURN_IF_ERROR(request.query.CheckAllowed({"start", "duration", "step"}));
  LEOTWIN_ASSIGN_OR_RETURN(const SimTime start, At(twin, request, "start"));
  LEOTWIN_ASSIGN_OR_RETURN(
      const int64_t duration,
      request.query.Duration("duration", 3600 * SimTime::kNanosPerSecond, 0, kMaxSeriesDurationNs));
  LEOTWIN_ASSIGN_OR_RETURN(const int64_t step,
                           request.query.Duration("step", 60 * SimTime::kNanosPerSecond,
                                                  SimTime::kNanosPerSecond, kMaxSeriesDurationNs));
  const TimeGrid grid = TimeGrid::Over(start, duration, step);
  const int64_t positions = grid.count * static_cast<int64_t>(twin.constellation().size());
  if (positions > kMaxCzmlPositions) {
    return absl::InvalidArgumentError(fmt::format(
        "czml: {} samples x {} satellites = {} positions, at most {} per request (use a longer "
        "step, a shorter duration, or `leotwin export czml` for large exports)",
        grid.count, twin.constellation().size(), positions, kMaxCzmlPositions));
  }
  if (grid.end() > twin.max_time()) {
    return absl::InvalidArgumentError(
        fmt::format("czml: the window ends after {}", twin.max_time().ToIso8601()));
  }
  ApiReply reply;
  reply.content_type = "application/json";
  CzmlOptions options;
  options.document_name = fmt::format("leotwin {}", twin.constellation().name);
  LEOTWIN_RETURN_IF_ERROR(
      WriteCzml(twin.constellation(), twin.scenario().ephemeris(), grid, options, &reply.raw_body));
  return reply;
}

}  // namespace leotwin::api
