#include "leotwin/net/internal/geodesy.h"

#include <algorithm>
#include <cmath>

#include "leotwin/base/constants.h"

namespace leotwin::net::internal {

EcefVector GeodeticToEcef(double lat_deg, double lon_deg, double height_km) {
  const double a = kWgs84EquatorialRadiusKm;
  const double e2 = kWgs84Flattening * (2.0 - kWgs84Flattening);
  const double lat = lat_deg * kDegToRad, lon = lon_deg * kDegToRad;
  const double s = std::sin(lat), c = std::cos(lat);
  const double n = a / std::sqrt(1.0 - e2 * s * s);
  return {(n + height_km) * c * std::cos(lon), (n + height_km) * c * std::sin(lon),
          (n * (1.0 - e2) + height_km) * s};
}

EcefVector GeodeticUp(double lat_deg, double lon_deg) {
  const double lat = lat_deg * kDegToRad, lon = lon_deg * kDegToRad;
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double GreatCircleKm(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  const double p1 = lat1_deg * kDegToRad, p2 = lat2_deg * kDegToRad;
  const double dp = p2 - p1, dl = (lon2_deg - lon1_deg) * kDegToRad;
  const double h = std::sin(dp / 2) * std::sin(dp / 2) +
                   std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2.0 * kEarthMeanRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace leotwin::net::internal
