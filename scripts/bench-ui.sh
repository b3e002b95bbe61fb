#!/usr/bin/env bash
# First-paint benchmark: how long from launching TrueUp (first start, demo workspace) until
# its window shows real content, in Chromium (frontend/e2e/bench-ui.mjs) and then in the
# app's own WebKitGTK window (frontend/e2e/bench-webkit.mjs): a first launch, then launches
# after the first (LAUNCH=second), which paint the screen the window kept
# (internal/startupview) and its picture (internal/windowpicture). Needs build/bin/trueup-dev (make bench-ui builds it); runs the app
# under Xvfb when there is no display, and the WebKitGTK launches inside a session bus of their
# own when there is none (as on a desktop; BUS=0: none). RUNS=5 by default; WEBKIT=0 skips the
# WebKitGTK part.
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
	# Without a display bench-webkit.mjs runs each launch on a fresh Xvfb of its own, whose
	# screen it reads to time when the rows are drawn. A desktop session always has a session
	# bus (and its accessibility bus running): without one GTK and Wails' single-instance
	# check each start a dbus-daemon first, 0.1-0.2 s no user's launch pays, so the launches
	# run inside one session bus of their own unless there is one already (BUS=0: none).
	webkit() {
		if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ "${BUS:-1}" != 0 ]; then
			dbus-run-session -- node frontend/e2e/bench-webkit.mjs
		else
			node frontend/e2e/bench-webkit.mjs
		fi
	}
	webkit
	LAUNCH=second webkit
fi
