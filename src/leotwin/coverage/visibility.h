// What "a satellite is in view of a cell" means in leotwin, defined once and shared by the fast
// coverage engine and its brute-force reference so the two agree exactly.
//
// A cell's ground point is the point of the WGS84 ellipsoid (height 0) whose geodetic latitude and
// longitude are those of the cell's S2 centre (S2 latitude/longitude are read as geodetic, the
// convention of every lat/lon map). The local vertical there is the ellipsoid normal, which is the
// S2 centre vector itself. A satellite at ECEF position S is in view of the cell with ground point
// P and unit normal n iff its elevation above the plane normal to n is at least the mask:
//
//     d = (S - P) . n,   in view  <=>  d > 0  and  d * d >= sin^2(mask) * |S - P|^2
//
// evaluated in IEEE double with no fused multiply-add (the project builds with
// -ffp-contract=off), in exactly the order written in InView() below. This equals
// "asin(d / |S - P|) >= mask" except within about 1e-13 degrees of the mask, where the squared
// form is the definition (with a 0 mask, "in view" means strictly above the horizon). No
// refraction, no terrain, no atmosphere: a geometric mask. Because the ellipsoid is convex, a
// satellite on or inside it is never in view of any cell.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "leotwin/base/constants.h"
#include "leotwin/base/status.h"

namespace leotwin::coverage {

// Satellite positions at one instant, ECEF (WGS84 axes), km, struct of arrays: satellite i is at
// (x[i], y[i], z[i]). `valid` may be empty (every satellite valid) or have the same size, where 0
// marks a satellite to ignore (e.g. a propagation error: orbit::SatelliteStates::error != 0).
// The spans are views: the caller keeps the arrays alive during the call.
struct SatellitePositions {
  std::span<const double> x, y, z;
  std::span<const unsigned char> valid;

  size_t size() const { return x.size(); }
  bool IsValid(size_t i) const { return valid.empty() || valid[i] != 0; }
  // OK iff x, y, z have the same size, `valid` is empty or that size, every valid satellite has
  // finite coordinates, and there are at most 65,535 satellites (per-cell counts are 16-bit).
  Status Check() const;
};

// The elevation mask. Default 25 degrees (Starlink user terminals; 40 in early filings).
struct VisibilityOptions {
  double min_elevation_deg = 25.0;  // Valid range [0, 90).
  Status Check() const;
  double sin2() const {
    const double s = std::sin(min_elevation_deg * kDegToRad);
    return s * s;
  }
};

// The in-view predicate (see the file comment). (px, py, pz): the cell's ground point, ECEF km;
// (nx, ny, nz): its unit normal; (sx, sy, sz): the satellite, ECEF km; sin2_mask = sin^2(mask).
inline bool InView(double px, double py, double pz, double nx, double ny, double nz, double sx,
                   double sy, double sz, double sin2_mask) {
  const double dx = sx - px;
  const double dy = sy - py;
  const double dz = sz - pz;
  const double d = dx * nx + dy * ny + dz * nz;
  const double r2 = dx * dx + dy * dy + dz * dz;
  return (d > 0.0) & (d * d >= sin2_mask * r2);  // Non-short-circuit: vectorizes.
}

// Elevation in degrees of the satellite from a ground point with unit normal n (for reports and
// tests; InView() is the decision).
double ElevationDeg(double px, double py, double pz, double nx, double ny, double nz, double sx,
                    double sy, double sz);

}  // namespace leotwin::coverage
