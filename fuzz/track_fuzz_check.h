// Shared by the track reader fuzzers: what a parsed track promises (track/track.h). On success:
// at least one fix, times strictly increasing, coordinates and altitudes in range; the position at
// the first and last fix and between them is finite, in range, at a finite non-negative speed.
#pragma once

#include <cmath>
#include <cstdlib>

#include "leotwin/track/track.h"

namespace leotwin::track {

inline void CheckTrack(const StatusOr<Track>& t) {
  if (!t.ok()) return;
  const auto& f = t->fixes();
  if (f.empty()) std::abort();
  for (size_t i = 0; i < f.size(); ++i) {
    if (!(f[i].lat_deg >= -90 && f[i].lat_deg <= 90 && f[i].lon_deg >= -180 &&
          f[i].lon_deg <= 180 && std::isfinite(f[i].alt_m))) {
      std::abort();
    }
    if (i > 0 && !(f[i].time > f[i - 1].time)) std::abort();
  }
  const SimTime mid = t->start() + (t->end() - t->start()) / 2;
  for (const SimTime at : {t->start(), mid, t->end()}) {
    const TrackPoint p = t->At(at);
    if (!(p.lat_deg >= -90 && p.lat_deg <= 90 && p.lon_deg >= -180 && p.lon_deg <= 180 &&
          std::isfinite(p.speed_kmh) && p.speed_kmh >= 0 && std::isfinite(p.alt_m))) {
      std::abort();
    }
    const TrackPoint q = t->AtFrom(at, 0);
    if (q.lat_deg != p.lat_deg || q.lon_deg != p.lon_deg || q.segment != p.segment) std::abort();
  }
}

}  // namespace leotwin::track
