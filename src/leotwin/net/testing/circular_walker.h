// Test helper: a Walker-delta shell on exactly circular Keplerian orbits over a spherical,
// uniformly rotating Earth, with closed-form ECEF positions and velocities. Independent of the
// orbit layer, so net/ tests can build hand-checkable moving geometries.
#pragma once

#include <cmath>
#include <string>

#include "leotwin/base/constants.h"
#include "leotwin/net/ephemeris.h"
#include "leotwin/orbit/constellation.h"

namespace leotwin::net::testing {

inline constexpr double kMu = 398600.4418;         // km^3/s^2
inline constexpr double kEarthRate = 7.292115e-5;  // rad/s

struct CircularWalker {
  int planes = 4, per_plane = 5, phasing = 1;
  double altitude_km = 550.0, inclination_deg = 53.0, raan_spread_deg = 360.0;
  SimTime epoch = SimTime::FromCivil(2025, 1, 1);

  int size() const { return planes * per_plane; }
  double radius() const { return kWgs84EquatorialRadiusKm + altitude_km; }
  double mean_motion() const { return std::sqrt(kMu / (radius() * radius() * radius())); }
  double Raan(int p) const { return raan_spread_deg * p / planes; }
  // Argument of latitude at epoch, degrees.
  double U0(int p, int s) const {
    return 360.0 * s / per_plane + 360.0 * phasing * p / (planes * per_plane);
  }

  orbit::Constellation Make() const {
    orbit::Constellation c;
    c.name = "circular-walker";
    orbit::ShellInfo shell;
    shell.name = "shell";
    shell.planes = planes;
    shell.sats_per_plane = per_plane;
    shell.phasing = phasing;
    shell.altitude_km = altitude_km;
    shell.inclination_deg = inclination_deg;
    shell.raan_spread_deg = raan_spread_deg;
    c.shells.push_back(shell);
    for (int p = 0; p < planes; ++p) {
      for (int s = 0; s < per_plane; ++s) {
        orbit::ElementSet e;
        e.name = "W-" + std::to_string(p) + "-" + std::to_string(s);
        e.catalog_number = 90000 + p * per_plane + s;
        e.epoch = epoch;
        e.inclination_deg = inclination_deg;
        e.raan_deg = Raan(p);
        e.mean_anomaly_deg = std::fmod(U0(p, s), 360.0);
        e.mean_motion_rev_per_day = mean_motion() * 86400.0 / kTwoPi;
        c.elements.push_back(e);
        c.slots.push_back({0, p, s});
      }
    }
    return c;
  }

  // ECEF states at t; the Earth's rotation angle is zero at the epoch.
  void States(SimTime t, EcefStatesBuffer* out) const {
    out->resize(size());
    const double dt = (t - epoch) * 1e-9;
    const double n = mean_motion(), r = radius(), inc = inclination_deg * kDegToRad;
    const double theta = kEarthRate * dt;
    for (int p = 0; p < planes; ++p) {
      const double raan = Raan(p) * kDegToRad;
      for (int s = 0; s < per_plane; ++s) {
        const int i = p * per_plane + s;
        const double u = U0(p, s) * kDegToRad + n * dt;
        // Inertial position and velocity.
        const double px =
            r * (std::cos(u) * std::cos(raan) - std::sin(u) * std::cos(inc) * std::sin(raan));
        const double py =
            r * (std::cos(u) * std::sin(raan) + std::sin(u) * std::cos(inc) * std::cos(raan));
        const double pz = r * std::sin(u) * std::sin(inc);
        const double vx =
            r * n * (-std::sin(u) * std::cos(raan) - std::cos(u) * std::cos(inc) * std::sin(raan));
        const double vy =
            r * n * (-std::sin(u) * std::sin(raan) + std::cos(u) * std::cos(inc) * std::cos(raan));
        const double vz = r * n * std::cos(u) * std::sin(inc);
        // Rotate into the Earth-fixed frame: x_e = R3(theta) x_i, v_e = R3 v_i - w x x_e.
        const double c = std::cos(theta), sn = std::sin(theta);
        const double ex = c * px + sn * py, ey = -sn * px + c * py;
        out->x[i] = ex;
        out->y[i] = ey;
        out->z[i] = pz;
        out->vx[i] = c * vx + sn * vy + kEarthRate * ey;
        out->vy[i] = -sn * vx + c * vy - kEarthRate * ex;
        out->vz[i] = vz;
        out->error[i] = 0;
      }
    }
  }

  FunctionEphemeris Ephemeris() const {
    CircularWalker copy = *this;
    return FunctionEphemeris(size(),
                             [copy](SimTime t, EcefStatesBuffer* out) { copy.States(t, out); });
  }
};

}  // namespace leotwin::net::testing
