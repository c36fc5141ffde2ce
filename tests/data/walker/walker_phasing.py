#!/usr/bin/python3
"""Chooses the Walker phasing F of each preset shell (src/leotwin/orbit/walker.cc).

  /usr/bin/python3 tests/data/walker/walker_phasing.py > tests/data/walker/phasing.txt

Criterion: the F in 0..P-1 that maximizes the smallest distance between any two satellites of the
shell over one orbital period, under two-body circular motion (all satellites of a shell share
altitude and inclination, so J2 precesses every plane alike and leaves this geometry unchanged).
Filings do not publish F; spreading satellites apart at the plane crossings is what an operator
must do for collision avoidance, so this is the natural reproducible choice.

By the Walker pattern's symmetry (rotate by one plane spacing and shift time by F/T of a period),
every pair is equivalent to a pair containing satellite (0, 0), so only those pairs are examined,
sampled every 2 s over one period (the minimum is therefore approximate to a few km).
"""
import math
import numpy as np

MU, RE = 398600.8, 6378.135
SHELLS = [  # name, planes, per plane, altitude km, inclination deg, RAAN spread deg
    ("starlink-gen1 550/53.0", 72, 22, 550, 53.0, 360),
    ("starlink-gen1 540/53.2", 72, 22, 540, 53.2, 360),
    ("starlink-gen1 570/70.0", 36, 20, 570, 70.0, 360),
    ("starlink-gen1 560/97.6 6x58", 6, 58, 560, 97.6, 360),
    ("starlink-gen1 560/97.6 4x43", 4, 43, 560, 97.6, 360),
    ("starlink-gen2a 525/53", 28, 90, 525, 53.0, 360),
    ("starlink-gen2a 530/43", 28, 90, 530, 43.0, 360),
    ("starlink-gen2a 535/33", 28, 90, 535, 33.0, 360),
    ("kuiper 630/51.9", 34, 34, 630, 51.9, 360),
    ("oneweb 1200/87.9 star", 12, 49, 1200, 87.9, 180),
    ("handley2018 1150/53", 32, 50, 1150, 53.0, 360),
]


def min_distance(P, S, F, alt, inc, spread):
    a = RE + alt
    T = P * S
    period = 2 * math.pi * math.sqrt(a ** 3 / MU)
    t = np.arange(0.0, period, 2.0)
    n = 2 * math.pi / period
    p = np.repeat(np.arange(P), S)
    s = np.tile(np.arange(S), P)
    raan = np.radians(p * spread / P)
    u0 = np.radians(s * 360.0 / S + p * F * 360.0 / T)
    ci, si = math.cos(math.radians(inc)), math.sin(math.radians(inc))

    def pos(raan, u):
        cu, su = np.cos(u), np.sin(u)
        co, so = np.cos(raan), np.sin(raan)
        return np.stack([co * cu - so * ci * su, so * cu + co * ci * su, si * su], axis=-1) * a

    best = math.inf
    for chunk in np.array_split(np.arange(len(t)), max(1, len(t) // 200)):
        tt = t[chunk][:, None]
        ref = pos(np.zeros(1), n * tt)  # satellite (0, 0)
        others = pos(raan[None, 1:], u0[None, 1:] + n * tt)
        d = np.linalg.norm(others - ref, axis=-1)
        best = min(best, float(d.min()))
    return best


def main():
    for name, P, S, alt, inc, spread in SHELLS:
        results = [(min_distance(P, S, F, alt, inc, spread), F) for F in range(P)]
        d, F = max(results)
        worst = min(results)
        print(f"{name}: {P}x{S}  best F = {F} (min separation {d:.1f} km); "
              f"worst F = {worst[1]} ({worst[0]:.1f} km)")


if __name__ == "__main__":
    main()
