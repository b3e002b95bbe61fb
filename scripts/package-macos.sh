#!/usr/bin/env bash
# On a Mac (Wails' macOS build needs the macOS SDK through cgo): builds TrueUp.app as a
# universal (arm64 + amd64) bundle with the Info.plist and TrueUp.icns that `make
# macos-assets` generated, and zips it into build/release/. This is what
# `wails build -platform darwin/universal` does, done with plain go build and lipo (the
# wails CLI does not build with the Go release this project uses).
#   scripts/package-macos.sh VERSION LDFLAGS
# MACOS_SIGN_IDENTITY ("Developer ID Application: Your Company (TEAMID)") signs the bundle
# with the hardened runtime, ready for notarisation (README "Signing and notarising on macOS").
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/package-macos.sh VERSION LDFLAGS}
ldflags=${2:?usage: scripts/package-macos.sh VERSION LDFLAGS}
[ "$(uname -s)" = Darwin ] || { echo "package-macos: build the macOS app on a Mac (Xcode command line tools); here only make macos-assets works" >&2; exit 1; }
command -v lipo >/dev/null || { echo "package-macos: lipo is missing: run xcode-select --install" >&2; exit 1; }

bin=build/bin/darwin
app=$bin/TrueUp.app
for f in Info.plist TrueUp.icns; do
	[ -s "$bin/$f" ] || { echo "package-macos: $bin/$f is missing: run make macos-assets" >&2; exit 1; }
done
# Go 1.25+ runs on macOS 12 and later: the same floor as LSMinimumSystemVersion. Wails
# links UniformTypeIdentifiers (the file dialogs) on macOS 11+ SDKs.
export CGO_ENABLED=1 MACOSX_DEPLOYMENT_TARGET=12.0
export CGO_CFLAGS="-mmacosx-version-min=12.0" CGO_LDFLAGS="-framework UniformTypeIdentifiers -mmacosx-version-min=12.0"
for arch in arm64 amd64; do
	GOOS=darwin GOARCH=$arch go build -tags desktop,production -ldflags "$ldflags" -o "$bin/trueup-$arch" .
done
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
lipo -create -output "$app/Contents/MacOS/TrueUp" "$bin/trueup-arm64" "$bin/trueup-amd64"
cp "$bin/Info.plist" "$app/Contents/Info.plist"
cp "$bin/TrueUp.icns" "$app/Contents/Resources/TrueUp.icns"
plutil -lint "$app/Contents/Info.plist"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
	codesign --force --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
	codesign --verify --strict --verbose=2 "$app"
else
	echo "package-macos: MACOS_SIGN_IDENTITY is not set: TrueUp.app is NOT signed (Gatekeeper will refuse it on other Macs)"
fi
mkdir -p build/release
zip=build/release/TrueUp-$version-macos-universal.zip
rm -f "$zip"
ditto -c -k --keepParent "$app" "$zip"
echo "$zip"
