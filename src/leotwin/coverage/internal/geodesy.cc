#include "leotwin/coverage/internal/geodesy.h"

#include <cmath>

namespace leotwin::coverage::internal {

GroundPoint EllipsoidPointWithNormal(double ux, double uy, double uz) {
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
  if (!(sat_distance_km > kWgs84PolarRadiusKm)) return -1.0;
  const double d = MaxGeodeticGeocentricDifferenceRad();
  const double e = min_elevation_rad - d;
  const double c = kWgs84PolarRadiusKm * std::cos(e) / sat_distance_km;
  return std::acos(c) - e + d + 1e-7;
}

}  // namespace leotwin::coverage::internal
