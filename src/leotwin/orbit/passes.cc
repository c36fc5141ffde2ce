#include "leotwin/orbit/passes.h"

#include <cmath>
#include <optional>

#include "fmt/format.h"

namespace leotwin::orbit {
namespace {

// Elevation of the satellite from the site at t, or nullopt when SGP4 reports an error.
class ElevationFunction {
 public:
  ElevationFunction(const Sgp4& satellite, const Geodetic& site, const EarthOrientation& eop)
      : satellite_(satellite), site_(site), eop_(eop) {}

  std::optional<LookAngles> Look(SimTime t) const {
    const Sgp4Result r = satellite_.PropagateAt(t);
    if (!r.ok()) return std::nullopt;
    return site_.Look(TemeToEcefPosition(r.position, t, eop_));
  }
  std::optional<double> Elevation(SimTime t) const {
    const auto look = Look(t);
    if (!look) return std::nullopt;
    return look->elevation_deg;
  }

 private:
  const Sgp4& satellite_;
  Topocentric site_;
  EarthOrientation eop_;
};

// Bisection for the mask crossing in [lo, hi], where elevation(lo) and elevation(hi) lie on
// opposite sides of the mask. Returns the first instant found at or above the mask side given by
// `rising` within the tolerance.
SimTime Crossing(const ElevationFunction& f, double mask, SimTime lo, SimTime hi, bool rising,
                 int64_t tolerance_ns) {
  while (hi - lo > tolerance_ns) {
    const SimTime mid = lo + (hi - lo) / 2;
    const std::optional<double> e = f.Elevation(mid);
    const bool above = e && *e >= mask;
    if (above == rising) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return rising ? hi : lo;
}

// Golden-section search for the elevation maximum in [lo, hi].
SimTime Culmination(const ElevationFunction& f, SimTime lo, SimTime hi, int64_t tolerance_ns) {
  constexpr double kInvPhi = 0.6180339887498949;
  auto value = [&](SimTime t) { return f.Elevation(t).value_or(-90.0); };
  SimTime a = lo, b = hi;
  SimTime c = b - static_cast<int64_t>(kInvPhi * static_cast<double>(b - a));
  SimTime d = a + static_cast<int64_t>(kInvPhi * static_cast<double>(b - a));
  double fc = value(c), fd = value(d);
  while (b - a > tolerance_ns) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - static_cast<int64_t>(kInvPhi * static_cast<double>(b - a));
      fc = value(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + static_cast<int64_t>(kInvPhi * static_cast<double>(b - a));
      fd = value(d);
    }
  }
  return a + (b - a) / 2;
}

}  // namespace

StatusOr<std::vector<Pass>> FindPasses(const Sgp4& satellite, const Geodetic& site, SimTime start,
                                       SimTime end, const PassOptions& options) {
  if (end < start) {
    return absl::InvalidArgumentError(fmt::format("passes: window end {} is before its start {}",
                                                  end.ToIso8601(), start.ToIso8601()));
  }
  if (!(options.min_elevation_deg >= -90.0 && options.min_elevation_deg < 90.0)) {
    return absl::InvalidArgumentError(fmt::format(
        "passes: elevation mask {} deg is outside [-90, 90)", options.min_elevation_deg));
  }
  if (options.coarse_step_ns <= 0 || options.time_tolerance_ns <= 0) {
    return absl::InvalidArgumentError("passes: step and tolerance must be positive");
  }
  if (!(site.latitude_deg >= -90.0 && site.latitude_deg <= 90.0)) {
    return absl::InvalidArgumentError(
        fmt::format("passes: site latitude {} deg is outside [-90, 90]", site.latitude_deg));
  }
  const ElevationFunction f(satellite, site, options.earth_orientation);
  const double mask = options.min_elevation_deg;

  // Samples up to the first propagation error.
  std::vector<SimTime> times;
  std::vector<double> elevations;
  for (SimTime t = start;; t = t + options.coarse_step_ns) {
    if (t > end) t = end;
    const std::optional<double> e = f.Elevation(t);
    if (!e) break;
    times.push_back(t);
    elevations.push_back(*e);
    if (t == end) break;
  }
  std::vector<Pass> passes;
  const size_t n = times.size();
  if (n == 0) return passes;
  auto azimuth = [&](SimTime t) {
    const auto look = f.Look(t);
    return look ? look->azimuth_deg : 0.0;
  };
  size_t k = 0;
  while (k < n) {
    // Next local maximum of the samples (plateaus count once; window edges count).
    const bool left_ok = k == 0 || elevations[k - 1] <= elevations[k];
    const bool right_ok = k + 1 == n || elevations[k + 1] < elevations[k];
    if (!(left_ok && right_ok)) {
      ++k;
      continue;
    }
    const SimTime lo = times[k == 0 ? 0 : k - 1];
    const SimTime hi = times[k + 1 == n ? k : k + 1];
    const SimTime culmination = hi - lo > options.time_tolerance_ns
                                    ? Culmination(f, lo, hi, options.time_tolerance_ns)
                                    : times[k];
    const double max_elevation = f.Elevation(culmination).value_or(-90.0);
    if (max_elevation < mask) {
      ++k;
      continue;
    }
    Pass pass;
    pass.culmination = culmination;
    pass.max_elevation_deg = max_elevation;
    // Rise: after the last sample at or before the culmination that lies below the mask.
    ptrdiff_t j = static_cast<ptrdiff_t>(k);
    while (j >= 0 && (times[j] > culmination || elevations[j] >= mask)) --j;
    if (j < 0) {
      pass.rise = times[0];
      pass.rise_before_window = true;
    } else {
      pass.rise =
          Crossing(f, mask, times[j], culmination, /*rising=*/true, options.time_tolerance_ns);
    }
    // Set: before the first sample at or after the culmination that lies below the mask.
    size_t m = k;
    while (m < n && (times[m] < culmination || elevations[m] >= mask)) ++m;
    if (m == n) {
      pass.set = times[n - 1];
      pass.set_after_window = true;
    } else {
      pass.set =
          Crossing(f, mask, culmination, times[m], /*rising=*/false, options.time_tolerance_ns);
    }
    pass.rise_azimuth_deg = azimuth(pass.rise);
    pass.culmination_azimuth_deg = azimuth(pass.culmination);
    pass.set_azimuth_deg = azimuth(pass.set);
    passes.push_back(pass);
    k = std::max(m, k + 1);  // m == n ends the search.
  }
  return passes;
}

}  // namespace leotwin::orbit
