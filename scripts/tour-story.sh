#!/usr/bin/env bash
# The opening of the README tour: the demo scenario that `scripts/run.sh` serves, asked from the
# CLI the three questions the map answers (where is service available, who decided, since when).
# The ledger is seeded in a temporary state folder (LEOTWIN_STATE_DIR), as the map's is in
# ~/.local/state/leotwin on first run.
#
#   scripts/tour-story.sh [path/to/leotwin]    prints each command ($ ...) and its real output
#
# tests/tour_test.sh runs it and checks the README block between the `tour:story` markers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tour.sh"
tour_begin "${1:-}"
export LEOTWIN_STATE_DIR=state
db=state/demo/ledger.db

run "$LT" scenario seed demo
run "$LT" policy explain --db "$db" --territory UA --at 2022-06-01
run "$LT" policy explain --db "$db" --terminal UA-R-0417 --lat 48.723 --lon 37.556 \
  --at 2022-10-01T14:03:00Z
run "$LT" policy explain --db "$db" --territory TW --at 2025-09-01
