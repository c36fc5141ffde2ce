// Physical constants shared across layers. SGP4's own WGS72 constants live in orbit/sgp4.h.
#pragma once

#include <cmath>

namespace leotwin {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kTwoPi = 2.0 * kPi;
inline constexpr double kDegToRad = kPi / 180.0;
inline constexpr double kRadToDeg = 180.0 / kPi;

// An angle in degrees wrapped into [0, 360).
inline double Wrap360(double deg) {
  double r = std::fmod(deg, 360.0);
  if (r < 0.0) r += 360.0;
  if (r >= 360.0) r -= 360.0;  // fmod of a tiny negative can round up to 360.
  return r;
}

// Speed of light in vacuum, km/s (exact by SI definition).
inline constexpr double kSpeedOfLightKmPerS = 299792.458;
// Group index of standard single-mode fiber: light in fiber travels at about c / 1.47.
inline constexpr double kFiberRefractiveIndex = 1.47;

// WGS84 ellipsoid (NIMA TR8350.2): equatorial radius in km and flattening.
inline constexpr double kWgs84EquatorialRadiusKm = 6378.137;
inline constexpr double kWgs84Flattening = 1.0 / 298.257223563;
// Mean Earth radius (IUGG), km, for spherical approximations such as great-circle distances.
inline constexpr double kEarthMeanRadiusKm = 6371.0088;

}  // namespace leotwin
