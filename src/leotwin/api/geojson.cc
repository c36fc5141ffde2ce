#include "leotwin/api/geojson.h"

#include <cmath>

#include "fmt/format.h"
#include "s2/s2cell.h"
#include "s2/s2latlng.h"

namespace leotwin::api {

double RoundTo(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

nlohmann::json AntimeridianSafeLine(const std::vector<std::pair<double, double>>& lon_lat) {
  using nlohmann::json;
  json parts = json::array();
  json current = json::array();
  const auto point = [](double lon, double lat) {
    return json::array({RoundTo(lon, 4), RoundTo(lat, 4)});
  };
  for (size_t i = 0; i < lon_lat.size(); ++i) {
    const auto [lon, lat] = lon_lat[i];
    if (i > 0) {
      const auto [plon, plat] = lon_lat[i - 1];
      const double d = lon - plon;
      if (std::fabs(d) > 180.0) {
        // Crossing: the edge goes from plon towards +-180 and re-enters from -+180.
        const double edge = plon >= 0 ? 180.0 : -180.0;
        const double lon_shifted = d > 0 ? lon - 360.0 : lon + 360.0;
        const double span = lon_shifted - plon;
        const double f = span == 0.0 ? 0.0 : (edge - plon) / span;
        const double lat_c = plat + f * (lat - plat);
        current.push_back(point(edge, lat_c));
        parts.push_back(std::move(current));
        current = json::array();
        current.push_back(point(-edge, lat_c));
      }
    }
    current.push_back(point(lon, lat));
  }
  parts.push_back(std::move(current));
  if (parts.size() == 1) return {{"type", "LineString"}, {"coordinates", parts[0]}};
  return {{"type", "MultiLineString"}, {"coordinates", parts}};
}

std::vector<std::pair<double, double>> UnwrapLongitudes(
    const std::vector<std::pair<double, double>>& lon_lat) {
  std::vector<std::pair<double, double>> out;
  out.reserve(lon_lat.size());
  for (const auto& [lon, lat] : lon_lat) {
    double l = lon;
    if (!out.empty()) {
      const double prev = out.back().first;
      while (l - prev > 180.0) l -= 360.0;
      while (l - prev < -180.0) l += 360.0;
    }
    out.emplace_back(l, lat);
  }
  return out;
}

std::string CellRingJson(S2CellId id) {
  const S2Cell cell(id);
  std::vector<std::pair<double, double>> ring;
  for (int k = 0; k < 4; ++k) {
    const S2LatLng ll(cell.GetVertex(k));
    ring.emplace_back(ll.lng().degrees(), ll.lat().degrees());
  }
  ring.push_back(ring.front());
  ring = UnwrapLongitudes(ring);
  std::string text = "[";
  for (size_t k = 0; k < ring.size(); ++k) {
    text += fmt::format("{}[{:.4f},{:.4f}]", k ? "," : "", ring[k].first, ring[k].second);
  }
  text += "]";
  return text;
}

}  // namespace leotwin::api
