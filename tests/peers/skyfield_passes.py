#!/usr/bin/python3
"""Reference passes from Skyfield (Debian python3-skyfield) for leotwin's orbit/passes_test.

Usage: skyfield_passes.py LINE1 LINE2 LAT_DEG LON_DEG HEIGHT_M START_UNIX END_UNIX MASK_DEG [T,T,..]
Prints one JSON object: the UT1-UTC Skyfield used at the window start (so leotwin can use the same
Earth rotation), the events [kind, unix_seconds, elevation_deg] with kind 0 rise, 1 culmination,
2 set, and, when a comma-separated list of POSIX instants is given, Skyfield's elevation of the
satellite at each ("elevations_at"). Uses the builtin timescale: nothing is downloaded.
"""
import datetime
import json
import sys

from skyfield.api import EarthSatellite, load, wgs84


def posix(ts, seconds):
    """A Skyfield Time from POSIX seconds (days of exactly 86,400 s, as leotwin's SimTime)."""
    return ts.from_datetime(datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc))


def main():
    line1, line2 = sys.argv[1], sys.argv[2]
    lat, lon, height_m, start, end, mask = map(float, sys.argv[3:9])
    ts = load.timescale(builtin=True)
    sat = EarthSatellite(line1, line2, "sat", ts)
    site = wgs84.latlon(lat, lon, elevation_m=height_m)
    t0 = posix(ts, start)
    t1 = posix(ts, end)
    times, kinds = sat.find_events(site, t0, t1, altitude_degrees=mask)
    events = []
    for t, kind in zip(times, kinds):
        alt, _, _ = (sat - site).at(t).altaz()
        # POSIX seconds (UTC, microsecond resolution).
        events.append([int(kind), t.utc_datetime().timestamp(), alt.degrees])
    elevations_at = []
    if len(sys.argv) > 9 and sys.argv[9]:
        for text in sys.argv[9].split(","):
            t = posix(ts, float(text))
            elevations_at.append((sat - site).at(t).altaz()[0].degrees)
    print(json.dumps({"dut1": float(t0.dut1), "events": events, "elevations_at": elevations_at}))


if __name__ == "__main__":
    main()
