#!/usr/bin/env bash
# The main job: install dependencies, build the release preset and the map (web/, Vite), then start
# the twin on the bundled defaults (Starlink Gen1, bundled cities, gateways and territories) and
# print the address of the map. Extra arguments go to `leotwin serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
cmake --preset release >/dev/null
# Only what the main job runs: the executable (no tests, benchmarks or fuzzers).
cmake --build --preset release --target leotwin
exec build/release/leotwin serve --web-root web/dist "$@"
