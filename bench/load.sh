#!/usr/bin/env bash
# Load test of `leotwin serve` with wrk on loopback (not part of the test suite).
#
#   bench/load.sh [LEOTWIN] [SECONDS]      default: build/release/leotwin, 10 s per endpoint
#
# Starts the server on a free port with the per-client rate limit off (every wrk connection comes
# from 127.0.0.1, so the limit would answer 429 to nearly everything) and measures, for each
# endpoint, requests per second and the 99th percentile latency (wrk --latency, 2 threads,
# 16 connections). "satellites (one instant)" hits the server's cache of recent instants;
# "satellites (random instants)" asks for a new instant on every request (bench/load_random_at.lua)
# and so propagates every satellite each time.
set -euo pipefail
cd "$(dirname "$0")/.."
leotwin=${1:-build/release/leotwin}
seconds=${2:-10}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
[ -x "$leotwin" ] || { echo "no $leotwin: cmake --preset release && cmake --build --preset release"; exit 1; }

log=$(mktemp)
"$leotwin" serve --port 0 --rate-limit 0 --threads "${SERVER_THREADS:-16}" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q "the API is at" "$log" && break
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
base=$(grep -o "http://[^ ]*/api/v1" "$log" | head -1)
[ -n "$base" ] || { echo "server did not start:"; cat "$log"; exit 1; }
epoch=$(curl -s "$base/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["time"]["default"])')
echo "server: $base ($(head -1 "$log" | sed 's/^leotwin: //'))"
echo "wrk: $threads threads, $connections connections, ${seconds}s per endpoint"
printf "%-34s %12s %12s %10s\n" endpoint requests/s p99 non-2xx

run() {
  local name=$1 url=$2 script=${3:-}
  local extra=()
  [ -n "$script" ] && extra=(-s "$script")
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${extra[@]}" "$url" 2>&1)
  local rps p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  printf "%-34s %12s %12s %10s\n" "$name" "${rps:-?}" "${p99:-?}" "${bad:-0}"
}

run "info" "$base/info"
run "satellites (one instant)" "$base/satellites?at=$epoch"
LEOTWIN_EPOCH_UNIX=$(python3 -c "import datetime as d; print(int(d.datetime.fromisoformat('${epoch%Z}+00:00').timestamp()))") \
  run "satellites (random instants)" "$base/satellites" bench/load_random_at.lua
if curl -s -o /dev/null -w "%{http_code}" "$base/decide?terminal=t&lat=0&lon=0&speed=0" | grep -q "^[24]0[0-9]$"; then
  run "decide" "$base/decide?terminal=demo-fixed-1&lat=48.85&lon=2.35&speed=0&at=$epoch"
else
  echo "decide: endpoint not available on this server (no policy layer)"
fi
