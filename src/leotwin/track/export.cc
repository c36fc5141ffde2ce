#include "leotwin/track/export.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "fmt/format.h"
#include "leotwin/ledger/encoding.h"

namespace leotwin::track {
namespace {

using nlohmann::json;

const char* StateColour(State s) {
  switch (s) {
    case State::kConnected:
      return "#2ca02c";
    case State::kDenied:
      return "#d62728";
    case State::kNoSatellite:
      return "#7f7f7f";
    case State::kNoRoute:
      return "#ff7f0e";
  }
  return "#000000";
}

// "1h02m05s", "18m00s", "12s", "0.5s".
std::string Span(int64_t ns) {
  const int64_t s = ns / SimTime::kNanosPerSecond;
  if (ns % SimTime::kNanosPerSecond != 0 && s < 60) return fmt::format("{:g}s", ns * 1e-9);
  if (s >= 3600) return fmt::format("{}h{:02}m{:02}s", s / 3600, s / 60 % 60, s % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

// Clock time when the window stays inside one UTC day, else the full instant.
std::string When(const TrackResult& r, SimTime t) {
  const std::string a = r.grid.start.ToIso8601(), b = r.grid.end().ToIso8601();
  const std::string s = t.ToIso8601();
  if (a.substr(0, 10) == b.substr(0, 10)) return s.substr(11, s.size() - 12);
  return s;
}

std::string Ms(double v) { return v < net::kInfinity ? fmt::format("{:.2f} ms", v) : "-"; }

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The ground node an instant routes to: "Kyiv", "PoP Warsaw".
std::string DestinationOf(const net::Network& net, const Sample& s) {
  return s.destination < 0 ? "-" : ledger::EscapeForDisplay(net.ground()[s.destination].name);
}

// Where the destination changes along the run (the Internet's nearest PoP): "PoP Kharkiv from
// 13:40:00, PoP Kyiv from 14:31:10" (at most `limit`, then how many more).
std::string DestinationChanges(const TrackResult& r, const net::Network& net, size_t limit) {
  std::vector<std::string> parts;
  size_t more = 0;
  for (size_t i = 0; i < r.samples.size(); ++i) {
    if (i > 0 && r.samples[i].destination == r.samples[i - 1].destination) continue;
    if (parts.size() == limit) {
      ++more;
      continue;
    }
    parts.push_back(
        fmt::format("{} from {}", DestinationOf(net, r.samples[i]), When(r, r.samples[i].time)));
  }
  std::string out = fmt::format("{}", fmt::join(parts, ", "));
  if (more > 0) out += fmt::format(" and {} more", more);
  return out;
}

std::string Reason(const TrackResult& r, const Sample& s) {
  const DecisionInfo* d = r.DecisionOf(s);
  return d == nullptr ? "no policy" : d->Summary();
}

// What a state's line says after the arrow.
std::string Detail(const TrackResult& r, const Sample& s, const net::Network& net) {
  switch (s.state) {
    case State::kDenied:
      return fmt::format("({})", Reason(r, s));
    case State::kNoSatellite:
      return fmt::format("(no satellite above the mask; {})", Reason(r, s));
    case State::kNoRoute:
      return fmt::format("(via {} at {:.1f} deg, no route to {})", SatelliteName(net, s.serving),
                         s.elevation_deg, DestinationOf(net, s));
    case State::kConnected:
      return fmt::format("({}) via {} at {:.1f} deg, RTT {} to {}", Reason(r, s),
                         SatelliteName(net, s.serving), s.elevation_deg, Ms(s.rtt_ms),
                         DestinationOf(net, s));
  }
  return "";
}

json SampleJson(const TrackResult& r, const Sample& s, const net::Network& net) {
  json j{{"time", s.time.ToIso8601()}, {"lat", s.at.lat_deg},         {"lon", s.at.lon_deg},
         {"alt_m", s.at.alt_m},        {"speed_kmh", s.at.speed_kmh}, {"state", StateName(s.state)},
         {"decision", s.decision},     {"in_view", s.in_view}};
  j["serving"] = s.serving >= 0 ? json(SatelliteName(net, s.serving)) : json(nullptr);
  j["elevation_deg"] = s.serving >= 0 ? json(s.elevation_deg) : json(nullptr);
  // Where the serving satellite is (for a map): [lon, lat, alt_km], rounded to ~10 m.
  j["serving_at"] = s.serving >= 0 ? json::array({std::round(s.serving_lon_deg * 1e4) / 1e4,
                                                  std::round(s.serving_lat_deg * 1e4) / 1e4,
                                                  std::round(s.serving_alt_km * 1e2) / 1e2})
                                   : json(nullptr);
  j["rtt_ms"] = s.rtt_ms < net::kInfinity ? json(s.rtt_ms) : json(nullptr);
  j["hops"] = s.hops;
  j["destination"] = s.destination >= 0 ? json(DestinationOf(net, s)) : json(nullptr);
  return j;
}

// The positions of samples [begin, end) as lines that never cross the antimeridian (RFC 7946
// 3.1.9): where consecutive positions are more than 180 degrees of longitude apart the line goes
// the short way, across +-180, so it ends on that meridian and the next part starts on the other
// side at the same latitude, interpolated linearly in longitude (the straight segment a map draws
// between the two points once unwrapped). A lone point is repeated (a LineString needs two).
json SplitAtAntimeridian(const std::vector<Sample>& ss, size_t begin, size_t end) {
  json parts = json::array();
  json line = json::array();
  for (size_t k = begin; k < end; ++k) {
    const double lon = ss[k].at.lon_deg, lat = ss[k].at.lat_deg;
    if (k > begin) {
      const double lon0 = ss[k - 1].at.lon_deg, lat0 = ss[k - 1].at.lat_deg;
      if (std::abs(lon - lon0) > 180.0) {
        // Eastward across +180 when lon0 > 0 (lon wraps to negative), else westward across -180.
        const double edge = lon0 > 0.0 ? 180.0 : -180.0;
        const double unwrapped = lon0 > 0.0 ? lon + 360.0 : lon - 360.0;
        const double f = (edge - lon0) / (unwrapped - lon0);
        const double lat_cross = lat0 + f * (lat - lat0);
        if (lon0 != edge) line.push_back({edge, lat_cross});
        if (line.size() == 1) line.push_back(line[0]);
        parts.push_back(std::move(line));
        line = json::array();
        if (lon != -edge) line.push_back({-edge, lat_cross});
      }
    }
    line.push_back({lon, lat});
  }
  if (line.size() == 1) line.push_back(line[0]);
  parts.push_back(std::move(line));
  return parts;
}

}  // namespace

std::string SatelliteName(const net::Network& network, int32_t sat) {
  if (sat < 0) return "-";
  return ledger::EscapeForDisplay(network.NodeName(sat));
}

void WriteTable(const TrackResult& r, const RunDescription& d, const net::Network& net,
                std::ostream& out) {
  out << fmt::format("terminal {} along {}: {} fixes, {:.1f} km\n",
                     ledger::EscapeForDisplay(r.terminal), d.track_source, d.fixes, d.length_km);
  // The Internet: the PoP nearest the terminal at each instant, named where it changes.
  std::string to = ledger::EscapeForDisplay(r.destination);
  const bool varies = std::any_of(r.samples.begin(), r.samples.end(), [&](const Sample& s) {
    return s.destination != r.samples.front().destination;
  });
  if (varies || r.destination == "the Internet") {
    to += fmt::format(" (nearest PoP: {})", DestinationChanges(r, net, 8));
  }
  out << fmt::format("to {}; constellation {}: {} satellites; policy: {}\n", to, d.constellation,
                     d.satellites, d.policy);
  out << fmt::format("window {} .. {}, step {}: {} instants\n", r.grid.start.ToIso8601(),
                     r.grid.end().ToIso8601(), Span(r.grid.step_ns), r.grid.count);
  if (r.samples.empty()) return;
  const Sample& first = r.samples.front();
  out << fmt::format("{} start {} {}\n", When(r, first.time), StateName(first.state),
                     Detail(r, first, net));
  for (const Transition& t : r.Transitions()) {
    const auto i = static_cast<size_t>((t.time - r.grid.start) / r.grid.step_ns);
    out << fmt::format("{} {} -> {} {}\n", When(r, t.time), StateName(t.from), StateName(t.to),
                       Detail(r, r.samples[i], net));
  }
  const auto counts = r.Counts();
  std::string totals;
  for (int k = 0; k < kStateCount; ++k) {
    totals += fmt::format("{}{} {} ({:.1f} %)", k ? ", " : "", StateName(static_cast<State>(k)),
                          Span(counts[k] * r.grid.step_ns),
                          100.0 * static_cast<double>(counts[k]) / r.grid.count);
  }
  out << "totals: " << totals << "\n";
  std::vector<double> rtt;
  for (const Sample& s : r.samples) {
    if (s.state == State::kConnected) rtt.push_back(s.rtt_ms);
  }
  if (!rtt.empty()) {
    std::sort(rtt.begin(), rtt.end());
    out << fmt::format("RTT to {} while connected: min {}, median {}, max {}\n",
                       ledger::EscapeForDisplay(r.destination), Ms(rtt.front()),
                       Ms(rtt[rtt.size() / 2]), Ms(rtt.back()));
  }
}

void WriteCsv(const TrackResult& r, const net::Network& net, std::ostream& out) {
  out << "time_utc,lat,lon,alt_m,speed_kmh,state,allowed,reason,rule,ledger_entry,serving,"
         "elevation_deg,in_view,rtt_ms,hops,destination\n";
  for (const Sample& s : r.samples) {
    const DecisionInfo* d = r.DecisionOf(s);
    // Rule ids come from the ledger (checked there), destination names from the ground segment.
    const std::string rule = CsvField(d ? d->decision.rule_id : "");
    const std::string dest = CsvField(s.destination >= 0 ? net.ground()[s.destination].name : "");
    out << fmt::format("{},{:.6f},{:.6f},{:.1f},{:.3f},{},{},{},{},{},{},{},{},{},{},{}\n",
                       s.time.ToIso8601(), s.at.lat_deg, s.at.lon_deg, s.at.alt_m, s.at.speed_kmh,
                       StateName(s.state), d ? (d->decision.allowed ? 1 : 0) : 1,
                       d ? policy::ReasonCodeName(d->decision.reason) : "ok", rule,
                       d ? d->decision.ledger_entry_id : 0, s.serving,
                       s.serving >= 0 ? fmt::format("{:.3f}", s.elevation_deg) : "", s.in_view,
                       s.rtt_ms < net::kInfinity ? fmt::format("{:.6f}", s.rtt_ms) : "", s.hops,
                       dest);
  }
}

json ToJson(const TrackResult& r, const RunDescription& d, const net::Network& net) {
  json j;
  j["terminal"] = r.terminal;
  j["destination"] = r.destination;
  j["track"] = {{"source", d.track_source}, {"fixes", d.fixes}, {"length_km", d.length_km}};
  j["constellation"] = {{"name", d.constellation}, {"satellites", d.satellites}};
  j["policy"] = d.policy;
  j["window"] = {{"start", r.grid.start.ToIso8601()},
                 {"end", r.grid.end().ToIso8601()},
                 {"step_s", r.grid.step_ns * 1e-9},
                 {"instants", r.grid.count}};
  const auto counts = r.Counts();
  json totals = json::object();
  for (int k = 0; k < kStateCount; ++k) {
    totals[std::string(StateName(static_cast<State>(k)))] = {
        {"instants", counts[k]}, {"seconds", counts[k] * r.grid.step_ns * 1e-9}};
  }
  j["totals"] = totals;
  json decisions = json::array();
  for (const DecisionInfo& x : r.decisions) {
    json dj = x.decision.ToJson();
    dj["summary"] = x.Summary();
    dj["rule_provenance"] = x.rule ? x.rule->ToJson() : json(nullptr);
    decisions.push_back(std::move(dj));
  }
  j["decisions"] = std::move(decisions);
  json transitions = json::array();
  for (const Transition& t : r.Transitions()) {
    transitions.push_back({{"time", t.time.ToIso8601()},
                           {"from", StateName(t.from)},
                           {"to", StateName(t.to)},
                           {"decision", t.decision}});
  }
  j["transitions"] = std::move(transitions);
  json samples = json::array();
  for (const Sample& s : r.samples) samples.push_back(SampleJson(r, s, net));
  j["samples"] = std::move(samples);
  return j;
}

json ToGeoJson(const TrackResult& r, const net::Network& net) {
  json features = json::array();
  size_t begin = 0;
  const auto& ss = r.samples;
  for (size_t i = 1; i <= ss.size(); ++i) {
    if (i < ss.size() && ss[i].state == ss[begin].state && ss[i].decision == ss[begin].decision) {
      continue;
    }
    // The run [begin, i), drawn up to the next run's first point.
    const size_t end = std::min(i + 1, ss.size());
    json parts = SplitAtAntimeridian(ss, begin, end);
    const Sample& s = ss[begin];
    const DecisionInfo* d = r.DecisionOf(s);
    json props{{"state", StateName(s.state)},      {"from", s.time.ToIso8601()},
               {"to", ss[i - 1].time.ToIso8601()}, {"instants", i - begin},
               {"stroke", StateColour(s.state)},   {"stroke-width", 3}};
    props["reason"] = d ? json(policy::ReasonCodeName(d->decision.reason)) : json(nullptr);
    props["rule"] = d ? json(d->decision.rule_id) : json(nullptr);
    props["ledger_entry"] = d ? json(d->decision.ledger_entry_id) : json(nullptr);
    props["summary"] = d ? json(d->Summary()) : json("no policy");
    json geometry = parts.size() == 1
                        ? json{{"type", "LineString"}, {"coordinates", std::move(parts[0])}}
                        : json{{"type", "MultiLineString"}, {"coordinates", std::move(parts)}};
    features.push_back(
        {{"type", "Feature"}, {"properties", std::move(props)}, {"geometry", std::move(geometry)}});
    begin = i;
  }
  return {{"type", "FeatureCollection"},
          {"properties", {{"terminal", r.terminal}, {"destination", r.destination}}},
          {"features", std::move(features)}};
}

}  // namespace leotwin::track
