#!/usr/bin/env bash
# End-to-end tests: starts the real app (dev-tagged build, real Go bindings) with an empty
# data folder, so it opens the demo workspace with its simulators, serves its frontend at a
# browser URL under Xvfb, and drives it with Debian's Chromium through playwright-core.
# Screenshots land in test-output/e2e/. Needs build/bin/trueup-dev (make e2e builds it).
set -euo pipefail
cd "$(dirname "$0")/.."

# The user's own workspace keeps secrets in the OS keychain: run everything inside a private
# D-Bus session with an unlocked gnome-keyring.
if [ -z "${TRUEUP_KEYRING_TESTS:-}" ]; then
	exec scripts/with-keyring.sh "$0" "$@"
fi

bin=build/bin/trueup-dev
[ -x "$bin" ] || { echo "$bin is missing: run make e2e" >&2; exit 1; }
out="${OUT_DIR:-test-output/e2e}"
rm -rf "$out" && mkdir -p "$out"
data="$(mktemp -d "${TMPDIR:-/tmp}/trueup-e2e.XXXXXX")"
port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

cleanup() {
	# $app is xvfb-run: stop the app it started (its child) first, or app and Xvfb outlive
	# the test (xvfb-run does not pass the signal on).
	[ -n "${app:-}" ] && pkill -TERM -P "$app" 2>/dev/null || true
	for p in ${app:-} ${sims:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	rm -rf "$data"
}
trap cleanup EXIT

# Dev-build flags come from the environment (Wails reads assetdir/devserver there), so the
# app's own --data-dir flag passes through untouched. The demo answers with a latency like
# a real tenant's, so the test can watch queued -> running -> succeeded. A dev build keeps
# credentials in memory unless TRUEUP_DEV_KEYCHAIN=private, which it accepts only on a
# private D-Bus session (this one, from with-keyring.sh): the "own workspace" scenario
# checks that the secret lands in that private keyring, never the user's.
assetdir=frontend/dist devserver="127.0.0.1:$port" loglevel=Warning TRUEUP_DEMO_LATENCY=150ms TRUEUP_DEV_KEYCHAIN=private \
	xvfb-run -a -s "-screen 0 1440x900x24" "$bin" --data-dir "$data" >"$out/app.log" 2>&1 &
app=$!

for _ in $(seq 1 100); do
	node -e "fetch('http://127.0.0.1:$port/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && break
	kill -0 "$app" 2>/dev/null || { echo "the app exited early:" >&2; cat "$out/app.log" >&2; exit 1; }
	sleep 0.2
done

# A separate demo tenant for the user's own workspace, added through the UI as a user would.
"$bin" demo --latency 20ms >"$out/demo.log" 2>&1 &
sims=$!
for _ in $(seq 1 50); do grep -q "client_secret" "$out/demo.log" 2>/dev/null && break; sleep 0.1; done
pax8_url="$(grep -E '^  Pax8 ' "$out/demo.log" | grep -o 'http://[^ ]*')"
pax8_secrets="$(grep client_secret "$out/demo.log" | sed 's/.*: //')"

BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" DATA_DIR="$data" PAX8_URL="$pax8_url" PAX8_SECRETS="$pax8_secrets" \
	node frontend/e2e/run.mjs
