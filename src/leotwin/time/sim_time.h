// Simulation time: an integer count of nanoseconds since 1970-01-01T00:00:00 UTC (the POSIX
// epoch), with every day 86,400 s long (leap seconds are not counted, as in POSIX time and in
// TLE epochs). Range: about years 1678..2262. Integer time makes time grids exact and steps
// reproducible on every machine.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "leotwin/base/status.h"

namespace leotwin {

class SimTime {
 public:
  static constexpr int64_t kNanosPerSecond = 1'000'000'000;
  static constexpr int64_t kNanosPerMinute = 60 * kNanosPerSecond;
  static constexpr int64_t kNanosPerDay = 86'400 * kNanosPerSecond;
  // Julian date of the POSIX epoch.
  static constexpr double kUnixEpochJulianDate = 2440587.5;

  constexpr SimTime() = default;
  static constexpr SimTime FromUnixNanos(int64_t ns) { return SimTime(ns); }
  static constexpr SimTime FromUnixSeconds(double s) {
    return SimTime(static_cast<int64_t>(s * 1e9 + (s >= 0 ? 0.5 : -0.5)));
  }
  // From a calendar date and time of day (UTC). REQUIRES: valid Gregorian date, 1678..2261.
  static SimTime FromCivil(int year, int month, int day, int hour = 0, int minute = 0,
                           double second = 0.0);
  // Parses ISO 8601 / RFC 3339: "2025-09-23", "2025-09-23T12:00:00Z", "2025-09-23T12:00:00.5Z",
  // "2025-09-23 12:00:00", "2025-09-23T12:00:00+02:00". A missing zone means UTC.
  static StatusOr<SimTime> Parse(std::string_view text);

  constexpr int64_t unix_nanos() const { return ns_; }
  constexpr double unix_seconds() const { return static_cast<double>(ns_) * 1e-9; }

  // Julian date split in two doubles for precision: `whole` ends in .5 (midnight), `fraction` is
  // in [0, 1). Their sum is the UTC Julian date.
  struct SplitJulianDate {
    double whole;
    double fraction;
  };
  SplitJulianDate JulianDate() const;
  double JulianDateDouble() const;
  // Inverse of JulianDate(), rounding to the nearest nanosecond.
  static SimTime FromJulianDate(double whole, double fraction);

  // "2025-09-23T12:00:00Z" (with ".mmm" when not a whole second).
  std::string ToIso8601() const;

  constexpr SimTime operator+(int64_t ns) const { return SimTime(ns_ + ns); }
  constexpr SimTime operator-(int64_t ns) const { return SimTime(ns_ - ns); }
  constexpr int64_t operator-(SimTime o) const { return ns_ - o.ns_; }
  constexpr auto operator<=>(const SimTime&) const = default;

 private:
  constexpr explicit SimTime(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

// Parses a duration such as "600s", "100ms", "1.5h", "1d", "90min", "2m" (minutes), "250us",
// "1ns", or a bare number of seconds. Returns nanoseconds (> 0 unless `allow_zero`).
StatusOr<int64_t> ParseDuration(std::string_view text, bool allow_zero = false);

// Greenwich mean sidereal time (IAU-82 model, as used with SGP4/TEME), in radians [0, 2*pi),
// from a UT1 Julian date. Callers pass UTC for UT1 (|UT1-UTC| < 0.9 s): the Earth turns at most
// 0.42 km at the equator in that time, which bounds the ECEF error of doing so.
double GmstIau82(double jd_ut1_whole, double jd_ut1_fraction);

// An evenly spaced grid of instants: start, start+step, ..., `count` instants.
struct TimeGrid {
  SimTime start;
  int64_t step_ns = SimTime::kNanosPerMinute;
  int64_t count = 1;

  SimTime At(int64_t i) const { return start + i * step_ns; }
  SimTime end() const { return At(count - 1); }
  // Grid covering [start, start+duration] inclusive of the start, `duration/step` steps after it.
  // REQUIRES: step_ns > 0, duration_ns >= 0.
  static TimeGrid Over(SimTime start, int64_t duration_ns, int64_t step_ns);
};

}  // namespace leotwin
