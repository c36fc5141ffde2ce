#!/usr/bin/env bash
# Each block of the README tour is the real output of a script: scripts/tour-NAME.sh prints what
# the README shows between the `tour:NAME` markers (NAME: cli, policy), and this test runs the
# script and compares. Ledger ids, proposal ids and hashes change with every generated key, so hex
# strings of 12 or more digits are compared by shape, and so are wall-clock timings ("0.21 s").
# With --update it rewrites the README block instead.
#   tests/tour_test.sh <leotwin binary> <source dir> [NAME (default policy)] [--update]
set -euo pipefail
LT=$1
SRC=$2
NAME=${3:-policy}
UPDATE=${4:-}
if [ "$NAME" = "--update" ]; then NAME=policy UPDATE=--update; fi
readme="$SRC/README.md"
actual=$(bash "$SRC/scripts/tour-$NAME.sh" "$LT")
if [ "$UPDATE" = "--update" ]; then
  python3 - "$readme" "$actual" "$NAME" <<'PY'
import sys
path, block, name = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
start = text.index(f"<!-- tour:{name} -->")
end = text.index(f"<!-- /tour:{name} -->")
text = text[:start] + f"<!-- tour:{name} -->\n```\n" + block + "\n```\n" + text[end:]
open(path, "w").write(text)
PY
  echo "updated $readme"
  exit 0
fi
expected=$(awk -v b="<!-- tour:$NAME -->" -v e="<!-- /tour:$NAME -->" \
  '$0 == b {on=1; next} $0 == e {on=0} on' "$readme" | grep -v '^```$')
normalize() { sed -E 's/[0-9a-f]{12,}/<hex>/g; s/[0-9]+\.[0-9]+ s\b/<t> s/g'; }
if ! diff <(normalize <<<"$expected") <(normalize <<<"$actual"); then
  echo "FAIL: the README's tour block '$NAME' differs from what scripts/tour-$NAME.sh prints"
  echo "(regenerate it with: tests/tour_test.sh <leotwin> . $NAME --update)"
  exit 1
fi
echo "ok: the README's tour block '$NAME' is what the commands print ($(wc -l <<<"$actual") lines)"
