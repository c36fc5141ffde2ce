#!/usr/bin/python3
"""Reference values for frames_test from Skyfield (Debian python3-skyfield 1.45).

  /usr/bin/python3 tests/data/frames/make_reference.py > tests/data/frames/skyfield_reference.json

Cases: (satellite, site, instant) triples; satellites from tests/data/omm/sample.tle, instants
within a day of each element set's epoch (uniform, seeded below), sites spread over latitudes
including both polar regions and a high-altitude site. For each case:
  teme_r/teme_v  Skyfield's SGP4 TEME state (km, km/s): the input of our conversion
  itrs_r/itrs_v  Skyfield's ITRS state: TEME -> GCRS (skyfield.sgp4lib.TEME) -> ITRS
  sub_*          WGS84 geodetic position of the satellite (deg, deg, km)
  site_itrs      WGS84 site position in ITRS (km)
  alt/az/range/range_rate   topocentric look angles (deg, deg, km, km/s), no refraction
  pm_*           TEME -> ITRF with polar motion (xp, yp in arcsec) by Skyfield's TEME_to_ITRF,
                 which implements Vallado et al. 2006 (GMST 1982 + W = R1(-yp) R2(-xp))
The builtin timescale is used (no download): it supplies UT1-UTC (stored as dut1) and has no polar
motion table, so the Skyfield ITRS here is pseudo-Earth-fixed (xp = yp = 0).
"""
import json
import os
import random
from datetime import datetime, timedelta

from skyfield.api import EarthSatellite, load, wgs84
from skyfield.framelib import itrs
from skyfield.sgp4lib import TEME_to_ITRF

SEED = 20250923
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SITES = [  # name, lat deg, lon deg, height m
    ("Greenwich", 51.4769, -0.0005, 46.0), ("Seattle", 47.6062, -122.3321, 56.0),
    ("Svalbard", 78.2298, 15.4078, 500.0), ("McMurdo", -77.8419, 166.6863, 10.0),
    ("Quito", -0.1807, -78.4678, 2850.0), ("Sydney", -33.8688, 151.2093, 58.0),
    ("La Paz", -16.4897, -68.1193, 3640.0), ("South Pole", -90.0, 0.0, 2835.0),
]


def main():
    rng = random.Random(SEED)
    ts = load.timescale(builtin=True)
    lines = [l.rstrip("\n") for l in open(os.path.join(ROOT, "tests/data/omm/sample.tle"))]
    sats = [EarthSatellite(lines[i + 1], lines[i + 2], lines[i], ts) for i in range(0, len(lines), 3)]
    cases = []
    while len(cases) < 120:
        sat = rng.choice(sats)
        name, lat, lon, h = rng.choice(SITES)
        epoch = sat.epoch.utc_datetime().replace(tzinfo=None)
        dt = epoch + timedelta(seconds=round(rng.uniform(-86400, 86400), 3))
        t = ts.utc(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second + dt.microsecond / 1e6)
        r, v, err = sat._position_and_velocity_TEME_km(t)
        if err or not all(abs(x) < 1e7 for x in r):  # SGP4 error (e.g. decayed): skip
            continue
        pos = sat.at(t)
        ir, iv = pos.frame_xyz_and_velocity(itrs)
        sub = wgs84.geographic_position_of(pos)
        site = wgs84.latlon(lat, lon, elevation_m=h)
        topo = (sat - site).at(t)
        alt, az, dist = topo.altaz()
        rates = topo.frame_latlon_and_rates(site)
        xp, yp = rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)
        arcsec = 3.141592653589793 / (180 * 3600)
        pr, pv = TEME_to_ITRF(t.whole, r, v * 86400.0, xp * arcsec, yp * arcsec, t.ut1_fraction)
        cases.append({
            "satellite": sat.name, "site": name,
            "utc": dt.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z",
            "dut1": float(t.dut1),
            "teme_r": [float(x) for x in r], "teme_v": [float(x) for x in v],
            "itrs_r": [float(x) for x in ir.km], "itrs_v": [float(x) for x in iv.km_per_s],
            "sub_lat": sub.latitude.degrees, "sub_lon": sub.longitude.degrees,
            "sub_h": sub.elevation.km,
            "site_lat": lat, "site_lon": lon, "site_h_km": h / 1000.0,
            "site_itrs": [float(x) for x in site.itrs_xyz.km],
            "alt": alt.degrees, "az": az.degrees, "range": dist.km,
            "range_rate": rates[5].km_per_s,
            "pm_xp_arcsec": xp, "pm_yp_arcsec": yp,
            "pm_r": [float(x) for x in pr], "pm_v": [float(x) / 86400.0 for x in pv],
        })
    print('{"generator": "tests/data/frames/make_reference.py", "seed": %d, "skyfield": "%s",'
          % (SEED, __import__("skyfield").__version__))
    print(' "cases": [')
    print(",\n".join("  " + json.dumps(c) for c in cases))
    print(" ]}")


if __name__ == "__main__":
    main()
