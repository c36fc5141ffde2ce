#include "leotwin/orbit/walker.h"

#include <cmath>
#include <utility>

#include "fmt/format.h"
#include "leotwin/base/check.h"
#include "leotwin/base/constants.h"

namespace leotwin::orbit {
namespace {

// SGP4's ke = 60 / sqrt(R^3 / mu): sqrt(mu) in Earth radii^1.5 per minute.
double Xke() {
  return 60.0 / std::sqrt(kWalkerEarthRadiusKm * kWalkerEarthRadiusKm * kWalkerEarthRadiusKm /
                          kWalkerMuKm3PerS2);
}

constexpr double kMinutesPerDay = 1440.0;

// Brouwer ("un-Kozai") mean motion in rad/min from a Kozai mean motion in rad/min, exactly as in
// SGP4's initialization (Hoots & Roehrich 1980; Vallado et al. 2006, initl).
double UnKozai(double n_kozai, double cos_i, double e) {
  const double x2o3 = 2.0 / 3.0;
  const double ome2 = 1.0 - e * e;
  const double ak = std::pow(Xke() / n_kozai, x2o3);
  const double d1 = 0.75 * kWalkerJ2 * (3.0 * cos_i * cos_i - 1.0) / (std::sqrt(ome2) * ome2);
  double del = d1 / (ak * ak);
  const double adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0));
  del = d1 / (adel * adel);
  return n_kozai / (1.0 + del);
}

// Year and day of year (1.0 = Jan 1 00:00) of an instant, as ElementSet stores them.
void SetEpoch(SimTime epoch, ElementSet* e) {
  const std::string iso = epoch.ToIso8601();
  int year = 0;
  for (int i = 0; i < 4; ++i) year = year * 10 + (iso[static_cast<size_t>(i)] - '0');
  const int64_t since = epoch - SimTime::FromCivil(year, 1, 1);
  e->epoch = epoch;
  e->epoch_year = year;
  e->epoch_day_of_year = 1.0 + static_cast<double>(since / SimTime::kNanosPerDay) +
                         static_cast<double>(since % SimTime::kNanosPerDay) /
                             static_cast<double>(SimTime::kNanosPerDay);
}

Status ValidateShell(const ShellInfo& s) {
  auto bad = [&](std::string_view what) {
    return absl::InvalidArgumentError(fmt::format("Walker shell \"{}\": {}", s.name, what));
  };
  if (s.planes < 1) return bad(fmt::format("expected planes >= 1, got {}", s.planes));
  if (s.sats_per_plane < 1)
    return bad(fmt::format("expected sats_per_plane >= 1, got {}", s.sats_per_plane));
  if (static_cast<int64_t>(s.planes) * s.sats_per_plane > 10'000'000)
    return bad("expected at most 10,000,000 satellites");
  if (s.phasing < 0 || s.phasing >= s.planes)
    return bad(fmt::format("expected phasing F in 0..{}, got {}", s.planes - 1, s.phasing));
  if (!(s.raan_spread_deg > 0.0 && s.raan_spread_deg <= 360.0))
    return bad(fmt::format("expected raan_spread_deg in (0, 360], got {}", s.raan_spread_deg));
  return absl::OkStatus();
}

// Phasing choices. Filings give planes, satellites per plane, altitude and inclination but not the
// Walker phasing F. Unless a source fixes it (handley2018: F = 11, from the paper), F is the value
// in 0..P-1 that maximizes the smallest distance between any two satellites of the shell over an
// orbit (two-body circular motion), which is what collision avoidance at the plane crossings asks
// of an operator. tests/data/walker/walker_phasing.py computes it; its output with the minimum
// separations is tests/data/walker/phasing.txt.
struct PresetShell {
  const char* name;
  int planes, per_plane, phasing;
  double altitude_km, inclination_deg, raan_spread_deg;
};

struct Preset {
  ConstellationPresetInfo info;
  std::vector<PresetShell> shells;
};

const std::vector<Preset>& Presets() {
  static const std::vector<Preset> kPresets = {
      {{"starlink-gen1",
        "Starlink Gen1 final licence (FCC 2021): 4,408 sats; 72x22 550 km 53.0 deg, 72x22 540 km "
        "53.2 deg, 36x20 570 km 70 deg, 6x58 and 4x43 560 km 97.6 deg"},
       {{"550km-53.0deg", 72, 22, 65, 550, 53.0, 360},
        {"540km-53.2deg", 72, 22, 65, 540, 53.2, 360},
        {"570km-70.0deg", 36, 20, 25, 570, 70.0, 360},
        {"560km-97.6deg-a", 6, 58, 3, 560, 97.6, 360},
        {"560km-97.6deg-b", 4, 43, 2, 560, 97.6, 360}}},
      // The Dec 2022 grant allows 7,500 satellites in the 525/530/535 km shells of the Gen2
      // filing, whose configuration has 28 planes of 120 per shell (10,080 in all). Keeping the
      // filed 28 planes per shell (so the filed RAAN spacing of 12.86 deg) and filling each plane
      // evenly gives 90 per plane: 3 x 2,520 = 7,560, 0.8% over the grant; an exact 7,500 would
      // need 2,500 per shell, which 28 planes cannot hold evenly.
      {{"starlink-gen2a",
        "Starlink Gen2 first grant (FCC Dec 2022, 7,500 authorized) as 7,560 sats: 28x90 each "
        "at 525 km 53 deg, 530 km 43 deg, 535 km 33 deg"},
       {{"525km-53deg", 28, 90, 11, 525, 53.0, 360},
        {"530km-43deg", 28, 90, 21, 530, 43.0, 360},
        {"535km-33deg", 28, 90, 15, 535, 33.0, 360}}},
      {{"kuiper", "Amazon Kuiper first shell (FCC 2020): 1,156 sats; 34x34 at 630 km 51.9 deg"},
       {{"630km-51.9deg", 34, 34, 7, 630, 51.9, 360}}},
      // OneWeb phase 1 as operated: 12 planes of 49 active satellites (588; 648 with spares) at
      // about 1,200 km, 87.9 deg, ascending nodes spread over 180 deg (a Walker star pattern:
      // planes 15 deg apart, with the counter-rotating seam between the first and last plane).
      {{"oneweb",
        "OneWeb phase 1 as operated: 588 sats; 12x49 at 1,200 km 87.9 deg, planes over 180 deg "
        "(Walker star)"},
       {{"1200km-87.9deg", 12, 49, 10, 1200, 87.9, 180}}},
      {{"handley2018",
        "First phase of the 2016 Starlink filing as in Handley, HotNets 2018: 1,600 sats; 32x50 "
        "at 1,150 km 53 deg, Walker F = 11"},
       {{"1150km-53deg", 32, 50, 11, 1150, 53.0, 360}}},
  };
  return kPresets;
}

const Preset* FindPreset(std::string_view name) {
  for (const Preset& p : Presets())
    if (p.info.name == name) return &p;
  return nullptr;
}

Status UnknownPreset(std::string_view name) {
  std::string names;
  for (const Preset& p : Presets())
    names += fmt::format("{}{}", names.empty() ? "" : ", ", p.info.name);
  return absl::NotFoundError(
      fmt::format("constellation preset \"{}\": expected one of {}", name, names));
}

}  // namespace

double Sgp4MeanSemiMajorAxisKm(double mean_motion_rev_per_day, double inclination_deg,
                               double eccentricity) {
  LEOTWIN_DCHECK(mean_motion_rev_per_day > 0.0 && eccentricity >= 0.0 && eccentricity < 1.0);
  const double n_kozai = mean_motion_rev_per_day * kTwoPi / kMinutesPerDay;
  const double n_brouwer = UnKozai(n_kozai, std::cos(inclination_deg * kDegToRad), eccentricity);
  return std::pow(Xke() / n_brouwer, 2.0 / 3.0) * kWalkerEarthRadiusKm;
}

StatusOr<double> MeanMotionForAltitude(double altitude_km, double inclination_deg,
                                       double eccentricity) {
  if (!(altitude_km > 0.0 && altitude_km < 1e6))
    return absl::InvalidArgumentError(
        fmt::format("altitude {} km: expected a value in (0, 1e6) km", altitude_km));
  if (!(inclination_deg >= 0.0 && inclination_deg <= 180.0))
    return absl::InvalidArgumentError(
        fmt::format("inclination {} deg: expected a value in [0, 180]", inclination_deg));
  if (!(eccentricity >= 0.0 && eccentricity < 1.0))
    return absl::InvalidArgumentError(
        fmt::format("eccentricity {}: expected a value in [0, 1)", eccentricity));
  const double a_er = (kWalkerEarthRadiusKm + altitude_km) / kWalkerEarthRadiusKm;
  const double n_brouwer = Xke() / std::pow(a_er, 1.5);  // rad/min
  const double cos_i = std::cos(inclination_deg * kDegToRad);
  // UnKozai(n) = n / (1 + del(n)) with |del| ~ 1e-3 and d(del)/dn small, so the fixed point
  // n = n_brouwer * n / UnKozai(n) converges by a factor of ~1e-3 per step.
  double n = n_brouwer;
  for (int i = 0; i < 50; ++i) {
    const double next = n * n_brouwer / UnKozai(n, cos_i, eccentricity);
    const bool done = std::fabs(next - n) <= 1e-15 * n;
    n = next;
    if (done) break;
  }
  return n * kMinutesPerDay / kTwoPi;
}

Status AddWalkerShell(const ShellInfo& shell, const WalkerOptions& options,
                      Constellation* constellation) {
  LEOTWIN_RETURN_IF_ERROR(ValidateShell(shell));
  LEOTWIN_ASSIGN_OR_RETURN_WITH_CONTEXT(
      const double mean_motion, MeanMotionForAltitude(shell.altitude_km, shell.inclination_deg),
      fmt::format("Walker shell \"{}\"", shell.name));
  const int shell_index = static_cast<int>(constellation->shells.size());
  const int total = shell.size();
  ElementSet proto;
  SetEpoch(options.epoch, &proto);
  proto.inclination_deg = shell.inclination_deg;
  proto.mean_motion_rev_per_day = mean_motion;
  constellation->shells.push_back(shell);
  constellation->elements.reserve(constellation->elements.size() + static_cast<size_t>(total));
  constellation->slots.reserve(constellation->slots.size() + static_cast<size_t>(total));
  for (int p = 0; p < shell.planes; ++p) {
    const double raan = Wrap360(options.raan_offset_deg + p * shell.raan_spread_deg / shell.planes);
    for (int s = 0; s < shell.sats_per_plane; ++s) {
      ElementSet e = proto;
      e.catalog_number =
          options.first_catalog_number + static_cast<int64_t>(constellation->elements.size());
      e.name = fmt::format("{}{}-{:02d}-{:02d}", options.name_prefix, shell.name, p, s);
      e.raan_deg = raan;
      e.mean_anomaly_deg =
          Wrap360(options.arg_latitude_offset_deg + s * 360.0 / shell.sats_per_plane +
                  p * shell.phasing * 360.0 / total);
      constellation->elements.push_back(std::move(e));
      constellation->slots.push_back({shell_index, p, s});
    }
  }
  return absl::OkStatus();
}

StatusOr<Constellation> MakeWalkerConstellation(std::string name,
                                                const std::vector<ShellInfo>& shells,
                                                const WalkerOptions& options) {
  Constellation c;
  c.name = std::move(name);
  for (const ShellInfo& s : shells) LEOTWIN_RETURN_IF_ERROR(AddWalkerShell(s, options, &c));
  return c;
}

const std::vector<ConstellationPresetInfo>& ConstellationPresets() {
  static const std::vector<ConstellationPresetInfo> kInfos = [] {
    std::vector<ConstellationPresetInfo> v;
    for (const Preset& p : Presets()) v.push_back(p.info);
    return v;
  }();
  return kInfos;
}

StatusOr<std::vector<ShellInfo>> ConstellationPresetShells(std::string_view name) {
  const Preset* preset = FindPreset(name);
  if (preset == nullptr) return UnknownPreset(name);
  std::vector<ShellInfo> shells;
  for (const PresetShell& s : preset->shells) {
    ShellInfo info;
    info.name = s.name;
    info.planes = s.planes;
    info.sats_per_plane = s.per_plane;
    info.phasing = s.phasing;
    info.altitude_km = s.altitude_km;
    info.inclination_deg = s.inclination_deg;
    info.raan_spread_deg = s.raan_spread_deg;
    shells.push_back(std::move(info));
  }
  return shells;
}

StatusOr<Constellation> ConstellationPreset(std::string_view name, SimTime epoch) {
  LEOTWIN_ASSIGN_OR_RETURN(std::vector<ShellInfo> shells, ConstellationPresetShells(name));
  WalkerOptions options;
  options.epoch = epoch;
  options.name_prefix = fmt::format("{}-", name);
  return MakeWalkerConstellation(std::string(name), shells, options);
}

}  // namespace leotwin::orbit
