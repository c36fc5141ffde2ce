#!/usr/bin/env bash
# End-to-end: leotwin track over the bundled demo scenario seeded into a temporary state folder.
# A roaming terminal (UA-R-0417) drives into the illustrative front-line geofence before it is
# enacted (2022-10-01T14:02, entry 80 approving entry 78) and out again: the timeline names the
# rule, the entry, its proposer and approvers. The same track as GPX, CSV and GeoJSON gives the
# same timeline; the outputs parse; the open sea denies a roam terminal by its kind; bad input is
# refused naming file:line and writes nothing.
# Usage: track_cli_test.sh LEOTWIN_BINARY SOURCE_DIR
set -euo pipefail
bin="$1"
src="$2"
cd "$src"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

fail() { echo "FAIL: $*" >&2; exit 1; }

LEOTWIN_STATE_DIR="$tmp/state" "$bin" scenario seed demo >/dev/null
db="$tmp/state/demo/ledger.db"
[ -f "$db" ] || fail "demo ledger not seeded"

# The drive down and back up the meridian 36 E (133 km/h), as GPX 1.1, CSV and GeoJSON.
cat >"$tmp/drive.gpx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="leotwin test" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>drive</name><trkseg>
    <trkpt lat="48.40" lon="36.0"><ele>150</ele><time>2022-10-01T13:40:00Z</time></trkpt>
    <trkpt lat="47.60" lon="36.0"><ele>150</ele><time>2022-10-01T14:20:00Z</time></trkpt>
    <trkpt lat="48.40" lon="36.0"><ele>150</ele><time>2022-10-01T15:00:00Z</time></trkpt>
  </trkseg></trk>
</gpx>
EOF
printf 'time,lat,lon,alt\n2022-10-01T13:40:00Z,48.40,36.0,150\n2022-10-01T14:20:00Z,47.60,36.0,150\n2022-10-01T15:00:00Z,48.40,36.0,150\n' \
  >"$tmp/drive.csv"
cat >"$tmp/drive.geojson" <<'EOF'
{"type": "Feature",
 "properties": {"coordTimes": ["2022-10-01T13:40:00Z", "2022-10-01T14:20:00Z", "2022-10-01T15:00:00Z"]},
 "geometry": {"type": "LineString", "coordinates": [[36.0, 48.40, 150], [36.0, 47.60, 150], [36.0, 48.40, 150]]}}
EOF

run() { "$bin" track --terminal UA-R-0417 --db "$db" --to Kyiv --step 10s "$@"; }

# 1. The timeline.
out="$(run --track "$tmp/drive.gpx")"
echo "$out"
grep -q "^terminal UA-R-0417 along .*drive.gpx: 3 fixes, 177.9 km$" <<<"$out" || fail "header"
grep -q "window 2022-10-01T13:40:00Z .. 2022-10-01T15:00:00Z, step 10s: 481 instants" <<<"$out" \
  || fail "window"
grep -Eq "^13:40:00 start connected \(ok, territory UA, ledger entry 62: proposed by alice, approved by bob\) via sat [0-9]+ .* RTT [0-9.]+ ms to Kyiv$" <<<"$out" \
  || fail "start line"
grep -qx "14:02:00 connected -> denied (blocked_area, geofence front-2022-10, ledger entry 78: proposed by alice, approved by bob, carol)" <<<"$out" \
  || fail "the enactment's transition"
grep -Eq "^14:4[0-9]:[0-9]0 denied -> connected \(ok, territory UA" <<<"$out" || fail "leaving the band"
[ "$(grep -c -- " -> " <<<"$out")" = 2 ] || fail "exactly two transitions"
grep -Eq "^totals: connected [0-9hms]+ \([0-9.]+ %\), denied [0-9hms]+ \([0-9.]+ %\), no_satellite 0s \(0.0 %\), no_route 0s \(0.0 %\)$" <<<"$out" \
  || fail "totals"

# 2. The same track as CSV and GeoJSON: the same timeline.
strip() { grep -v -e "^terminal " -e "^elapsed "; }
diff <(strip <<<"$out") <(run --track "$tmp/drive.csv" | strip) || fail "CSV track differs from GPX"
diff <(strip <<<"$out") <(run --track "$tmp/drive.geojson" | strip) || fail "GeoJSON track differs"

# 3. Outputs: GeoJSON (coloured runs), CSV (one row per instant), JSON (transitions, decisions).
run --track "$tmp/drive.gpx" --format geojson -o "$tmp/out.geojson" >/dev/null
run --track "$tmp/drive.gpx" --format csv -o "$tmp/out.csv" >/dev/null
run --track "$tmp/drive.gpx" --format json -o "$tmp/out.json" >/dev/null
"$py" - "$tmp" <<'PY'
import csv, json, sys
d = sys.argv[1]
g = json.load(open(d + "/out.geojson"))
assert g["type"] == "FeatureCollection"
states = [f["properties"]["state"] for f in g["features"]]
assert states == ["connected", "denied", "connected"], states
assert all(f["geometry"]["type"] == "LineString" for f in g["features"])
colours = {f["properties"]["state"]: f["properties"]["stroke"] for f in g["features"]}
assert colours["connected"] != colours["denied"], colours
denied = g["features"][1]["properties"]
assert denied["rule"] == "geofence:front-2022-10" and denied["ledger_entry"] == 78, denied
assert denied["from"] == "2022-10-01T14:02:00Z", denied
# Consecutive runs share their boundary point: the line is continuous.
for a, b in zip(g["features"], g["features"][1:]):
    assert a["geometry"]["coordinates"][-1] == b["geometry"]["coordinates"][0]
rows = list(csv.DictReader(open(d + "/out.csv")))
assert len(rows) == 481, len(rows)
assert rows[0]["state"] == "connected" and float(rows[0]["rtt_ms"]) > 0
assert {r["state"] for r in rows} == {"connected", "denied"}
j = json.load(open(d + "/out.json"))
assert [t["to"] for t in j["transitions"]] == ["denied", "connected"], j["transitions"]
why = j["decisions"][j["transitions"][0]["decision"]]
assert why["rule_provenance"]["proposer"] == "alice", why
assert j["totals"]["denied"]["instants"] + j["totals"]["connected"]["instants"] == 481
assert len(j["samples"]) == 481
PY

# 4. The open sea: a roam terminal is denied by its kind's rule; maritime is served.
printf '2022-10-01T12:00:00Z,43.2,33.0\n2022-10-01T12:10:00Z,43.25,33.1\n' >"$tmp/sea.csv"
out="$("$bin" track --track "$tmp/sea.csv" --terminal UA-R-0417 --db "$db" --to Kyiv --step 1m)"
echo "$out"
grep -Eq "^12:00:00 start denied \(in_ocean, kind roam" <<<"$out" || fail "ocean rule for roam"
out="$("$bin" track --track "$tmp/sea.csv" --kind maritime --db "$db" --to Kyiv --step 1m)"
grep -Eq "^12:00:00 start connected \(ok, ocean" <<<"$out" || fail "maritime at sea"
out="$("$bin" track --track "$tmp/sea.csv" --kind maritime --no-policy --to Kyiv --step 5m)"
grep -Eq "^12:00:00 start connected \(no policy\)" <<<"$out" || fail "no policy"

# 5. Bad input: refused with file:line, exit 2, nothing written (an existing output kept).
echo "previous" >"$tmp/kept.csv"
sed 's/2022-10-01T14:20:00Z/2022-10-01T13:30:00Z/' "$tmp/drive.gpx" >"$tmp/bad.gpx"
set +e
err="$(run --track "$tmp/bad.gpx" --format csv -o "$tmp/kept.csv" 2>&1)"
code=$?
set -e
echo "$err"
[ "$code" = 2 ] || fail "bad time order: exit $code"
grep -q "bad.gpx:5: time 2022-10-01T13:30:00Z is not after the previous fix's" <<<"$err" \
  || fail "error names file:line"
[ "$(cat "$tmp/kept.csv")" = "previous" ] || fail "output changed on error"
printf 'time,lat,lon\n2022-10-01T14:00:00Z,48.5,36\n2022-10-01T14:00:10Z,north,36\n' >"$tmp/bad.csv"
set +e
err="$(run --track "$tmp/bad.csv" -o "$tmp/new.txt" 2>&1)"
code=$?
set -e
[ "$code" = 2 ] || fail "bad latitude: exit $code"
grep -q "bad.csv:3:22: expected a latitude" <<<"$err" || fail "csv error position: $err"
[ ! -e "$tmp/new.txt" ] || fail "output written on error"
set +e
err="$("$bin" track --track "$tmp/drive.csv" --terminal UA-R-0417 --kind roam --db "$db" 2>&1)"
code=$?
set -e
[ "$code" = 2 ] || fail "--terminal with --kind: exit $code"
grep -q "exactly one of --terminal" <<<"$err" || fail "--terminal with --kind message"
set +e
err="$(run --track "$tmp/drive.csv" --start 2022-10-01T12:00:00Z 2>&1)"
code=$?
set -e
[ "$code" = 2 ] || fail "window outside the track: exit $code"
grep -q "is not within the track's" <<<"$err" || fail "window message"
# 6. Options of `route` that track does not take are refused, naming why (exit 2, nothing run).
for opt in "--threads 4" "--method reference"; do
  set +e
  # shellcheck disable=SC2086
  err="$(run --track "$tmp/drive.csv" $opt -o "$tmp/threads.txt" 2>&1)"
  code=$?
  set -e
  [ "$code" = 2 ] || fail "$opt: exit $code"
  grep -q -- "${opt% *} is not an option of track: it evaluates the track in one pass on one thread" <<<"$err" \
    || fail "$opt message: $err"
  [ ! -e "$tmp/threads.txt" ] || fail "$opt: output written"
done

# 7. The Internet is the PoP nearest the terminal at each instant: a flight from Kyiv to Madrid
# (no policy) reaches it through more than one PoP, named where it changes.
printf '2022-10-01T12:00:00Z,50.45,30.52\n2022-10-01T16:00:00Z,40.42,-3.70\n' >"$tmp/flight.csv"
out="$("$bin" track --track "$tmp/flight.csv" --kind aviation --no-policy --step 5m --format json \
  -o "$tmp/flight.json")"
echo "$out" | head -3
"$py" - "$tmp/flight.json" "$out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["destination"] == "the Internet", j["destination"]
names = [s["destination"] for s in j["samples"]]
changes = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
assert len(changes) >= 2, changes
assert all(n.startswith("PoP ") for n in changes), changes
assert len(set(changes)) == len(changes), f"a PoP came back: {changes}"  # a straight flight
header = sys.argv[2].splitlines()[1]
assert header.startswith(f"to the Internet (nearest PoP: {changes[0]} from 12:00:00, {changes[1]} from "), header
PY
echo "track CLI: all checks passed"
