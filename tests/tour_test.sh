#!/usr/bin/env bash
# The README tour's control-plane block is the real output of scripts/tour-policy.sh: this test
# runs the script and compares its output with the README block between the `tour:policy`
# markers. Ledger ids, proposal ids and hashes change with every generated key, so hex strings of
# 12 or more digits are compared by shape. With --update it rewrites the README block instead.
#   tests/tour_test.sh <leotwin binary> <source dir> [--update]
set -euo pipefail
LT=$1
SRC=$2
readme="$SRC/README.md"
actual=$(bash "$SRC/scripts/tour-policy.sh" "$LT")
if [ "${3:-}" = "--update" ]; then
  python3 - "$readme" "$actual" <<'PY'
import sys
path, block = sys.argv[1], sys.argv[2]
text = open(path).read()
start = text.index("<!-- tour:policy -->")
end = text.index("<!-- /tour:policy -->")
text = text[:start] + "<!-- tour:policy -->\n```\n" + block + "\n```\n" + text[end:]
open(path, "w").write(text)
PY
  echo "updated $readme"
  exit 0
fi
expected=$(awk '/<!-- tour:policy -->/{on=1; next} /<!-- \/tour:policy -->/{on=0} on' "$readme" |
  grep -v '^```$')
normalize() { sed -E 's/[0-9a-f]{12,}/<hex>/g'; }
if ! diff <(normalize <<<"$expected") <(normalize <<<"$actual"); then
  echo "FAIL: the README's control-plane tour differs from what scripts/tour-policy.sh prints"
  echo "(regenerate it with: tests/tour_test.sh <leotwin> . --update)"
  exit 1
fi
echo "ok: the README's control-plane tour is what the commands print ($(wc -l <<<"$actual") lines)"
