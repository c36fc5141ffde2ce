// Walker constellations: element sets for Walker delta (and star) shells, and named presets of real
// and filed systems.
//
// Geometry of a shell i:T/P/F (Walker 1984, "Satellite constellations", JBIS 37), with S = T/P
// satellites per plane:
//   plane p = 0..P-1:    RAAN = raan0 + p * spread / P        (spread 360 deg: delta; 180: star)
//   slot  s = 0..S-1:    argument of latitude u = u0 + s * 360 / S + p * F * 360 / T   (mod 360)
// Orbits are circular (e = 0, argument of perigee 0, mean anomaly = u), BSTAR and the mean-motion
// derivatives are 0 (no drag), and all satellites share one epoch.
//
// Altitude. SGP4 takes a Kozai mean motion and internally converts it to a Brouwer mean motion
// n0'' and mean semi-major axis a0'' = (ke / n0'')^(2/3) ("un-Kozai", Hoots & Roehrich 1980,
// Spacetrack Report #3). The mean motion written here is chosen so that SGP4's a0'' equals
// R + altitude exactly (to 1e-9 km), with R = 6378.135 km and mu = 398600.8 km^3/s^2 (WGS72, as
// SGP4 uses). The plain Kepler mean motion sqrt(mu / a^3) of that altitude differs from it by the
// J2 term (3 cos^2 i - 1): using Kepler's value instead would misplace a 550 km shell by +0.3 km
// at 53 deg, -3 km at 97.6 deg and +6 km at 0 deg. The osculating radius of the propagated orbit
// still oscillates around a0'' over each revolution (J2 short-period terms; python-sgp4 shows a
// spread under 25 km, checked in walker_test), and geodetic height further varies with latitude
// (WGS84 flattening: about 21 km pole to equator). altitude_km is therefore a mean altitude above
// the equatorial radius, as filings state it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/orbit/elements.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

// WGS72 values SGP4 uses (the same as orbit/sgp4.h's Wgs72).
inline constexpr double kWalkerMuKm3PerS2 = 398600.8;
inline constexpr double kWalkerEarthRadiusKm = 6378.135;
inline constexpr double kWalkerJ2 = 0.001082616;

// SGP4's mean semi-major axis a0'' (km) for a Kozai mean motion (rev/day), inclination (deg) and
// eccentricity, computed as SGP4's initialization does. REQUIRES: mean motion > 0, e in [0, 1).
double Sgp4MeanSemiMajorAxisKm(double mean_motion_rev_per_day, double inclination_deg,
                               double eccentricity = 0.0);

// The Kozai mean motion (rev/day) whose SGP4 mean semi-major axis is kWalkerEarthRadiusKm +
// altitude_km (inverse of Sgp4MeanSemiMajorAxisKm, by fixed-point iteration; converges to 1e-15
// relative in a few steps). InvalidArgument unless altitude in (0, 1e6) km, inclination in
// [0, 180] deg and eccentricity in [0, 1).
StatusOr<double> MeanMotionForAltitude(double altitude_km, double inclination_deg,
                                       double eccentricity = 0.0);

struct WalkerOptions {
  SimTime epoch;                         // Epoch of every element set.
  double raan_offset_deg = 0.0;          // raan0: RAAN of plane 0.
  double arg_latitude_offset_deg = 0.0;  // u0: argument of latitude of slot 0 of plane 0.
  int64_t first_catalog_number = 1;      // Catalog numbers count up from here, in output order.
  std::string name_prefix;               // Satellite names: "<prefix><shell.name>-PP-SS".
};

// Appends one shell to `constellation`: its ShellInfo to `shells` and its satellites, plane by
// plane and slot by slot within a plane, to `elements` and `slots` (slot.shell = the new shell's
// index). Catalog numbers continue from options.first_catalog_number + constellation.size().
// InvalidArgument (and `constellation` unchanged) unless planes >= 1, sats_per_plane >= 1,
// 0 <= phasing < planes, raan_spread_deg in (0, 360], inclination in [0, 180] and altitude as
// for MeanMotionForAltitude.
Status AddWalkerShell(const ShellInfo& shell, const WalkerOptions& options,
                      Constellation* constellation);

// A constellation of one or more shells (names its constellation `name`).
StatusOr<Constellation> MakeWalkerConstellation(std::string name,
                                                const std::vector<ShellInfo>& shells,
                                                const WalkerOptions& options);

struct ConstellationPresetInfo {
  std::string_view name;
  std::string_view description;  // One line: source, shells, counts.
};

// The presets, in a stable order:
//   starlink-gen1   4,408: 72x22 550 km 53.0 deg, 72x22 540 km 53.2, 36x20 570 km 70.0,
//                   6x58 560 km 97.6, 4x43 560 km 97.6 (FCC 2021 modification grant)
//   starlink-gen2a  7,560: 28x90 at 525 km 53.0, 530 km 43.0, 535 km 33.0 (FCC Dec 2022 grant of
//                   7,500 in these shells; see walker.cc for the split)
//   kuiper          1,156: 34x34 at 630 km 51.9 (first shell of the FCC 2020 authorization)
//   oneweb          588: 12x49 at 1,200 km 87.9 deg, Walker star (planes over 180 deg)
//   handley2018     1,600: 32x50 at 1,150 km 53.0, F = 11 (Handley, HotNets 2018)
// The phasing F of each shell and its rationale are documented in walker.cc.
const std::vector<ConstellationPresetInfo>& ConstellationPresets();

// Builds a preset at `epoch` (RAAN of plane 0 and u of its slot 0 are 0 in every shell).
// NotFound, listing the known names, for an unknown name.
StatusOr<Constellation> ConstellationPreset(std::string_view name, SimTime epoch);

// The shells of a preset (no element sets).
StatusOr<std::vector<ShellInfo>> ConstellationPresetShells(std::string_view name);

}  // namespace leotwin::orbit
