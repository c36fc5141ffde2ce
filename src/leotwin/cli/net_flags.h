// Flags shared by `leotwin route` and `leotwin routes` (header only; both commands include it).
#pragma once

#include <string>

#include "CLI/CLI.hpp"
#include "leotwin/base/status.h"
#include "leotwin/cli/common.h"
#include "leotwin/net/scenario.h"

namespace leotwin::cli {

struct NetFlags {
  std::string constellation = "starlink-gen1";
  std::string start, duration = "600s", step = "1s";
  double min_elevation = 25.0;
  std::string lasers = "auto", gateways = "auto", egress = "auto", choice = "highest-elevation";
  std::string ground_file, isls_file;
  double max_laser_range = 5016.0, atmosphere = 80.0, fiber_inflation = 1.5;
  double max_gsl_range = 0.0;
  int seam_shift = -1, isl_shift = -1, terminal_links = 1;
  std::string method = "incremental";
  int threads = 2;
  double knot_s = 10.0;

  void Add(CLI::App* cmd) {
    cmd->add_option("--constellation,-c", constellation,
                    "Preset (starlink-gen1, starlink-gen2a, kuiper, oneweb, handley2018), a "
                    "TLE/OMM file, or a Hypatia tles.txt (\"<orbits> <per orbit>\" header)")
        ->capture_default_str();
    cmd->add_option("--start", start,
                    "First instant, ISO 8601 UTC (default: preset epoch, or "
                    "the latest element epoch of a file)");
    cmd->add_option("--duration", duration, "Window length (600s, 10min, 1h)")
        ->capture_default_str();
    cmd->add_option("--step", step, "Time step (100ms, 1s)")->capture_default_str();
    cmd->add_option("--min-elevation", min_elevation, "Elevation mask of every ground node, deg")
        ->capture_default_str()
        ->check(FiniteIn(-90.0, 90.0));
    cmd->add_option("--lasers", lasers, "auto | plus-grid | none (bent pipe)")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "plus-grid", "none"}));
    cmd->add_option("--max-laser-range", max_laser_range, "Longest laser link, km")
        ->capture_default_str()
        ->check(FiniteAbove(0.0));
    cmd->add_option("--max-gsl-range", max_gsl_range,
                    "Longest ground-satellite link (slant range), km, for every ground node; 0 = "
                    "no limit. With --min-elevation 0 it is Hypatia's max GSL length rule")
        ->capture_default_str()
        ->check(FiniteIn(0.0, 1e6));
    cmd->add_option("--isls", isls_file,
                    "Laser links as a Hypatia isls.txt (\"a b\" per line), used as given instead "
                    "of +Grid")
        ->check(kNonEmptyPath);
    cmd->add_option("--atmosphere", atmosphere, "Height a laser line of sight must clear, km")
        ->capture_default_str()
        ->check(FiniteIn(0.0, 1000.0));
    cmd->add_option("--seam-shift", seam_shift,
                    "Slot shift of the laser links across the seam only (default: nearest; 0 for "
                    "a Hypatia tles.txt)");
    cmd->add_option("--isl-shift", isl_shift,
                    "Slot shift of every cross-plane laser link, Hypatia's isl_shift (default: "
                    "nearest; 0 for a Hypatia tles.txt)");
    cmd->add_option("--gateways", gateways,
                    "auto (only without lasers) | default (placed by the documented rule) | none")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "default", "none"}));
    cmd->add_option("--ground", ground_file,
                    "Extra ground nodes (gateways, PoPs, terminals): CSV, GeoJSON, or Hypatia's "
                    "ground_stations(.basic).txt (read as cities)")
        ->check(kNonEmptyPath);
    cmd->add_option("--egress", egress,
                    "auto | satellite (both ends are terminals) | pop (destination reached by "
                    "fiber from its nearest PoP)")
        ->capture_default_str()
        ->check(CLI::IsMember({"auto", "satellite", "pop"}));
    cmd->add_option("--terminal-links", terminal_links,
                    "Satellites a user terminal uses at once (0 = all visible)")
        ->capture_default_str()
        ->check(CLI::Range(0, 64));
    cmd->add_option("--choice", choice,
                    "Terminal satellite choice: highest-elevation | nearest | longest-visibility")
        ->capture_default_str();
    cmd->add_option("--fiber-inflation", fiber_inflation,
                    "Real fiber route length / great circle (>= 1), for the inflated baseline")
        ->capture_default_str()
        ->check(FiniteIn(1.0, 100.0));
    cmd->add_option("--method", method, "Routing: incremental | scratch | reference")
        ->capture_default_str()
        ->check(CLI::IsMember({"incremental", "scratch", "reference"}));
    cmd->add_option("--threads", threads, "Time windows routed in parallel (0 = all cores)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--knot", knot_s,
                    "Propagate every this many seconds and interpolate between (0 = every step)")
        ->capture_default_str()
        ->check(FiniteIn(0.0, 3600.0));
  }

  StatusOr<net::NetScenarioOptions> Scenario() const {
    net::NetScenarioOptions o;
    o.constellation = constellation;
    o.lasers = lasers == "plus-grid" ? net::LaserMode::kPlusGrid
               : lasers == "none"    ? net::LaserMode::kNone
                                     : net::LaserMode::kAuto;
    o.gateways = gateways == "default" ? net::GatewayMode::kDefault
                 : gateways == "none"  ? net::GatewayMode::kNone
                                       : net::GatewayMode::kAuto;
    if (egress == "satellite") o.egress = net::Egress::kSatellite;
    if (egress == "pop") o.egress = net::Egress::kPop;
    o.ground_file = ground_file;
    o.isls_file = isls_file;
    o.network.SetMinElevation(min_elevation);
    for (auto& r : o.network.ground) r.max_slant_range_km = max_gsl_range;
    o.network.lasers.max_range_km = max_laser_range;
    o.network.lasers.atmosphere_km = atmosphere;
    if (seam_shift >= 0) o.network.lasers.seam_shift = seam_shift;
    if (isl_shift >= 0) o.network.lasers.isl_shift = isl_shift;
    auto& t = o.network.ground[static_cast<int>(net::GroundKind::kTerminal)];
    t.max_links = terminal_links;
    LEOTWIN_ASSIGN_OR_RETURN(t.choice, net::ParseSatelliteChoice(choice));
    o.interpolation_knot_ns = static_cast<int64_t>(knot_s * 1e9);
    return o;
  }

  net::RunOptions Run() const {
    net::RunOptions r;
    r.method = method == "reference" ? net::RoutingMethod::kReference
               : method == "scratch" ? net::RoutingMethod::kFromScratch
                                     : net::RoutingMethod::kIncremental;
    r.threads = threads;
    r.fiber_inflation = fiber_inflation;
    return r;
  }
};

}  // namespace leotwin::cli
