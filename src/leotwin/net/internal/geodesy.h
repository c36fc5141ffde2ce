// Small geodesy helpers private to net/: WGS84 geodetic -> ECEF (forwards to orbit/frames.h), the
// local vertical, and great-circle distances on the mean sphere.
#pragma once

#include "leotwin/base/vec3.h"

namespace leotwin::net::internal {

// WGS84 geodetic latitude/longitude (degrees) and height above the ellipsoid (km) -> ECEF (km).
// Exact closed form (no iteration). REQUIRES: lat in [-90, 90].
EcefVector GeodeticToEcef(double lat_deg, double lon_deg, double height_km);

// Unit normal to the WGS84 ellipsoid (geodetic "up") at a latitude/longitude (degrees), ECEF.
EcefVector GeodeticUp(double lat_deg, double lon_deg);

// Great-circle (central-angle) distance in km between two points on a sphere of the IUGG mean
// Earth radius (6371.0088 km), computed as atan2(|u1 x u2|, u1 . u2) (accurate for all separations,
// antipodes included). Differs from the WGS84 geodesic by at most about 0.5 %.
double GreatCircleKm(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

}  // namespace leotwin::net::internal
