#!/usr/bin/env bash
# The README's track tour: the demo scenario's roaming terminal UA-R-0417 driven down and back up
# the meridian 36 E on 1 October 2022, into the illustrative front-line geofence before carol's
# approval enacts it at 14:02 and out again; `leotwin track` names the state at every instant and
# the ledger entry behind each change. The track is a GPX 1.1 file written here (three fixes,
# interpolated on the great circle at 133 km/h).
#
#   scripts/tour-track.sh [path/to/leotwin]    prints each command ($ ...) and its real output
#
# tests/tour_test.sh runs it and checks the README block between the `tour:track` markers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/tour.sh"
tour_begin "${1:-}"
export LEOTWIN_STATE_DIR=state
db=state/demo/ledger.db
"$LT" scenario seed demo >/dev/null
cat >drive.gpx <<'GPX'
<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="leotwin tour" xmlns="http://www.topografix.com/GPX/1/1">
  <trk><name>drive</name><trkseg>
    <trkpt lat="48.40" lon="36.0"><ele>150</ele><time>2022-10-01T13:40:00Z</time></trkpt>
    <trkpt lat="47.60" lon="36.0"><ele>150</ele><time>2022-10-01T14:20:00Z</time></trkpt>
    <trkpt lat="48.40" lon="36.0"><ele>150</ele><time>2022-10-01T15:00:00Z</time></trkpt>
  </trkseg></trk>
</gpx>
GPX

run "$LT" track --track drive.gpx --terminal UA-R-0417 --db "$db" --to Kyiv --step 10s
