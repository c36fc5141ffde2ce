#!/usr/bin/env bash
# The main job: install dependencies, build the release preset and the map (web/, Vite), then start
# the twin on the bundled demo scenario (Starlink Gen1, bundled cities, gateways and territories,
# and a policy history 2020-2025 seeded into a signed ledger on first run, in
# ~/.local/state/leotwin/scenarios/demo) and print the address of the map. Extra arguments go to
# `leotwin serve` (e.g. --port 9000; --scenario DIR or --db FILE replace the demo).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
cmake --preset release >/dev/null
# Only what the main job runs: the executable (no tests, benchmarks or fuzzers).
cmake --build --preset release --target leotwin
scenario=(--scenario demo)
for arg in "$@"; do
  case "$arg" in --scenario | --scenario=* | --db | --db=*) scenario=() ;; esac
done
exec build/release/leotwin serve --web-root web/dist "${scenario[@]}" "$@"
