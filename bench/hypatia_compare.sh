#!/usr/bin/env bash
# Per-step time of Hypatia's satgenpy against leotwin on the same work, and the agreement of their
# forwarding state: Starlink-550 (72 x 22 at 550 km, 53 deg; Hypatia's paper parameters) with
# Hypatia's 100 most populous cities as ground stations, 100 ms steps, Hypatia's
# algorithm_free_one_only_over_isls (shortest paths over the lasers, ground stations never relay).
#
#   bench/hypatia_compare.sh [HYPATIA_BENCHMARK (build/release/bench/hypatia_benchmark)]
#                            [SATGENPY_STEPS (3)]
#
# satgenpy runs from Hypatia's repository ($LEOTWIN_HYPATIA_REPO, ../shared/hypatia or
# /work/.mirror/snkas+hypatia/repo; checkout or bare clone), never copied into leotwin, with
# Debian's python3-ephem, -networkx, -numpy, -astropy, -geopy and -sgp4 (bench/peers/
# hypatia_satgenpy_peer.py stands in for its `exputil` helper). It writes the inputs (tles.txt,
# isls.txt, ground_stations.txt, description.txt) and its dynamic state for the first
# SATGENPY_STEPS steps (~10-15 s of CPU each); leotwin (bench/hypatia_benchmark.cc, release) then
# reads satgenpy's own inputs and writes its state for the whole 200 s (2,000 steps). Both report
# process CPU time on one thread (the machines are shared), and the forwarding states are compared
# entry by entry over the common steps.
set -euo pipefail
HB=$(realpath "${1:-build/release/bench/hypatia_benchmark}")
K=${2:-3}
repo=""
for c in "${LEOTWIN_HYPATIA_REPO:-}" ../shared/hypatia /work/.mirror/snkas+hypatia/repo; do
  if [ -n "$c" ] && [ -d "$c" ]; then repo=$(realpath "$c"); break; fi
done
[ -n "$repo" ] || { echo "Hypatia's repository not found (set LEOTWIN_HYPATIA_REPO)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/hypatia"
if [ -d "$repo/satgenpy" ]; then
  cp -r "$repo/satgenpy" "$repo/paper" "$work/hypatia/"
else
  gitdir=$repo; [ -f "$repo/HEAD" ] || gitdir=$repo/.git
  git --git-dir="$gitdir" archive HEAD satgenpy paper/satellite_networks_state/input_data |
    tar -x -C "$work/hypatia"
fi
gs=$work/hypatia/paper/satellite_networks_state/input_data/ground_stations_cities_sorted_by_estimated_2025_pop_top_100.basic.txt
PY=/usr/bin/python3  # Debian's interpreter, where the python3-* packages are.
$PY "$(dirname "$0")/peers/hypatia_satgenpy_peer.py" "$work/hypatia/satgenpy" "$gs" \
  "$work/satgenpy" starlink_550 100 "$K" > "$work/satgenpy.log"
grep -E "^satgenpy:|^max_gsl" "$work/satgenpy.log"
"$HB" "$work/satgenpy" "$work/leotwin" 100 200 | tee "$work/leotwin.log"
$PY - "$work" "$K" <<'EOF'
import re, sys
work, K = sys.argv[1], int(sys.argv[2])
sat = open(work + "/satgenpy.log").read()
cpu_s = float(re.search(r"satgenpy: \d+ steps in ([0-9.]+) s CPU", sat).group(1))
lt = open(work + "/leotwin.log").read()
m = re.search(r"(\d+) steps in ([0-9.]+) s CPU", lt)
steps, lt_cpu = int(m.group(1)), float(m.group(2))
per_sat, per_lt = 1e3 * cpu_s / K, 1e3 * lt_cpu / steps
print("per 100 ms step (CPU): satgenpy %.1f ms, leotwin %.2f ms: %.0fx" % (per_sat, per_lt,
                                                                           per_sat / per_lt))
d = "dynamic_state_100ms_for_200s"
a, b, differ, total = {}, {}, 0, 0
for k in range(K):
    for state, folder in ((a, "satgenpy/" + d), (b, "leotwin/" + d)):
        for line in open("%s/%s/fstate_%d.txt" % (work, folder, k * 100_000_000)):
            c, dst, n, i1, i2 = line.strip().split(",")
            state[(c, dst)] = (n, i1, i2)
    assert a.keys() == b.keys(), "different entries"
    diff = [key for key in a if a[key] != b[key]]
    differ += len(diff)
    total += len(a)
    for key in diff[:3]:
        print("  t = %d ms: %s -> %s: satgenpy %s, leotwin %s" % (k * 100, key[0], key[1],
                                                                 a[key], b[key]))
print("fstate over %d steps: %d of %d entries differ (%.4f %%)" % (K, differ, total,
                                                                 100.0 * differ / total))
EOF
