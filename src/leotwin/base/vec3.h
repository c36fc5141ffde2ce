// Cartesian 3-vectors tagged with their reference frame, so that a TEME position cannot be passed
// where an ECEF one is expected: mixing frames does not compile. Components are in km (positions)
// or km/s (velocities) unless a declaration says otherwise.
#pragma once

#include <cmath>

namespace leotwin {

// True Equator, Mean Equinox: the quasi-inertial frame SGP4 works in.
struct TemeFrame {};
// Earth-centred, Earth-fixed (pseudo Earth-fixed when polar motion is ignored), WGS84 axes.
struct EcefFrame {};

template <class Frame>
struct Vec3 {
  double x = 0, y = 0, z = 0;

  constexpr Vec3 operator+(const Vec3& o) const { return {x + o.x, y + o.y, z + o.z}; }
  constexpr Vec3 operator-(const Vec3& o) const { return {x - o.x, y - o.y, z - o.z}; }
  constexpr Vec3 operator*(double s) const { return {x * s, y * s, z * s}; }
  constexpr double Dot(const Vec3& o) const { return x * o.x + y * o.y + z * o.z; }
  constexpr Vec3 Cross(const Vec3& o) const {
    return {y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x};
  }
  double Norm() const { return std::sqrt(Dot(*this)); }
  constexpr bool operator==(const Vec3&) const = default;
};

using TemeVector = Vec3<TemeFrame>;
using EcefVector = Vec3<EcefFrame>;

}  // namespace leotwin
