// Laser inter-satellite links (ISLs): the +Grid topology and the per-instant link test.
//
// +Grid (Bhattacherjee & Singla 2019; Handley 2018): inside each Walker shell every satellite keeps
// four lasers: to the satellites ahead and behind it in its own plane, and to one satellite in each
// adjacent plane. Shells are not linked to each other. The topology is fixed for the life of the
// constellation; what changes with time is each link's length and whether it is usable:
//   - both satellites have a valid state,
//   - the length is at most `max_range_km`,
//   - the straight line between them stays above the atmosphere: it does not touch the ellipsoid
//     with semi-axes (a + h, a + h, b + h), a and b the WGS84 semi-axes and h = `atmosphere_km`.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "leotwin/base/status.h"
#include "leotwin/base/vec3.h"
#include "leotwin/orbit/constellation.h"

namespace leotwin::net {

// One laser link between satellites `a` and `b` (indices into the constellation).
struct IslLink {
  int32_t a = 0, b = 0;
  bool operator==(const IslLink&) const = default;
};

struct LaserOptions {
  // kExplicit: exactly `explicit_links` (e.g. Hypatia's isls.txt, hypatia_input.h), used as given.
  enum class Topology { kNone, kPlusGrid, kExplicit };
  Topology topology = Topology::kPlusGrid;
  // Longest usable laser link, km. Starlink reports links beyond 5,000 km.
  double max_range_km = 5016.0;
  // The line of sight must clear this height above the ellipsoid, km.
  double atmosphere_km = 80.0;
  // Cross-plane neighbour of satellite s of plane p in plane p+1: by default the satellite whose
  // argument of latitude at epoch is nearest (for Walker delta i:T/P/F with F/P < 1/2, the same
  // index; across the seam, plane P-1 -> plane 0, index s+F). When set, the seam link instead goes
  // from (P-1, s) to (0, (s + seam_shift) mod S), as Hypatia's `isl_shift`.
  std::optional<int> seam_shift;
  // Every cross-plane link goes from (p, s) to (p + 1, (s + isl_shift) mod S), across the seam too
  // (Hypatia's `isl_shift`, which its +Grid generator applies to every pair of adjacent planes);
  // `seam_shift`, when also set, then overrides the seam only.
  std::optional<int> isl_shift;
  // Link plane P-1 to plane 0. Only for shells whose planes span 360 degrees of RAAN (Walker
  // delta); Walker star shells (180 degrees) never link across their counter-rotating seam.
  bool link_across_seam = true;
  // The slots were inferred from element sets (slot_inference.h), not built: satellites without a
  // slot get no lasers, planes may hold different numbers of satellites (a satellite links to the
  // free satellite of the next plane nearest in argument of latitude at the latest element epoch,
  // at most one slot spacing away), and seam_shift is ignored.
  bool inferred_slots = false;
  // Hypatia's +Grid rule (satgenpy generate_plus_grid_isls, for slots read from a Hypatia
  // tles.txt): the cross-plane neighbour of (plane p, index s) is (p + 1, s + isl_shift) with
  // isl_shift 0 when unset, across the seam too unless seam_shift is set, whatever the phasing
  // (no "nearest" search: with Hypatia's half-slot offset on odd planes that search is a tie).
  // Every satellite then has exactly four lasers. Links are listed as (min, max) in Hypatia's
  // order. Needs at least 3 planes of at least 3 satellites in every shell, as Hypatia does.
  bool hypatia_grid = false;
  // The links of Topology::kExplicit (indices into the constellation; a != b, no duplicates).
  std::vector<IslLink> explicit_links;
};

// The +Grid links of a constellation whose satellites all have Walker slots (shell, plane, index),
// in a stable order: for each satellite in constellation order, its link to the next satellite in
// its plane, then to its neighbour in the next plane. That is the order of Hypatia's
// `isls.txt` for +Grid, so interface numbers derived from it match (see hypatia.h).
// Empty when `options.topology` is kNone. Unless `options.inferred_slots`, errors when a satellite
// has no slot or a shell's grid has holes.
StatusOr<std::vector<IslLink>> PlusGridLinks(const orbit::Constellation& constellation,
                                             const LaserOptions& options);

// The links `options` asks for: none, +Grid (PlusGridLinks) or the explicit list, checked (indices
// inside the constellation, no self link, no link twice in either orientation) and kept in its
// order and orientation.
StatusOr<std::vector<IslLink>> LaserLinks(const orbit::Constellation& constellation,
                                          const LaserOptions& options);

// True iff the segment a-b (ECEF, km) stays strictly outside the ellipsoid with semi-axes
// (a+h, a+h, b+h). Exact for that ellipsoid (the test scales z to make it a sphere).
bool LineOfSightClears(const EcefVector& a, const EcefVector& b, double atmosphere_km);

}  // namespace leotwin::net
