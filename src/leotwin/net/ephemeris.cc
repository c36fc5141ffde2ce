#include "leotwin/net/ephemeris.h"

#include <cmath>

namespace leotwin::net {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Status HermiteCursor::Load(int64_t knot, EcefStatesBuffer* buffer) {
  ++source_calls_;
  return source_->StatesAt(SimTime::FromUnixNanos(knot * knot_ns_), buffer);
}

Status HermiteCursor::StatesAt(SimTime t, EcefStatesBuffer* out) {
  if (knot_ns_ <= 0) {
    ++source_calls_;
    return source_->StatesAt(t, out);
  }
  const int64_t k = FloorDiv(t.unix_nanos(), knot_ns_);
  if (k != knot0_) {
    if (k == knot0_ + 1) {
      std::swap(a_, b_);
    } else {
      LEOTWIN_RETURN_IF_ERROR(Load(k, &a_));
    }
    LEOTWIN_RETURN_IF_ERROR(Load(k + 1, &b_));
    knot0_ = k;
  }
  const int64_t offset = t.unix_nanos() - k * knot_ns_;
  const size_t n = a_.size();
  out->resize(n);
  if (offset == 0) {
    *out = a_;
    return absl::OkStatus();
  }
  const double h = static_cast<double>(knot_ns_) * 1e-9;  // s
  const double s = static_cast<double>(offset) / static_cast<double>(knot_ns_);
  const double s2 = s * s, s3 = s2 * s;
  // Hermite basis and derivatives (d/ds).
  const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2,
               h11 = s3 - s2;
  const double d00 = 6 * s2 - 6 * s, d10 = 3 * s2 - 4 * s + 1, d01 = -6 * s2 + 6 * s,
               d11 = 3 * s2 - 2 * s;
  auto interp = [&](const std::vector<double>& p0, const std::vector<double>& v0,
                    const std::vector<double>& p1, const std::vector<double>& v1,
                    std::vector<double>* p, std::vector<double>* v) {
    for (size_t i = 0; i < n; ++i) {
      (*p)[i] = h00 * p0[i] + h10 * h * v0[i] + h01 * p1[i] + h11 * h * v1[i];
      (*v)[i] = (d00 * p0[i] + d01 * p1[i]) / h + d10 * v0[i] + d11 * v1[i];
    }
  };
  interp(a_.x, a_.vx, b_.x, b_.vx, &out->x, &out->vx);
  interp(a_.y, a_.vy, b_.y, b_.vy, &out->y, &out->vy);
  interp(a_.z, a_.vz, b_.z, b_.vz, &out->z, &out->vz);
  for (size_t i = 0; i < n; ++i) out->error[i] = a_.error[i] != 0 ? a_.error[i] : b_.error[i];
  return absl::OkStatus();
}

}  // namespace leotwin::net
