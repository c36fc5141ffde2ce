#include "leotwin/api/series_json.h"

#include <cmath>
#include <string>

#include "leotwin/api/geojson.h"

namespace leotwin::api {
namespace {

using nlohmann::json;

json NullIfNotFinite(double v, int decimals) {
  return std::isfinite(v) ? json(RoundTo(v, decimals)) : json(nullptr);
}

}  // namespace

json GroundJson(const net::GroundNode& node) {
  return {{"name", node.name},
          {"kind", std::string(net::GroundKindName(node.kind))},
          {"country", node.country},
          {"lat", RoundTo(node.lat_deg, 5)},
          {"lon", RoundTo(node.lon_deg, 5)}};
}

json FiberJson(const net::FiberBaseline& fiber) {
  return {{"great_circle_km", RoundTo(fiber.great_circle_km, 1)},
          {"rtt_ms", RoundTo(fiber.rtt_ms, 3)},
          {"inflation", fiber.inflation},
          {"inflated_rtt_ms", RoundTo(fiber.inflated_rtt_ms, 3)}};
}

json RttSeriesJson(const net::PairSeries& series, const net::Network& network,
                   const RttSeriesJsonOptions& options) {
  json t = json::array(), rtt = json::array(), hops = json::array(), paths = json::array();
  for (const net::RouteSample& sample : series.samples) {
    t.push_back(RoundTo(sample.time.unix_seconds(), 3));
    rtt.push_back(NullIfNotFinite(sample.rtt_ms, 3));
    hops.push_back(sample.hops);
    if (options.paths) {
      json names = json::array();
      for (const int32_t node : sample.path) names.push_back(network.NodeName(node));
      paths.push_back(std::move(names));
    }
  }
  const net::SeriesSummary& sum = series.summary;
  json gaps = json::array();
  for (const net::UnreachableInterval& u : sum.unreachable) {
    gaps.push_back(
        {{"first", u.first.ToIso8601()}, {"last", u.last.ToIso8601()}, {"samples", u.samples}});
  }
  json doc = {{"from", GroundJson(network.ground()[series.from])},
              {"to", GroundJson(network.ground()[series.to])},
              {"start", series.grid.start.ToIso8601()},
              {"step_s", static_cast<double>(series.grid.step_ns) / 1e9},
              {"count", series.samples.size()},
              {"t", std::move(t)},
              {"rtt_ms", std::move(rtt)},
              {"hops", std::move(hops)},
              {"fiber", FiberJson(series.fiber)},
              {"summary",
               {{"samples", sum.samples},
                {"reachable", sum.reachable},
                {"min_rtt_ms", NullIfNotFinite(sum.min_rtt_ms, 3)},
                {"median_rtt_ms", NullIfNotFinite(sum.median_rtt_ms, 3)},
                {"mean_rtt_ms", NullIfNotFinite(sum.mean_rtt_ms, 3)},
                {"max_rtt_ms", NullIfNotFinite(sum.max_rtt_ms, 3)},
                {"path_changes", sum.path_changes},
                {"unreachable", std::move(gaps)}}}};
  if (options.paths) doc["path"] = std::move(paths);
  return doc;
}

}  // namespace leotwin::api
