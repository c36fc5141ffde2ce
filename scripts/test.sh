#!/usr/bin/env bash
# The test command: install dependencies, build the fuzzers (clang) and the sanitizer build (dev
# preset: ASan + UBSan, warnings as errors), then run every test through one ctest invocation:
# unit and reference tests, peer cross-checks, bounded fuzzing, CLI and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ -f web/package.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
fi
# ccache keys that do not depend on where the checkout is, so a clean clone in another folder
# reuses the cache: paths under the checkout are hashed relative to it, and the compile folder is
# not hashed (with -g ccache would otherwise hash it, and a new clone path would miss every time).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
