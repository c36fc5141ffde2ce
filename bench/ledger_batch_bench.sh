#!/usr/bin/env bash
# Registers N terminals (default 1,000,000) in batches of B (default 100,000) through the real CLI
# on a real ledger file (propose + approve per batch: signing, dry run, commit, replay of the file
# by each call), then times verify, a decision and a proof. Prints one line per step and a digest.
# Usage: bench/ledger_batch_bench.sh <leotwin binary> [N] [B]
set -euo pipefail
LT=$(realpath "$1")
N=${2:-1000000}
B=${3:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export LEOTWIN_DB="$work/ledger.db"
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
"$LT" policy keygen --name alice >/dev/null
"$LT" policy keygen --name bob >/dev/null
"$LT" policy init --key alice.key --operator bob.pub >/dev/null
python3 - "$N" "$B" <<'PY'
import sys
n, b = int(sys.argv[1]), int(sys.argv[2])
for k in range(0, n, b):
    with open(f"batch{k // b:04d}.csv", "w") as f:
        f.write("id,kind,lat,lon\n")
        for i in range(k, min(n, k + b)):
            f.write(f"T-{i},fixed,{-50 + (i * 7919 % 100000) / 1000:.3f},{-170 + (i * 104729 % 340000) / 1000:.3f}\n")
PY
start=$(now)
for f in batch*.csv; do
  t=$(now)
  id=$("$LT" policy propose --key alice.key --batch "$f" --kind register-terminals | awk '/^proposal /{print $2}')
  p=$(since "$t")
  t=$(now)
  "$LT" policy approve "$id" --key bob.key >/dev/null
  echo "$f: propose $p s, approve $(since "$t") s"
done
echo "registered $N terminals in batches of $B: $(since "$start") s (signing, checks, commits, replays)"
t=$(now); "$LT" ledger verify | tail -1; echo "verify: $(since "$t") s"
t=$(now); "$LT" policy decide --terminal T-12345 --lat 10 --lon 10 >/dev/null || true; echo "decide (open + replay + one decision): $(since "$t") s"
t=$(now); "$LT" policy prove --terminal T-12345 --out p.json; echo "prove: $(since "$t") s, $(wc -c <p.json) bytes"
echo "file: $(du -h ledger.db | cut -f1)"
