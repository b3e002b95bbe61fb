#!/usr/bin/env bash
# First-paint benchmark: how long from launching TrueUp (first start, demo workspace) until
# its window shows real content, in Chromium (frontend/e2e/bench-ui.mjs) and then in the
# app's own WebKitGTK window (frontend/e2e/bench-webkit.mjs): a first launch, then launches
# after the first (LAUNCH=second), which paint the screen the window kept
# (internal/startupview). Needs build/bin/trueup-dev (make bench-ui builds it); runs the app
# under Xvfb when there is no display. RUNS=5 by default; WEBKIT=0 skips the WebKitGTK part.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/bin/trueup-dev ] || { echo "build/bin/trueup-dev is missing: run make bench-ui" >&2; exit 1; }
run() {
	if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
		xvfb-run -a -s "-screen 0 1280x800x24" "$@"
	else
		"$@"
	fi
}
run node frontend/e2e/bench-ui.mjs
if [ "${WEBKIT:-1}" != 0 ]; then
	if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
		# Our own Xvfb writing its screen to a file: bench-webkit.mjs reads when the rows are drawn.
		fb="$(mktemp -d)"
		trap 'rm -rf "$fb"' EXIT
		xvfb-run -a -s "-screen 0 1280x800x24 -fbdir $fb" sh -c "FB=$fb/Xvfb_screen0 node frontend/e2e/bench-webkit.mjs && FB=$fb/Xvfb_screen0 LAUNCH=second node frontend/e2e/bench-webkit.mjs"
	else
		node frontend/e2e/bench-webkit.mjs
		LAUNCH=second node frontend/e2e/bench-webkit.mjs
	fi
fi
