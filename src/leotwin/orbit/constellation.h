// A constellation: element sets plus, where known, each satellite's place in a Walker shell.
// Real constellations read from TLE/OMM have no known slots (shell = -1) until a layer infers them;
// presets built from Walker shells have every slot filled. Layers above orbit/ (net, coverage,
// api) take a Constellation by const reference: there is no process-wide constellation.
#pragma once

#include <string>
#include <vector>

#include "leotwin/orbit/elements.h"

namespace leotwin::orbit {

// Where one satellite sits in its shell. -1 where unknown.
struct SatelliteSlot {
  int shell = -1;           // Index into Constellation::shells.
  int plane = -1;           // Orbital plane, 0..planes-1, in order of increasing RAAN.
  int index_in_plane = -1;  // 0..sats_per_plane-1, in order of increasing argument of latitude.
};

// A Walker-delta shell i:T/P/F (Walker 1984): T = planes * sats_per_plane satellites in `planes`
// planes evenly spaced over `raan_spread_deg` of right ascension, phase offset between adjacent
// planes = phasing * 360 / T degrees.
struct ShellInfo {
  std::string name;
  int planes = 0;
  int sats_per_plane = 0;
  int phasing = 0;           // Walker F, 0..planes-1.
  double altitude_km = 0.0;  // Above the WGS72 equatorial radius (circular orbits).
  double inclination_deg = 0.0;
  double raan_spread_deg = 360.0;  // 360 for Walker delta, 180 for Walker star (polar).
  int size() const { return planes * sats_per_plane; }
};

struct Constellation {
  std::string name;
  std::vector<ElementSet> elements;
  std::vector<SatelliteSlot> slots;  // Parallel to `elements` (same size).
  std::vector<ShellInfo> shells;     // Empty for constellations read from TLE/OMM.

  size_t size() const { return elements.size(); }
};

}  // namespace leotwin::orbit
