// Test and benchmark helper: Hypatia's published files (its repository, github snkas/hypatia) and
// the inputs of its experiments, rebuilt from their documented parameters.
//
// Hypatia's files are read at run time, never copied into leotwin: from $LEOTWIN_HYPATIA_REPO when
// set, else the first of ../shared/hypatia and /work/.mirror/snkas+hypatia/repo that exists. Each
// may be a checkout (files read directly) or a bare git directory (read with `git show HEAD:path`).
// Tests skip with a message naming these places when none exists.
#pragma once

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "fmt/format.h"
#include "leotwin/orbit/tle.h"

namespace leotwin::net::testing {

// Where Hypatia's repository was found, or nullopt.
inline std::optional<std::string> HypatiaRepo() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("LEOTWIN_HYPATIA_REPO"); env && *env) {
    candidates.push_back(env);
  }
  candidates.push_back("../shared/hypatia");
  candidates.push_back("/work/.mirror/snkas+hypatia/repo");
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(c, ec)) return c;
  }
  return std::nullopt;
}

inline constexpr const char* kHypatiaRepoHelp =
    "Hypatia's repository not found: set LEOTWIN_HYPATIA_REPO to a checkout or bare clone of "
    "github snkas/hypatia (tried ../shared/hypatia and /work/.mirror/snkas+hypatia/repo)";

// The content of `path` (relative to the repository root), or nullopt when absent.
inline std::optional<std::string> ReadHypatiaRepoFile(const std::string& repo,
                                                      const std::string& path) {
  std::error_code ec;
  const auto direct = std::filesystem::path(repo) / path;
  if (std::filesystem::is_regular_file(direct, ec)) {
    std::ifstream in(direct, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  const std::string git_dir = std::filesystem::exists(std::filesystem::path(repo) / "HEAD", ec)
                                  ? repo
                                  : (std::filesystem::path(repo) / ".git").string();
  const std::string cmd =
      fmt::format("git --git-dir='{}' show 'HEAD:{}' 2>/dev/null", git_dir, path);
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 1 << 16> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int rc = ::pclose(pipe);
  if (rc != 0 || out.empty()) return std::nullopt;
  return out;
}

// A shell as Hypatia's experiments define it (paper/satellite_networks_state/main_*.py and
// satgenpy's tests): circular orbits (e = 1e-7, PyEphem's smallest), argument of perigee 0, RAAN
// of orbit o = o * 360 / orbits, mean anomaly of satellite s = s * 360 / per_orbit plus half a
// slot on odd orbits, epoch 2000-01-01 00:00:00 (TLE day 00001.00000000).
struct HypatiaShell {
  std::string name;
  int orbits = 0, per_orbit = 0;
  double inclination_deg = 0.0, mean_motion_rev_per_day = 0.0, altitude_m = 0.0;
  double eccentricity = 0.0000001, arg_perigee_deg = 0.0;
  bool phase_diff = true;
};

// Kuiper-630 (34 x 34, 51.9 deg, 14.80 rev/day) and Starlink-550 (72 x 22, 53 deg, 15.19 rev/day).
inline HypatiaShell Kuiper630() { return {"Kuiper-630", 34, 34, 51.9, 14.80, 630000.0}; }
inline HypatiaShell Starlink550() { return {"Starlink-550", 72, 22, 53.0, 15.19, 550000.0}; }

// Hypatia's WGS72 Earth radius, m (its experiments derive the max ISL length from it).
inline constexpr double kHypatiaEarthRadiusM = 6378135.0;

// Max ISL length of the experiments: the line between two satellites at the shell's altitude
// that grazes 80 km above a spherical Earth.
inline double HypatiaMaxIslLengthM(const HypatiaShell& s) {
  const double r = kHypatiaEarthRadiusM + s.altitude_m, h = kHypatiaEarthRadiusM + 80000.0;
  return 2.0 * std::sqrt(r * r - h * h);
}
// Max GSL length: Kuiper's filing at a 30 deg elevation cone, Starlink's 940.7 km cone radius.
inline double HypatiaMaxGslLengthM(const HypatiaShell& s) {
  const double cone =
      s.name == "Kuiper-630" ? s.altitude_m / std::tan(30.0 * M_PI / 180.0) : 940700.0;
  return std::sqrt(cone * cone + s.altitude_m * s.altitude_m);
}

// The shell as Hypatia's tles.txt, in the layout its "manual" TLE writer documents: the header
// "<orbits> <per orbit>", then per satellite "<name> <id>" and two TLE lines with catalog number
// id + 1, designator 00000ABC, epoch 00001.00000000, zero drag terms, angles "%.4f" right-aligned
// in their 8 columns, eccentricity as 7 digits, mean motion "%.8f" in 11 columns, revolution 0.
inline std::string HypatiaTlesText(const HypatiaShell& s) {
  std::string out = fmt::format("{} {}\n", s.orbits, s.per_orbit);
  const std::string ecc = fmt::format("{:.7f}", s.eccentricity).substr(2);
  int id = 0;
  for (int o = 0; o < s.orbits; ++o) {
    const double raan = o * 360.0 / s.orbits;
    const double shift = (o % 2 == 1 && s.phase_diff) ? 360.0 / (s.per_orbit * 2.0) : 0.0;
    for (int k = 0; k < s.per_orbit; ++k, ++id) {
      const double ma = shift + (k * 360.0 / s.per_orbit);
      std::string l1 = fmt::format(
          "1 {:05d}U 00000ABC 00001.00000000  .00000000  00000-0  00000+0 0    0", id + 1);
      std::string l2 =
          fmt::format("2 {:05d} {:>8} {:>8} {} {:>8} {:>8} {:>11}    0", id + 1,
                      fmt::format("{:.4f}", s.inclination_deg), fmt::format("{:.4f}", raan), ecc,
                      fmt::format("{:.4f}", s.arg_perigee_deg), fmt::format("{:.4f}", ma),
                      fmt::format("{:.8f}", s.mean_motion_rev_per_day));
      l1 += std::to_string(orbit::TleChecksum(l1));
      l2 += std::to_string(orbit::TleChecksum(l2));
      out += fmt::format("{} {}\n{}\n{}\n", s.name, id, l1, l2);
    }
  }
  return out;
}

}  // namespace leotwin::net::testing
