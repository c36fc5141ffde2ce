#!/usr/bin/env bash
# One command for the SGP4 comparison of issue 2: leotwin batch, leotwin scalar, satellite.js and
# python-sgp4 on the same objects (default: the 8,325-object Starlink snapshot) over the same
# instants (default: 1,440 one-minute steps from 2025-09-23T00:00Z), in the same run. Prints
# propagations per second per core for each, the ratios, and the largest position difference
# between leotwin and each peer.
#
# Usage: bench/compare_sgp4.sh [TLE_FILE] [STEPS] [STEP_SECONDS] [PYTHON_EVERY]
set -euo pipefail
cd "$(dirname "$0")/.."
tle=${1:-../shared/data/starlink_20250923.tle}
steps=${2:-1440}
step_seconds=${3:-60}
python_every=${4:-10}
start=1758585600  # 2025-09-23T00:00:00Z
[ -f "$tle" ] || { echo "no TLE file at $tle (the snapshot lives in ../shared/data)" >&2; exit 1; }
scripts/install-deps.sh >/dev/null
(cd bench/peers && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
cmake --preset release >/dev/null
cmake --build --preset release --target sgp4_compare >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"
echo "propagating $(grep -c '^1 ' "$tle") objects x $steps steps of ${step_seconds}s ..." >&2
build/release/bench/sgp4_compare "$tle" "$start" "$steps" "$step_seconds" "$work/leotwin.bin" \
  | tee -a "$results"
node bench/peers/satellitejs_peer.mjs "$tle" "$start" "$steps" "$step_seconds" "$work/sjs.bin" \
  | tee -a "$results"
/usr/bin/python3 bench/peers/python_sgp4_peer.py "$tle" "$start" "$steps" "$step_seconds" \
  "$python_every" "$work/py.bin" | tee -a "$results"
n=$(grep -c '^1 ' "$tle")
/usr/bin/python3 bench/peers/compare_positions.py "$n" "$steps" "$work/leotwin.bin" \
  "satellite.js=$work/sjs.bin" "python-sgp4=$work/py.bin:$python_every" | tee -a "$results"
/usr/bin/python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rate = {r["peer"]: r.get("rate_per_core", r.get("rate")) for r in rows if "rate" in r}
sjs = rate.get("satellite.js sgp4()")
print("\npropagations per second per core:")
for peer, r in rate.items():
    ratio = f"{r / sjs:6.2f}x satellite.js" if sjs else ""
    print(f"  {peer:40s} {r/1e6:8.2f} M/s  {ratio}")
for r in rows:
    if "max_position_difference_m" in r:
        print(f"largest position difference leotwin vs {r['peer']}: "
              f"{r['max_position_difference_m']*1000:.4f} mm over {r['compared']} propagations, "
              f"{r['success_disagreements']} success disagreements")
PY
