#!/usr/bin/env bash
# Builds build/release/TrueUp-Setup-<version>.exe (make installer) around the TrueUp.exe and
# trueup-cli.exe that `make windows` cross-compiled (with icon, version information and
# manifest embedded). With SIGN_CERT set (scripts/sign-windows.sh says how) both
# executables, the uninstaller and the installer are signed.
#   scripts/package-windows.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/package-windows.sh VERSION}
bin=$PWD/build/bin
release=$PWD/build/release
command -v makensis >/dev/null || { echo "package-windows: makensis is not installed (make setup installs the Debian package nsis)" >&2; exit 1; }
for f in TrueUp.exe trueup-cli.exe icons/TrueUp.ico; do
	[ -s "$bin/$f" ] || { echo "package-windows: $bin/$f is missing: run make windows icons first" >&2; exit 1; }
done
webview2="$(go list -m -f '{{.Dir}}' github.com/wailsapp/wails/v2)/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe"
[ -s "$webview2" ] || { echo "package-windows: the WebView2 bootstrapper is not at $webview2 (go mod download github.com/wailsapp/wails/v2)" >&2; exit 1; }

sign=()
if [ -n "${SIGN_CERT:-}" ]; then
	scripts/sign-windows.sh "$bin/TrueUp.exe" "$bin/trueup-cli.exe"
	sign=("-DSIGN=$PWD/scripts/sign-windows.sh")
else
	echo "package-windows: SIGN_CERT is not set: the installer and executables are NOT signed"
fi

mkdir -p "$release"
out="$release/TrueUp-Setup-$version.exe"
size_kb=$(du -kc "$bin/TrueUp.exe" "$bin/trueup-cli.exe" | tail -1 | cut -f1)
makensis -V2 -INPUTCHARSET UTF8 \
	"-DVERSION=$version" "-DVERSION4=$("$bin/packager" numeric-version --version "$version")" \
	"-DBINDIR=$bin" "-DICON=$bin/icons/TrueUp.ico" "-DWEBVIEW2=$webview2" "-DOUTFILE=$out" \
	"-DSIZE_KB=$size_kb" "${sign[@]}" build/windows/installer.nsi
echo "$out"
