#!/usr/bin/env bash
# The control-plane part of the README tour, as a script that runs exactly what the README shows:
# three operators, Ukraine made available, a roaming terminal registered, a deny geofence enacted
# by a quorum of two at 14:02, and "why was terminal T-1 cut off at 14:02?" answered from the
# ledger. Everything it needs is generated here (keys, the illustrative front.geojson box) in a
# temporary folder. The ledger uses a simulated clock so the demo can replay a past day
# (docs/ledger.md, "Time"); a real ledger uses the system clock and takes no --now.
#
#   scripts/tour-policy.sh [path/to/leotwin]    prints each command ($ ...) and its real output
#
# tests/tour_test.sh runs it and checks that the README block between the `tour:policy` markers
# is this output (ids and hashes, which differ with every generated key, are compared by shape).
set -euo pipefail
# tour_begin (LT, a temporary folder) and run (prints the command, then runs it).
source "$(dirname "${BASH_SOURCE[0]}")/lib/tour.sh"
tour_begin "${1:-}"
export LEOTWIN_DB=leotwin.db
pid_of() { awk '/^proposal /{print substr($2, 1, 12)}'; }

for who in alice bob carol; do "$LT" policy keygen --name "$who" >/dev/null; done
# An illustrative box east of Kharkiv (not the real front line).
cat >front.geojson <<'EOF'
{"type":"Polygon","coordinates":[[[37.0,47.5],[38.5,47.5],[38.5,49.0],[37.0,49.0],[37.0,47.5]]]}
EOF

run "$LT" policy init --key alice.key --operator bob.pub --operator carol.pub --clock simulated \
  --now 2025-10-01T09:00:00Z
out=$(run "$LT" policy propose --key alice.key --set-territory UA --state available \
  --now 2025-10-01T09:05:00Z)
printf '%s\n' "$out"
ua=$(pid_of <<<"$out")
run "$LT" policy approve "$ua" --key bob.key --now 2025-10-01T09:10:00Z
out=$(run "$LT" policy propose --key alice.key --register-terminal T-1 --kind roam --lat 48.0 \
  --lon 37.8 --now 2025-10-01T09:20:00Z)
printf '%s\n' "$out"
t1=$(pid_of <<<"$out")
run "$LT" policy approve "$t1" --key bob.key --now 2025-10-01T09:25:00Z
out=$(run "$LT" policy propose --key alice.key --add-geofence front-1 --geometry front.geojson \
  --effect deny --name "front line" --now 2025-10-01T13:00:00Z)
printf '%s\n' "$out"
front=$(pid_of <<<"$out")
run "$LT" policy approve "$front" --key bob.key --now 2025-10-01T13:30:00Z
run "$LT" policy approve "$front" --key carol.key --now 2025-10-01T14:02:00Z
run "$LT" policy explain --terminal T-1 --lat 48.5 --lon 37.8 --at 2025-10-01T14:01:00Z
run "$LT" policy explain --terminal T-1 --lat 48.5 --lon 37.8 --at 2025-10-01T14:03:00Z
# Lifting the geofence takes the two approvals that imposed it (quorums follow effects).
out=$(run "$LT" policy propose --key bob.key --remove-geofence front-1 \
  --now 2025-10-01T15:00:00Z)
printf '%s\n' "$out"
run "$LT" ledger verify
