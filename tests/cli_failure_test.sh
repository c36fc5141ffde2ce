#!/usr/bin/env bash
# Every failure is loud and bad input changes nothing (issue 19), on the real binary:
#  - outputs on a full disk (/dev/full) and under a 4 KiB file-size limit: a non-zero exit that
#    names the path and the OS error, no partial file, an earlier file left as it was;
#  - standard output that cannot be written is an error, and no exception escapes a command;
#  - up-front bounds on work, values that must be refused, skipped input records reported;
#  - only `policy init` creates a ledger; errors name the flag or file actually at fault.
# Usage: cli_failure_test.sh LEOTWIN_BINARY SOURCE_DIR
set -uo pipefail
LT="$(realpath "$1")"
SRC="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run CMD...: sets $out (stdout+stderr) and $rc.
run() {
  out="$("$@" 2>&1)"
  rc=$?
}
# refused PATTERN CMD...: the command exits non-zero (not a crash) and says PATTERN.
refused() {
  local pattern="$1"
  shift
  run "$@"
  if [ "$rc" = 0 ] || [ "$rc" -ge 128 ]; then
    fail "exit $rc (want a clean failure) for: $*: $out"
  elif ! grep -Eq -- "$pattern" <<<"$out"; then
    fail "message lacks /$pattern/ for: $*: $out"
  fi
}
# limited CMD...: runs CMD with a 4 KiB file-size limit (SIGXFSZ ignored, so writes get EFBIG).
limited() { (trap '' XFSZ && ulimit -f 4 && exec "$@"); }
# to_full CMD...: runs CMD with its standard output on a full disk.
to_full() { "$@" >/dev/full; }

# Eight Vallado test TLEs, the second with a bad checksum.
cp "$SRC/tests/data/omm/sample.tle" good.tle
awk 'NR == 5 { $0 = substr($0, 1, 68) (substr($0, 69, 1) == "0" ? "1" : "0") } { print }' \
  good.tle >bad.tle
cmp -s good.tle bad.tle && fail "the bad checksum was not injected"
small=(--constellation good.tle --lasers none --duration 600s --step 1s --threads 1)

# ---- 1. Outputs: full disk, file-size limit, no partial file, old file kept ----
echo "precious" >r.csv
refused "r\.csv: File too large" limited "$LT" route --from London --to Paris "${small[@]}" --csv r.csv
[ "$(cat r.csv)" = precious ] || fail "route --csv: the earlier r.csv was damaged"
ls -a | grep -q "\.tmp-" && fail "route --csv left a temporary file: $(ls -a)"
refused "r\.json: File too large" limited "$LT" route --from London --to Paris "${small[@]}" \
  --json r.json
[ -e r.json ] && fail "route --json left a partial r.json"
refused "fs/[A-Za-z0-9_./]+\.txt: File too large" limited "$LT" route --from London --to Paris \
  --constellation good.tle --lasers none --duration 60s --step 1s --threads 1 --fstate-dir fs
ls -a fs | grep -q "\.tmp-" && fail "--fstate-dir left a temporary file"
refused "/dev/full: No space left" "$LT" route --from London --to Paris "${small[@]}" --csv /dev/full
for flag in --csv --json; do
  rm -f s.out
  refused "s\.out: File too large" limited "$LT" routes --pairs /dev/stdin "${small[@]}" \
    $flag s.out < <(printf 'from,to\nLondon,Paris\nLondon,Madrid\nParis,Rome\n')
  [ -e s.out ] && fail "routes $flag left a partial file"
done
refused "c\.csv: File too large" limited "$LT" coverage --constellation good.tle --cells global \
  --level 6 --out c.csv
[ -e c.csv ] && fail "coverage --out left a partial file"
refused "a\.csv: File too large" limited "$LT" activity --terminals 20000 --window 1h --out a.csv
[ -e a.csv ] && fail "activity --out left a partial file"
refused "/dev/full: No space left" "$LT" propagate --constellation good.tle --duration 1h \
  --out /dev/full
# The command's own exit code, not SIGABRT, on a full disk.
[ "$rc" = 1 ] || fail "propagate --out /dev/full exited $rc"
refused "p\.csv: File too large" limited "$LT" propagate --constellation good.tle --duration 1h \
  --out p.csv
[ -e p.csv ] && fail "propagate --out left a partial file"

# Standard output that cannot be written.
refused "cannot write standard output" to_full "$LT" summary --constellation good.tle \
  --duration 10m
refused "cannot write standard output" to_full "$LT" route --from London --to Paris \
  "${small[@]}"
refused "cannot write standard output" to_full "$LT" passes --constellation good.tle \
  --lat 0 --lon 0 --min-elevation 0

# A ledger for the ledger commands.
"$LT" policy keygen --name alice >/dev/null || fail "keygen"
"$LT" policy keygen --name bob >/dev/null || fail "keygen"
"$LT" policy init --db l.db --key alice.key --operator bob.pub >/dev/null || fail "init"
cat >front.geojson <<'GEO'
{"type": "Polygon", "coordinates": [[[36, 47], [39, 47], [39, 49], [36, 49], [36, 47]]]}
GEO
refused "cannot write standard output" to_full "$LT" policy history --db l.db
refused "cannot write standard output" to_full "$LT" ledger export --db l.db
refused "/dev/full: No space left" "$LT" ledger export --db l.db --out /dev/full

# ---- 3. Bounds before work ----
start=$(date +%s)
refused "limit is 10000000 samples" "$LT" routes --top-cities 5 --duration 1d --step 1ms
refused "limit is 10000000 samples" "$LT" routes --top-cities 200 --duration 1h --step 100ms
refused "limit is 10000000 samples" "$LT" route --from London --to Paris --duration 1d --step 1ms
[ $(($(date +%s) - start)) -lt 60 ] || fail "the bounds were not checked before the work"

# ---- 5. Values that must be refused ----
refused "same place" "$LT" route --from London --to London "${small[@]}"
refused "fiber-inflation" "$LT" route --from London --to Paris "${small[@]}" --fiber-inflation -2
refused "height" "$LT" passes --constellation good.tle --lat 0 --lon 0 --height -1e9
refused "height" "$LT" passes --constellation good.tle --lat 0 --lon 0 --height nan
refused "limit is" "$LT" summary --duration 1000d --step 1s
refused "unknown action kind \"bogus\"" "$LT" policy init --db q.db --key alice.key \
  --operator bob.pub --quorum bogus=1
[ -e q.db ] && fail "a refused init left q.db"
refused "level" "$LT" activity --level -1
refused "csv.*empty" "$LT" route --from London --to Paris "${small[@]}" --csv ''
for cap in -5 0 nan; do
  refused "speed" "$LT" policy propose --db l.db --key alice.key --add-geofence g3 \
    --geometry front.geojson --speed-cap "$cap"
done

# ---- 6. Skipped input records are reported by every command ----
for cmd in "summary --constellation bad.tle --duration 1m" \
  "passes --constellation bad.tle --lat 0 --lon 0 --duration 1h" \
  "coverage --constellation bad.tle --cells global --level 3" \
  "route --from London --to Paris --constellation bad.tle --lasers none --duration 10s" \
  "routes --top-cities 2 --constellation bad.tle --lasers none --duration 10s" \
  "propagate --constellation bad.tle --out /dev/null" \
  "serve --constellation bad.tle --host 203.0.113.1 --port 0"; do  # A host not ours: bind fails after loading.
  run $LT $cmd
  grep -q "skipped 1 bad record in bad.tle (first: .*checksum" <<<"$out" ||
    fail "$cmd: no report of the skipped record: $out"
done

# ---- 7. Only `policy init` creates a ledger; foreign files are left alone ----
/usr/bin/python3 -c "import sqlite3; c = sqlite3.connect('other.db'); c.execute('create table t(x)'); c.commit()"
sum_before=$(sha256sum other.db)
refused "" "$LT" policy propose --db other.db --key alice.key --set-territory FR --state available
[ "$(sha256sum other.db)" = "$sum_before" ] || fail "propose changed a foreign SQLite file"
refused "" "$LT" ledger verify --db other.db
for c in "policy propose --key alice.key --set-territory FR --state available" \
  "policy approve 0123456789abcdef --key alice.key" "policy reject 0123456789abcdef --key alice.key" \
  "policy show" "policy history" "ledger verify" "ledger export"; do
  refused "no ledger at typo\.db" $LT $c --db typo.db
  [ -e typo.db ] && fail "$c --db typo.db created the file"
done
refused "no ledger at typo\.db" "$LT" serve --db typo.db --port 0
[ -e typo.db ] && fail "serve --db typo.db created the file"

# ---- 8. Errors name what is actually wrong ----
mkdir adir
refused "adir is a directory" "$LT" ledger verify --db adir
refused "adir.*directory" "$LT" policy propose --db l.db --key alice.key --add-geofence g \
  --geometry adir
refused "adir.*directory" "$LT" routes --pairs adir "${small[@]}"
refused "--window" "$LT" coverage --window -1h
refused "--step" "$LT" route --from London --to Paris "${small[@]}" --step 0
run "$LT" passes --constellation good.tle --lat 0 --lon 0 --duration 100000d
grep -q -- "--step" <<<"$out" && fail "passes suggests a --step it does not have: $out"
printf 'from,to\n# a comment line\nLondon,Paris\nLondon,Atlantis\n' >pairs.csv
refused "pairs\.csv:4: no place named 'Atlantis'" "$LT" routes --pairs pairs.csv "${small[@]}"
refused "alice\.pub: this is a public key file" "$LT" policy propose --db l.db --key alice.pub \
  --set-territory FR --state available
refused "unknown command \"foo\"" "$LT" foo

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all loud-failure checks passed"
