#include "leotwin/time/sim_time.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"

namespace leotwin {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (era-based day count: 400-year eras of
// 146,097 days, years starting in March so the leap day is last).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  int64_t year;
  int month;
  int day;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int d = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `width` digits at text[pos].
bool ReadDigits(std::string_view text, size_t pos, size_t width, int* out) {
  if (pos + width > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

Status TimeError(std::string_view text, size_t column, std::string_view expected) {
  return absl::InvalidArgumentError(
      fmt::format("time \"{}\", column {}: expected {} (ISO 8601, e.g. 2025-09-23T12:00:00Z)", text,
                  column + 1, expected));
}

std::string_view StripWhitespace(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

SimTime SimTime::FromCivil(int year, int month, int day, int hour, int minute, double second) {
  LEOTWIN_DCHECK_MSG(year >= 1678 && year <= 2261, "SimTime holds 1678..2261");
  LEOTWIN_DCHECK(month >= 1 && month <= 12);
  LEOTWIN_DCHECK(day >= 1 && day <= DaysInMonth(year, month));
  const int64_t days = DaysFromCivil(year, month, day);
  const int64_t whole_seconds = days * 86400 + hour * 3600 + minute * 60;
  return SimTime(whole_seconds * kNanosPerSecond + std::llround(second * 1e9));
}

StatusOr<SimTime> SimTime::Parse(std::string_view raw) {
  const std::string_view text = StripWhitespace(raw);
  int year, month, day, hour = 0, minute = 0, sec = 0;
  if (!ReadDigits(text, 0, 4, &year)) return TimeError(raw, 0, "a 4-digit year");
  // SimTime's int64 nanoseconds reach 1677-09-21..2262-04-11: whole years inside that span only.
  if (year < 1678 || year > 2261) return TimeError(raw, 0, "a year in 1678..2261");
  if (text.size() < 5 || text[4] != '-') return TimeError(raw, 4, "'-'");
  if (!ReadDigits(text, 5, 2, &month) || month < 1 || month > 12)
    return TimeError(raw, 5, "a month 01..12");
  if (text.size() < 8 || text[7] != '-') return TimeError(raw, 7, "'-'");
  if (!ReadDigits(text, 8, 2, &day) || day < 1 || day > DaysInMonth(year, month))
    return TimeError(raw, 8, "a day of that month");
  size_t pos = 10;
  int64_t frac_ns = 0;
  if (pos < text.size() && text[pos] != 'Z' && text[pos] != 'z') {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
      return TimeError(raw, pos, "'T' or end of text");
    ++pos;
    if (!ReadDigits(text, pos, 2, &hour) || hour > 23) return TimeError(raw, pos, "an hour 00..23");
    pos += 2;
    if (pos >= text.size() || text[pos] != ':') return TimeError(raw, pos, "':'");
    ++pos;
    if (!ReadDigits(text, pos, 2, &minute) || minute > 59)
      return TimeError(raw, pos, "a minute 00..59");
    pos += 2;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadDigits(text, pos, 2, &sec) || sec > 59)
        return TimeError(raw, pos, "a second 00..59");
      pos += 2;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        int64_t scale = 100'000'000;
        const size_t digits_start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          frac_ns += (text[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == digits_start) return TimeError(raw, pos, "fraction digits");
      }
    }
  }
  int64_t offset_seconds = 0;
  if (pos < text.size()) {
    if (text[pos] == 'Z' || text[pos] == 'z') {
      ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
      const int sign = text[pos] == '+' ? 1 : -1;
      int oh, om = 0;
      if (!ReadDigits(text, pos + 1, 2, &oh) || oh > 23)
        return TimeError(raw, pos + 1, "a zone offset hh:mm");
      size_t p = pos + 3;
      if (p < text.size() && text[p] == ':') ++p;
      if (!ReadDigits(text, p, 2, &om) || om > 59) return TimeError(raw, p, "zone offset minutes");
      offset_seconds = sign * (oh * 3600 + om * 60);
      pos = p + 2;
    } else {
      return TimeError(raw, pos, "'Z', a zone offset or end of text");
    }
  }
  if (pos != text.size()) return TimeError(raw, pos, "end of text");
  if (year < 1678 || year > 2261) return TimeError(raw, 0, "a year in 1678..2261");
  const int64_t seconds =
      DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + sec - offset_seconds;
  return SimTime(seconds * kNanosPerSecond + frac_ns);
}

SimTime::SplitJulianDate SimTime::JulianDate() const {
  // Floor division so instants before 1970 also get a fraction in [0, 1).
  int64_t days = ns_ / kNanosPerDay;
  int64_t rem = ns_ % kNanosPerDay;
  if (rem < 0) {
    rem += kNanosPerDay;
    --days;
  }
  return {kUnixEpochJulianDate + static_cast<double>(days),
          static_cast<double>(rem) / static_cast<double>(kNanosPerDay)};
}

double SimTime::JulianDateDouble() const {
  const SplitJulianDate jd = JulianDate();
  return jd.whole + jd.fraction;
}

SimTime SimTime::FromJulianDate(double whole, double fraction) {
  const double days_whole = whole - kUnixEpochJulianDate;
  const double day_floor = std::floor(days_whole);
  const double frac = (days_whole - day_floor) + fraction;
  return SimTime(static_cast<int64_t>(day_floor) * kNanosPerDay +
                 std::llround(frac * static_cast<double>(kNanosPerDay)));
}

std::string SimTime::ToIso8601() const {
  int64_t days = ns_ / kNanosPerDay;
  int64_t rem = ns_ % kNanosPerDay;
  if (rem < 0) {
    rem += kNanosPerDay;
    --days;
  }
  const Civil c = CivilFromDays(days);
  const int64_t secs = rem / kNanosPerSecond;
  const int64_t sub = rem % kNanosPerSecond;
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", c.year, c.month, c.day,
                                secs / 3600, (secs / 60) % 60, secs % 60);
  if (sub != 0) {
    out += sub % 1'000'000 == 0 ? fmt::format(".{:03d}", sub / 1'000'000)
                                : fmt::format(".{:09d}", sub);
  }
  out += "Z";
  return out;
}

StatusOr<int64_t> ParseDuration(std::string_view raw, bool allow_zero) {
  const std::string_view text = StripWhitespace(raw);
  size_t unit_pos = 0;
  while (unit_pos < text.size() &&
         ((text[unit_pos] >= '0' && text[unit_pos] <= '9') || text[unit_pos] == '.'))
    ++unit_pos;
  const std::string number(text.substr(0, unit_pos));
  const std::string_view unit = text.substr(unit_pos);
  char* end = nullptr;
  const double value = number.empty() ? NAN : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value)) {
    return absl::InvalidArgumentError(fmt::format(
        "duration \"{}\": expected a number followed by a unit (ns, us, ms, s, m/min, h, d)", raw));
  }
  double scale;
  if (unit.empty() || unit == "s") {
    scale = 1e9;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "us") {
    scale = 1e3;
  } else if (unit == "ns") {
    scale = 1;
  } else if (unit == "m" || unit == "min") {
    scale = 60e9;
  } else if (unit == "h") {
    scale = 3600e9;
  } else if (unit == "d") {
    scale = 86400e9;
  } else {
    return absl::InvalidArgumentError(fmt::format(
        "duration \"{}\": unknown unit \"{}\" (use ns, us, ms, s, m/min, h, d)", raw, unit));
  }
  const double ns = value * scale;
  if (ns > 9.2e18) return absl::OutOfRangeError(fmt::format("duration \"{}\" is too long", raw));
  const int64_t rounded = std::llround(ns);
  if (rounded <= 0 && !allow_zero)
    return absl::InvalidArgumentError(fmt::format("duration \"{}\" must be positive", raw));
  return rounded;
}

double GmstIau82(double jd_ut1_whole, double jd_ut1_fraction) {
  // IAU-82 GMST in seconds of time, T in Julian centuries of UT1 since J2000.0 (Vallado,
  // Fundamentals of Astrodynamics, eq. 3-47).
  const double t = ((jd_ut1_whole - 2451545.0) + jd_ut1_fraction) / 36525.0;
  double seconds = -6.2e-6 * t * t * t + 0.093104 * t * t +
                   (876600.0 * 3600.0 + 8640184.812866) * t + 67310.54841;
  // 360 deg = 86400 s of time, so 1 s of time = 1/240 deg.
  double radians = std::fmod(seconds * kDegToRad / 240.0, kTwoPi);
  if (radians < 0.0) radians += kTwoPi;
  return radians;
}

TimeGrid TimeGrid::Over(SimTime start, int64_t duration_ns, int64_t step_ns) {
  LEOTWIN_DCHECK(step_ns > 0);
  LEOTWIN_DCHECK(duration_ns >= 0);
  return TimeGrid{start, step_ns, duration_ns / step_ns + 1};
}

}  // namespace leotwin
