#!/usr/bin/env bash
# The main job: install dependencies, build the release preset, run leotwin on bundled defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/leotwin summary "$@"
