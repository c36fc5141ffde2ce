#!/usr/bin/env bash
# The CLI and the HTTP API give the same numbers for the same request (issue 11, item 3): one
# coverage window computation and one summary (coverage/coverage.h, coverage/window.h) behind
# `leotwin coverage --window` and GET /api/v1/coverage, with the same (exact) cell areas; and one
# RTT series document (api/series_json.h) written by `leotwin route --json` and GET /api/v1/rtt.
# Usage: cli_api_agree_test.sh LEOTWIN_BINARY
set -uo pipefail
LT="$(realpath "$1")"
tmp="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

echo "<!doctype html>" >"$tmp/index.html"
"$LT" serve --port 0 --web-root "$tmp" >"$tmp/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's|.*the API is at http://127.0.0.1:\([0-9]*\)/api/v1.*|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || fail "serve exited: $(cat "$tmp/serve.log")"
  sleep 0.5
done
[ -n "$port" ] || fail "serve did not start: $(cat "$tmp/serve.log")"

# Level 2 cells are large, where an approximate area would weigh them differently.
for level in 2 3; do
  cli=$("$LT" coverage --at 2025-09-23T00:00:00Z --level "$level" --window 30m --step 10m) ||
    fail "coverage: $cli"
  url="http://127.0.0.1:$port/api/v1/coverage?at=2025-09-23T00:00:00Z&level=$level&window=30m&step=10m"
  /usr/bin/python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=600).read())' "$url" >"$tmp/api.json" ||
    fail "GET $url failed"
  /usr/bin/python3 - "$cli" "$tmp/api.json" "$level" <<'PY' || exit 1
import json, re, sys
cli, api, level = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
share = float(re.search(r"area-weighted time covered ([0-9.]+) %", cli).group(1))
mean, low, high = re.search(
    r"satellites in view: mean ([0-9.]+) \(area-weighted\), min (\d+), max (\d+)", cli).groups()
steps = int(re.search(r": (\d+) instants", cli).group(1))
problems = []
if steps != api["steps"]:
    problems.append(f"steps: CLI {steps}, API {api['steps']}")
# The CLI prints 2 decimals, the API 5 (share) and 4 (mean): equal up to those roundings.
if abs(share - 100 * api["covered_area_share"]) > 0.0051:
    problems.append(f"covered share: CLI {share} %, API {100 * api['covered_area_share']} %")
if abs(float(mean) - api["mean_in_view"]) > 0.0051:
    problems.append(f"mean in view: CLI {mean}, API {api['mean_in_view']}")
if int(high) != api["max_in_view"]:
    problems.append(f"max in view: CLI {high}, API {api['max_in_view']}")
if problems:
    print(f"FAIL (level {level}): " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"level {level}: CLI and API agree: covered {share} %, mean {mean}, max {high}")
PY
done
echo "ok: the CLI and the API give the same coverage numbers"

# The RTT series: the same request through both doors gives the same document, key for key and
# number for number (paths included), over a window long enough for the path to change.
start=2025-09-23T00:00:00Z
"$LT" route --from London --to "New York" --start "$start" --duration 10m --step 30s \
  --json "$tmp/route.json" >"$tmp/route.log" 2>&1 || fail "route --json: $(cat "$tmp/route.log")"
url="http://127.0.0.1:$port/api/v1/rtt?from=London&to=New%20York&start=$start&duration=10m&step=30s&paths=true"
/usr/bin/python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=600).read())' "$url" >"$tmp/rtt.json" ||
  fail "GET $url failed"
/usr/bin/python3 - "$tmp/route.json" "$tmp/rtt.json" <<'PY' || exit 1
import json, sys
cli, api = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def differences(a, b, where="$"):
    if type(a) is not type(b):
        return [f"{where}: CLI {a!r}, API {b!r}"]
    if isinstance(a, dict):
        out = [f"{where}.{k}: only in {'CLI' if k in a else 'API'}" for k in a.keys() ^ b.keys()]
        for k in sorted(a.keys() & b.keys()):
            out += differences(a[k], b[k], f"{where}.{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{where}: CLI {len(a)} items, API {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: CLI {a!r}, API {b!r}"]
problems = differences(cli, api)
if problems:
    print("FAIL: route --json and /api/v1/rtt differ:\n  " + "\n  ".join(problems[:20]), file=sys.stderr)
    sys.exit(1)
if cli["count"] != 21 or len(cli["path"]) != 21 or not cli["summary"]["reachable"]:
    print(f"FAIL: unexpected series: count {cli['count']}, summary {cli['summary']}", file=sys.stderr)
    sys.exit(1)
print(f"rtt series: CLI and API documents are identical ({cli['count']} samples, median "
      f"{cli['summary']['median_rtt_ms']} ms, {cli['summary']['path_changes']} path changes)")
PY
echo "ok: the CLI and the API give the same RTT series document"
