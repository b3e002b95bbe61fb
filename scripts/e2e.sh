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
[ -x build/bin/fakenotifyd ] || { echo "build/bin/fakenotifyd is missing: run make e2e" >&2; exit 1; }
out="${OUT_DIR:-test-output/e2e}"
rm -rf "$out" && mkdir -p "$out"
data="$(mktemp -d "${TMPDIR:-/tmp}/trueup-e2e.XXXXXX")"
data2="$(mktemp -d "${TMPDIR:-/tmp}/trueup-e2e.XXXXXX")"
data3="$(mktemp -d "${TMPDIR:-/tmp}/trueup-e2e.XXXXXX")"
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

stop_app() {
	# $app is xvfb-run: stop the app it started (its child) first, or app and Xvfb outlive
	# the test (xvfb-run does not pass the signal on).
	if [ -n "${app:-}" ]; then
		pkill -TERM -P "$app" 2>/dev/null || true
		kill "$app" 2>/dev/null || true
		wait "$app" 2>/dev/null || true
		app=
	fi
}
cleanup() {
	stop_app
	for p in ${sims:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	rm -rf "$data" "$data2" "$data3"
}
trap cleanup EXIT

# Starts the app on a new port with the data folder $1, its log in $2; sets $app and $port.
# Dev-build flags come from the environment (Wails reads assetdir/devserver there), so the
# app's own --data-dir flag passes through untouched. The demo answers with a latency like
# a real tenant's, so the test can watch queued -> running -> succeeded. A dev build keeps
# credentials in memory unless TRUEUP_DEV_KEYCHAIN=private, which it accepts only on a
# private D-Bus session (this one, from with-keyring.sh): the "own workspace" scenario
# checks that the secret lands in that private keyring, never the user's.
start_app() {
	port="$(free_port)"
	assetdir=frontend/dist devserver="127.0.0.1:$port" loglevel=Warning TRUEUP_DEMO_LATENCY=150ms TRUEUP_DEV_KEYCHAIN=private \
		xvfb-run -a -s "-screen 0 1440x900x24" "$bin" --data-dir "$1" >"$2" 2>&1 &
	app=$!
	for _ in $(seq 1 100); do
		node -e "fetch('http://127.0.0.1:$port/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && return 0
		kill -0 "$app" 2>/dev/null || { echo "the app exited early:" >&2; cat "$2" >&2; exit 1; }
		sleep 0.2
	done
}
# Three free loopback ports in a row (the demo's PSA, Pax8 and Microsoft), for a
# `trueup-dev demo --port-base` (another checkout's e2e may hold the demo's default ports).
# trueup.mjs starts its demo minutes after this pick, so the ports lie below the kernel's
# ephemeral range (32768-60999 by default): a port in it can be taken meanwhile as the local
# end of an outgoing connection or by a listener on port 0, and the demo then fails with
# "port ... is taken" (seen once in CI).
free_pair() {
	node -e "
const net=require('net');
const fs=require('fs');
let low=32768;
try{low=Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range','utf8').trim().split(/[ \t]+/)[0])||low}catch{}
const start=Math.max(1024,low-5000);
const free=(p)=>new Promise((r)=>{const s=net.createServer();s.once('error',()=>r(false));s.listen(p,'127.0.0.1',()=>s.close(()=>r(true)))});
(async()=>{for(let p=start;p<start+1000;p+=3){if(await free(p)&&await free(p+1)&&await free(p+2)){console.log(p);return}}process.exit(1)})()"
}

# One window per data folder: a second start on the running app's folder hands over to it
# (the single-instance lock on the session bus) and exits 1, and the first keeps serving.
second_start_hands_over() {
	local rc
	# The app's own exit code, written from inside xvfb-run: xvfb-run exits 5 of its own when
	# removing its temporary Xauthority folder fails, which says nothing about the app.
	rm -f "$out/second-start.rc"
	SECOND_START_RC="$out/second-start.rc" assetdir=frontend/dist devserver="127.0.0.1:$(free_port)" loglevel=Warning \
		timeout 90 xvfb-run -a -s "-screen 0 1024x768x24" sh -c '"$0" "$@"; echo $? >"$SECOND_START_RC"' \
		"$bin" --data-dir "$1" >"$out/second-start.log" 2>&1 || true
	rc="$(cat "$out/second-start.rc" 2>/dev/null || echo "none: it did not end within 90 s")"
	if [ "$rc" != 1 ]; then
		echo "FAIL: a second start on the same data folder did not hand over to the running app (exit $rc):" >&2
		cat "$out/second-start.log" >&2
		return 1
	fi
	node -e "fetch('http://127.0.0.1:$port/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" ||
		{ echo "FAIL: the running app stopped serving after a second start" >&2; return 1; }
	echo "ok: a second start on the same data folder handed over to the running app"
}

# E2E_ONLY=run, E2E_ONLY=trueup or E2E_ONLY=psa runs one scenario file (while working on it).
status=0
if [ "${E2E_ONLY:-run}" = run ]; then
	start_app "$data" "$out/app.log"
	second_start_hands_over "$data" || status=1
	# A separate demo tenant for the user's own workspace, added through the UI as a user would.
	"$bin" demo --latency 20ms --port-base "$(free_pair)" >"$out/demo.log" 2>&1 &
	sims=$!
	for _ in $(seq 1 50); do grep -q "client_secret" "$out/demo.log" 2>/dev/null && break; sleep 0.1; done
	pax8_url="$(grep -E '^  Pax8 ' "$out/demo.log" | grep -o 'http://[^ ]*')"
	pax8_secrets="$(grep client_secret "$out/demo.log" | sed 's/.*: //')"
	BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" DATA_DIR="$data" PAX8_URL="$pax8_url" PAX8_SECRETS="$pax8_secrets" \
		node frontend/e2e/run.mjs || status=1
	stop_app
fi

# The monthly true-up, in a second app with a fresh demo workspace (run.mjs leaves its demo
# with wrong Pax8 credentials and its own workspace open). trueup.mjs starts, stops and
# restarts its own `trueup-dev demo` on DEMO_PORT_BASE and the next port (PSA down).
if [ "${E2E_ONLY:-trueup}" = trueup ]; then
	start_app "$data2" "$out/app-trueup.log"
	BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" BIN="$bin" DEMO_PORT_BASE="$(free_pair)" \
		node frontend/e2e/trueup.mjs || status=1
	stop_app
fi
# The demo on each PSA: a fresh app per PSA (its own data folder) that chooses the PSA on the
# demo banner, syncs and approves a Reconcile card (psa.mjs): ConnectWise and Autotask by
# default; E2E_PSAS overrides the list.
if [ "${E2E_ONLY:-psa}" = psa ]; then
	for kind in ${E2E_PSAS:-connectwise autotask halopsa}; do
		rm -rf "$data3" && mkdir -p "$data3"
		start_app "$data3" "$out/app-psa-$kind.log"
		BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" PSA="$kind" node frontend/e2e/psa.mjs || status=1
		stop_app
	done
fi
# Accessibility: axe-core on every screen of a fresh demo app, and keyboard focus (a11y.mjs).
if [ "${E2E_ONLY:-a11y}" = a11y ]; then
	rm -rf "$data3" && mkdir -p "$data3"
	start_app "$data3" "$out/app-a11y.log"
	BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" node frontend/e2e/a11y.mjs || status=1
	stop_app
fi
# A file import through the import dialog (file-import.mjs): a fresh demo app whose dialog
# answers with the Dicker-style fixture (a browser cannot open the native dialog).
if [ "${E2E_ONLY:-file-import}" = file-import ]; then
	rm -rf "$data3" && mkdir -p "$data3"
	TRUEUP_DEV_IMPORT_FILE="$PWD/frontend/e2e/fixtures/dicker-nov.xlsx" start_app "$data3" "$out/app-file-import.log"
	BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" node frontend/e2e/file-import.mjs || status=1
	stop_app
fi
# A scheduled sync: the dev clock (TRUEUP_DEV_CLOCK=1) is moved past a schedule set in the UI.
# A notification daemon on this private session bus (fakenotifyd) shows the app's desktop
# notifications and clicks one when the test asks.
if [ "${E2E_ONLY:-schedule}" = schedule ]; then
	rm -rf "$data3" && mkdir -p "$data3"
	build/bin/fakenotifyd >"$out/fakenotifyd.log" 2>&1 &
	sims="${sims:-} $!"
	for _ in $(seq 1 50); do grep -q "listening on" "$out/fakenotifyd.log" 2>/dev/null && break; sleep 0.1; done
	notifyd_url="$(grep -o 'http://[^ ]*' "$out/fakenotifyd.log")" || { echo "fakenotifyd did not start:" >&2; cat "$out/fakenotifyd.log" >&2; exit 1; }
	TRUEUP_DEV_CLOCK=1 start_app "$data3" "$out/app-schedule.log"
	BASE_URL="http://127.0.0.1:$port" OUT_DIR="$out" NOTIFYD_URL="$notifyd_url" node frontend/e2e/schedule.mjs || status=1
	stop_app
fi
exit $status
