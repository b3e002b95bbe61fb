#!/usr/bin/env bash
# Benchmark of the Reconcile screen with 10,000 cards in Chromium (frontend/e2e/bench-cards.mjs):
# the built frontend (frontend/dist, make bench-cards builds it) served on 127.0.0.1 with a
# stub of the Go bindings, so it measures the screen alone. Prints the time to the first
# render of the grid and the list and the frame times while scrolling each, with the load
# average (the machine is often shared). RUNS=5, CARDS=10000, SCROLL_FRAMES=600,
# WHEEL_PX=100, WHEEL_FRAMES=300 by default; PROFILE=list or grid prints a CPU profile of
# that view's wheel scroll (PROFILE_SCROLL=fling: of its fling); TRACE=list or grid prints a
# Chromium trace's self time per thread for that scroll; SHOTS=dir saves screenshots of each view.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e frontend/dist/index.html ] || { echo "frontend/dist is missing: run make bench-cards (it builds the frontend)" >&2; exit 1; }
exec node frontend/e2e/bench-cards.mjs
