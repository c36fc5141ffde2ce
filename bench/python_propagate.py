#!/usr/bin/env python3
"""leotwin.propagate from Python against python-sgp4's SatrecArray and Skyfield, same run.

The work (issue 16): every object of the CelesTrak Starlink snapshot (8,325 TLEs in
../shared/data/starlink_20250923.tle) at 1,440 one-minute steps from 2025-09-23T00:00:00Z, TEME
positions and velocities into NumPy arrays of (satellites, times, 3).

Debian's python3-sgp4 2.15 has no compiled extension (sgp4.api.accelerated is False), so its
SatrecArray runs Vallado's algorithm in Python at about 60 us per propagation: the full work takes
it about 12 minutes, and Skyfield (which calls python-sgp4 per satellite) longer. By default the
peers therefore propagate the first --peer-satellites objects over the same 1,440 instants and the
ratio is of propagations per second; --peer-satellites 0 gives them the whole snapshot.

Run it on a release build (the dev build is compiled with sanitizers):

    cmake --preset release -B build/release && cmake --build build/release --target leotwin_python
    build/release/leotwin-python bench/python_propagate.py

It prints the timings, the ratios and a digest of leotwin's positions, and checks that the peers'
positions agree with leotwin's (max difference in km).
"""
import argparse
import hashlib
import os
import pathlib
import sys
import time

import numpy as np

import leotwin

SNAPSHOT = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data" / "starlink_20250923.tle"


def read_tles(path):
    lines = [l.rstrip() for l in path.read_text().splitlines() if l.strip()]
    out = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            out.append((lines[i], lines[i + 1]))
            i += 2
        else:
            i += 1
    return out


def split_jd(ns):
    days, rem = np.divmod(ns.astype(np.int64), 86_400_000_000_000)
    return 2440587.5 + days.astype(np.float64), rem.astype(np.float64) / 86_400e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tle", default=str(SNAPSHOT))
    ap.add_argument("--minutes", type=int, default=1440)
    ap.add_argument("--peer-satellites", type=int, default=300,
                    help="objects the peers propagate (0 = all, the same work as leotwin)")
    ap.add_argument("--no-skyfield", action="store_true")
    args = ap.parse_args()
    path = pathlib.Path(args.tle)
    if not path.exists():
        print(f"skipped: {path} not found (the shared data folder is beside the checkout)")
        return 0

    c = leotwin.load(str(path))
    times = leotwin.time_grid("2025-09-23T00:00:00Z", f"{args.minutes - 1}min", "1min")
    ns = times.astype(np.int64)
    n, t = len(c), len(times)
    print(f"work: {n} objects x {t} instants = {n * t:,} propagations "
          f"(threads: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'all')})")

    t0 = time.perf_counter()
    p = leotwin.propagate(c, times, frame="teme", velocities=True, progress=False)
    lt_s = time.perf_counter() - t0
    lt_rate = n * t / lt_s
    digest = hashlib.sha256(np.ascontiguousarray(np.round(p.positions, 6)).tobytes()).hexdigest()
    print(f"leotwin.propagate       {lt_s:8.2f} s  {lt_rate / 1e6:8.2f} M propagations/s  "
          f"errors {int((p.errors != 0).sum())}  digest {digest[:16]}")

    from sgp4.api import Satrec, SatrecArray, accelerated

    tles = read_tles(path)
    by_cat = {int(l1[2:7]) if l1[2:7].strip().isdigit() else None: (l1, l2) for l1, l2 in tles}
    m = n if args.peer_satellites <= 0 else min(args.peer_satellites, n)
    cats = c.catalog_numbers[:m]
    pairs = [by_cat[int(k)] for k in cats]
    jd, fr = split_jd(ns)
    sats = [Satrec.twoline2rv(a, b) for a, b in pairs]
    t0 = time.perf_counter()
    e, r, v = SatrecArray(sats).sgp4(jd, fr)
    sg_s = time.perf_counter() - t0
    sg_rate = m * t / sg_s
    ok = (e == 0) & (p.errors[:m] == 0)
    diff = np.abs(r - p.positions[:m])[ok].max()
    print(f"python-sgp4 SatrecArray {sg_s:8.2f} s  {sg_rate / 1e6:8.4f} M propagations/s  "
          f"({m} objects; compiled extension: {accelerated})  max |dr| {diff:.2e} km")
    print(f"ratio leotwin / python-sgp4: {lt_rate / sg_rate:.1f}x propagations per second")

    if not args.no_skyfield:
        try:
            from skyfield.api import EarthSatellite, load
        except ImportError:
            print("skyfield: not installed (python3-skyfield)")
            return 0
        ts = load.timescale(builtin=True)
        dt = times.astype("datetime64[us]").tolist()
        from skyfield.api import utc
        sk_times = ts.from_datetimes([d.replace(tzinfo=utc) for d in dt])
        t0 = time.perf_counter()
        worst = 0.0
        for k, (a, b) in enumerate(pairs):
            sat = EarthSatellite(a, b, ts=ts)
            rr, _, err = sat._position_and_velocity_TEME_km(sk_times)
            good = ok[k]
            if good.any():
                worst = max(worst, float(np.abs(rr.T[good] - p.positions[k][good]).max()))
        sk_s = time.perf_counter() - t0
        sk_rate = m * t / sk_s
        print(f"skyfield (TEME)         {sk_s:8.2f} s  {sk_rate / 1e6:8.4f} M propagations/s  "
              f"({m} objects)  max |dr| {worst:.2e} km")
        print(f"ratio leotwin / skyfield: {lt_rate / sk_rate:.1f}x propagations per second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
