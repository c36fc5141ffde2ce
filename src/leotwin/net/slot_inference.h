// Walker slots (shell, plane, index) inferred from element sets, so that a real constellation read
// from TLE/OMM gets the +Grid laser mesh that presets get from their construction.
//
// The rule, all on mean elements carried to one common epoch T (default: the latest element
// epoch) with the J2 secular rates (elements of one catalog snapshot are days apart, and in two
// days RAAN moves ~9 deg at 550 km, 53 deg, more than a plane spacing of 5 deg):
//   1. Eligible: elements valid, eccentricity <= max_eccentricity, mean altitude in
//      [min_altitude_km, max_altitude_km]. Why 450 km: operational Starlink-class shells sit at
//      480-1,200 km; below 450 km a satellite is in post-launch checkout, raising its orbit or
//      descending for disposal, and changes altitude (hence plane drift) by the day.
//   2. Shells: density clusters (DBSCAN) in (inclination, altitude): two satellites are neighbours
//      when within shell_inclination_tol_deg and shell_altitude_tol_km; a satellite with at least
//      shell_core_neighbours neighbours (itself included) is a core point; clusters are the
//      connected cores plus their neighbours. Why density rather than gaps: satellites in transit
//      make continuous streaks that would chain distinct shells (Starlink's 53.05, 53.16 and 53.22
//      deg shells are 0.06 deg apart) under a plain gap rule. Why 0.03 deg and 4 km: a shell holds
//      its inclination to ~0.01 deg and its altitude to ~1 km; shells differ by >= 0.05 deg or
//      >= 10 km.
//   3. Planes: in each shell, RAANs at T sorted around the circle (starting after the largest gap,
//      so 0/360 is not a boundary) and split wherever consecutive RAANs are more than
//      plane_gap_deg apart. Why 1 deg: a plane's satellites lie within ~1 deg of RAAN while
//      planes of real shells are >= 5 deg apart (72 planes over 360 deg).
//   4. Planes with fewer than min_plane_satellites, then shells with fewer than min_shell_planes
//      planes or min_shell_satellites satellites, are dropped (a launch batch that has not reached
//      its shell is one or two planes). Their satellites get no slot.
//   5. Numbering: shells by (inclination, altitude); planes by increasing RAAN from the one after
//      the largest gap between planes; satellites in a plane by increasing argument of latitude
//      at T in [0, 360).
// A shell whose largest gap between adjacent planes is at most max_seam_gap_deg is recorded as
// spanning 360 deg (the plane ring closes, as Walker delta); otherwise as spanning less, so +Grid
// does not link across the gap (Walker star, or a shell with a missing arc of planes).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/orbit/constellation.h"
#include "leotwin/orbit/elements.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::net {

// Mean orbital state of one satellite at an instant, from its elements and the first-order J2
// secular rates (Brouwer mean motion as SGP4 recovers it; TLE ndot/2 for along-track drag).
// Agrees with the osculating state of SGP4 to ~0.1 deg (short-period terms) over days.
struct MeanState {
  bool ok = false;  // False for elements outside SGP4's domain.
  double inclination_deg = 0.0;
  double raan_deg = 0.0;          // [0, 360)
  double arg_latitude_deg = 0.0;  // Argument of perigee + mean anomaly, [0, 360).
  double altitude_km = 0.0;       // SGP4 mean semi-major axis - WGS72 equatorial radius.
};
MeanState MeanStateAt(const orbit::ElementSet& elements, SimTime t);

// The latest element-set epoch (the default common epoch). REQUIRES: non-empty.
SimTime LatestEpoch(const std::vector<orbit::ElementSet>& elements);

struct SlotInferenceOptions {
  std::optional<SimTime> epoch;  // Common epoch T; default: LatestEpoch.
  double min_altitude_km = 450.0;
  double max_altitude_km = 2000.0;  // LEO only.
  double max_eccentricity = 0.005;  // Shells are circular (Starlink e ~ 1e-4).
  double shell_inclination_tol_deg = 0.03;
  double shell_altitude_tol_km = 4.0;
  int shell_core_neighbours = 8;
  double plane_gap_deg = 1.0;
  int min_plane_satellites = 3;
  int min_shell_planes = 3;
  int min_shell_satellites = 60;
  double max_seam_gap_deg = 90.0;
};

struct SlotInference {
  SimTime epoch;
  std::vector<orbit::SatelliteSlot> slots;    // Parallel to the elements; -1 where none.
  std::vector<orbit::ShellInfo> shells;       // sats_per_plane = the largest plane.
  std::vector<std::vector<int>> plane_sizes;  // [shell][plane]: satellites in that plane.
  // Satellites without a slot, by reason (they sum to `unslotted`).
  int64_t unslotted = 0;
  int64_t not_eligible = 0;  // Step 1: invalid, eccentric, too low or too high.
  int64_t not_in_shell = 0;  // Step 2: not in any density cluster.
  int64_t small_plane = 0;   // Step 4: plane too small.
  int64_t small_shell = 0;   // Step 4: shell too small.
  int total_planes() const;
};

// Infers slots for every satellite (ignoring any slots it already has). InvalidArgument for an
// empty constellation or inconsistent options.
StatusOr<SlotInference> InferSlots(const orbit::Constellation& constellation,
                                   const SlotInferenceOptions& options = {});

// InferSlots, then replaces the constellation's slots and shells with the inferred ones.
StatusOr<SlotInference> AssignInferredSlots(orbit::Constellation* constellation,
                                            const SlotInferenceOptions& options = {});

}  // namespace leotwin::net
