#!/usr/bin/env python3
"""Runs Hypatia's satgenpy (from a checkout of github snkas/hypatia, never copied into leotwin) on
one of its shells + ground stations, as its paper scripts do, and times its dynamic state (the
forwarding state per time step, algorithm_free_one_only_over_isls).

    hypatia_satgenpy_peer.py SATGENPY_DIR GROUND_STATIONS_BASIC OUT_DIR SHELL STEP_MS STEPS

SHELL is kuiper_630 or starlink_550 (the paper's parameters). Writes OUT_DIR/{tles.txt, isls.txt,
ground_stations.txt, description.txt, gsl_interfaces_info.txt} and
OUT_DIR/dynamic_state_<STEP_MS>ms_for_<duration>s/ for the first STEPS steps, and prints one line
"satgenpy: <steps> steps in <s> s: <ms> ms per step".

Needs Debian's python3-ephem, python3-networkx, python3-numpy, python3-astropy, python3-geopy,
python3-sgp4. satgenpy also imports `exputil` (Hypatia's own helper package, not in Debian) and,
for plotting only, cartopy and statsmodels: a minimal stand-in for the few exputil functions the
dynamic state uses is installed here, and the plotting imports are stubbed.
"""
import math
import os
import sys
import time
import types


def install_stand_ins():
    exputil = types.ModuleType("exputil")

    def parse_positive_int(s):
        v = int(s)
        if v < 0:
            raise ValueError("not a positive integer: %s" % s)
        return v

    def parse_positive_float(s):
        v = float(s)
        if v < 0:
            raise ValueError("not a positive float: %s" % s)
        return v

    exputil.parse_positive_int = parse_positive_int
    exputil.parse_positive_float = parse_positive_float
    sys.modules["exputil"] = exputil
    for name in ["cartopy", "cartopy.crs", "statsmodels", "statsmodels.distributions",
                 "statsmodels.distributions.empirical_distribution"]:
        m = types.ModuleType(name)
        m.ECDF = None
        sys.modules[name] = m


SHELLS = {
    # name: (nice name, orbits, per orbit, inclination, mean motion rev/day, altitude m, cone m)
    "kuiper_630": ("Kuiper-630", 34, 34, 51.9, 14.80, 630000, 630000 / math.tan(math.radians(30))),
    "starlink_550": ("Starlink-550", 72, 22, 53.0, 15.19, 550000, 940700),
}
EARTH_RADIUS = 6378135.0


def main():
    satgenpy_dir, gs_basic, out_dir, shell, step_ms, steps = sys.argv[1:7]
    step_ms, steps = int(step_ms), int(steps)
    install_stand_ins()
    sys.path.insert(0, satgenpy_dir)
    import satgen
    from satgen.dynamic_state.generate_dynamic_state import generate_dynamic_state

    nice, orbits, per, inc, mm, alt, cone = SHELLS[shell]
    max_gsl = math.sqrt(cone ** 2 + alt ** 2)
    max_isl = 2 * math.sqrt((EARTH_RADIUS + alt) ** 2 - (EARTH_RADIUS + 80000) ** 2)
    os.makedirs(out_dir, exist_ok=True)
    satgen.extend_ground_stations(gs_basic, out_dir + "/ground_stations.txt")
    satgen.generate_tles_from_scratch_manual(out_dir + "/tles.txt", nice, orbits, per, True, inc,
                                             0.0000001, 0.0, mm)
    satgen.generate_plus_grid_isls(out_dir + "/isls.txt", orbits, per, isl_shift=0, idx_offset=0)
    satgen.generate_description(out_dir + "/description.txt", max_gsl, max_isl)
    ground_stations = satgen.read_ground_stations_extended(out_dir + "/ground_stations.txt")
    satgen.generate_simple_gsl_interfaces_info(out_dir + "/gsl_interfaces_info.txt",
                                               orbits * per, len(ground_stations), 1, 1, 1, 1)
    tles = satgen.read_tles(out_dir + "/tles.txt")
    isls = satgen.read_isls(out_dir + "/isls.txt", len(tles["satellites"]))
    info = satgen.read_gsl_interfaces_info(out_dir + "/gsl_interfaces_info.txt",
                                           len(tles["satellites"]), len(ground_stations))
    step_ns = step_ms * 1000 * 1000
    dyn = "%s/dynamic_state_%dms_for_%ds" % (out_dir, step_ms, 200)
    os.makedirs(dyn, exist_ok=True)
    t0 = time.process_time()
    w0 = time.time()
    generate_dynamic_state(dyn, tles["epoch"], steps * step_ns, step_ns, 0, tles["satellites"],
                           ground_stations, isls, info, max_gsl, max_isl,
                           "algorithm_free_one_only_over_isls", True)
    cpu, wall = time.process_time() - t0, time.time() - w0
    print("satgenpy: %d steps in %.2f s CPU (%.2f s wall): %.1f ms CPU per step"
          % (steps, cpu, wall, 1e3 * cpu / steps))
    print("max_gsl_length_m=%.6f max_isl_length_m=%.6f" % (max_gsl, max_isl))


if __name__ == "__main__":
    main()
