#!/usr/bin/env bash
# The orbit, network, coverage and activity part of the README tour, as a script that runs exactly
# what the README shows, on the bundled presets (no downloaded file needed). Windows are short so
# the test command can run it under the sanitizers.
#
#   scripts/tour-cli.sh [path/to/leotwin]    prints each command ($ ...) and its real output
#
# tests/tour_test.sh runs it and checks that the README block between the `tour:cli` markers is
# this output (wall-clock timings, which differ from run to run, are compared by shape).
set -euo pipefail
# tour_begin (LT, a temporary folder) and run (prints the command, then runs it).
source "$(dirname "${BASH_SOURCE[0]}")/lib/tour.sh"
tour_begin "${1:-}"

run "$LT" summary --duration 1h --step 1m
echo
run "$LT" route --from London --to "New York" --duration 10m --step 1s --csv route.csv
echo
run "$LT" routes --top-cities 3 --duration 2m --step 10s --summary pairs.csv
echo
run "$LT" route --from London --to "New York" --duration 30s --step 10s --fstate-dir fstate
echo
run "$LT" coverage --level 7 --window 1h --step 5m
echo
run "$LT" activity --level 6
