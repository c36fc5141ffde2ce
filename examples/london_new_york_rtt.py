#!/usr/bin/env python3
"""London - New York round-trip time over Starlink Gen1's laser mesh, against fiber.

Reproduces the README's figure (`leotwin route --from London --to "New York" --duration 10m
--step 1s`: median 42.68 ms against 54.63 ms on great-circle fiber) from Python and plots the
series with matplotlib. Runs as a script or cell by cell in a notebook:

    <build>/leotwin-python examples/london_new_york_rtt.py --out london_new_york_rtt.png
"""
import argparse

import matplotlib

matplotlib.use("Agg")  # files only: no display needed (a notebook shows the figure itself)
import matplotlib.pyplot as plt
import numpy as np

import leotwin


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="london_new_york_rtt.png", help="PNG to write")
    parser.add_argument("--duration", default="10m")
    parser.add_argument("--step", default="1s")
    args = parser.parse_args()

    # %% The scenario: the CLI's defaults (Starlink Gen1, +Grid lasers, 25 deg mask).
    net = leotwin.Network(constellation="starlink-gen1")
    route = net.route("London", "New York", duration=args.duration, step=args.step)
    s, fiber = route.summary, route.fiber
    print(f"{route.from_name} -> {route.to_name}: {net.satellites} satellites, "
          f"{len(route.times)} samples")
    print(f"RTT: min {s['min_rtt_ms']:.2f} ms, median {s['median_rtt_ms']:.2f} ms, "
          f"max {s['max_rtt_ms']:.2f} ms")
    print(f"path changes: {s['path_changes']}; hops {route.hops.min()}..{route.hops.max()}")
    print(f"fiber baseline: great circle {fiber['great_circle_km']:.0f} km -> RTT "
          f"{fiber['rtt_ms']:.2f} ms at c/1.47 ({fiber['inflated_rtt_ms']:.2f} ms with "
          f"x{fiber['inflation']:g} route inflation)")

    # %% The figure.
    t_s = (route.times - route.times[0]) / np.timedelta64(1, "s")
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    ax.plot(t_s, route.rtt_ms, lw=1.2, color="tab:blue",
            label=f"Starlink Gen1 lasers (median {s['median_rtt_ms']:.2f} ms)")
    changes = route.path_changed
    ax.scatter(t_s[changes], route.rtt_ms[changes], s=8, color="tab:orange", zorder=3,
               label=f"path changes ({int(changes.sum())})")
    ax.axhline(fiber["rtt_ms"], color="tab:green", ls="--",
               label=f"great-circle fiber at c/1.47 ({fiber['rtt_ms']:.2f} ms)")
    ax.axhline(fiber["inflated_rtt_ms"], color="tab:red", ls=":",
               label=f"fiber x{fiber['inflation']:g} route inflation "
                     f"({fiber['inflated_rtt_ms']:.2f} ms)")
    ax.set_xlabel(f"seconds after {np.datetime_as_string(route.times[0], unit='s')}Z")
    ax.set_ylabel("round-trip time, ms")
    ax.set_title("London - New York RTT over Starlink Gen1 (leotwin)")
    ax.set_ylim(0, fiber["inflated_rtt_ms"] * 1.15)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
