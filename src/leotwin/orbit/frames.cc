#include "leotwin/orbit/frames.h"

#include <algorithm>
#include <cmath>

#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"

namespace leotwin::orbit {
namespace {

constexpr double kA = kWgs84EquatorialRadiusKm;
constexpr double kF = kWgs84Flattening;
constexpr double kB = kA * (1.0 - kF);      // Polar radius, km.
constexpr double kE2 = kF * (2.0 - kF);     // First eccentricity squared.
constexpr double kEp2 = kE2 / (1.0 - kE2);  // Second eccentricity squared.

}  // namespace

TemeToEcef::TemeToEcef(SimTime utc, const EarthOrientation& eop)
    : xp_(eop.xp_rad), yp_(eop.yp_rad), polar_motion_(eop.xp_rad != 0.0 || eop.yp_rad != 0.0) {
  const SimTime::SplitJulianDate jd = utc.JulianDate();
  gmst_ = GmstIau82(jd.whole, jd.fraction + eop.ut1_minus_utc_s / 86400.0);
  cos_gmst_ = std::cos(gmst_);
  sin_gmst_ = std::sin(gmst_);
}

EcefVector TemeToEcef::Position(const TemeVector& r) const {
  // R3(gmst): rotation of the axes about z by the sidereal angle.
  EcefVector p{cos_gmst_ * r.x + sin_gmst_ * r.y, -sin_gmst_ * r.x + cos_gmst_ * r.y, r.z};
  if (!polar_motion_) return p;
  // R1(-yp) R2(-xp) p.
  const double cx = std::cos(xp_), sx = std::sin(xp_), cy = std::cos(yp_), sy = std::sin(yp_);
  const double ax = cx * p.x + sx * p.z, ay = p.y, az = -sx * p.x + cx * p.z;
  return {ax, cy * ay - sy * az, sy * ay + cy * az};
}

EcefState TemeToEcef::State(const TemeVector& r, const TemeVector& v) const {
  const double rx = cos_gmst_ * r.x + sin_gmst_ * r.y, ry = -sin_gmst_ * r.x + cos_gmst_ * r.y;
  const double vx = cos_gmst_ * v.x + sin_gmst_ * v.y, vy = -sin_gmst_ * v.x + cos_gmst_ * v.y;
  // v_pef = R3 v_teme - omega x r_pef, omega = (0, 0, w): omega x r = (-w ry, w rx, 0).
  EcefState s{{rx, ry, r.z},
              {vx + kEarthRotationRadPerS * ry, vy - kEarthRotationRadPerS * rx, v.z}};
  if (!polar_motion_) return s;
  const double cx = std::cos(xp_), sx = std::sin(xp_), cy = std::cos(yp_), sy = std::sin(yp_);
  auto w = [&](const EcefVector& p) -> EcefVector {
    const double ax = cx * p.x + sx * p.z, ay = p.y, az = -sx * p.x + cx * p.z;
    return {ax, cy * ay - sy * az, sy * ay + cy * az};
  };
  return {w(s.position), w(s.velocity)};
}

TemeVector TemeToEcef::InversePosition(const EcefVector& r) const {
  EcefVector p = r;
  if (polar_motion_) {
    // R2(xp) R1(yp) r: the transpose of R1(-yp) R2(-xp).
    const double cx = std::cos(xp_), sx = std::sin(xp_), cy = std::cos(yp_), sy = std::sin(yp_);
    const double by = cy * r.y + sy * r.z, bz = -sy * r.y + cy * r.z;
    p = {cx * r.x - sx * bz, by, sx * r.x + cx * bz};
  }
  return {cos_gmst_ * p.x - sin_gmst_ * p.y, sin_gmst_ * p.x + cos_gmst_ * p.y, p.z};
}

EcefVector TemeToEcefPosition(const TemeVector& r, SimTime utc, const EarthOrientation& eop) {
  return TemeToEcef(utc, eop).Position(r);
}

EcefState TemeToEcefState(const TemeVector& r, const TemeVector& v, SimTime utc,
                          const EarthOrientation& eop) {
  return TemeToEcef(utc, eop).State(r, v);
}

EcefVector GeodeticToEcef(const Geodetic& g) {
  LEOTWIN_DCHECK(g.latitude_deg >= -90.0 && g.latitude_deg <= 90.0 &&
                 std::isfinite(g.longitude_deg) && std::isfinite(g.height_km));
  const double lat = g.latitude_deg * kDegToRad, lon = g.longitude_deg * kDegToRad;
  const double sl = std::sin(lat), cl = std::cos(lat);
  const double n = kA / std::sqrt(1.0 - kE2 * sl * sl);  // Prime vertical radius of curvature.
  return {(n + g.height_km) * cl * std::cos(lon), (n + g.height_km) * cl * std::sin(lon),
          (n * (1.0 - kE2) + g.height_km) * sl};
}

Geodetic EcefToGeodetic(const EcefVector& r) {
  Geodetic g;
  const double p = std::hypot(r.x, r.y);
  if (p == 0.0) {
    g.latitude_deg = r.z >= 0.0 ? 90.0 : -90.0;
    g.longitude_deg = 0.0;
    g.height_km = std::fabs(r.z) - kB;
    return g;
  }
  // Bowring (1976): latitude from the parametric latitude beta, iterated to a fixed point. Each
  // step gains roughly three orders of magnitude; two suffice near the surface.
  double beta = std::atan2(r.z, (1.0 - kF) * p);
  double lat = 0.0;
  for (int i = 0; i < 6; ++i) {
    const double sb = std::sin(beta), cb = std::cos(beta);
    lat = std::atan2(r.z + kEp2 * kB * sb * sb * sb, p - kE2 * kA * cb * cb * cb);
    const double next = std::atan2((1.0 - kF) * std::sin(lat), std::cos(lat));
    const bool done = std::fabs(next - beta) < 1e-15;
    beta = next;
    if (done) break;
  }
  const double sl = std::sin(lat), cl = std::cos(lat);
  // Height along the normal; well conditioned at every latitude (no division by cos(lat)).
  g.height_km = p * cl + r.z * sl - kA * std::sqrt(1.0 - kE2 * sl * sl);
  g.latitude_deg = lat * kRadToDeg;
  g.longitude_deg = std::atan2(r.y, r.x) * kRadToDeg;
  if (g.longitude_deg <= -180.0) g.longitude_deg = 180.0;
  return g;
}

Topocentric::Topocentric(const Geodetic& site) : site_(site), site_ecef_(GeodeticToEcef(site)) {
  const double lat = site.latitude_deg * kDegToRad, lon = site.longitude_deg * kDegToRad;
  const double sl = std::sin(lat), cl = std::cos(lat), so = std::sin(lon), co = std::cos(lon);
  east_ = {-so, co, 0.0};
  north_ = {-sl * co, -sl * so, cl};
  up_ = {cl * co, cl * so, sl};
}

LookAngles Topocentric::Look(const EcefVector& position, const EcefVector& velocity) const {
  const EcefVector rho = position - site_ecef_;
  const double e = rho.Dot(east_), n = rho.Dot(north_), u = rho.Dot(up_);
  LookAngles look;
  look.range_km = rho.Norm();
  if (look.range_km == 0.0) return look;
  look.elevation_deg = std::atan2(u, std::hypot(e, n)) * kRadToDeg;
  double az = std::atan2(e, n) * kRadToDeg;
  if (az < 0.0) az += 360.0;
  if (az >= 360.0) az -= 360.0;
  look.azimuth_deg = az;
  look.range_rate_km_s = rho.Dot(velocity) / look.range_km;
  return look;
}

double Topocentric::ElevationDeg(const EcefVector& position) const {
  const EcefVector rho = position - site_ecef_;
  const double norm = rho.Norm();
  if (norm == 0.0) return 0.0;
  return std::asin(std::clamp(rho.Dot(up_) / norm, -1.0, 1.0)) * kRadToDeg;
}

LookAngles ComputeLookAngles(const Geodetic& site, const EcefVector& position,
                             const EcefVector& velocity) {
  return Topocentric(site).Look(position, velocity);
}

}  // namespace leotwin::orbit
