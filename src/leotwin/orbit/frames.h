// Reference frames for SGP4 output: TEME -> Earth-fixed (ECEF/ITRF) -> WGS84 geodetic, and
// topocentric look angles (azimuth, elevation, range, range rate) from a ground site.
//
// TEME -> ECEF follows Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3"
// (AIAA 2006-6753), appendix C, the convention SGP4's TEME is defined by:
//   r_pef  = R3(gmst) r_teme                       gmst: GMST IAU-82 of UT1 (time/sim_time.h)
//   v_pef  = R3(gmst) v_teme - omega x r_pef        omega = (0, 0, 7.292115146706979e-5 rad/s)
//   r_itrf = R1(-yp) R2(-xp) r_pef                 polar motion (IERS 2010 conventions, eq. 5.3)
// where R1, R2, R3 rotate the coordinate axes about x, y, z. Without polar motion the result is the
// pseudo Earth-fixed frame, which differs from ITRF by up to about 0.5" of pole offset (~15 m at
// the surface, ~17 m at LEO). UT1 is the given UTC plus ut1_minus_utc_s (|UT1-UTC| < 0.9 s; leaving
// it 0 rotates the Earth by up to 0.42 km at the equator).
//
// Accuracy (orbit/frames_test against Skyfield 1.45 on 120 cases up to 180,000 km radius, see that
// file for the figures): positions agree to 0.5 mm with Skyfield's TEME_to_ITRF (same model) and
// with its IAU 2000 TEME -> GCRS -> ITRS chain (whose GAST terms cancel against its TEME
// definition); velocities to 7.1e-12 rad/s times the radius (Earth rotation rate conventions);
// look angles to 1e-8 deg. These check the implementation of the model; how closely SGP4's TEME
// convention itself matches a full IAU 2006/2000 reduction is not what they measure.
//
// WGS84: a = 6378.137 km, f = 1/298.257223563 (leotwin/base/constants.h). Heights are above the
// ellipsoid (not the geoid). Geodetic latitude in [-90, 90] deg, longitude in (-180, 180] deg.
#pragma once

#include "leotwin/base/vec3.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

// Earth rotation rate used with GMST IAU-82 (Vallado 2006; IERS nominal), rad/s.
inline constexpr double kEarthRotationRadPerS = 7.292115146706979e-5;

// Earth orientation parameters for one instant (IERS Bulletin A / finals2000A give them daily).
// All zero (the default) means UT1 = UTC and no polar motion.
struct EarthOrientation {
  double ut1_minus_utc_s = 0.0;  // UT1 - UTC, seconds, |value| < 0.9.
  double xp_rad = 0.0;           // Polar motion x, radians (IERS publishes arcseconds:
  double yp_rad = 0.0;           // multiply by pi / 648000).
};

struct EcefState {
  EcefVector position;  // km
  EcefVector velocity;  // km/s, relative to the rotating Earth.
};

// The TEME -> ECEF rotation at one instant, computed once and applied to many satellites (the
// batch propagator's layout: one instant, many positions). Cheap to copy.
class TemeToEcef {
 public:
  explicit TemeToEcef(SimTime utc, const EarthOrientation& eop = {});

  EcefVector Position(const TemeVector& r_km) const;
  // Velocity relative to the rotating Earth; needs the TEME position too (the omega x r term).
  EcefState State(const TemeVector& r_km, const TemeVector& v_km_s) const;
  // Inverse rotation (ECEF position -> TEME), e.g. to put a ground site into TEME.
  TemeVector InversePosition(const EcefVector& r_km) const;

  double gmst_rad() const { return gmst_; }

 private:
  double gmst_, cos_gmst_, sin_gmst_;
  double xp_, yp_;
  bool polar_motion_;
};

// One-off conversions (build a TemeToEcef when converting many vectors at one instant).
EcefVector TemeToEcefPosition(const TemeVector& r_km, SimTime utc,
                              const EarthOrientation& eop = {});
EcefState TemeToEcefState(const TemeVector& r_km, const TemeVector& v_km_s, SimTime utc,
                          const EarthOrientation& eop = {});

struct Geodetic {
  double latitude_deg = 0.0;   // Geodetic (normal to the WGS84 ellipsoid), [-90, 90].
  double longitude_deg = 0.0;  // East positive, (-180, 180].
  double height_km = 0.0;      // Above the WGS84 ellipsoid.
};

// Exact closed form. REQUIRES: latitude in [-90, 90], finite inputs.
EcefVector GeodeticToEcef(const Geodetic& g);

// Iterative (Bowring 1976 with its own fixed point iterated to convergence, at most 6 steps):
// the returned point maps back through GeodeticToEcef to within 1e-9 km (1 micrometre) of `r` for
// every point farther than 100 km from the Earth's centre (tested from -10 km to 100,000 km
// height, all latitudes). At the poles (x = y = 0) the result is latitude +-90 deg, longitude 0
// and height |z| - b exactly; at the centre, latitude 90, height -b.
Geodetic EcefToGeodetic(const EcefVector& r_km);

// Topocentric look angles of a target seen from a site, relative to the site's WGS84 ellipsoid
// normal (geodetic horizon), without atmospheric refraction or light time.
struct LookAngles {
  double azimuth_deg = 0.0;      // From north through east, [0, 360).
  double elevation_deg = 0.0;    // Above the geodetic horizon, [-90, 90].
  double range_km = 0.0;         // Site to target.
  double range_rate_km_s = 0.0;  // d(range)/dt, positive when receding (site fixed on Earth).
};

// A ground site with its east-north-up frame precomputed. Construct once, evaluate many.
class Topocentric {
 public:
  explicit Topocentric(const Geodetic& site);

  // `velocity` is the target's ECEF velocity (km/s, relative to the rotating Earth); pass a zero
  // vector when only angles and range are wanted. At zero range the angles are 0.
  LookAngles Look(const EcefVector& position, const EcefVector& velocity = {}) const;
  // Elevation only (cheaper: no trigonometry for azimuth), degrees.
  double ElevationDeg(const EcefVector& position) const;

  const Geodetic& site() const { return site_; }
  const EcefVector& site_ecef() const { return site_ecef_; }

 private:
  Geodetic site_;
  EcefVector site_ecef_;
  EcefVector east_, north_, up_;  // Unit vectors in ECEF.
};

// One-off form of Topocentric(site).Look(position, velocity).
LookAngles ComputeLookAngles(const Geodetic& site, const EcefVector& position,
                             const EcefVector& velocity = {});

}  // namespace leotwin::orbit
