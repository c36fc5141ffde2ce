// Shared invariant check for the element-set fuzz targets: every element set a parser accepts
// satisfies the ranges documented in orbit/elements.h, orbit/tle.h and orbit/omm.h.
#pragma once

#include <cmath>
#include <cstdlib>
#include <vector>

#include "leotwin/orbit/elements.h"

namespace leotwin::fuzz {

inline void Require(bool ok) {
  if (!ok) std::abort();
}

inline void CheckElements(const std::vector<orbit::ElementSet>& elements) {
  for (const orbit::ElementSet& e : elements) {
    Require(e.inclination_deg >= 0.0 && e.inclination_deg <= 180.0);
    Require(e.raan_deg >= 0.0 && e.raan_deg <= 360.0);
    Require(e.arg_perigee_deg >= 0.0 && e.arg_perigee_deg <= 360.0);
    Require(e.mean_anomaly_deg >= 0.0 && e.mean_anomaly_deg <= 360.0);
    Require(e.eccentricity >= 0.0 && e.eccentricity < 1.0);
    Require(std::isfinite(e.mean_motion_rev_per_day) && e.mean_motion_rev_per_day > 0.0);
    Require(std::isfinite(e.bstar) && std::isfinite(e.mean_motion_dot) &&
            std::isfinite(e.mean_motion_ddot));
    Require(std::isfinite(e.epoch_day_of_year) && e.epoch_day_of_year >= 1.0 &&
            e.epoch_day_of_year < 368.0);
    Require(e.catalog_number >= 0);
  }
}

}  // namespace leotwin::fuzz
