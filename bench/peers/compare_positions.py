#!/usr/bin/python3
"""Compares TEME position files written by leotwin and its peers (bench/compare_sgp4.sh).

Usage: compare_positions.py SATELLITES STEPS REFERENCE.bin NAME=FILE.bin[:EVERY] ...
Each file is float64 [satellite][step][xyz] km, NaN where propagation failed; a peer that sampled
every EVERY-th satellite is compared against those rows of the reference. Prints one JSON line per
peer: the largest position difference in metres and how many propagations disagree on success.
"""
import json
import sys

import numpy as np


def main():
    n, steps, ref_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    ref = np.fromfile(ref_path, dtype="<f8").reshape(n, steps, 3)
    for spec in sys.argv[4:]:
        name, rest = spec.split("=", 1)
        path, _, every = rest.partition(":")
        every = int(every or 1)
        peer = np.fromfile(path, dtype="<f8")
        rows = ref[::every]
        peer = peer.reshape(rows.shape)
        ref_ok = ~np.isnan(rows[..., 0])
        peer_ok = ~np.isnan(peer[..., 0])
        both = ref_ok & peer_ok
        diff_m = np.linalg.norm(rows[both] - peer[both], axis=-1) * 1000.0
        print(json.dumps({
            "peer": name,
            "compared": int(both.sum()),
            "max_position_difference_m": float(diff_m.max()) if diff_m.size else None,
            "p99_position_difference_m": float(np.percentile(diff_m, 99)) if diff_m.size else None,
            "success_disagreements": int((ref_ok != peer_ok).sum()),
        }))


if __name__ == "__main__":
    main()
