#!/usr/bin/env bash
# End-to-end test of `leotwin policy` and `leotwin ledger` on the real binary and a real SQLite
# file in a temporary directory, over the bundled Natural Earth territories:
#   keys (mode 0600), genesis, proposals and quorum approvals, show/decide/explain/history (time
#   travel), verify/export; every kind of bad input refused with a clear error AND the ledger file
#   unchanged (sha256 of the database and its WAL, and the row count, before and after); and
#   tampering with the file through sqlite3 (edit, delete, reorder, insert) named by verify.
# Usage: ledger_cli_test.sh <leotwin binary> <source dir>
set -euo pipefail
LT=$(realpath "$1")
SRC=$(realpath "${2:-.}")
export LEOTWIN_DATA_DIR="$SRC/data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export LEOTWIN_DB="$work/ledger.db"

pass=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { pass=$((pass + 1)); echo "ok $pass - $*"; }
# expect_out <grep pattern> <command...>: runs, must succeed, output must match.
expect_out() {
  local pattern=$1; shift
  local out
  out=$("$@" 2>&1) || fail "command failed: $* -> $out"
  grep -qE -- "$pattern" <<<"$out" || fail "output of '$*' lacks /$pattern/: $out"
  printf '%s\n' "$out"
}
digest() {
  { cat "$LEOTWIN_DB" 2>/dev/null || true; cat "$LEOTWIN_DB-wal" 2>/dev/null || true; } |
    sha256sum | cut -d' ' -f1
}
rows() {
  if [ -f "$LEOTWIN_DB" ]; then sqlite3 "$LEOTWIN_DB" 'SELECT count(*) FROM ledger_entries'; else echo none; fi
}
# refused <error pattern> <command...>: must fail with a matching message and leave the file as is.
refused() {
  local pattern=$1; shift
  local before_digest before_rows out
  before_digest=$(digest); before_rows=$(rows)
  if out=$("$@" 2>&1); then fail "expected refusal: $* -> $out"; fi
  grep -qE -- "$pattern" <<<"$out" || fail "error of '$*' lacks /$pattern/: $out"
  [ "$(digest)" = "$before_digest" ] || fail "ledger file changed after refused: $*"
  [ "$(rows)" = "$before_rows" ] || fail "row count changed after refused: $*"
  echo "  refused as expected: $out"
}
pid_of() { awk '/^proposal /{print $2}'; }

# ---- keys ----
for who in alice bob carol mallory; do
  expect_out "wrote $who.key" "$LT" policy keygen --name $who >/dev/null
done
[ "$(stat -c %a alice.key)" = 600 ] || fail "alice.key mode is $(stat -c %a alice.key)"
refused "already exists" "$LT" policy keygen --name alice
ok "keygen writes 0600 key files and never overwrites one"

# ---- genesis ----
expect_out "quorum .*geofence.add_deny 2.*territory.block 2" \
  "$LT" policy init --key alice.key --operator bob.pub --operator carol.pub \
  --clock simulated --now 2025-09-23T12:00:00Z --comment "demo ledger"
refused "already has its genesis" "$LT" policy init --key alice.key --operator bob.pub --clock simulated \
  --now 2025-09-23T12:00:01Z
ok "init"

# ---- proposals and approvals ----
P1=$("$LT" policy propose --key alice.key --set-territory UA --state available \
  --now 2025-09-23T12:01:00Z | pid_of)
[ ${#P1} = 64 ] || fail "no proposal id: $P1"
expect_out "enacted" "$LT" policy approve "${P1:0:10}" --key bob.key --now 2025-09-23T12:02:00Z
P2=$("$LT" policy propose --key bob.key --register-terminal T-1 --kind roam --lat 50.45 \
  --lon 30.52 --sponsor ACME --now 2025-09-23T12:03:00Z | pid_of)
expect_out "enacted" "$LT" policy approve "$P2" --key carol.key --now 2025-09-23T12:04:00Z
cat > front.geojson <<'EOF'
{"type":"Feature","properties":{},"geometry":{"type":"Polygon",
 "coordinates":[[[37.0,47.5],[38.5,47.5],[38.5,49.0],[37.0,49.0],[37.0,47.5]]]}}
EOF
P3=$("$LT" policy propose --key alice.key --add-geofence front-1 --name "Front line" \
  --geometry front.geojson --effect deny --comment "active hostilities" \
  --now 2025-09-23T12:05:00Z | pid_of)
expect_out "1 of 2 approvals" "$LT" policy approve "$P3" --key bob.key --now 2025-09-23T12:06:00Z
expect_out "pending proposals: 1" "$LT" policy show --at 2025-09-23T12:06:30Z
expect_out "enacted" "$LT" policy approve "$P3" --key carol.key --now 2025-09-23T12:07:00Z \
  --comment "confirmed"
ok "propose / approve with per-action quorum"

# ---- decisions, time travel, explain ----
expect_out "ALLOW" "$LT" policy decide --terminal T-1 --lat 50.45 --lon 30.52 \
  --at 2025-09-23T13:00:00Z
expect_out "DENY blocked_area" "$LT" policy decide --terminal T-1 --lat 48.2 --lon 37.8 \
  --at 2025-09-23T13:00:00Z
# Before the second approval the geofence was not in force.
expect_out "ALLOW" "$LT" policy decide --terminal T-1 --lat 48.2 --lon 37.8 \
  --at 2025-09-23T12:06:59Z
explain=$(expect_out "DENIED \(blocked_area\)" "$LT" policy explain --terminal T-1 \
  --at 2025-09-23T13:00:00Z --lat 48.2 --lon 37.8 --speed 30)
for want in "geofence:front-1" "proposed by alice at 2025-09-23T12:05:00Z" \
  "approved by bob at 2025-09-23T12:06:00Z" "approved by carol at 2025-09-23T12:07:00Z" \
  "terminal registered by proposal"; do
  grep -qF -- "$want" <<<"$explain" || fail "explain lacks '$want': $explain"
done
expect_out '"entry": 6' "$LT" policy explain --terminal T-1 --at 2025-09-23T13:00:00Z \
  --lat 48.2 --lon 37.8 --json >/dev/null
expect_out "UA Ukraine: available" "$LT" policy show >/dev/null
expect_out "geofences: 0" "$LT" policy show --at 2025-09-23T12:06:59Z >/dev/null
expect_out "has no entries" "$LT" policy show --at 2025-09-01T00:00:00Z >/dev/null
expect_out "approval +carol .*-> enacted" "$LT" policy history
ok "decide / explain / show --at / history"

# ---- bad input: each refused, file unchanged ----
P4=$("$LT" policy propose --key carol.key --set-territory PL --state blocked \
  --now 2025-09-23T12:10:00Z | pid_of)
refused "cannot approve it" "$LT" policy approve "$P4" --key carol.key --now 2025-09-23T12:11:00Z
ok "self-approval refused"

"$LT" policy approve "$P4" --key alice.key --sign-only --now 2025-09-23T12:11:00Z >vote.json
expect_out "1 of 2 approvals" "$LT" policy approve --file vote.json --now 2025-09-23T12:12:00Z
refused "already voted" "$LT" policy approve --file vote.json --now 2025-09-23T12:13:00Z
refused "already voted" "$LT" policy approve "$P4" --key alice.key --now 2025-09-23T12:13:00Z
ok "replayed and duplicate approvals refused"

"$LT" policy propose --key alice.key --set-territory FR --state waitlist --sign-only \
  --now 2025-09-23T12:14:00Z >prop.json
# Change one hex digit of the signature.
sig=$(grep -o '"signature":"[0-9a-f]*"' prop.json | cut -d'"' -f4)
if [ "${sig:20:1}" = 0 ]; then digit=1; else digit=0; fi
sed "s/$sig/${sig:0:20}$digit${sig:21}/" prop.json >forged.json
cmp -s prop.json forged.json && fail "could not forge"
refused "not a valid signature of \"alice\"" "$LT" policy propose --file forged.json \
  --now 2025-09-23T12:15:00Z
# Signed by mallory (not an operator), then relabelled as alice's: the signature does not match.
"$LT" policy propose --key mallory.key --set-territory FR --state waitlist --sign-only \
  --ledger-id "$(sqlite3 "$LEOTWIN_DB" 'SELECT hash FROM ledger_entries WHERE seq = 1')" \
  --now 2025-09-23T12:14:00Z >mallory.json
refused "not an operator" "$LT" policy propose --file mallory.json --now 2025-09-23T12:15:00Z
sed 's/"proposer":"mallory"/"proposer":"alice"/' mallory.json >relabelled.json
refused "not a valid signature" "$LT" policy propose --file relabelled.json \
  --now 2025-09-23T12:15:00Z
# The content changed after signing.
sed 's/"waitlist"/"available"/' prop.json >altered.json
refused "not a valid signature" "$LT" policy propose --file altered.json \
  --now 2025-09-23T12:15:00Z
ok "forged and wrong signatures refused"

refused "unknown territory \"XX\"" "$LT" policy propose --key alice.key --set-territory XX \
  --state blocked --now 2025-09-23T12:16:00Z
refused "front-1" "$LT" policy propose --key bob.key --add-geofence front-1 \
  --geometry front.geojson --effect allow --now 2025-09-23T12:16:00Z
refused "unknown geofence|no geofence|not found|nope" "$LT" policy propose --key bob.key \
  --remove-geofence nope --now 2025-09-23T12:16:00Z
ok "unknown territories and conflicting rules refused"

printf '{"action": "set_territory_state",\n  "iso": "UA"\n  "state": "blocked"}\n' >bad.json
refused "bad.json:3:[0-9]+: invalid JSON" "$LT" policy propose --key alice.key --file bad.json \
  --now 2025-09-23T12:17:00Z
printf '{"action":"set_territory_state","iso":"UA","state":"available","state":"blocked"}' >dup.json
refused "appears twice" "$LT" policy propose --key alice.key --file dup.json \
  --now 2025-09-23T12:17:00Z
printf '{"action":"set_territory_state","iso":"UA","state":"sideways"}' >state.json
refused "sideways" "$LT" policy propose --key alice.key --file state.json \
  --now 2025-09-23T12:17:00Z
printf '{"leotwin_proposal":1,"ledger":"zz"}' >short.json
refused "short.json" "$LT" policy propose --file short.json --now 2025-09-23T12:17:00Z
ok "malformed proposal JSON refused"

refused "simulated clock cannot go back" "$LT" policy propose --key alice.key --set-territory FR \
  --state waitlist --now 2025-09-01T00:00:00Z
# Issue 10 item 1: one operator cannot freeze the ledger with a future-dated entry.
refused "after this machine's clock" "$LT" policy propose --key alice.key --set-territory FR \
  --state waitlist --now 2199-01-01T00:00:00Z
# ... and a ledger on the system clock takes no chosen time at all.
LEOTWIN_DB=system.db "$LT" policy init --key alice.key --operator bob.pub --operator carol.pub \
  >/dev/null
refused "uses the system clock" env LEOTWIN_DB=system.db "$LT" policy propose --key alice.key \
  --set-territory FR --state waitlist --now 2199-01-01T00:00:00Z
refused "needs --clock simulated" "$LT" policy init --key alice.key --operator bob.pub \
  --db other.db --now 2025-09-23T12:00:00Z
expect_out "action territory.set_state" env LEOTWIN_DB=system.db "$LT" policy propose \
  --key alice.key --set-territory FR --state waitlist --expires-in 1h
# Issue 10 item 5: a comment cannot forge audit lines.
refused "control or bidirectional" "$LT" policy propose --key alice.key --set-territory FR \
  --state waitlist --comment "$(printf 'ok\n  approved by dave at 2025-09-23T12:30:00Z (entry 14)')" \
  --now 2025-09-23T12:18:00Z
ok "future-dated, chosen-time and forged-comment writes refused"
# Issue 19 item 4: a bad speed cap is refused, not dropped into an unconditional deny.
for cap in -5 0; do
  refused "speed_cap_kmh.*must be > 0" "$LT" policy propose --key alice.key --add-geofence g3 \
    --geometry front.geojson --speed-cap "$cap" --now 2025-09-23T12:18:00Z
done
refused "speed-cap.*finite|could not be converted|speed-cap" "$LT" policy propose --key alice.key \
  --add-geofence g3 --geometry front.geojson --speed-cap nan --now 2025-09-23T12:18:00Z
ok "bad speed caps refused"
# Issue 19 item 7: only 'policy init' creates a ledger; a missing or foreign file is refused and
# left untouched; a failed init leaves no file; an empty ledger does not verify.
sqlite3 foreign.db 'CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ("mine");'
foreign_before=$(sha256sum foreign.db | cut -c1-64)
if out=$("$LT" policy propose --key alice.key --set-territory FR --state waitlist \
  --db foreign.db 2>&1); then fail "propose into a foreign SQLite file succeeded: $out"; fi
grep -q "something else" <<<"$out" || fail "foreign file error unclear: $out"
[ "$(sha256sum foreign.db | cut -c1-64)" = "$foreign_before" ] || fail "foreign.db was changed"
if "$LT" policy approve 0123456789abcdef --key bob.key --db typo.db >/dev/null 2>&1; then
  fail "approve on a missing ledger succeeded"
fi
[ ! -e typo.db ] || fail "approve created typo.db"
if "$LT" policy init --key alice.key --operator bob.pub --quorum territory.block=5 \
  --db failed.db >/dev/null 2>&1; then fail "init with an unreachable quorum succeeded"; fi
[ ! -e failed.db ] || fail "a failed init left failed.db behind"
sqlite3 empty.db 'PRAGMA user_version = 0;'
if "$LT" ledger verify --db empty.db >/dev/null 2>&1; then fail "an empty file verified"; fi
ok "missing, foreign and empty ledger files refused and untouched"
# Issue 19 item 8: a malformed --expect-head is a usage error, not "entry N is bad".
set +e
out=$("$LT" ledger verify --expect-head garbage 2>&1); rc=$?
set -e
[ "$rc" != 3 ] && [ "$rc" != 0 ] || fail "verify --expect-head garbage exited $rc: $out"
grep -q -- "--expect-head \"garbage\": expected" <<<"$out" || fail "unclear error: $out"
ok "malformed --expect-head named as such"
cp alice.key open.key && chmod 644 open.key
refused "chmod 600" "$LT" policy propose --key open.key --set-territory FR --state waitlist \
  --now 2025-09-23T12:18:00Z
refused "no proposal" "$LT" policy approve 0123456789abcdef --key bob.key \
  --now 2025-09-23T12:18:00Z
ok "time going back, readable key files and unknown proposals refused"

# Reject: bob's rejection leaves 2 approvals unreachable for P4? (alice approved; quorum 2 of
# {alice, bob}): bob rejects -> rejected.
expect_out "rejected: the quorum can no longer be reached" "$LT" policy reject "$P4" \
  --key bob.key --comment "not justified" --now 2025-09-23T12:19:00Z
ok "reject"

# ---- verify / export ----
head=$("$LT" ledger verify | awk '/^head/{print $2 ":" $3}')
expect_out "^ok: 11 entries verified" "$LT" ledger verify --expect-head "$head"
"$LT" ledger export --out export.jsonl
[ "$(wc -l <export.jsonl)" = 11 ] || fail "export has $(wc -l <export.jsonl) lines"
head -1 export.jsonl | grep -q '"kind":"genesis"' || fail "export first line"
ok "verify and export"

# ---- an independent verifier (Python, hashlib + OpenSSL Ed25519) agrees ----
PEER=""
if /usr/bin/python3 -c "import cryptography.hazmat.primitives.asymmetric.ed25519" 2>/dev/null; then
  PEER="/usr/bin/python3 $SRC/tests/ledger_peer_verify.py"
  peer_out=$($PEER "$LEOTWIN_DB")
  [ "$peer_out" = "ok 11 ${head#*:}" ] || fail "peer verifier: $peer_out (leotwin head $head)"
  ok "independent Python verifier agrees with leotwin ($peer_out)"
else
  echo "  skipping the Python peer verifier: python3-cryptography is not installed"
fi

# ---- tampering through sqlite3: verify names the first bad entry, exit code 3 ----
cp "$LEOTWIN_DB" pristine.db
[ -f "$LEOTWIN_DB-wal" ] && cp "$LEOTWIN_DB-wal" pristine.db-wal || rm -f pristine.db-wal
tamper() {  # tamper <name> <sql> <expected first bad entry> <pattern>
  rm -f t.db t.db-wal t.db-shm
  cp pristine.db t.db
  [ -f pristine.db-wal ] && cp pristine.db-wal t.db-wal
  sqlite3 t.db "DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete; $2"
  local out code=0
  out=$("$LT" ledger verify --db t.db 2>&1) || code=$?
  [ $code = 3 ] || fail "$1: verify exit code $code: $out"
  grep -q "entry $3 is bad" <<<"$out" || fail "$1: expected entry $3: $out"
  grep -qE -- "$4" <<<"$out" || fail "$1: expected /$4/: $out"
  # Only the first line (no `| head -1`: under pipefail a SIGPIPE to echo would end the script).
  printf "  %s: %s\n" "$1" "${out%%$'\n'*}"
  if [ -n "$PEER" ]; then
    local peer_out
    peer_out=$($PEER t.db) && fail "$1: the peer verifier accepted it"
    grep -q "^bad entry $3:" <<<"$peer_out" || fail "$1: peer verifier says: $peer_out"
  fi
}
tamper edited "UPDATE ledger_entries SET payload = replace(payload, 'front-1', 'front-2') WHERE seq = 6" 6 "edited"
tamper edited-time "UPDATE ledger_entries SET timestamp_ns = timestamp_ns - 1 WHERE seq = 8" 8 "edited"
tamper deleted "DELETE FROM ledger_entries WHERE seq = 5" 5 "entry 5 is missing"
tamper truncated "DELETE FROM ledger_entries WHERE seq > 9" 10 "tail was deleted"
tamper reordered "UPDATE ledger_entries SET seq = seq + 100 WHERE seq IN (6, 7);
  UPDATE ledger_entries SET seq = 7 WHERE seq = 106; UPDATE ledger_entries SET seq = 6 WHERE seq = 107" 6 "prev_hash"
tamper inserted "UPDATE ledger_entries SET seq = seq + 1000 WHERE seq >= 9;
  UPDATE ledger_entries SET seq = seq - 999 WHERE seq > 1000;
  INSERT INTO ledger_entries SELECT 9, kind, payload, signer, signature, timestamp_ns, prev_hash, 'x' || hash FROM ledger_entries WHERE seq = 3" 9 "prev_hash"
# A damaged ledger refuses writes too.
refused "does not verify" "$LT" policy propose --db t.db --key alice.key --set-territory FR \
  --state waitlist --now 2025-09-23T12:30:00Z
ok "tampering detected and named"

# ---- batch changes (one entry, Merkle root) and proofs per terminal ----
export LEOTWIN_DB="$work/batch.db"
"$LT" policy init --key alice.key --operator bob.pub --operator carol.pub --clock simulated \
  --now 2025-09-23T12:00:00Z >/dev/null
{ echo "id,kind,lat,lon,sponsor"; for i in $(seq 1 500); do echo "B-$i,fixed,50.4,30.5,ACME"; done; } >batch.csv
cp batch.csv bad.csv && echo "B-9,fixed,50.4,30.5,again" >>bad.csv
refused "bad.csv:502: terminal \"B-9\" is already in this batch \(line 10\)" \
  "$LT" policy propose --key alice.key --batch bad.csv --kind register-terminals --now 2025-09-23T12:01:00Z
refused "register-terminals, suspend-terminals or activate-terminals" \
  "$LT" policy propose --key alice.key --batch batch.csv --kind fixed --now 2025-09-23T12:01:00Z
out=$(expect_out "batch of 500 terminal registrations" "$LT" policy propose --key alice.key \
  --batch batch.csv --kind register-terminals --now 2025-09-23T12:01:00Z)
B1=$(pid_of <<<"$out")
expect_out "enacted" "$LT" policy approve "$B1" --key bob.key --now 2025-09-23T12:02:00Z
[ "$(rows)" = 3 ] || fail "a batch of 500 is not one entry: $(rows) rows"
expect_out "fixed terminal B-250" "$LT" policy decide --terminal B-250 --lat 50.4 --lon 30.5 --at 2025-09-23T12:03:00Z
refused "batch item 0: terminal \"B-1\" already registered" \
  "$LT" policy propose --key alice.key --batch batch.csv --kind register-terminals --now 2025-09-23T12:04:00Z
printf '{"id":"B-7"}\n{"id":"B-8"}\n' >suspend.jsonl
out=$(expect_out "batch of 2 terminal suspensions" "$LT" policy propose --key carol.key \
  --batch suspend.jsonl --kind suspend-terminals --now 2025-09-23T12:05:00Z)
expect_out "enacted" "$LT" policy approve "$(pid_of <<<"$out")" --key bob.key --now 2025-09-23T12:06:00Z
expect_out "ok: 5 entries verified" "$LT" ledger verify
HEAD=$("$LT" ledger verify | awk '/^head /{print $2":"$3}')
"$LT" policy prove --terminal B-250 --out b250.proof.json
expect_out "ok: terminal B-250 is item 249 of 500 in batch entry 2, chained to head 5" \
  "$LT" ledger check-proof b250.proof.json --head "$HEAD"
grep -q "B-251" b250.proof.json && fail "the proof shows another item of the batch"
# Any changed byte of the item, the path, the root or the head fails the proof (exit code 3).
python3 - b250.proof.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
def flip(h):  # one hex digit changed
    return h[:5] + ("0" if h[5] != "0" else "1") + h[6:]
variants = {
  "item": lambda q: q.__setitem__("item", q["item"].replace("50.4", "50.5")),
  "path": lambda q: q["path"].__setitem__(3, flip(q["path"][3])),
  "index": lambda q: q.__setitem__("index", 248),
  "root": lambda q: q["entry"].__setitem__("payload", q["entry"]["payload"].replace(
      q["entry"]["payload"].split('"merkle_root":"')[1][:8], "00000000")),
  "chain": lambda q: q["chain"][1].__setitem__("prev_hash", flip(q["chain"][1]["prev_hash"])),
}
for name, change in variants.items():
  q = json.loads(json.dumps(p)); change(q)
  json.dump(q, open("bad-" + name + ".json", "w"))
PY
for v in item path index root chain; do
  rc=0; "$LT" ledger check-proof bad-$v.json --head "$HEAD" >out.txt 2>&1 || rc=$?
  [ $rc = 3 ] && grep -q "does not hold" out.txt || fail "altered $v (exit $rc): $(cat out.txt)"
done
WRONG_HEAD="${HEAD:0:10}$( [ "${HEAD:10:1}" = 0 ] && echo 1 || echo 0 )${HEAD:11}"
if "$LT" ledger check-proof b250.proof.json --head "$WRONG_HEAD" >/dev/null 2>&1; then fail "wrong head accepted"; fi
refused "single-entry proposal" "$LT" policy prove --terminal T-1 --db "$work/ledger.db"
# A suspension by a batch has its proof too (the batch of suspensions, entry 4).
"$LT" policy prove --terminal B-7 --status --out b7.proof.json
expect_out "ok: terminal B-7 is item 0 of 2 in batch entry 4, chained to head 5" \
  "$LT" ledger check-proof b7.proof.json --head "$HEAD"
grep -q 'set_terminal_status.*suspended' b7.proof.json || fail "the status proof's item"
refused "no status change to prove" "$LT" policy prove --terminal B-250 --status
# An edited stored item is found by verify, naming the batch entry.
cp "$LEOTWIN_DB" edited.db
sqlite3 edited.db "DROP TRIGGER ledger_batch_items_no_update; UPDATE ledger_batch_items SET item = replace(item, 'ACME', 'EMCA') WHERE idx = 42"
out=$("$LT" ledger verify --db edited.db 2>&1) && fail "edited batch item verified: $out"
grep -q "entry 2 is bad: .*Merkle root" <<<"$out" || fail "edited batch item: $out"
if [ -n "$PEER" ]; then
  peer_out=$($PEER "$LEOTWIN_DB") || fail "peer verifier on the batch ledger: $peer_out"
  [ "$peer_out" = "ok 5 ${HEAD#*:}" ] || fail "peer verifier: $peer_out (leotwin head $HEAD)"
  peer_out=$($PEER edited.db) && fail "peer verifier accepted an edited batch item"
  grep -q "bad entry 2: the stored items do not give the signed Merkle root" <<<"$peer_out" ||
    fail "peer verifier on an edited item: $peer_out"
fi
# The derived terminal table: verify compares it with the chain, --rebuild rewrites it.
cp "$LEOTWIN_DB" derived.db
sqlite3 derived.db "UPDATE ledger_terminal_versions SET status = 'active' WHERE id = 'B-7'"
out=$("$LT" ledger verify --db derived.db 2>&1) && fail "an edited derived row verified: $out"
grep -q "entry 5 is bad: the derived terminal table disagrees with the chain" <<<"$out" ||
  fail "edited derived row: $out"
expect_out "derived terminal state rebuilt from the chain through entry 5" \
  "$LT" ledger verify --db derived.db --rebuild
expect_out "ok: 5 entries verified" "$LT" ledger verify --db derived.db
expect_out "suspended" "$LT" policy decide --db derived.db --terminal B-7 --lat 50.4 --lon 30.5 \
  --at 2025-09-23T12:07:00Z
export LEOTWIN_DB="$work/ledger.db"
ok "batch changes: one entry, whole-batch refusal naming file:line, proofs checked without the database"

"$LT" policy --help >/dev/null && "$LT" ledger verify --help | grep -q "Example" || fail "help"
ok "help"
echo "all $pass ledger CLI checks passed"
