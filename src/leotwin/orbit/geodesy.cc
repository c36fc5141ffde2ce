#include "leotwin/orbit/geodesy.h"

#include <cmath>

#include "leotwin/base/check.h"
#include "leotwin/orbit/frames.h"

namespace leotwin::orbit {

EcefVector GeodeticToEcef(double lat_deg, double lon_deg, double height_km) {
  return GeodeticToEcef(Geodetic{lat_deg, lon_deg, height_km});
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

GroundPoint EllipsoidPointWithNormal(double ux, double uy, double uz) {
  LEOTWIN_DCHECK(std::fabs(ux * ux + uy * uy + uz * uz - 1.0) < 1e-9);
  // Geodetic latitude phi has sin(phi) = uz and cos(phi) = hypot(ux, uy); the prime vertical
  // radius of curvature is N = a / sqrt(1 - e^2 sin^2 phi), and the point is
  // (N cos(phi) cos(lon), N cos(phi) sin(lon), N (1 - e^2) sin(phi)).
  const double n = kWgs84EquatorialRadiusKm / std::sqrt(1.0 - kWgs84E2 * uz * uz);
  return {n * ux, n * uy, n * (1.0 - kWgs84E2) * uz};
}

double MaxGeodeticGeocentricDifferenceRad() {
  // tan(psi) = (1 - e^2) tan(phi); phi - psi is largest where tan(phi) = 1 / sqrt(1 - e^2).
  const double k = std::sqrt(1.0 - kWgs84E2);
  return std::atan(1.0 / k) - std::atan(k) + 1e-12;
}

double FootprintBoundRad(double sat_distance_km, double min_elevation_rad) {
  LEOTWIN_DCHECK(min_elevation_rad >= 0.0 && min_elevation_rad < kPi / 2);
  if (!(sat_distance_km > kWgs84PolarRadiusKm)) return -1.0;
  const double d = MaxGeodeticGeocentricDifferenceRad();
  const double e = min_elevation_rad - d;
  const double c = kWgs84PolarRadiusKm * std::cos(e) / sat_distance_km;
  return std::acos(c) - e + d + 1e-7;
}

}  // namespace leotwin::orbit
