// Mean orbital elements of one object, as carried by a TLE or an OMM (CCSDS 502.0-B-3) message in
// the SGP4 theory. This is the common currency of orbit/: the TLE and OMM parsers produce it,
// Walker-shell presets generate it, and the SGP4 propagators consume it.
//
// Units follow the TLE/OMM conventions (degrees, revolutions per day) so that an element set read
// from a TLE and the same object read from OMM compare equal field by field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

struct ElementSet {
  std::string name;            // Object name (3-line TLE line 0, OMM OBJECT_NAME); may be "".
  int64_t catalog_number = 0;  // NORAD catalog number (Alpha-5 decoded: "A0000" = 100000).
  std::string international_designator;  // e.g. "19029A" (TLE form, no dashes); may be "".
  char classification = 'U';

  // Epoch as written: two-digit years are expanded (57..99 -> 19xx, 00..56 -> 20xx).
  int epoch_year = 2000;           // Four-digit year.
  double epoch_day_of_year = 1.0;  // Day of year with fraction, 1.0 = Jan 1 00:00 UTC.
  SimTime epoch;                   // The same instant, rounded to the nanosecond.

  double mean_motion_dot = 0.0;   // First derivative of mean motion / 2, rev/day^2.
  double mean_motion_ddot = 0.0;  // Second derivative of mean motion / 6, rev/day^3.
  double bstar = 0.0;             // Drag term, 1/Earth radii.
  int ephemeris_type = 0;
  int element_set_number = 0;

  double inclination_deg = 0.0;          // [0, 180]
  double raan_deg = 0.0;                 // Right ascension of the ascending node, [0, 360).
  double eccentricity = 0.0;             // [0, 1)
  double arg_perigee_deg = 0.0;          // [0, 360)
  double mean_anomaly_deg = 0.0;         // [0, 360)
  double mean_motion_rev_per_day = 0.0;  // > 0
  int64_t revolution_number = 0;

  // Epoch as a split Julian date (whole part ending in .5, fraction of day), computed from
  // epoch_year/epoch_day_of_year without rounding to nanoseconds: SGP4 uses it.
  SimTime::SplitJulianDate EpochJulianDate() const;
};

// Computes `epoch` from `epoch_year` and `epoch_day_of_year`.
SimTime EpochFromYearDay(int year, double day_of_year);

}  // namespace leotwin::orbit
