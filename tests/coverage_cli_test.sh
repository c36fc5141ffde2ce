#!/usr/bin/env bash
# End-to-end: leotwin coverage / leotwin activity on small inputs; checks the printed summary, the
# written CSV/GeoJSON (parsed with Python's json module) and error exits.
# Usage: coverage_cli_test.sh LEOTWIN_BINARY SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
cd "$src"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Snapshot over a box (Western Europe, level 7), CSV.
out="$("$bin" coverage --constellation starlink-gen1 --at 2025-09-23T00:00:00Z --cells box \
        --box 35 -10 60 20 --level 7 --out "$tmp/cells.csv")"
echo "$out"
grep -q "constellation starlink-gen1: 4408 satellites" <<<"$out" || fail "constellation line"
grep -Eq "snapshot 2025-09-23T00:00:00Z: [0-9]+ of [0-9]+ cells covered \(100\.0 %\)" <<<"$out" \
  || fail "mid-latitudes must be fully covered by the Gen1 shells"
head -1 "$tmp/cells.csv" | grep -qx "cell,level,lat,lon,in_view" || fail "csv header"
rows=$(($(wc -l <"$tmp/cells.csv") - 1))
grep -Eq "wrote .*cells.csv \($rows cells, CSV\)" <<<"$out" || fail "row count"

# 2. Window with availability, GeoJSON, only covered cells.
out="$("$bin" coverage --constellation starlink-gen1 --at 2025-09-23T00:00:00Z --window 10m \
        --step 2m --cells box --box 60 -30 80 30 --level 6 --availability \
        --out "$tmp/cells.geojson" --only covered)"
echo "$out"
grep -Eq "window 2025-09-23T00:00:00Z \+ 10m00s, step 2m00s: 6 instants" <<<"$out" || fail "window"
grep -q "worst gaps" <<<"$out" || fail "gaps"
grep -Eq "availability at .*: available [0-9]+ waitlist [0-9]+ coming_soon [0-9]+ service_date_unknown [0-9]+ blocked [0-9]+ at_sea [0-9]+" <<<"$out" \
  || fail "availability line"
"$py" - "$tmp/cells.geojson" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["type"] == "FeatureCollection"
feats = doc["features"]
assert feats, "no features"
for f in feats:
    p = f["properties"]
    assert 0 < p["covered_share"] <= 1, p
    assert p["availability"] in ("available", "waitlist", "coming_soon",
                                 "service_date_unknown", "blocked", "at_sea"), p
    ring = f["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) >= 5
print("geojson ok:", len(feats), "features")
PY

# 3. Activity: k-anonymous rows only.
out="$("$bin" activity --terminals 20000 --seed 7 --at 2025-09-23T18:00:00Z --window 2h --k 10 \
        --base-level 5 --out "$tmp/activity.geojson")"
echo "$out"
grep -q "population: 20000 synthetic terminals" <<<"$out" || fail "population"
grep -Eq "k-anonymity: k = 10, base level 5, bucket 3600 s" <<<"$out" || fail "k line"
"$py" - "$tmp/activity.geojson" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["k"] == 10 and doc["level"] == 5
rows = doc["features"]
assert rows, "no rows"
buckets = set()
for f in rows:
    assert f["properties"]["terminals"] >= 10, f["properties"]
    buckets.add(f["properties"]["bucket_start"])
assert buckets == {"2025-09-23T18:00:00Z", "2025-09-23T19:00:00Z"}, buckets
print("activity ok:", len(rows), "rows")
PY
"$bin" activity --terminals 20000 --seed 7 --at 2025-09-23T18:00:00Z --window 1h --k 10 \
  --base-level 5 --level 3 --out "$tmp/activity3.csv" >/dev/null
head -1 "$tmp/activity3.csv" | grep -q "^cell,level,bucket_start" || fail "activity csv header"

# 4. Bad input: clear errors, exit code 2, nothing written.
set +e
"$bin" coverage --level 20 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--level 20 must exit 2"
"$bin" coverage --at yesterday >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] || fail "--at yesterday"
grep -q -- "--at" "$tmp/err" || fail "--at error names the flag"
"$bin" activity --at 2025-09-23T18:10:00Z --window 1h >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unaligned activity window must exit 2"
grep -q "bucket" "$tmp/err" || fail "unaligned window error mentions buckets"
"$bin" activity --level 9 --base-level 6 >/dev/null 2>&1; [ $? -eq 2 ] || fail "finer than base"
set -e
echo "coverage CLI tests passed"
