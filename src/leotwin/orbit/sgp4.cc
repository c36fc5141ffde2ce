// SGP4/SDP4 written from Spacetrack Report #3 (Hoots & Roehrich 1980) and its revision by
// Vallado, Crawford, Hujsak & Kelso (AIAA 2006-6753), improved operation mode. Variable names
// follow the reports' symbols so each line can be checked against the equations.
#include "leotwin/orbit/sgp4.h"

#include <cmath>
#include <limits>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"

namespace leotwin::orbit {
namespace {

// Derived WGS72 quantities.
constexpr double kRe = Wgs72::kRadiusKm;
const double kXke =
    60.0 / std::sqrt(kRe * kRe * kRe / Wgs72::kMuKm3PerS2);  // sqrt(GM) in ER^1.5/min
constexpr double kJ2 = Wgs72::kJ2;
constexpr double kJ4 = Wgs72::kJ4;
constexpr double kJ3oJ2 = Wgs72::kJ3 / Wgs72::kJ2;
constexpr double kX2o3 = 2.0 / 3.0;
constexpr double kMinutesPerDay = 1440.0;
constexpr double kTemp4 = 1.5e-12;  // Guard for 1 + cos(i) near 0 (retrograde equatorial).

// Lunar-solar constants (Spacetrack Report #3, DEEP).
constexpr double kZes = 0.01675;       // Solar eccentricity.
constexpr double kZel = 0.05490;       // Lunar eccentricity.
constexpr double kZns = 1.19459e-5;    // Solar mean motion, rad/min.
constexpr double kZnl = 1.5835218e-4;  // Lunar mean motion, rad/min.
constexpr double kC1ss = 2.9864797e-6;
constexpr double kC1l = 4.7968065e-7;
constexpr double kZsinis = 0.39785416;  // sin and cos of the obliquity of the ecliptic.
constexpr double kZcosis = 0.91744867;
constexpr double kZcosgs = 0.1945905;  // Solar argument of perigee terms.
constexpr double kZsings = -0.98088458;
constexpr double kRptim = 4.37526908801129966e-3;  // Earth rotation, rad/min.

// Resonance constants.
constexpr double kQ22 = 1.7891679e-6, kQ31 = 2.1460748e-6, kQ33 = 2.2123015e-7;
constexpr double kRoot22 = 1.7891679e-6, kRoot44 = 7.3636953e-9, kRoot54 = 2.1765803e-9;
constexpr double kRoot32 = 3.7393792e-7, kRoot52 = 1.1428639e-7;
constexpr double kFasx2 = 0.13130908, kFasx4 = 2.8843198, kFasx6 = 0.37448087;
constexpr double kG22 = 5.7686396, kG32 = 0.95240898, kG44 = 1.8014998, kG52 = 1.0508330,
                 kG54 = 4.4108898;
constexpr double kStep = 720.0;                 // Integration step, minutes.
constexpr double kStep2 = kStep * kStep / 2.0;  // 259200.

// IAU-82 GMST (Vallado, Fundamentals of Astrodynamics, eq. 3-47) from days since 1950 Jan 0.0 UT1
// (JD 2433281.5), as SGP4's improved mode computes it at epoch.
double GmstFrom1950(double days_since_1950) {
  const double tut1 = (days_since_1950 + (2433281.5 - 2451545.0)) / 36525.0;
  double temp = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1 +
                (876600.0 * 3600.0 + 8640184.812866) * tut1 + 67310.54841;  // seconds of time
  temp = std::fmod(temp * kDegToRad / 240.0, kTwoPi);
  if (temp < 0.0) temp += kTwoPi;
  return temp;
}

// Lunar-solar "common" terms at epoch (DSCOM): fills the periodic coefficients of `m` and the
// secular-rate inputs (s1..s7, ss1..ss7, z*, sz*) that dsinit needs.
struct DeepCommon {
  double sinim, cosim, sinomm, cosomm, snodm, cnodm, emsq, em, nm, rtemsq;
  double s1, s2, s3, s4, s5, s6, s7, ss1, ss2, ss3, ss4, ss5, ss6, ss7;
  double z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33;
  double sz1, sz2, sz3, sz11, sz12, sz13, sz21, sz22, sz23, sz31, sz32, sz33;
};

DeepCommon ComputeDeepCommon(double epoch_1950, Sgp4Model& m) {
  DeepCommon c{};
  c.nm = m.no;
  c.em = m.ecco;
  c.snodm = std::sin(m.nodeo);
  c.cnodm = std::cos(m.nodeo);
  c.sinomm = std::sin(m.argpo);
  c.cosomm = std::cos(m.argpo);
  c.sinim = std::sin(m.inclo);
  c.cosim = std::cos(m.inclo);
  c.emsq = c.em * c.em;
  const double betasq = 1.0 - c.emsq;
  c.rtemsq = std::sqrt(betasq);

  // Lunar orbit orientation at epoch (days since 1900 Jan 0.5).
  m.peo = m.pinco = m.plo = m.pgho = m.pho = 0.0;
  const double day = epoch_1950 + 18261.5;
  const double xnodce = std::fmod(4.5236020 - 9.2422029e-4 * day, kTwoPi);
  const double stem = std::sin(xnodce);
  const double ctem = std::cos(xnodce);
  const double zcosil = 0.91375164 - 0.03568096 * ctem;
  const double zsinil = std::sqrt(1.0 - zcosil * zcosil);
  const double zsinhl = 0.089683511 * stem / zsinil;
  const double zcoshl = std::sqrt(1.0 - zsinhl * zsinhl);
  const double gam = 5.8351514 + 0.0019443680 * day;
  double zx = 0.39785416 * stem / zsinil;
  const double zy = zcoshl * ctem + 0.91744867 * zsinhl * stem;
  zx = std::atan2(zx, zy);
  zx = gam + zx - xnodce;
  const double zcosgl = std::cos(zx);
  const double zsingl = std::sin(zx);

  // Solar terms first (pass 1), then lunar (pass 2).
  double zcosg = kZcosgs, zsing = kZsings, zcosi = kZcosis, zsini = kZsinis;
  double zcosh = c.cnodm, zsinh = c.snodm;
  double cc = kC1ss;
  const double xnoi = 1.0 / c.nm;
  for (int pass = 1; pass <= 2; ++pass) {
    const double a1 = zcosg * zcosh + zsing * zcosi * zsinh;
    const double a3 = -zsing * zcosh + zcosg * zcosi * zsinh;
    const double a7 = -zcosg * zsinh + zsing * zcosi * zcosh;
    const double a8 = zsing * zsini;
    const double a9 = zsing * zsinh + zcosg * zcosi * zcosh;
    const double a10 = zcosg * zsini;
    const double a2 = c.cosim * a7 + c.sinim * a8;
    const double a4 = c.cosim * a9 + c.sinim * a10;
    const double a5 = -c.sinim * a7 + c.cosim * a8;
    const double a6 = -c.sinim * a9 + c.cosim * a10;

    const double x1 = a1 * c.cosomm + a2 * c.sinomm;
    const double x2 = a3 * c.cosomm + a4 * c.sinomm;
    const double x3 = -a1 * c.sinomm + a2 * c.cosomm;
    const double x4 = -a3 * c.sinomm + a4 * c.cosomm;
    const double x5 = a5 * c.sinomm;
    const double x6 = a6 * c.sinomm;
    const double x7 = a5 * c.cosomm;
    const double x8 = a6 * c.cosomm;

    const double z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3;
    const double z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4;
    const double z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4;
    double z1 = 3.0 * (a1 * a1 + a2 * a2) + z31 * c.emsq;
    double z2 = 6.0 * (a1 * a3 + a2 * a4) + z32 * c.emsq;
    double z3 = 3.0 * (a3 * a3 + a4 * a4) + z33 * c.emsq;
    const double z11 = -6.0 * a1 * a5 + c.emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5);
    const double z12 = -6.0 * (a1 * a6 + a3 * a5) +
                       c.emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5));
    const double z13 = -6.0 * a3 * a6 + c.emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6);
    const double z21 = 6.0 * a2 * a5 + c.emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7);
    const double z22 = 6.0 * (a4 * a5 + a2 * a6) +
                       c.emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8));
    const double z23 = 6.0 * a4 * a6 + c.emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8);
    z1 = z1 + z1 + betasq * z31;
    z2 = z2 + z2 + betasq * z32;
    z3 = z3 + z3 + betasq * z33;
    const double s3 = cc * xnoi;
    const double s2 = -0.5 * s3 / c.rtemsq;
    const double s4 = s3 * c.rtemsq;
    const double s1 = -15.0 * c.em * s4;
    const double s5 = x1 * x3 + x2 * x4;
    const double s6 = x2 * x3 + x1 * x4;
    const double s7 = x2 * x4 - x1 * x3;

    if (pass == 1) {
      c.ss1 = s1, c.ss2 = s2, c.ss3 = s3, c.ss4 = s4, c.ss5 = s5, c.ss6 = s6, c.ss7 = s7;
      c.sz1 = z1, c.sz2 = z2, c.sz3 = z3;
      c.sz11 = z11, c.sz12 = z12, c.sz13 = z13;
      c.sz21 = z21, c.sz22 = z22, c.sz23 = z23;
      c.sz31 = z31, c.sz32 = z32, c.sz33 = z33;
      zcosg = zcosgl;
      zsing = zsingl;
      zcosi = zcosil;
      zsini = zsinil;
      zcosh = zcoshl * c.cnodm + zsinhl * c.snodm;
      zsinh = c.snodm * zcoshl - c.cnodm * zsinhl;
      cc = kC1l;
    } else {
      c.s1 = s1, c.s2 = s2, c.s3 = s3, c.s4 = s4, c.s5 = s5, c.s6 = s6, c.s7 = s7;
      c.z1 = z1, c.z2 = z2, c.z3 = z3;
      c.z11 = z11, c.z12 = z12, c.z13 = z13;
      c.z21 = z21, c.z22 = z22, c.z23 = z23;
      c.z31 = z31, c.z32 = z32, c.z33 = z33;
    }
  }
  m.zmol = std::fmod(4.7199672 + 0.22997150 * day - gam, kTwoPi);
  m.zmos = std::fmod(6.2565837 + 0.017201977 * day, kTwoPi);

  // Solar periodic coefficients.
  m.se2 = 2.0 * c.ss1 * c.ss6;
  m.se3 = 2.0 * c.ss1 * c.ss7;
  m.si2 = 2.0 * c.ss2 * c.sz12;
  m.si3 = 2.0 * c.ss2 * (c.sz13 - c.sz11);
  m.sl2 = -2.0 * c.ss3 * c.sz2;
  m.sl3 = -2.0 * c.ss3 * (c.sz3 - c.sz1);
  m.sl4 = -2.0 * c.ss3 * (-21.0 - 9.0 * c.emsq) * kZes;
  m.sgh2 = 2.0 * c.ss4 * c.sz32;
  m.sgh3 = 2.0 * c.ss4 * (c.sz33 - c.sz31);
  m.sgh4 = -18.0 * c.ss4 * kZes;
  m.sh2 = -2.0 * c.ss2 * c.sz22;
  m.sh3 = -2.0 * c.ss2 * (c.sz23 - c.sz21);
  // Lunar periodic coefficients.
  m.ee2 = 2.0 * c.s1 * c.s6;
  m.e3 = 2.0 * c.s1 * c.s7;
  m.xi2 = 2.0 * c.s2 * c.z12;
  m.xi3 = 2.0 * c.s2 * (c.z13 - c.z11);
  m.xl2 = -2.0 * c.s3 * c.z2;
  m.xl3 = -2.0 * c.s3 * (c.z3 - c.z1);
  m.xl4 = -2.0 * c.s3 * (-21.0 - 9.0 * c.emsq) * kZel;
  m.xgh2 = 2.0 * c.s4 * c.z32;
  m.xgh3 = 2.0 * c.s4 * (c.z33 - c.z31);
  m.xgh4 = -18.0 * c.s4 * kZel;
  m.xh2 = -2.0 * c.s2 * c.z22;
  m.xh3 = -2.0 * c.s2 * (c.z23 - c.z21);
  return c;
}

// Lunar-solar secular rates and resonance setup at epoch (DSINIT).
void InitDeepSpace(const DeepCommon& c, double xpidot, Sgp4Model& m) {
  const double nm = c.nm;
  const double em = c.em;
  const double emsq = c.emsq;
  const double sinim = c.sinim, cosim = c.cosim;
  const double inclm = m.inclo;

  m.irez = 0;
  if (nm < 0.0052359877 && nm > 0.0034906585) m.irez = 1;
  if (nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5) m.irez = 2;

  // Solar secular terms.
  const double ses = c.ss1 * kZns * c.ss5;
  const double sis = c.ss2 * kZns * (c.sz11 + c.sz13);
  const double sls = -kZns * c.ss3 * (c.sz1 + c.sz3 - 14.0 - 6.0 * emsq);
  const double sghs = c.ss4 * kZns * (c.sz31 + c.sz33 - 6.0);
  double shs = -kZns * c.ss2 * (c.sz21 + c.sz23);
  const bool near_equatorial = inclm < 5.2359877e-2 || inclm > kPi - 5.2359877e-2;
  if (near_equatorial) shs = 0.0;
  if (sinim != 0.0) shs = shs / sinim;
  const double sgs = sghs - cosim * shs;

  // Lunar secular terms.
  m.dedt = ses + c.s1 * kZnl * c.s5;
  m.didt = sis + c.s2 * kZnl * (c.z11 + c.z13);
  m.dmdt = sls - kZnl * c.s3 * (c.z1 + c.z3 - 14.0 - 6.0 * emsq);
  const double sghl = c.s4 * kZnl * (c.z31 + c.z33 - 6.0);
  double shll = -kZnl * c.s2 * (c.z21 + c.z23);
  if (near_equatorial) shll = 0.0;
  m.domdt = sgs + sghl;
  m.dnodt = shs;
  if (sinim != 0.0) {
    m.domdt = m.domdt - cosim / sinim * shll;
    m.dnodt = m.dnodt + shll / sinim;
  }

  const double theta = std::fmod(m.gsto, kTwoPi);
  m.d2201 = m.d2211 = m.d3210 = m.d3222 = m.d4410 = m.d4422 = 0.0;
  m.d5220 = m.d5232 = m.d5421 = m.d5433 = 0.0;
  m.del1 = m.del2 = m.del3 = m.xfact = m.xlamo = m.xli = m.xni = 0.0;
  if (m.irez == 0) return;

  const double aonv = std::pow(nm / kXke, kX2o3);
  if (m.irez == 2) {
    // Half-day (12 h) resonance: geopotential terms from the epoch eccentricity.
    const double cosisq = cosim * cosim;
    const double e = m.ecco;
    const double esq = m.ecco * m.ecco;
    const double eoc = e * esq;
    const double g201 = -0.306 - (e - 0.64) * 0.440;
    double g211, g310, g322, g410, g422, g520, g521, g532, g533;
    if (e <= 0.65) {
      g211 = 3.616 - 13.2470 * e + 16.2900 * esq;
      g310 = -19.302 + 117.3900 * e - 228.4190 * esq + 156.5910 * eoc;
      g322 = -18.9068 + 109.7927 * e - 214.6334 * esq + 146.5816 * eoc;
      g410 = -41.122 + 242.6940 * e - 471.0940 * esq + 313.9530 * eoc;
      g422 = -146.407 + 841.8800 * e - 1629.014 * esq + 1083.4350 * eoc;
      g520 = -532.114 + 3017.977 * e - 5740.032 * esq + 3708.2760 * eoc;
    } else {
      g211 = -72.099 + 331.819 * e - 508.738 * esq + 266.724 * eoc;
      g310 = -346.844 + 1582.851 * e - 2415.925 * esq + 1246.113 * eoc;
      g322 = -342.585 + 1554.908 * e - 2366.899 * esq + 1215.972 * eoc;
      g410 = -1052.797 + 4758.686 * e - 7193.992 * esq + 3651.957 * eoc;
      g422 = -3581.690 + 16178.110 * e - 24462.770 * esq + 12422.520 * eoc;
      if (e > 0.715) {
        g520 = -5149.66 + 29936.92 * e - 54087.36 * esq + 31324.56 * eoc;
      } else {
        g520 = 1464.74 - 4664.75 * e + 3763.64 * esq;
      }
    }
    if (e < 0.7) {
      g533 = -919.22770 + 4988.6100 * e - 9064.7700 * esq + 5542.21 * eoc;
      g521 = -822.71072 + 4568.6173 * e - 8491.4146 * esq + 5337.524 * eoc;
      g532 = -853.66600 + 4690.2500 * e - 8624.7700 * esq + 5341.4 * eoc;
    } else {
      g533 = -37995.780 + 161616.52 * e - 229838.20 * esq + 109377.94 * eoc;
      g521 = -51752.104 + 218913.95 * e - 309468.16 * esq + 146349.42 * eoc;
      g532 = -40023.880 + 170470.89 * e - 242699.48 * esq + 115605.82 * eoc;
    }
    const double sini2 = sinim * sinim;
    const double f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq);
    const double f221 = 1.5 * sini2;
    const double f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq);
    const double f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq);
    const double f441 = 35.0 * sini2 * f220;
    const double f442 = 39.3750 * sini2 * sini2;
    const double f522 = 9.84375 * sinim *
                        (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq) +
                         0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq));
    const double f523 = sinim * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq) +
                                 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq));
    const double f542 =
        29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq));
    const double f543 =
        29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq));
    const double xno2 = nm * nm;
    const double ainv2 = aonv * aonv;
    double temp1 = 3.0 * xno2 * ainv2;
    double temp = temp1 * kRoot22;
    m.d2201 = temp * f220 * g201;
    m.d2211 = temp * f221 * g211;
    temp1 = temp1 * aonv;
    temp = temp1 * kRoot32;
    m.d3210 = temp * f321 * g310;
    m.d3222 = temp * f322 * g322;
    temp1 = temp1 * aonv;
    temp = 2.0 * temp1 * kRoot44;
    m.d4410 = temp * f441 * g410;
    m.d4422 = temp * f442 * g422;
    temp1 = temp1 * aonv;
    temp = temp1 * kRoot52;
    m.d5220 = temp * f522 * g520;
    m.d5232 = temp * f523 * g532;
    temp = 2.0 * temp1 * kRoot54;
    m.d5421 = temp * f542 * g521;
    m.d5433 = temp * f543 * g533;
    m.xlamo = std::fmod(m.mo + m.nodeo + m.nodeo - theta - theta, kTwoPi);
    m.xfact = m.mdot + m.dmdt + 2.0 * (m.nodedot + m.dnodt - kRptim) - m.no;
  } else {
    // Synchronous (24 h) resonance.
    const double g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq);
    const double g310 = 1.0 + 2.0 * emsq;
    const double g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq);
    const double f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
    const double f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim);
    double f330 = 1.0 + cosim;
    f330 = 1.875 * f330 * f330 * f330;
    m.del1 = 3.0 * nm * nm * aonv * aonv;
    m.del2 = 2.0 * m.del1 * f220 * g200 * kQ22;
    m.del3 = 3.0 * m.del1 * f330 * g300 * kQ33 * aonv;
    m.del1 = m.del1 * f311 * g310 * kQ31 * aonv;
    m.xlamo = std::fmod(m.mo + m.nodeo + m.argpo - theta, kTwoPi);
    m.xfact = m.mdot + xpidot - kRptim + m.dmdt + m.domdt + m.dnodt - m.no;
  }
  m.xli = m.xlamo;
  m.xni = m.no;
}

// Lunar-solar periodics at time t (DPPER, after initialization). Updates the elements in place.
void ApplyDeepPeriodics(const Sgp4Model& m, double t, double& ep, double& inclp, double& nodep,
                        double& argpp, double& mp) {
  double zm = m.zmos + kZns * t;
  double zf = zm + 2.0 * kZes * std::sin(zm);
  double sinzf = std::sin(zf);
  double f2 = 0.5 * sinzf * sinzf - 0.25;
  double f3 = -0.5 * sinzf * std::cos(zf);
  const double ses = m.se2 * f2 + m.se3 * f3;
  const double sis = m.si2 * f2 + m.si3 * f3;
  const double sls = m.sl2 * f2 + m.sl3 * f3 + m.sl4 * sinzf;
  const double sghs = m.sgh2 * f2 + m.sgh3 * f3 + m.sgh4 * sinzf;
  const double shs = m.sh2 * f2 + m.sh3 * f3;
  zm = m.zmol + kZnl * t;
  zf = zm + 2.0 * kZel * std::sin(zm);
  sinzf = std::sin(zf);
  f2 = 0.5 * sinzf * sinzf - 0.25;
  f3 = -0.5 * sinzf * std::cos(zf);
  const double sel = m.ee2 * f2 + m.e3 * f3;
  const double sil = m.xi2 * f2 + m.xi3 * f3;
  const double sll = m.xl2 * f2 + m.xl3 * f3 + m.xl4 * sinzf;
  const double sghl = m.xgh2 * f2 + m.xgh3 * f3 + m.xgh4 * sinzf;
  const double shll = m.xh2 * f2 + m.xh3 * f3;
  const double pe = ses + sel - m.peo;
  const double pinc = sis + sil - m.pinco;
  const double pl = sls + sll - m.plo;
  double pgh = sghs + sghl - m.pgho;
  double ph = shs + shll - m.pho;

  inclp = inclp + pinc;
  ep = ep + pe;
  const double sinip = std::sin(inclp);
  const double cosip = std::cos(inclp);
  if (inclp >= 0.2) {
    // Direct application.
    ph = ph / sinip;
    pgh = pgh - cosip * ph;
    argpp = argpp + pgh;
    nodep = nodep + ph;
    mp = mp + pl;
  } else {
    // Lyddane modification for small inclinations.
    const double sinop = std::sin(nodep);
    const double cosop = std::cos(nodep);
    double alfdp = sinip * sinop;
    double betdp = sinip * cosop;
    const double dalf = ph * cosop + pinc * cosip * sinop;
    const double dbet = -ph * sinop + pinc * cosip * cosop;
    alfdp = alfdp + dalf;
    betdp = betdp + dbet;
    nodep = std::fmod(nodep, kTwoPi);  // Improved mode: no shift of negative nodes here.
    double xls = mp + argpp + cosip * nodep;
    const double dls = pl + pgh - pinc * nodep * sinip;
    xls = xls + dls;
    const double xnoh = nodep;
    nodep = std::atan2(alfdp, betdp);
    if (std::fabs(xnoh - nodep) > kPi) {
      if (nodep < xnoh) {
        nodep = nodep + kTwoPi;
      } else {
        nodep = nodep - kTwoPi;
      }
    }
    mp = mp + pl;
    argpp = xls - mp - cosip * nodep;
  }
}

// Deep-space secular effects and resonance integration at time t (DSPACE). Integrates from epoch.
// Returns the updated em, inclm, argpm, nodem, mm, nm.
void ApplyDeepSecular(const Sgp4Model& m, double t, double& em, double& argpm, double& inclm,
                      double& mm, double& nodem, double& nm) {
  const double theta = std::fmod(m.gsto + t * kRptim, kTwoPi);
  em = em + m.dedt * t;
  inclm = inclm + m.didt * t;
  argpm = argpm + m.domdt * t;
  nodem = nodem + m.dnodt * t;
  mm = mm + m.dmdt * t;
  if (m.irez == 0) return;

  // Euler-Maclaurin integration in 720 min steps from epoch to t.
  double atime = 0.0;
  double xni = m.xni;
  double xli = m.xli;
  const double delt = t > 0.0 ? kStep : -kStep;
  double xndt, xldot, xnddt, ft = 0.0;
  for (;;) {
    if (m.irez != 2) {
      xndt = m.del1 * std::sin(xli - kFasx2) + m.del2 * std::sin(2.0 * (xli - kFasx4)) +
             m.del3 * std::sin(3.0 * (xli - kFasx6));
      xldot = xni + m.xfact;
      xnddt = m.del1 * std::cos(xli - kFasx2) + 2.0 * m.del2 * std::cos(2.0 * (xli - kFasx4)) +
              3.0 * m.del3 * std::cos(3.0 * (xli - kFasx6));
      xnddt = xnddt * xldot;
    } else {
      const double xomi = m.argpo + m.argpdot * atime;
      const double x2omi = xomi + xomi;
      const double x2li = xli + xli;
      xndt = m.d2201 * std::sin(x2omi + xli - kG22) + m.d2211 * std::sin(xli - kG22) +
             m.d3210 * std::sin(xomi + xli - kG32) + m.d3222 * std::sin(-xomi + xli - kG32) +
             m.d4410 * std::sin(x2omi + x2li - kG44) + m.d4422 * std::sin(x2li - kG44) +
             m.d5220 * std::sin(xomi + xli - kG52) + m.d5232 * std::sin(-xomi + xli - kG52) +
             m.d5421 * std::sin(xomi + x2li - kG54) + m.d5433 * std::sin(-xomi + x2li - kG54);
      xldot = xni + m.xfact;
      xnddt =
          m.d2201 * std::cos(x2omi + xli - kG22) + m.d2211 * std::cos(xli - kG22) +
          m.d3210 * std::cos(xomi + xli - kG32) + m.d3222 * std::cos(-xomi + xli - kG32) +
          m.d5220 * std::cos(xomi + xli - kG52) + m.d5232 * std::cos(-xomi + xli - kG52) +
          2.0 * (m.d4410 * std::cos(x2omi + x2li - kG44) + m.d4422 * std::cos(x2li - kG44) +
                 m.d5421 * std::cos(xomi + x2li - kG54) + m.d5433 * std::cos(-xomi + x2li - kG54));
      xnddt = xnddt * xldot;
    }
    if (std::fabs(t - atime) >= kStep) {
      xli = xli + xldot * delt + xndt * kStep2;
      xni = xni + xndt * delt + xnddt * kStep2;
      atime = atime + delt;
    } else {
      ft = t - atime;
      break;
    }
  }
  nm = xni + xndt * ft + xnddt * ft * ft * 0.5;
  const double xl = xli + xldot * ft + xndt * ft * ft * 0.5;
  if (m.irez != 1) {
    mm = xl - 2.0 * nodem + 2.0 * theta;
  } else {
    mm = xl - nodem - argpm + theta;
  }
  // dndt = nm - no; nm = no + dndt: the same value.
  nm = m.no + (nm - m.no);
}

Status InitError(const ElementSet& e, std::string_view what) {
  return absl::InvalidArgumentError(
      fmt::format("SGP4 initialization of catalog number {}{}: {}", e.catalog_number,
                  e.name.empty() ? std::string() : fmt::format(" ({})", e.name), what));
}

}  // namespace

const char* Sgp4ErrorMessage(int code) {
  switch (code) {
    case kSgp4Ok:
      return "ok";
    case kSgp4MeanElements:
      return "mean eccentricity outside [-0.001, 1)";
    case kSgp4MeanMotion:
      return "mean motion <= 0";
    case kSgp4PerturbedEccentricity:
      return "perturbed eccentricity outside [0, 1]";
    case kSgp4SemiLatusRectum:
      return "semi-latus rectum < 0";
    case kSgp4SubOrbital:
      return "epoch elements are sub-orbital";
    case kSgp4Decayed:
      return "satellite has decayed (radius below 1 Earth radius)";
    default:
      return "unknown SGP4 error";
  }
}

StatusOr<Sgp4> Sgp4::Create(const ElementSet& e) {
  const double values[] = {
      e.eccentricity,     e.inclination_deg,         e.raan_deg, e.arg_perigee_deg,
      e.mean_anomaly_deg, e.mean_motion_rev_per_day, e.bstar,    e.mean_motion_dot,
      e.mean_motion_ddot, e.epoch_day_of_year};
  for (const double v : values) {
    if (!std::isfinite(v)) return InitError(e, "an element is not finite");
  }
  if (!(e.eccentricity >= 0.0 && e.eccentricity < 1.0)) {
    return InitError(e, fmt::format("eccentricity {} outside [0, 1)", e.eccentricity));
  }
  if (!(e.inclination_deg >= 0.0 && e.inclination_deg <= 180.0)) {
    return InitError(e, fmt::format("inclination {} deg outside [0, 180]", e.inclination_deg));
  }
  if (!(e.mean_motion_rev_per_day > 0.0)) {
    return InitError(
        e, fmt::format("mean motion {} rev/day is not positive", e.mean_motion_rev_per_day));
  }

  Sgp4 s;
  s.catalog_number_ = e.catalog_number;
  s.epoch_jd_ = e.EpochJulianDate();
  Sgp4Model& m = s.model_;
  m = Sgp4Model{};

  // Units: radians, radians per minute.
  const double xpdotp = kMinutesPerDay / kTwoPi;  // rev/day per rad/min
  m.no_kozai = e.mean_motion_rev_per_day / xpdotp;
  m.ecco = e.eccentricity;
  m.inclo = e.inclination_deg * kDegToRad;
  m.nodeo = e.raan_deg * kDegToRad;
  m.argpo = e.arg_perigee_deg * kDegToRad;
  m.mo = e.mean_anomaly_deg * kDegToRad;
  m.bstar = e.bstar;
  // Days since 1950 Jan 0.0 UT (JD 2433281.5), the epoch argument of the reports. Formed from the
  // Julian date as one double, as the reference implementation does: its lunar-solar and GMST
  // terms carry that rounding (about 5e-10 day), which moves object 23333 of tcppver.out (WIND,
  // e = 0.97) by 4e-6 km when left out.
  const double epoch_1950 = (s.epoch_jd_.whole + s.epoch_jd_.fraction) - 2433281.5;

  // --- Initialization common to SGP4 and SDP4 (INITL) ---
  const double eccsq = m.ecco * m.ecco;
  const double omeosq = 1.0 - eccsq;
  const double rteosq = std::sqrt(omeosq);
  m.cosio = std::cos(m.inclo);
  const double cosio2 = m.cosio * m.cosio;
  // Recover the original (Brouwer) mean motion and semi-major axis from the Kozai mean motion.
  const double ak = std::pow(kXke / m.no_kozai, kX2o3);
  const double d1 = 0.75 * kJ2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq);
  double del = d1 / (ak * ak);
  const double adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0));
  del = d1 / (adel * adel);
  m.no = m.no_kozai / (1.0 + del);
  if (!(m.no > 0.0) || !std::isfinite(m.no)) {
    return InitError(e, "recovered mean motion is not positive");
  }
  m.ao = std::pow(kXke / m.no, kX2o3);
  m.sinio = std::sin(m.inclo);
  const double po = m.ao * omeosq;
  const double con42 = 1.0 - 5.0 * cosio2;
  m.con41 = -con42 - cosio2 - cosio2;
  const double posq = po * po;
  const double rp = m.ao * (1.0 - m.ecco);
  if (!(m.ao > 0.0) || !std::isfinite(m.ao)) {
    return InitError(e, "recovered semi-major axis is not positive");
  }
  m.gsto = GmstFrom1950(epoch_1950);

  // --- SGP4 initialization ---
  const double ss = 78.0 / kRe + 1.0;
  const double qzms2t = std::pow((120.0 - 78.0) / kRe, 4.0);
  m.simplified = rp < (220.0 / kRe + 1.0);
  double sfour = ss;
  double qzms24 = qzms2t;
  const double perige = (rp - 1.0) * kRe;
  // Atmospheric density parameter s for perigees below 156 km.
  if (perige < 156.0) {
    sfour = perige - 78.0;
    if (perige < 98.0) sfour = 20.0;
    qzms24 = std::pow((120.0 - sfour) / kRe, 4.0);
    sfour = sfour / kRe + 1.0;
  }
  const double pinvsq = 1.0 / posq;
  const double tsi = 1.0 / (m.ao - sfour);
  m.eta = m.ao * m.ecco * tsi;
  const double etasq = m.eta * m.eta;
  const double eeta = m.ecco * m.eta;
  const double psisq = std::fabs(1.0 - etasq);
  const double coef = qzms24 * std::pow(tsi, 4.0);
  const double coef1 = coef / std::pow(psisq, 3.5);
  const double cc2 = coef1 * m.no *
                     (m.ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq)) +
                      0.375 * kJ2 * tsi / psisq * m.con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)));
  m.cc1 = m.bstar * cc2;
  double cc3 = 0.0;
  if (m.ecco > 1.0e-4) cc3 = -2.0 * coef * tsi * kJ3oJ2 * m.no * m.sinio / m.ecco;
  m.x1mth2 = 1.0 - cosio2;
  m.cc4 = 2.0 * m.no * coef1 * m.ao * omeosq *
          (m.eta * (2.0 + 0.5 * etasq) + m.ecco * (0.5 + 2.0 * etasq) -
           kJ2 * tsi / (m.ao * psisq) *
               (-3.0 * m.con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta)) +
                0.75 * m.x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * std::cos(2.0 * m.argpo)));
  m.cc5 = 2.0 * coef1 * m.ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq);
  const double cosio4 = cosio2 * cosio2;
  const double temp1 = 1.5 * kJ2 * pinvsq * m.no;
  const double temp2 = 0.5 * temp1 * kJ2 * pinvsq;
  const double temp3 = -0.46875 * kJ4 * pinvsq * pinvsq * m.no;
  m.mdot = m.no + 0.5 * temp1 * rteosq * m.con41 +
           0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4);
  m.argpdot = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4) +
              temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4);
  const double xhdot1 = -temp1 * m.cosio;
  m.nodedot =
      xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * m.cosio;
  const double xpidot = m.argpdot + m.nodedot;
  m.omgcof = m.bstar * cc3 * std::cos(m.argpo);
  m.xmcof = 0.0;
  if (m.ecco > 1.0e-4) m.xmcof = -kX2o3 * coef * m.bstar / eeta;
  m.nodecf = 3.5 * omeosq * xhdot1 * m.cc1;
  m.t2cof = 1.5 * m.cc1;
  if (std::fabs(m.cosio + 1.0) > 1.5e-12) {
    m.xlcof = -0.25 * kJ3oJ2 * m.sinio * (3.0 + 5.0 * m.cosio) / (1.0 + m.cosio);
  } else {
    m.xlcof = -0.25 * kJ3oJ2 * m.sinio * (3.0 + 5.0 * m.cosio) / kTemp4;
  }
  m.aycof = -0.5 * kJ3oJ2 * m.sinio;
  const double delmotemp = 1.0 + m.eta * std::cos(m.mo);
  m.delmo = delmotemp * delmotemp * delmotemp;
  m.sinmao = std::sin(m.mo);
  m.x7thm1 = 7.0 * cosio2 - 1.0;

  // --- Deep-space initialization (period >= 225 minutes) ---
  if (kTwoPi / m.no >= 225.0) {
    m.deep_space = true;
    m.simplified = true;
    const DeepCommon c = ComputeDeepCommon(epoch_1950, m);
    // The periodics at epoch are not subtracted in improved mode (peo..pho stay 0).
    InitDeepSpace(c, xpidot, m);
  }

  // --- Higher-order drag terms (non-simplified near-earth orbits) ---
  m.d2 = m.d3 = m.d4 = m.t3cof = m.t4cof = m.t5cof = 0.0;
  if (!m.simplified) {
    const double cc1sq = m.cc1 * m.cc1;
    m.d2 = 4.0 * m.ao * tsi * cc1sq;
    const double temp = m.d2 * tsi * m.cc1 / 3.0;
    m.d3 = (17.0 * m.ao + sfour) * temp;
    m.d4 = 0.5 * temp * m.ao * tsi * (221.0 * m.ao + 31.0 * sfour) * m.cc1;
    m.t3cof = m.d2 + 2.0 * cc1sq;
    m.t4cof = 0.25 * (3.0 * m.d3 + m.cc1 * (12.0 * m.d2 + 10.0 * cc1sq));
    m.t5cof = 0.2 * (3.0 * m.d4 + 12.0 * m.cc1 * m.d3 + 6.0 * m.d2 * m.d2 +
                     15.0 * cc1sq * (2.0 * m.d2 + cc1sq));
  }
  return s;
}

double Sgp4::MinutesSinceEpoch(SimTime t) const {
  const SimTime::SplitJulianDate jd = t.JulianDate();
  return ((jd.whole - epoch_jd_.whole) + (jd.fraction - epoch_jd_.fraction)) * kMinutesPerDay;
}

Sgp4Result Sgp4::Propagate(double t) const {
  LEOTWIN_DCHECK(std::isfinite(t));
  const Sgp4Model& m = model_;
  constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
  Sgp4Result out;
  auto fail = [&](int code) {
    out.position = {kNan, kNan, kNan};
    out.velocity = {kNan, kNan, kNan};
    out.error = code;
    return out;
  };

  // Secular gravity and atmospheric drag.
  const double xmdf = m.mo + m.mdot * t;
  const double argpdf = m.argpo + m.argpdot * t;
  const double nodedf = m.nodeo + m.nodedot * t;
  double argpm = argpdf;
  double mm = xmdf;
  const double t2 = t * t;
  double nodem = nodedf + m.nodecf * t2;
  double tempa = 1.0 - m.cc1 * t;
  double tempe = m.bstar * m.cc4 * t;
  double templ = m.t2cof * t2;
  if (!m.simplified) {
    const double delomg = m.omgcof * t;
    const double delmtemp = 1.0 + m.eta * std::cos(xmdf);
    const double delm = m.xmcof * (delmtemp * delmtemp * delmtemp - m.delmo);
    const double temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const double t3 = t2 * t;
    const double t4 = t3 * t;
    tempa = tempa - m.d2 * t2 - m.d3 * t3 - m.d4 * t4;
    tempe = tempe + m.bstar * m.cc5 * (std::sin(mm) - m.sinmao);
    templ = templ + m.t3cof * t3 + t4 * (m.t4cof + t * m.t5cof);
  }
  double nm = m.no;
  double em = m.ecco;
  double inclm = m.inclo;
  if (m.deep_space) {
    ApplyDeepSecular(m, t, em, argpm, inclm, mm, nodem, nm);
  }
  if (nm <= 0.0) return fail(kSgp4MeanMotion);
  const double am = std::pow(kXke / nm, kX2o3) * tempa * tempa;
  nm = kXke / std::pow(am, 1.5);
  em = em - tempe;
  if (em >= 1.0 || em < -0.001 || !(am > 0.0)) return fail(kSgp4MeanElements);
  if (em < 1.0e-6) em = 1.0e-6;
  mm = mm + m.no * templ;
  double xlm = mm + argpm + nodem;
  nodem = std::fmod(nodem, kTwoPi);
  argpm = std::fmod(argpm, kTwoPi);
  xlm = std::fmod(xlm, kTwoPi);
  mm = std::fmod(xlm - argpm - nodem, kTwoPi);

  // Lunar-solar periodics.
  double ep = em;
  double xincp = inclm;
  double argpp = argpm;
  double nodep = nodem;
  double mp = mm;
  double sinip = std::sin(inclm);
  double cosip = std::cos(inclm);
  double aycof = m.aycof;
  double xlcof = m.xlcof;
  double con41 = m.con41, x1mth2 = m.x1mth2, x7thm1 = m.x7thm1;
  if (m.deep_space) {
    ApplyDeepPeriodics(m, t, ep, xincp, nodep, argpp, mp);
    if (xincp < 0.0) {
      xincp = -xincp;
      nodep = nodep + kPi;
      argpp = argpp - kPi;
    }
    if (ep < 0.0 || ep > 1.0) return fail(kSgp4PerturbedEccentricity);
    sinip = std::sin(xincp);
    cosip = std::cos(xincp);
    aycof = -0.5 * kJ3oJ2 * sinip;
    if (std::fabs(cosip + 1.0) > 1.5e-12) {
      xlcof = -0.25 * kJ3oJ2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip);
    } else {
      xlcof = -0.25 * kJ3oJ2 * sinip * (3.0 + 5.0 * cosip) / kTemp4;
    }
    const double cosisq = cosip * cosip;
    con41 = 3.0 * cosisq - 1.0;
    x1mth2 = 1.0 - cosisq;
    x7thm1 = 7.0 * cosisq - 1.0;
  }

  // Long-period periodics.
  const double axnl = ep * std::cos(argpp);
  double temp = 1.0 / (am * (1.0 - ep * ep));
  const double aynl = ep * std::sin(argpp) + temp * aycof;
  const double xl = mp + argpp + nodep + temp * xlcof * axnl;

  // Kepler's equation for the eccentric longitude, Newton-Raphson with steps limited to 0.95 rad.
  const double u = std::fmod(xl - nodep, kTwoPi);
  double eo1 = u;
  double tem5 = 9999.9;
  double sineo1 = 0.0, coseo1 = 0.0;
  for (int ktr = 1; std::fabs(tem5) >= 1.0e-12 && ktr <= 10; ++ktr) {
    sineo1 = std::sin(eo1);
    coseo1 = std::cos(eo1);
    tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl;
    tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5;
    if (std::fabs(tem5) >= 0.95) tem5 = tem5 > 0.0 ? 0.95 : -0.95;
    eo1 = eo1 + tem5;
  }

  // Short-period preliminary quantities.
  const double ecose = axnl * coseo1 + aynl * sineo1;
  const double esine = axnl * sineo1 - aynl * coseo1;
  const double el2 = axnl * axnl + aynl * aynl;
  const double pl = am * (1.0 - el2);
  if (pl < 0.0) return fail(kSgp4SemiLatusRectum);
  const double rl = am * (1.0 - ecose);
  const double rdotl = std::sqrt(am) * esine / rl;
  const double rvdotl = std::sqrt(pl) / rl;
  const double betal = std::sqrt(1.0 - el2);
  temp = esine / (1.0 + betal);
  const double sinu = am / rl * (sineo1 - aynl - axnl * temp);
  const double cosu = am / rl * (coseo1 - axnl + aynl * temp);
  double su = std::atan2(sinu, cosu);
  const double sin2u = (cosu + cosu) * sinu;
  const double cos2u = 1.0 - 2.0 * sinu * sinu;
  temp = 1.0 / pl;
  const double temp1 = 0.5 * kJ2 * temp;
  const double temp2 = temp1 * temp;

  // Short-period periodics.
  const double mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
  su = su - 0.25 * temp2 * x7thm1 * sin2u;
  const double xnode = nodep + 1.5 * temp2 * cosip * sin2u;
  const double xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u;
  const double mvt = rdotl - nm * temp1 * x1mth2 * sin2u / kXke;
  const double rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / kXke;

  // Orientation vectors and the state.
  const double sinsu = std::sin(su);
  const double cossu = std::cos(su);
  const double snod = std::sin(xnode);
  const double cnod = std::cos(xnode);
  const double sini = std::sin(xinc);
  const double cosi = std::cos(xinc);
  const double xmx = -snod * cosi;
  const double xmy = cnod * cosi;
  const double ux = xmx * sinsu + cnod * cossu;
  const double uy = xmy * sinsu + snod * cossu;
  const double uz = sini * sinsu;
  const double vx = xmx * cossu - cnod * sinsu;
  const double vy = xmy * cossu - snod * sinsu;
  const double vz = sini * cossu;
  const double vkmpersec = kRe * kXke / 60.0;
  out.position = {mrt * ux * kRe, mrt * uy * kRe, mrt * uz * kRe};
  out.velocity = {(mvt * ux + rvdot * vx) * vkmpersec, (mvt * uy + rvdot * vy) * vkmpersec,
                  (mvt * uz + rvdot * vz) * vkmpersec};
  out.error = mrt < 1.0 ? kSgp4Decayed : kSgp4Ok;
  return out;
}

}  // namespace leotwin::orbit
