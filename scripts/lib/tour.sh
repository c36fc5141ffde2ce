# Shared by the README tour scripts (scripts/tour-*.sh), which source it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/tour.sh"
#   tour_begin "${1:-}"          # LT = the leotwin binary; now in a temporary folder
#   run "$LT" summary --duration 1h
#
# tests/tour_test.sh compares what the scripts print with the README, so run() prints exactly what
# a user would type.

# Sets LT to the leotwin binary (the argument, default build/release/leotwin, resolved before
# leaving the current folder) and moves into a temporary folder that is removed on exit.
tour_begin() {
  LT=$(realpath "${1:-build/release/leotwin}")
  tour_work=$(mktemp -d)
  trap 'rm -rf "$tour_work"' EXIT
  cd "$tour_work"
}

# Shows the command as a user types it ("leotwin" for the binary, arguments with spaces quoted),
# then runs it.
run() {
  local shown="leotwin"
  local arg
  for arg in "${@:2}"; do
    if [[ "$arg" =~ [[:space:]] ]]; then shown+=" \"$arg\""; else shown+=" $arg"; fi
  done
  printf '$ %s\n' "$shown"
  "$@"
}
