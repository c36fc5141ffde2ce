// Geodesy helpers shared by net/ and coverage/ (the lowest layer both depend on is orbit/):
// WGS84 geodetic -> ECEF from plain degrees, the local vertical, great-circle distances on the
// mean sphere, the ellipsoid point under a unit normal, and the conservative footprint bound of a
// satellite used to prune candidate cells. orbit/frames.h has the full frame conversions.
//
// Bit-for-bit stability: coverage results (and the digests its tests and benchmarks print)
// depend on EllipsoidPointWithNormal and FootprintBoundRad; change their arithmetic only with
// a new digest.
#pragma once

#include "leotwin/base/constants.h"
#include "leotwin/base/vec3.h"

namespace leotwin::orbit {

// First eccentricity squared of WGS84, e^2 = f (2 - f).
inline constexpr double kWgs84E2 = kWgs84Flattening * (2.0 - kWgs84Flattening);
// WGS84 polar radius b = a (1 - f), km.
inline constexpr double kWgs84PolarRadiusKm = kWgs84EquatorialRadiusKm * (1.0 - kWgs84Flattening);

// WGS84 geodetic latitude/longitude (degrees) and height above the ellipsoid (km) -> ECEF (km).
// Exact closed form (no iteration); forwards to frames.h GeodeticToEcef(Geodetic).
// REQUIRES: lat in [-90, 90], finite inputs.
EcefVector GeodeticToEcef(double lat_deg, double lon_deg, double height_km);

// Unit normal to the WGS84 ellipsoid (geodetic "up") at a latitude/longitude (degrees), ECEF.
EcefVector GeodeticUp(double lat_deg, double lon_deg);

// Great-circle (central-angle) distance in km between two points on a sphere of the IUGG mean
// Earth radius (6371.0088 km), computed as atan2(|u1 x u2|, u1 . u2) (accurate for all separations,
// antipodes included). Differs from the WGS84 geodesic by at most about 0.5 %.
double GreatCircleKm(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

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

}  // namespace leotwin::orbit
