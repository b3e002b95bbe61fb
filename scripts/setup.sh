#!/usr/bin/env bash
# Installs what TrueUp needs to build, test and run on Debian/Ubuntu: the system packages
# (only those missing; apt-get update only when something is missing) and the frontend's
# npm packages. Safe to run again. Go itself must already be installed (go.dev/dl).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth chromium
	nsis osslsigncode desktop-file-utils
	dbus dbus-x11 gnome-keyring libsecret-tools fonts-noto-core)

# The system packages are Debian's; on a Mac (make macos) the Xcode command line tools
# take their place and only the npm part below runs.
missing=()
if command -v dpkg-query >/dev/null; then
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
elif [ "$(uname -s)" = Darwin ]; then
	xcode-select -p >/dev/null 2>&1 || { echo "Install the Xcode command line tools first: xcode-select --install" >&2; exit 1; }
fi
if [ "${#missing[@]}" -gt 0 ]; then
	echo "Installing system packages: ${missing[*]}"
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
		sudo="sudo"
	fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v go >/dev/null || { echo "Go is not installed: get Go 1.26 from https://go.dev/dl/" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js/npm are not installed: install Node.js 20 or newer" >&2; exit 1; }

# `npm ci` fails on this registry for foreign-platform optional packages; install keeps
# the lockfile (research/toolchain.md).
if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
	(cd frontend && npm install --no-audit --no-fund --loglevel=error)
fi
