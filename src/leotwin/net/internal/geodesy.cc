#include "leotwin/net/internal/geodesy.h"

#include <algorithm>
#include <cmath>

#include "leotwin/base/constants.h"
#include "leotwin/orbit/frames.h"

namespace leotwin::net::internal {

EcefVector GeodeticToEcef(double lat_deg, double lon_deg, double height_km) {
  return orbit::GeodeticToEcef(orbit::Geodetic{lat_deg, lon_deg, height_km});
}

EcefVector GeodeticUp(double lat_deg, double lon_deg) {
  const double lat = lat_deg * kDegToRad, lon = lon_deg * kDegToRad;
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double GreatCircleKm(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  // Central angle as atan2(|u1 x u2|, u1 . u2) of the unit vectors: well conditioned for every
  // separation, including coincident and antipodal points (haversine is not near antipodes).
  auto unit = [](double lat, double lon) {
    const double p = lat * kDegToRad, l = lon * kDegToRad;
    return EcefVector{std::cos(p) * std::cos(l), std::cos(p) * std::sin(l), std::sin(p)};
  };
  const EcefVector a = unit(lat1_deg, lon1_deg), b = unit(lat2_deg, lon2_deg);
  return kEarthMeanRadiusKm * std::atan2(a.Cross(b).Norm(), a.Dot(b));
}

}  // namespace leotwin::net::internal
