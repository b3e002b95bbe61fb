#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so tests
# can use the real Secret Service without touching the user's keyring:
#
#   scripts/with-keyring.sh go test ./internal/secrets/ -v -count=1
#
# It exports TRUEUP_KEYRING_TESTS=1 (keychain tests then run, and fail if the keychain is
# unusable) and points XDG_RUNTIME_DIR, XDG_DATA_HOME, XDG_CACHE_HOME and XDG_CONFIG_HOME at
# fresh temporary directories, removed on exit. HOME is left alone and GOCACHE/GOENV are
# pinned, so Go keeps its module and build caches and its settings. The command's exit
# code is returned.
# Needs: dbus (dbus-run-session, dbus-send) and gnome-keyring (gnome-keyring-daemon).
set -euo pipefail

if [ "$#" -eq 0 ]; then
	echo "usage: $0 COMMAND [ARG]..." >&2
	exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$0: $tool not found: install the dbus and gnome-keyring packages" >&2
		exit 127
	fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/trueup-keyring.XXXXXX")"
cleanup() {
	# gnome-keyring-daemon may still be writing while it shuts down; retry once.
	rm -rf "$tmp" 2>/dev/null || { sleep 0.2; rm -rf "$tmp"; }
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Go derives its build cache and settings file from XDG_CACHE_HOME/XDG_CONFIG_HOME: pin
# them first, so builds stay cached and `go env -w` settings still apply.
if command -v go >/dev/null 2>&1; then
	GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
	GOENV="${GOENV:-$(go env GOENV)}"
	export GOCACHE GOENV
fi

mkdir -m 700 "$tmp/runtime" "$tmp/data" "$tmp/cache" "$tmp/config"
export XDG_RUNTIME_DIR="$tmp/runtime"
export XDG_DATA_HOME="$tmp/data"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_CONFIG_HOME="$tmp/config"
export TRUEUP_KEYRING_TESTS=1
# Never reuse a session bus of the caller.
unset DBUS_SESSION_BUS_ADDRESS

# The inner shell unlocks a fresh keyring (password "pass") and runs the command. The
# daemon forks away from the session and can outlive it, so afterwards the shell asks the
# private bus which process owns org.freedesktop.secrets and ends exactly that one.
# Not exec: the EXIT trap must run after the session ends; set -e would exit before we
# can read the status, so capture it explicitly.
status=0
dbus-run-session -- sh -c '
	printf %s pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit
	"$@"
	status=$?
	pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
		awk "{print \$2}")
	case "$pid" in ""|*[!0-9]*) ;; *) kill "$pid" 2>/dev/null ;; esac
	exit "$status"
' sh "$@" || status=$?
exit "$status"
