#!/usr/bin/env bash
# First-paint benchmark: how long from launching TrueUp (first start, demo workspace) until
# its window shows real content. Needs build/bin/trueup-dev (make bench-ui builds it); runs
# the app under Xvfb when there is no display. RUNS=5 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/bin/trueup-dev ] || { echo "build/bin/trueup-dev is missing: run make bench-ui" >&2; exit 1; }
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	exec xvfb-run -a -s "-screen 0 1280x800x24" node frontend/e2e/bench-ui.mjs
fi
exec node frontend/e2e/bench-ui.mjs
