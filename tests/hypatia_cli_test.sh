#!/usr/bin/env bash
# ctest net.hypatia_cli: `leotwin route` run as a Hypatia user would run it, on Hypatia's inputs as
# they are (tles.txt with its "34 34" header, Hypatia's top-100 ground_stations.basic.txt, its
# isls.txt), checked against Hypatia's published results (satgenpy/tests/data_to_match/kuiper_630:
# Manila -> Dalian, 200 s at 100 ms):
#   - the RTT series (route --csv) within 0.01 ms at each of the 2,000 instants;
#   - the satellite network state folder (route --fstate-dir, first 30 s): its files and names,
#     and the paths obtained by replaying its fstate files the way Hypatia's analysis does (follow
#     next hops from the source, first file full, later files changes) equal Hypatia's changes.
# Hypatia's files are read from its repository at run time ($LEOTWIN_HYPATIA_REPO, else
# ../shared/hypatia, else /work/.mirror/snkas+hypatia/repo; a checkout or a bare clone); without
# one the test is skipped (exit 77).
#   hypatia_cli_test.sh LEOTWIN
set -euo pipefail
leotwin=$1
repo=""
for c in "${LEOTWIN_HYPATIA_REPO:-}" ../shared/hypatia /work/.mirror/snkas+hypatia/repo; do
  if [ -n "$c" ] && [ -d "$c" ]; then repo=$c; break; fi
done
if [ -z "$repo" ]; then
  echo "SKIP: Hypatia's repository not found (set LEOTWIN_HYPATIA_REPO to a clone of snkas/hypatia)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
get() {  # get PATH_IN_REPO DEST
  if [ -f "$repo/$1" ]; then cp "$repo/$1" "$2"
  elif [ -f "$repo/HEAD" ]; then git --git-dir="$repo" show "HEAD:$1" > "$2"
  else git --git-dir="$repo/.git" show "HEAD:$1" > "$2"; fi
}
data=satgenpy/tests/data_to_match/kuiper_630
get paper/satellite_networks_state/input_data/ground_stations_cities_sorted_by_estimated_2025_pop_top_100.basic.txt \
  "$work/ground_stations.basic.txt"
get $data/networkx_rtt_1173_to_1241.txt "$work/hypatia_rtt.txt"
get $data/networkx_path_1173_to_1241.txt "$work/hypatia_path.txt"

# Kuiper-630 in the layout of Hypatia's manual TLE writer (its documented format and the paper's
# parameters: 34 x 34, 51.9 deg, 14.80 rev/day, e = 1e-7, half a slot on odd orbits, 2000-01-01),
# and Hypatia's +Grid isls.txt (per satellite: next in orbit, same index in the next orbit).
python3 - "$work" <<'EOF'
import sys
work = sys.argv[1]
def checksum(line):
    return str(sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line) % 10)
P = S = 34
with open(work + "/tles.txt", "w") as f:
    f.write("%d %d\n" % (P, S))
    for o in range(P):
        shift = 360.0 / (S * 2.0) if o % 2 == 1 else 0.0
        for k in range(S):
            i = o * S + k
            l1 = "1 %05dU 00000ABC 00001.00000000  .00000000  00000-0  00000+0 0    0" % (i + 1)
            l2 = "2 %05d %s %s %s %s %s %s    0" % (
                i + 1, ("%.4f" % 51.9).rjust(8), ("%.4f" % (o * 360.0 / P)).rjust(8), "0000001",
                ("%.4f" % 0.0).rjust(8), ("%.4f" % (shift + k * 360 / S)).rjust(8),
                ("%.8f" % 14.80).rjust(11))
            f.write("Kuiper-630 %d\n%s\n%s\n" % (i, l1 + checksum(l1), l2 + checksum(l2)))
with open(work + "/isls.txt", "w") as f:
    for o in range(P):
        for k in range(S):
            i = o * S + k
            for j in (o * S + (k + 1) % S, ((o + 1) % P) * S + k):
                f.write("%d %d\n" % (min(i, j), max(i, j)))
EOF

# Hypatia's rules for this run: max GSL length 630 km / sin(30 deg) = 1,260 km, no elevation mask;
# max ISL length 2 sqrt((R + 630 km)^2 - (R + 80 km)^2) with R = 6,378.135 km; ground stations
# never relay (egress satellite, no gateways).
max_isl=$(python3 -c "import math; R=6378135.0; print('%.6f' % (2*math.sqrt((R+630000)**2-(R+80000)**2)/1e3))")
max_gsl=$(python3 -c "import math; c=630000/math.tan(math.radians(30)); print('%.6f' % (math.sqrt(c*c+630000**2)/1e3))")
common=(--constellation "$work/tles.txt" --ground "$work/ground_stations.basic.txt" --gateways none
        --egress satellite --min-elevation 0 --max-gsl-range "$max_gsl" --max-laser-range "$max_isl"
        --from Manila --to Dalian --step 100ms --threads 2)
"$leotwin" route "${common[@]}" --duration 200s --csv "$work/route_grid.csv" > "$work/out_grid.txt"
"$leotwin" route "${common[@]}" --duration 200s --csv "$work/route_isls.csv" \
  --isls "$work/isls.txt" > "$work/out_isls.txt"
# The state folder over the first 30 s (300 steps; the whole 200 s takes minutes in a sanitizer
# build): its paths are compared with Hypatia's changes in that window.
"$leotwin" route "${common[@]}" --duration 30s --fstate-dir "$work/state" > "$work/out_state.txt"
cat "$work/out_grid.txt" "$work/out_isls.txt" "$work/out_state.txt"
grep -q "+Grid lasers, Hypatia's rule (2312 links)" "$work/out_grid.txt"
grep -q "lasers as listed (2312 links)" "$work/out_isls.txt"
cmp "$work/isls.txt" "$work/state/isls.txt"  # The folder's isls.txt is Hypatia's, byte for byte.
# Its tles.txt too, but for a zero second derivative of mean motion, which leotwin's TLE writer
# gives as " 00000+0" and Hypatia's as " 00000-0" (the same value), and so line 1's checksum.
diff <(cut -c1-44,53-68 "$work/tles.txt") <(cut -c1-44,53-68 "$work/state/tles.txt")

python3 - "$work" <<'EOF'
import os, sys
work = sys.argv[1]
S = 1156
def series(name):
    rows = open(work + "/" + name).read().splitlines()[1:]
    return [float(r.split(",")[2]) if r.split(",")[2] else None for r in rows]
hyp = [(int(a), float(b) * 1e-6) for a, b in (l.split(",") for l in open(work + "/hypatia_rtt.txt"))]
assert len(hyp) == 2000, len(hyp)
for name in ("route_grid.csv", "route_isls.csv"):
    ours = series(name)
    assert len(ours) == 2001, len(ours)
    worst = 0.0
    for k, (t, h) in enumerate(hyp):
        assert t == k * 100_000_000
        if h == 0.0:
            assert ours[k] is None, (name, k)
        else:
            assert ours[k] is not None, (name, k)
            worst = max(worst, abs(ours[k] - h))
    assert worst <= 0.01, (name, worst)
    print("%s: 2000 RTTs, largest difference from Hypatia's %.6f ms; t = 0: %.4f ms (Hypatia %.4f ms)"
          % (name, worst, ours[0], hyp[0][1]))
# The folder.
state = work + "/state"
for f in ("tles.txt", "isls.txt", "ground_stations.txt", "description.txt", "gsl_interfaces_info.txt"):
    assert os.path.isfile(state + "/" + f), f
desc = dict(l.split("=") for l in open(state + "/description.txt").read().split())
assert abs(float(desc["max_gsl_length_m"]) - 1260000.0) < 1e-3, desc
gs = open(state + "/ground_stations.txt").read().splitlines()
assert len(gs) == 100 and gs[17].startswith("17,Manila,14.604200,120.982200,0.000000,"), gs[17]
steps = 300
dyn = state + "/dynamic_state_100ms_for_30s"
files = os.listdir(dyn)
assert len([f for f in files if f.startswith("fstate_")]) == steps
assert len([f for f in files if f.startswith("gsl_if_bandwidth_")]) == steps
assert len(open(dyn + "/fstate_0.txt").read().splitlines()) == (S + 100) * 100 - 100
# Replay as Hypatia's analysis does: follow next hops from the source in the accumulated state.
fstate, path_changes, current = {}, [], "-"
src, dst = S + 17, S + 85
for k in range(steps):
    for line in open("%s/fstate_%d.txt" % (dyn, k * 100_000_000)):
        c, d, n, _, _ = map(int, line.split(","))
        fstate[(c, d)] = n
    if fstate[(src, dst)] == -1:
        path = "Unreachable"
    else:
        hops, node = [src], src
        while node != dst:
            node = fstate[(node, dst)]
            hops.append(node)
        path = "-".join(map(str, hops))
    if path != current:
        path_changes.append("%d,%s" % (k * 100_000_000, path))
        current = path
theirs = [l for l in open(work + "/hypatia_path.txt").read().split()
          if int(l.split(",")[0]) < steps * 100_000_000]
assert path_changes == theirs, (path_changes, theirs)
print("fstate replay: %d path changes, equal to Hypatia's" % len(path_changes))
EOF
echo "hypatia cli: 1 passed, 0 failed"
