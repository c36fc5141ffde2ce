// SGP4/SDP4: the analytic orbit theory that TLE and OMM mean elements are fitted to.
//
// Model: Hoots & Roehrich, "Spacetrack Report #3: Models for Propagation of NORAD Element Sets"
// (1980), as revised by Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3",
// AIAA 2006-6753, in its improved ("i") operation mode: WGS72 constants, Kozai-to-Brouwer mean
// motion recovery, near-earth SGP4 (with the simplified drag terms below 220 km perigee),
// deep-space SDP4 for periods >= 225 min (lunar-solar secular and periodic terms, Lyddane
// modification below 0.2 rad inclination, 12 h and 24 h geopotential resonance integrated in 720
// min steps from epoch), GMST at epoch from the IAU-82 expression, no sub-orbital (code 5) check,
// eccentricity check -0.001 <= e < 1. Written from the equations of those two publications.
//
// Frame and units: output is in TEME (true equator, mean equinox of date), position in km,
// velocity in km/s. Times are minutes since the element set's epoch (split Julian date, not the
// nanosecond-rounded SimTime). Accuracy: matches Vallado's published verification output
// (tests/data/sgp4/tcppver.out) to better than 2e-7 km and 2e-7 km/s on all 33 of its objects;
// the model itself is good to about 1 km at epoch, degrading by a few km per day.
//
// Thread-safety: an Sgp4 is immutable after Create(); Propagate() is const, allocation-free and
// may be called concurrently. Deep-space resonant objects integrate from epoch on every call
// (cost grows with |t| / 720 min), which keeps the result independent of call order.
#pragma once

#include <cstdint>

#include "leotwin/base/status.h"
#include "leotwin/base/vec3.h"
#include "leotwin/orbit/elements.h"
#include "leotwin/time/sim_time.h"

namespace leotwin::orbit {

// WGS72 constants as used by SGP4 (Spacetrack Report #3; Vallado et al. 2006, "wgs72").
struct Wgs72 {
  static constexpr double kMuKm3PerS2 = 398600.8;  // Earth gravitational parameter.
  static constexpr double kRadiusKm = 6378.135;    // Equatorial radius.
  static constexpr double kJ2 = 0.001082616;
  static constexpr double kJ3 = -0.00000253881;
  static constexpr double kJ4 = -0.00000165597;
};

// Vallado's SGP4 error codes, returned by Propagate() in Sgp4Result::error.
enum Sgp4Error : int {
  kSgp4Ok = 0,
  kSgp4MeanElements = 1,           // Mean eccentricity outside [-0.001, 1) (or semi-major axis).
  kSgp4MeanMotion = 2,             // Mean motion <= 0 (resonance integration).
  kSgp4PerturbedEccentricity = 3,  // Eccentricity after lunar-solar periodics outside [0, 1].
  kSgp4SemiLatusRectum = 4,        // Semi-latus rectum < 0.
  kSgp4SubOrbital = 5,             // Epoch elements sub-orbital: never raised in improved mode.
  kSgp4Decayed = 6,                // Radius below one Earth radius: the satellite has decayed.
};

// Short English description of an error code ("ok" for 0).
const char* Sgp4ErrorMessage(int code);

struct Sgp4Result {
  TemeVector position;  // km. NaN when error is 1..4; computed (inside the Earth) when 6.
  TemeVector velocity;  // km/s. Same convention.
  int error = kSgp4Ok;  // Sgp4Error code.
  bool ok() const { return error == kSgp4Ok; }
};

// Everything SGP4 derives from an element set at initialization (Spacetrack Report #3 symbols).
// Exposed for the batch propagator, which copies these into its struct-of-arrays layout; not
// meant for other users.
struct Sgp4Model {
  // Mean elements at epoch (radians, radians/minute, Earth radii).
  double ecco, inclo, nodeo, argpo, mo, no_kozai, no;  // no = un-Kozai'd (Brouwer) mean motion
  double bstar;
  // Derived at epoch.
  double ao, cosio, sinio, con41, x1mth2, x7thm1, eta;
  double cc1, cc4, cc5, d2, d3, d4, delmo, sinmao;
  double mdot, argpdot, nodedot, nodecf, omgcof, xmcof, t2cof, t3cof, t4cof, t5cof;
  double xlcof, aycof;
  bool simplified = false;  // Perigee below 220 km or deep space: drag terms truncated.
  bool deep_space = false;  // Period >= 225 minutes: SDP4.
  // Deep space (SDP4) only.
  double gsto = 0;  // GMST at epoch (IAU-82), radians.
  double e3, ee2, peo, pgho, pho, pinco, plo, se2, se3, sgh2, sgh3, sgh4, sh2, sh3, si2, si3, sl2,
      sl3, sl4, xgh2, xgh3, xgh4, xh2, xh3, xi2, xi3, xl2, xl3, xl4, zmol, zmos;
  double dedt, didt, dmdt, dnodt, domdt;
  int irez = 0;  // 0 none, 1 synchronous (24 h), 2 half-day (12 h) resonance.
  double d2201, d2211, d3210, d3222, d4410, d4422, d5220, d5232, d5421, d5433;
  double del1, del2, del3, xfact, xlamo, xli, xni;
};

class Sgp4 {
 public:
  // Initializes the model for one element set. Fails (InvalidArgument, naming the catalog number
  // and the field) when the elements are outside the model's domain: non-finite values,
  // eccentricity outside [0, 1), inclination outside [0, 180] deg, mean motion <= 0, or a
  // recovered semi-major axis that is not positive. Conditions Vallado's initialization detects
  // by propagating to epoch (e.g. an orbit already decayed at epoch) are not init errors here:
  // Propagate(0) reports them with their error code, so a whole catalog can still be loaded.
  static StatusOr<Sgp4> Create(const ElementSet& elements);

  // Position and velocity at `minutes_since_epoch` (may be negative). Errors: see Sgp4Error.
  // REQUIRES: minutes_since_epoch is finite.
  Sgp4Result Propagate(double minutes_since_epoch) const;
  // Same at an absolute instant (UTC), using the split-Julian-date epoch.
  Sgp4Result PropagateAt(SimTime t) const { return Propagate(MinutesSinceEpoch(t)); }

  // Minutes from the element set's epoch (exact split Julian date) to `t`.
  double MinutesSinceEpoch(SimTime t) const;

  int64_t catalog_number() const { return catalog_number_; }
  // Epoch as split Julian date (UTC): whole part ends in .5, fraction in [0, 1).
  SimTime::SplitJulianDate epoch_julian_date() const { return epoch_jd_; }
  bool deep_space() const { return model_.deep_space; }
  const Sgp4Model& model() const { return model_; }

 private:
  Sgp4() = default;
  Sgp4Model model_{};
  int64_t catalog_number_ = 0;
  SimTime::SplitJulianDate epoch_jd_{0, 0};
};

}  // namespace leotwin::orbit
