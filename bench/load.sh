#!/usr/bin/env bash
# Load test of `leotwin serve` with wrk on loopback (not part of the test suite).
#
#   bench/load.sh [LEOTWIN] [SECONDS]      default: build/release/leotwin, 10 s per endpoint
#
# Starts the server on a free port with the per-client rate limit off (every wrk connection comes
# from 127.0.0.1, so the limit would answer 429 to nearly everything) and measures, for each
# endpoint, requests per second and the 99th percentile latency (wrk --latency, 2 threads,
# 16 connections). "satellites (one instant)" hits the server's cache of recent instants (as JSON,
# as the map's float32 form, and revalidated: If-None-Match with the reply's ETag, answered 304);
# "satellites (random instants)" asks for a new instant on every request (bench/load_random_at.lua)
# and so propagates every satellite each time.
#
# Then the heavy-load check (issue 10 item 9): health and decide measured idle, then again while
# HEAVY_CLIENTS (default 2) clients keep heavy coverage windows in flight
# (bench: coverage?level=5&window=6h&step=60s, about 4 M work units each); the p99 ratios loaded /
# idle are printed (target: <= 2). These use one wrk connection (LIGHT_CONNECTIONS): a client
# waiting for each answer, as a probe does; 16 connections would saturate both cores with light
# requests alone and measure the queue, not the heavy work's effect.
set -euo pipefail
cd "$(dirname "$0")/.."
leotwin=${1:-build/release/leotwin}
seconds=${2:-10}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
[ -x "$leotwin" ] || { echo "no $leotwin: cmake --preset release && cmake --build --preset release"; exit 1; }

log=$(mktemp)
token_file=$(mktemp)
head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$token_file"
token=$(cat "$token_file")
"$leotwin" serve --port 0 --rate-limit 0 --threads "${SERVER_THREADS:-16}" \
  --admin-token-file "$token_file" >"$log" 2>&1 &
server=$!
heavy_pids=()
trap 'kill "${heavy_pids[@]}" $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log" "$token_file"' EXIT
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

last_p99_ms=""
last_server_p99_ms=""
run() {
  local name=$1 url=$2 script=${3:-}
  local threads=${RUN_THREADS:-$threads} connections=${RUN_CONNECTIONS:-$connections}
  local extra=(-H "Authorization: Bearer $token")
  [ -n "$script" ] && extra+=(-s "$script")
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${extra[@]}" "$url" 2>&1)
  local rps p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  # wrk prints 850.00us, 2.70ms or 1.02s.
  last_p99_ms=$(awk -v v="$p99" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.3f", n }')
  # With bench/load_server_timing.lua: the server's own p99 too.
  last_server_p99_ms=$(awk '/^server-timing p50/ {print $5}' <<<"$out")
  local server=""
  [ -n "$last_server_p99_ms" ] && server="  server p99 ${last_server_p99_ms}ms"
  printf "%-34s %12s %12s %10s%s\n" "$name" "${rps:-?}" "${p99:-?}" "${bad:-0}" "$server"
}

run "info" "$base/info"
run "satellites (one instant)" "$base/satellites?at=$epoch"
run "satellites f32 (one instant)" "$base/satellites?at=$epoch&format=f32"
run "satellites f32 (revalidated)" "$base/satellites?at=$epoch&format=f32" bench/load_if_none_match.lua
LEOTWIN_EPOCH_UNIX=$(python3 -c "import datetime as d; print(int(d.datetime.fromisoformat('${epoch%Z}+00:00').timestamp()))") \
  run "satellites (random instants)" "$base/satellites" bench/load_random_at.lua
decide_url="$base/decide?terminal=demo-fixed-1&lat=48.85&lon=2.35&speed=0"
run "decide" "$decide_url"

# Heavy requests in flight: light endpoints keep their p99 (admission.h). Idle and loaded runs
# alternate ROUNDS times (default 3), so drift in the machine's other load touches both alike; each
# run reports the client's p99 (wrk) and the server's own p99 (its Server-Timing header), and the
# verdict takes the median ratio over the rounds.
heavy_url="$base/coverage?level=5&window=6h&step=60s"
heavy_start=$(date +%s.%N)
code=$(curl -s -o /dev/null -w "%{http_code}" "$heavy_url")
heavy_seconds=$(awk -v a="$heavy_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "heavy request: $heavy_url -> HTTP $code in ${heavy_seconds}s"
export RUN_THREADS=1 RUN_CONNECTIONS=${LIGHT_CONNECTIONS:-1}
probe() { run "$1" "$2" bench/load_server_timing.lua; }
ratios=()
heavy_on() {
  for _ in $(seq 1 "${HEAVY_CLIENTS:-2}"); do
    (while true; do curl -s -o /dev/null --max-time 60 "$heavy_url"; done) &
    heavy_pids+=($!)
  done
  sleep 1
}
heavy_off() {
  kill "${heavy_pids[@]}" 2>/dev/null || true
  wait "${heavy_pids[@]}" 2>/dev/null || true
  heavy_pids=()
  # The server finishes what it admitted: wait it out so the next idle run is idle.
  sleep "$(awk -v s="$heavy_seconds" 'BEGIN { printf "%.1f", s + 1 }')"
}
for round in $(seq 1 "${ROUNDS:-3}"); do
  line=""
  for endpoint in health decide; do
    url="$base/health"
    [ "$endpoint" = decide ] && url=$decide_url
    probe "$endpoint (idle, round $round)" "$url"
    idle_client=$last_p99_ms idle_server=$last_server_p99_ms
    heavy_on
    probe "$endpoint (${HEAVY_CLIENTS:-2} heavy, round $round)" "$url"
    loaded_client=$last_p99_ms loaded_server=$last_server_p99_ms
    heavy_off
    ratios+=("$endpoint $idle_client $loaded_client $idle_server $loaded_server")
  done
done
printf '%s\n' "${ratios[@]}" | awk '
  { c[$1] = c[$1] " " $3 / $2; s[$1] = s[$1] " " $5 / $4 }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    for (e in c) printf "p99 loaded/idle, median of rounds: %s client %.2fx (rounds:%s), server %.2fx (rounds:%s); target <= 2x\n", e, median(c[e]), c[e], median(s[e]), s[e]
  }'
