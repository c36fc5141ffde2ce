#!/usr/bin/env bash
# run-fuzzer.sh BINARY CORPUS_DIR SECONDS: run one libFuzzer target for a bounded time on a copy of
# its seed corpus (the committed corpus is never modified). Fails if the fuzzer finds a crash.
set -euo pipefail
bin=$1 corpus=$2 seconds=$3
if [ ! -x "$bin" ]; then
  echo "fuzzer $bin is not built: run 'cmake --build --preset fuzz' first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
[ -d "$corpus" ] && cp -r "$corpus"/. "$work/corpus/" 2>/dev/null || true
cd "$work"
"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 corpus
