// Private geodesy helpers for coverage/: the ground point of a cell centre on the WGS84 ellipsoid
// and the conservative bound on the footprint of a satellite used to prune candidate cells.
// (orbit/frames.h has the public geodetic <-> ECEF conversions; these helpers work from S2 unit
// vectors directly and must stay bit-for-bit stable because visibility results depend on them.)
#pragma once

#include "leotwin/base/constants.h"

namespace leotwin::coverage::internal {

// First eccentricity squared of WGS84, e^2 = f (2 - f).
inline constexpr double kWgs84E2 = kWgs84Flattening * (2.0 - kWgs84Flattening);
// WGS84 polar radius b = a (1 - f), km.
inline constexpr double kWgs84PolarRadiusKm = kWgs84EquatorialRadiusKm * (1.0 - kWgs84Flattening);

// Ground point (ECEF km, height 0 on WGS84) of the place whose geodetic latitude/longitude are the
// latitude/longitude of the unit vector (ux, uy, uz). Equivalently: the ellipsoid point whose
// outward normal is (ux, uy, uz). REQUIRES: ux^2 + uy^2 + uz^2 == 1 (to rounding).
struct GroundPoint {
  double x, y, z;
};
GroundPoint EllipsoidPointWithNormal(double ux, double uy, double uz);

// Largest difference between geodetic and geocentric latitude on WGS84 (about 0.1924 degrees,
// reached near 45 degrees), radians, rounded up.
double MaxGeodeticGeocentricDifferenceRad();

// Conservative footprint radius: an upper bound, in radians of angle at the Earth's centre, on the
// angle between the satellite's direction (sat / |sat|) and the normal of any ellipsoid point from
// which the satellite is at least `min_elevation_rad` above the horizon of that normal.
// Derivation (docs/coverage.md): the normal and the geocentric direction of a ground point differ
// by at most d = MaxGeodeticGeocentricDifferenceRad(); the geocentric elevation is then at least
// e - d; on a sphere of radius rho the central angle at geocentric elevation e' is
// acos(rho cos(e') / r) - e', decreasing in both rho and e', so rho = polar radius gives the
// bound; add d for the normal-vs-geocentric offset and 1e-7 rad for rounding.
// Returns a negative value when the satellite is not above the polar radius (never in view of
// anything). REQUIRES: 0 <= min_elevation_rad < pi/2.
double FootprintBoundRad(double sat_distance_km, double min_elevation_rad);

}  // namespace leotwin::coverage::internal
