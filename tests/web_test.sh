#!/usr/bin/env bash
# web_test.sh unit                          unit tests of the page's modules (node --test web/tests/unit)
# web_test.sh build                         build web/dist with Vite
# web_test.sh browser LEOTWIN SCREENSHOT    browser test against `LEOTWIN serve` (web/tests/browser.mjs)
# web_test.sh story LEOTWIN SCREENSHOT      the demo scenario's timeline (web/tests/story.mjs)
# Exits 77 (ctest: skipped) with a message when a prerequisite is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
skip() { echo "SKIP: $*"; exit 77; }
command -v node >/dev/null || skip "node is not installed (scripts/install-deps.sh)"
if [ "${1:-}" = unit ]; then
  # The modules under test import nothing from node_modules, so web/node_modules is not needed.
  # node >= 20 runs every *.test.mjs of a directory given to --test; list them for node 18 too.
  exec node --test web/tests/unit/*.test.mjs
fi
[ -d web/node_modules/vite ] || skip "web/node_modules is missing: run 'cd web && npm ci'"
case "${1:-}" in
  build)
    cd web && exec npx --no-install vite build --logLevel warn
    ;;
  browser | story)
    chromium=${LEOTWIN_CHROMIUM:-/usr/bin/chromium}
    [ -x "$chromium" ] || skip "chromium not found at $chromium (apt-get install chromium)"
    [ -f web/dist/index.html ] || { echo "web/dist/index.html missing: web.build failed?"; exit 1; }
    exec node "web/tests/$1.mjs" --leotwin "$2" --web-root web/dist --screenshot "$3" \
      --chromium "$chromium"
    ;;
  *) echo "usage: $0 unit | build | browser|story LEOTWIN SCREENSHOT" >&2; exit 2 ;;
esac
