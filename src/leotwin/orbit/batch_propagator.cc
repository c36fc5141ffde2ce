// Batch SGP4 (see the layout notes in batch_propagator.h). The near-earth kernel below is the
// scalar Sgp4::Propagate() (sgp4.cc) restated over blocks of satellites; every line corresponds
// to one there, with these substitutions, each exact to a few ulps:
//   sin/cos       -> SinCos(): Cody-Waite reduction by pi/2, Taylor polynomials on [-pi/4, pi/4]
//   fmod(x, 2pi)  -> x - round(x / 2pi) * 2pi (may differ by a whole turn; see Reduce2Pi)
//   pow(am, 1.5)  -> am * sqrt(am);  pow(xke / no, 2/3) precomputed per satellite
//   atan2 + sin/cos of the argument of latitude -> normalize (sin u, cos u), rotate by the
//                    short-period correction
// and error codes computed as per-lane values instead of early returns.
#include "leotwin/orbit/batch_propagator.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"
#include "leotwin/base/progress.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LEOTWIN_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define LEOTWIN_MULTIVERSION
#endif
// The kernel's helpers must be inlined for its loops to vectorize.
#define LEOTWIN_INLINE inline __attribute__((always_inline))

namespace leotwin::orbit {
namespace {

constexpr int kB = BatchPropagator::kBlock;
constexpr double kRe = Wgs72::kRadiusKm;
constexpr double kJ2 = Wgs72::kJ2;
constexpr double kMinutesPerDay = 1440.0;

// Rounds to the nearest integer (ties to even) for |x| < 2^51, with IEEE arithmetic only, so
// that it vectorizes on every x86-64 level.
LEOTWIN_INLINE double RoundNearest(double x) {
  constexpr double kMagic = 6755399441055744.0;  // 1.5 * 2^52
  return (x + kMagic) - kMagic;
}

// x reduced by a whole number of turns to [-pi, pi]. Where the scalar code takes fmod(x, 2pi)
// (range (-2pi, 2pi)) the result differs by a whole turn at most, which changes nothing: every
// use is the argument of a sine or cosine, or enters Kepler's equation through u - E, which
// shifts along.
LEOTWIN_INLINE double Reduce2Pi(double x) { return x - RoundNearest(x * (1.0 / kTwoPi)) * kTwoPi; }

// sqrt of a quantity that is non-negative on every non-error path (error lanes are discarded).
// The file is compiled with -fno-math-errno -fno-trapping-math (orbit/CMakeLists.txt) so that
// g++ emits vector square roots and if-converts the loops; the fabs keeps error lanes from
// producing NaN where a finite garbage value will do.
LEOTWIN_INLINE double SqrtNonNeg(double x) { return std::sqrt(std::fabs(x)); }

// pi/2 split in three parts: the first two have 33 significant bits, so k * part is exact for
// |k| < 2^20 (|x| < 1.6e6 rad).
constexpr double kPio2Hi = 1.5707963267341256;
constexpr double kPio2Mid = 6.077100506303966e-11;
constexpr double kPio2Lo = 2.0222662487959506e-21;
constexpr double kTwoOverPi = 0.6366197723675814;

// Sine and cosine, both to about 1 ulp for |x| < 1.6e6 rad.
LEOTWIN_INLINE void SinCos(double x, double* s, double* c) {
  const double k = RoundNearest(x * kTwoOverPi);
  double r = x - k * kPio2Hi;
  r = r - k * kPio2Mid;
  r = r - k * kPio2Lo;
  // Quadrant k mod 4 as one of -2..2 (-1 stands for 3, -2 and 2 for 2); no comparisons with
  // arithmetic in their arms, which would keep g++ from if-converting the loop.
  const double q = k - 4.0 * RoundNearest(k * 0.25);
  const double aq = std::fabs(q);
  const double r2 = r * r;
  // Taylor series; on |r| <= pi/4 the first omitted terms are below 1e-19.
  const double sp =
      r + r * r2 *
              (-1.0 / 6 +
               r2 * (1.0 / 120 + r2 * (-1.0 / 5040 +
                                       r2 * (1.0 / 362880 +
                                             r2 * (-1.0 / 39916800 +
                                                   r2 * (1.0 / 6227020800 +
                                                         r2 * (-1.0 / 1307674368000 +
                                                               r2 * (1.0 / 355687428096000))))))));
  const double cp =
      1.0 -
      r2 * (0.5 - r2 * (1.0 / 24 +
                        r2 * (-1.0 / 720 +
                              r2 * (1.0 / 40320 +
                                    r2 * (-1.0 / 3628800 +
                                          r2 * (1.0 / 479001600 +
                                                r2 * (-1.0 / 87178291200 +
                                                      r2 * (1.0 / 20922789888000 +
                                                            r2 * (-1.0 / 6402373705728000)))))))));
  const bool odd = aq == 1.0;
  const double ss = odd ? cp : sp;
  const double cc = odd ? sp : cp;
  *s = ((q == -1.0) | (aq == 2.0)) ? -ss : ss;  // quadrants 2, 3
  *c = ((q == 1.0) | (aq == 2.0)) ? -cc : cc;   // quadrants 1, 2
}

// Raw pointers to the near-earth coefficient arrays (see BatchPropagator::NearEarthArrays).
struct NearPtrs {
  const double *epoch_whole, *epoch_fraction;
  const double *mo, *mdot, *argpo, *argpdot, *nodeo, *nodedot, *nodecf;
  const double *cc1, *bstar_cc4, *bstar_cc5, *t2cof, *omgcof, *eta, *xmcof, *delmo, *sinmao;
  const double *d2, *d3, *d4, *t3cof, *t4cof, *t5cof;
  const double *no, *aocoef, *ecco, *aycof, *xlcof, *con41, *x1mth2, *x7thm1, *cosio, *sinio,
      *inclo;
};

struct BlockOut {
  alignas(64) double x[kB], y[kB], z[kB], vx[kB], vy[kB], vz[kB], err[kB];
};

// Near-earth SGP4 for satellites k0 .. k0 + kB - 1 at the instant (jd_whole + jd_fraction).
// Output is rotated about z by the angle whose cosine/sine are cth/sth, with the velocity term
// of a frame turning at `omega` rad/s (cth = 1, sth = 0, omega = 0 for TEME).
LEOTWIN_MULTIVERSION
void NearEarthBlock(const NearPtrs& p, size_t k0, double jd_whole, double jd_fraction, double xke,
                    double cth, double sth, double omega, BlockOut* __restrict o) {
  alignas(64) double u[kB], axnl[kB], aynl[kB], am[kB], nm[kB], nodep[kB], eo1[kB], sineo1[kB],
      coseo1[kB], active[kB], err[kB];
  constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

  // Stage 1: secular gravity and drag, long-period periodics (sgp4.cc, up to Kepler).
#pragma omp simd
  for (int j = 0; j < kB; ++j) {
    const size_t k = k0 + j;
    const double t =
        ((jd_whole - p.epoch_whole[k]) + (jd_fraction - p.epoch_fraction[k])) * kMinutesPerDay;
    const double xmdf = p.mo[k] + p.mdot[k] * t;
    const double argpdf = p.argpo[k] + p.argpdot[k] * t;
    const double nodedf = p.nodeo[k] + p.nodedot[k] * t;
    const double t2 = t * t;
    double nodem = nodedf + p.nodecf[k] * t2;
    double tempa = 1.0 - p.cc1[k] * t;
    double tempe = p.bstar_cc4[k] * t;
    double templ = p.t2cof[k] * t2;
    // Higher-order drag terms: their coefficients are 0 for simplified (low-perigee) orbits,
    // which leaves every quantity unchanged, as the scalar code's skipped branch does.
    const double delomg = p.omgcof[k] * t;
    double s_xmdf, c_xmdf;
    SinCos(xmdf, &s_xmdf, &c_xmdf);
    const double delmtemp = 1.0 + p.eta[k] * c_xmdf;
    const double delm = p.xmcof[k] * (delmtemp * delmtemp * delmtemp - p.delmo[k]);
    const double temp = delomg + delm;
    double mm = xmdf + temp;
    double argpm = argpdf - temp;
    const double t3 = t2 * t;
    const double t4 = t3 * t;
    tempa = tempa - p.d2[k] * t2 - p.d3[k] * t3 - p.d4[k] * t4;
    double s_mm, c_mm;
    SinCos(mm, &s_mm, &c_mm);
    tempe = tempe + p.bstar_cc5[k] * (s_mm - p.sinmao[k]);
    templ = templ + p.t3cof[k] * t3 + t4 * (p.t4cof[k] + t * p.t5cof[k]);

    const double a = p.aocoef[k] * tempa * tempa;
    const double n = xke / (a * SqrtNonNeg(a));
    double em = p.ecco[k] - tempe;
    const bool bad_mean = (em >= 1.0) | (em < -0.001) | !(a > 0.0);
    em = em < 1.0e-6 ? 1.0e-6 : em;
    mm = mm + p.no[k] * templ;
    double xlm = mm + argpm + nodem;
    nodem = Reduce2Pi(nodem);
    argpm = Reduce2Pi(argpm);
    xlm = Reduce2Pi(xlm);
    mm = Reduce2Pi(xlm - argpm - nodem);

    double s_argp, c_argp;
    SinCos(argpm, &s_argp, &c_argp);
    const double ax = em * c_argp;
    const double tmp = 1.0 / (a * (1.0 - em * em));
    const double ay = em * s_argp + tmp * p.aycof[k];
    const double xl = mm + argpm + nodem + tmp * p.xlcof[k] * ax;
    const double uu = Reduce2Pi(xl - nodem);
    u[j] = uu;
    axnl[j] = ax;
    aynl[j] = ay;
    am[j] = a;
    nm[j] = n;
    nodep[j] = nodem;
    eo1[j] = uu;
    sineo1[j] = 0.0;
    coseo1[j] = 0.0;
    active[j] = 1.0;
    err[j] = bad_mean ? 1.0 : 0.0;
  }

  // Stage 2: Kepler's equation, Newton-Raphson limited to 0.95 rad steps, at most 10 iterations;
  // a lane stops as the scalar loop does, the block when every lane has.
  for (int iteration = 0; iteration < 10; ++iteration) {
    double any_active = 0.0;
#pragma omp simd reduction(max : any_active)
    for (int j = 0; j < kB; ++j) {
      double s, c;
      SinCos(eo1[j], &s, &c);
      double tem5 = 1.0 - c * axnl[j] - s * aynl[j];
      tem5 = (u[j] - aynl[j] * c + axnl[j] * s - eo1[j]) / tem5;
      tem5 = std::fabs(tem5) >= 0.95 ? (tem5 > 0.0 ? 0.95 : -0.95) : tem5;
      const bool on = active[j] != 0.0;
      sineo1[j] = on ? s : sineo1[j];
      coseo1[j] = on ? c : coseo1[j];
      eo1[j] = on ? eo1[j] + tem5 : eo1[j];
      active[j] = (on && std::fabs(tem5) >= 1.0e-12) ? 1.0 : 0.0;
      any_active = std::max(any_active, active[j]);
    }
    if (any_active == 0.0) break;
  }

  // Stage 3: short-period periodics, orientation, state.
  const double vkmpersec = kRe * xke / 60.0;
#pragma omp simd
  for (int j = 0; j < kB; ++j) {
    const size_t k = k0 + j;
    const double s = sineo1[j], c = coseo1[j], ax = axnl[j], ay = aynl[j], a = am[j];
    const double ecose = ax * c + ay * s;
    const double esine = ax * s - ay * c;
    const double el2 = ax * ax + ay * ay;
    const double pl = a * (1.0 - el2);
    double code = err[j];
    code = code == 0.0 ? (pl < 0.0 ? 4.0 : 0.0) : code;
    const double rl = a * (1.0 - ecose);
    const double rdotl = SqrtNonNeg(a) * esine / rl;
    const double rvdotl = SqrtNonNeg(pl) / rl;
    const double betal = SqrtNonNeg(1.0 - el2);
    double temp = esine / (1.0 + betal);
    const double sinu = a / rl * (s - ay - ax * temp);
    const double cosu = a / rl * (c - ax + ay * temp);
    const double sin2u = (cosu + cosu) * sinu;
    const double cos2u = 1.0 - 2.0 * sinu * sinu;
    temp = 1.0 / pl;
    const double temp1 = 0.5 * kJ2 * temp;
    const double temp2 = temp1 * temp;
    const double con41 = p.con41[k], x1mth2 = p.x1mth2[k], cosio = p.cosio[k];
    const double mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
    const double dsu = -(0.25 * temp2 * p.x7thm1[k] * sin2u);
    const double xnode = nodep[j] + 1.5 * temp2 * cosio * sin2u;
    const double xinc = p.inclo[k] + 1.5 * temp2 * cosio * p.sinio[k] * cos2u;
    const double mvt = rdotl - nm[j] * temp1 * x1mth2 * sin2u / xke;
    const double rvdot = rvdotl + nm[j] * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke;

    // Argument of latitude su = atan2(sinu, cosu) + dsu, as sine and cosine.
    const double inv_norm = 1.0 / SqrtNonNeg(sinu * sinu + cosu * cosu);
    const double su0 = sinu * inv_norm, cu0 = cosu * inv_norm;
    double sd, cd;
    SinCos(dsu, &sd, &cd);
    const double sinsu = su0 * cd + cu0 * sd;
    const double cossu = cu0 * cd - su0 * sd;
    double snod, cnod, sini, cosi;
    SinCos(xnode, &snod, &cnod);
    SinCos(xinc, &sini, &cosi);
    const double xmx = -snod * cosi;
    const double xmy = cnod * cosi;
    const double ux = xmx * sinsu + cnod * cossu;
    const double uy = xmy * sinsu + snod * cossu;
    const double uz = sini * sinsu;
    const double vx = xmx * cossu - cnod * sinsu;
    const double vy = xmy * cossu - snod * sinsu;
    const double vz = sini * cossu;
    const double rx = mrt * ux * kRe, ry = mrt * uy * kRe, rz = mrt * uz * kRe;
    const double wx = (mvt * ux + rvdot * vx) * vkmpersec;
    const double wy = (mvt * uy + rvdot * vy) * vkmpersec;
    const double wz = (mvt * uz + rvdot * vz) * vkmpersec;
    // Rotation about z (identity for TEME: cth = 1, sth = 0, omega = 0 leave every bit as is).
    const double ex = cth * rx + sth * ry;
    const double ey = -sth * rx + cth * ry;
    const double evx = cth * wx + sth * wy + omega * ey;
    const double evy = -sth * wx + cth * wy - omega * ex;
    code = code == 0.0 ? (mrt < 1.0 ? 6.0 : 0.0) : code;
    // NaN for codes 1..4 (selects on doubles only: a bool mask stops the vectorizer here).
    const double keep = code == 0.0 ? 1.0 : (code == 6.0 ? 1.0 : 0.0);
    o->x[j] = keep != 0.0 ? ex : kNan;
    o->y[j] = keep != 0.0 ? ey : kNan;
    o->z[j] = keep != 0.0 ? rz : kNan;
    o->vx[j] = keep != 0.0 ? evx : kNan;
    o->vy[j] = keep != 0.0 ? evy : kNan;
    o->vz[j] = keep != 0.0 ? wz : kNan;
    o->err[j] = code;
  }
}

}  // namespace

void SatelliteStates::Resize(size_t n) {
  x.resize(n);
  y.resize(n);
  z.resize(n);
  vx.resize(n);
  vy.resize(n);
  vz.resize(n);
  error.resize(n);
}

StatusOr<BatchPropagator> BatchPropagator::Create(std::vector<ElementSet> elements) {
  if (elements.size() >= (size_t{1} << 32)) {
    return absl::InvalidArgumentError("BatchPropagator: more than 2^32 element sets");
  }
  BatchPropagator b;
  b.scalar_.reserve(elements.size());
  for (size_t i = 0; i < elements.size(); ++i) {
    LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT(Sgp4 s, Sgp4::Create(elements[i]),
                                          fmt::format("element set {} of {}", i, elements.size()));
    b.scalar_.push_back(std::move(s));
    if (b.scalar_.back().deep_space()) {
      b.deep_.push_back(static_cast<uint32_t>(i));
    } else {
      b.near_index_.push_back(static_cast<uint32_t>(i));
    }
  }
  b.elements_ = std::move(elements);
  b.near_count_ = b.near_index_.size();

  // Near-earth arrays, padded to whole blocks with copies of the last object.
  const size_t padded = (b.near_count_ + kB - 1) / kB * kB;
  NearEarthArrays& a = b.near_;
  std::vector<double>* arrays[] = {
      &a.epoch_whole, &a.epoch_fraction, &a.mo,      &a.mdot,   &a.argpo,
      &a.argpdot,     &a.nodeo,          &a.nodedot, &a.nodecf, &a.cc1,
      &a.bstar_cc4,   &a.bstar_cc5,      &a.t2cof,   &a.omgcof, &a.eta,
      &a.xmcof,       &a.delmo,          &a.sinmao,  &a.d2,     &a.d3,
      &a.d4,          &a.t3cof,          &a.t4cof,   &a.t5cof,  &a.no,
      &a.aocoef,      &a.ecco,           &a.aycof,   &a.xlcof,  &a.con41,
      &a.x1mth2,      &a.x7thm1,         &a.cosio,   &a.sinio,  &a.inclo};
  for (std::vector<double>* v : arrays) v->resize(padded);
  const double xke = 60.0 / std::sqrt(kRe * kRe * kRe / Wgs72::kMuKm3PerS2);
  for (size_t k = 0; k < padded; ++k) {
    const Sgp4& s = b.scalar_[b.near_index_[std::min(k, b.near_count_ - 1)]];
    const Sgp4Model& m = s.model();
    const bool full = !m.simplified;
    a.epoch_whole[k] = s.epoch_julian_date().whole;
    a.epoch_fraction[k] = s.epoch_julian_date().fraction;
    a.mo[k] = m.mo;
    a.mdot[k] = m.mdot;
    a.argpo[k] = m.argpo;
    a.argpdot[k] = m.argpdot;
    a.nodeo[k] = m.nodeo;
    a.nodedot[k] = m.nodedot;
    a.nodecf[k] = m.nodecf;
    a.cc1[k] = m.cc1;
    a.bstar_cc4[k] = m.bstar * m.cc4;
    a.bstar_cc5[k] = full ? m.bstar * m.cc5 : 0.0;
    a.t2cof[k] = m.t2cof;
    a.omgcof[k] = full ? m.omgcof : 0.0;
    a.eta[k] = m.eta;
    a.xmcof[k] = full ? m.xmcof : 0.0;
    a.delmo[k] = m.delmo;
    a.sinmao[k] = m.sinmao;
    a.d2[k] = m.d2;
    a.d3[k] = m.d3;
    a.d4[k] = m.d4;
    a.t3cof[k] = m.t3cof;
    a.t4cof[k] = m.t4cof;
    a.t5cof[k] = m.t5cof;
    a.no[k] = m.no;
    a.aocoef[k] = std::pow(xke / m.no, 2.0 / 3.0);
    a.ecco[k] = m.ecco;
    a.aycof[k] = m.aycof;
    a.xlcof[k] = m.xlcof;
    a.con41[k] = m.con41;
    a.x1mth2[k] = m.x1mth2;
    a.x7thm1[k] = m.x7thm1;
    a.cosio[k] = m.cosio;
    a.sinio[k] = m.sinio;
    a.inclo[k] = m.inclo;
  }
  return b;
}

void BatchPropagator::PropagateTeme(SimTime t, SatelliteStates* out) const {
  Propagate(t, /*ecef=*/false, out);
}

void BatchPropagator::PropagateEcef(SimTime t, SatelliteStates* out) const {
  Propagate(t, /*ecef=*/true, out);
}

void BatchPropagator::Propagate(SimTime t, bool ecef, SatelliteStates* out) const {
  LEOTWIN_DCHECK(out != nullptr);
  out->Resize(size());
  const SimTime::SplitJulianDate jd = t.JulianDate();
  const double theta = ecef ? GmstIau82(jd.whole, jd.fraction) : 0.0;
  const double cth = std::cos(theta), sth = std::sin(theta);
  const double xke = 60.0 / std::sqrt(kRe * kRe * kRe / Wgs72::kMuKm3PerS2);
  const NearEarthArrays& a = near_;
  const NearPtrs p{a.epoch_whole.data(), a.epoch_fraction.data(),
                   a.mo.data(),          a.mdot.data(),
                   a.argpo.data(),       a.argpdot.data(),
                   a.nodeo.data(),       a.nodedot.data(),
                   a.nodecf.data(),      a.cc1.data(),
                   a.bstar_cc4.data(),   a.bstar_cc5.data(),
                   a.t2cof.data(),       a.omgcof.data(),
                   a.eta.data(),         a.xmcof.data(),
                   a.delmo.data(),       a.sinmao.data(),
                   a.d2.data(),          a.d3.data(),
                   a.d4.data(),          a.t3cof.data(),
                   a.t4cof.data(),       a.t5cof.data(),
                   a.no.data(),          a.aocoef.data(),
                   a.ecco.data(),        a.aycof.data(),
                   a.xlcof.data(),       a.con41.data(),
                   a.x1mth2.data(),      a.x7thm1.data(),
                   a.cosio.data(),       a.sinio.data(),
                   a.inclo.data()};
  const int64_t blocks = static_cast<int64_t>((near_count_ + kB - 1) / kB);
  const int64_t deep = static_cast<int64_t>(deep_.size());
  const int64_t work = blocks + deep;
  double* ox = out->x.data();
  double* oy = out->y.data();
  double* oz = out->z.data();
  double* ovx = out->vx.data();
  double* ovy = out->vy.data();
  double* ovz = out->vz.data();
  int* oerr = out->error.data();
  // Work items: near-earth blocks first, then one deep-space object each.
  const bool parallel = !omp_in_parallel() && near_count_ + 16 * deep_.size() >= 4 * kB;
#pragma omp parallel for schedule(dynamic, 4) if (parallel)
  for (int64_t w = 0; w < work; ++w) {
    if (w < blocks) {
      BlockOut block;
      const size_t k0 = static_cast<size_t>(w) * kB;
      NearEarthBlock(p, k0, jd.whole, jd.fraction, xke, cth, sth,
                     ecef ? kEarthRotationRadPerS : 0.0, &block);
      const size_t end = std::min(near_count_, k0 + kB);
      for (size_t k = k0; k < end; ++k) {
        const size_t j = k - k0;
        const uint32_t i = near_index_[k];
        ox[i] = block.x[j];
        oy[i] = block.y[j];
        oz[i] = block.z[j];
        ovx[i] = block.vx[j];
        ovy[i] = block.vy[j];
        ovz[i] = block.vz[j];
        oerr[i] = static_cast<int>(block.err[j]);
      }
    } else {
      const uint32_t i = deep_[static_cast<size_t>(w - blocks)];
      const Sgp4Result r = scalar_[i].PropagateAt(t);
      double rx = r.position.x, ry = r.position.y;
      double wx = r.velocity.x, wy = r.velocity.y;
      if (ecef) {
        const double ex = cth * rx + sth * ry;
        const double ey = -sth * rx + cth * ry;
        const double evx = cth * wx + sth * wy + kEarthRotationRadPerS * ey;
        const double evy = -sth * wx + cth * wy - kEarthRotationRadPerS * ex;
        rx = ex;
        ry = ey;
        wx = evx;
        wy = evy;
      }
      ox[i] = rx;
      oy[i] = ry;
      oz[i] = r.position.z;
      ovx[i] = wx;
      ovy[i] = wy;
      ovz[i] = r.velocity.z;
      oerr[i] = r.error;
    }
  }
}

void BatchPropagator::PropagateGrid(const TimeGrid& grid, bool ecef,
                                    std::vector<SatelliteStates>* out) const {
  LEOTWIN_DCHECK(out != nullptr);
  const int64_t count = std::max<int64_t>(grid.count, 0);
  out->resize(static_cast<size_t>(count));
  ProgressBar bar("propagate", std::max<int64_t>(count, 1));
  // Threads take whole instants (one fork/join for the grid instead of one per instant); each
  // instant then runs on one thread (the inner parallel loop is inactive inside this one).
#pragma omp parallel for schedule(dynamic, 1) if (count > 1 && size() > 0)
  for (int64_t i = 0; i < count; ++i) {
    Propagate(grid.At(i), ecef, &(*out)[static_cast<size_t>(i)]);
    bar.Advance();
  }
}

}  // namespace leotwin::orbit
