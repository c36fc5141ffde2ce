#!/usr/bin/python3
"""python-sgp4 peer for leotwin's SGP4 comparison (bench/compare_sgp4.sh).

Usage: python_sgp4_peer.py TLE_FILE START_UNIX_SECONDS STEPS STEP_SECONDS EVERY OUT.bin

Propagates every EVERY-th object (python-sgp4 in Debian 12 is the pure-Python build, about 100x
slower than compiled code, so the benchmark samples objects) at every step with Satrec.sgp4_tsince,
minutes since epoch from the split Julian epoch. Writes TEME positions as float64
[sampled satellite][step][xyz] km (NaN on error) and prints one JSON line with the timing.
"""
import json
import math
import struct
import sys
import time

from sgp4.api import Satrec, accelerated


def main():
    tle_path, start, steps, step_seconds, every, out_path = sys.argv[1:7]
    start, steps, step_seconds, every = float(start), int(steps), float(step_seconds), int(every)
    lines = open(tle_path, encoding="ascii").read().splitlines()
    sats = []
    i = 0
    while i < len(lines) - 1:
        if lines[i].startswith("1 ") and lines[i + 1].startswith("2 "):
            sats.append(Satrec.twoline2rv(lines[i], lines[i + 1]))
            i += 2
        else:
            i += 1
    sampled = sats[::every]
    out = []
    t0 = time.perf_counter()
    for s in sampled:
        epoch_minutes = ((s.jdsatepoch - 2440587.5) + s.jdsatepochF) * 1440.0
        for k in range(steps):
            tsince = (start / 60.0 + k * step_seconds / 60.0) - epoch_minutes
            e, r, v = s.sgp4_tsince(tsince)
            out.extend(r if e == 0 else (math.nan, math.nan, math.nan))
    seconds = time.perf_counter() - t0
    with open(out_path, "wb") as f:
        f.write(struct.pack(f"<{len(out)}d", *out))
    count = len(sampled) * steps
    print(json.dumps({"peer": "python-sgp4" + (" (C++)" if accelerated else " (pure Python)"),
                      "satellites": len(sampled), "every": every, "steps": steps,
                      "propagations": count, "seconds": seconds, "rate": count / seconds}))


if __name__ == "__main__":
    main()
