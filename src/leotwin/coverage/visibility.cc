#include "leotwin/coverage/visibility.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"

namespace leotwin::coverage {

Status SatellitePositions::Check() const {
  if (y.size() != x.size() || z.size() != x.size()) {
    return absl::InvalidArgumentError(fmt::format(
        "satellite positions: x, y, z sizes differ ({}, {}, {})", x.size(), y.size(), z.size()));
  }
  if (!valid.empty() && valid.size() != x.size()) {
    return absl::InvalidArgumentError(fmt::format(
        "satellite positions: `valid` has {} entries for {} satellites", valid.size(), x.size()));
  }
  if (x.size() > 65535) {
    return absl::InvalidArgumentError(
        fmt::format("satellite positions: {} satellites, expected at most 65535", x.size()));
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (IsValid(i) && !(std::isfinite(x[i]) && std::isfinite(y[i]) && std::isfinite(z[i]))) {
      return absl::InvalidArgumentError(fmt::format(
          "satellite positions: satellite #{} has a non-finite coordinate ({}, {}, {}) and is "
          "not marked invalid",
          i, x[i], y[i], z[i]));
    }
  }
  return absl::OkStatus();
}

Status VisibilityOptions::Check() const {
  if (!(min_elevation_deg >= 0.0 && min_elevation_deg < 90.0)) {
    return absl::InvalidArgumentError(
        fmt::format("minimum elevation {} deg out of range: expected [0, 90)", min_elevation_deg));
  }
  return absl::OkStatus();
}

double ElevationDeg(double px, double py, double pz, double nx, double ny, double nz, double sx,
                    double sy, double sz) {
  const double dx = sx - px, dy = sy - py, dz = sz - pz;
  const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
  if (r == 0) return 90.0;
  const double s = std::clamp((dx * nx + dy * ny + dz * nz) / r, -1.0, 1.0);
  return std::asin(s) * kRadToDeg;
}

}  // namespace leotwin::coverage
