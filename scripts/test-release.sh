#!/usr/bin/env bash
# make test-release (part of make test, so CI runs it): builds the release the way a
# release is built, signed with a throwaway certificate, and checks what can be checked on
# this Linux machine:
#   - tools/packager's own tests (icons, ICNS, Info.plist, Windows resources, the .deb)
#   - Authenticode signatures of TrueUp.exe, trueup-cli.exe and the installer verify against
#     the throwaway CA, and a tampered copy does not
#   - both executables carry the icon, the version and the asInvoker manifest
#   - the macOS Info.plist parses (Python's plistlib, a second parser) with the version, and
#     the .icns is well formed
#   - SHA256SUMS lists every package and matches
#   - the .deb's Depends is what dpkg-shlibdeps derives from the binary, its desktop entry
#     validates, and it installs, runs (`trueup --version`, `trueup status` without a
#     display) and removes cleanly
# Needs root or sudo for the install step (SKIP_DEB_INSTALL=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
version=$(cat VERSION)
rel=build/release
tmp=$(mktemp -d)
installed=""
cleanup() {
	if [ -n "$installed" ]; then $sudo dpkg --purge trueup >/dev/null 2>&1 || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "test-release: $*" >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

echo "== tools/packager tests"
(cd tools/packager && go vet ./... && go test -count=1 ./...)
unformatted=$(gofmt -l tools) && [ -z "$unformatted" ] || fail "gofmt: run gofmt -w on: $unformatted"

echo "== release, signed with a throwaway certificate"
scripts/test-cert.sh "$tmp/cert"
SIGN_CERT=$tmp/cert/sign.p12 SIGN_PASSWORD=$(cat "$tmp/cert/password") SIGN_TIMESTAMP_URL= make --no-print-directory release

echo "== signatures"
installer=$rel/TrueUp-Setup-$version.exe
for f in build/bin/TrueUp.exe build/bin/trueup-cli.exe "$installer"; do
	osslsigncode verify -CAfile "$tmp/cert/ca.pem" -in "$f" >"$tmp/verify.log" 2>&1 \
		|| { cat "$tmp/verify.log"; fail "the signature of $f does not verify"; }
	grep -q "Signature verification: ok" "$tmp/verify.log" || { cat "$tmp/verify.log"; fail "$f: no verified signature"; }
	grep -q "TrueUp throwaway code signing" "$tmp/verify.log" || fail "$f is not signed by the throwaway certificate"
	echo "$f: signature verified"
done
# A verification that cannot fail proves nothing: one changed byte must break it.
cp build/bin/trueup-cli.exe "$tmp/tampered.exe"
printf 'X' | dd of="$tmp/tampered.exe" bs=1 seek=4096 conv=notrunc status=none
if osslsigncode verify -CAfile "$tmp/cert/ca.pem" -in "$tmp/tampered.exe" >/dev/null 2>&1; then
	fail "a tampered executable still verifies"
fi
echo "a tampered copy fails verification, as it must"

echo "== Windows resources"
build/bin/packager check-exe --version "$version" build/bin/TrueUp.exe build/bin/trueup-cli.exe

echo "== macOS Info.plist and icons"
python3 - "$version" build/bin/darwin/Info.plist <<'PY'
import plistlib, sys
version, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    d = plistlib.load(f)
want = {"CFBundleIdentifier": "app.trueup.TrueUp", "CFBundleExecutable": "TrueUp",
        "CFBundleShortVersionString": version.split("-")[0].split("+")[0], "CFBundleVersion": version,
        "CFBundleIconFile": "TrueUp", "CFBundlePackageType": "APPL", "LSMinimumSystemVersion": "12.0",
        "NSHighResolutionCapable": True}
bad = {k: d.get(k) for k, v in want.items() if d.get(k) != v}
if bad:
    sys.exit(f"Info.plist: unexpected {bad}")
print(f"{path}: a valid property list for version {version}")
PY
build/bin/packager check-icns build/bin/darwin/TrueUp.icns

echo "== checksums"
for f in "$installer" "$rel/trueup_${version}_amd64.deb"; do
	grep -q " $(basename "$f")\$" "$rel/SHA256SUMS" || fail "SHA256SUMS does not list $(basename "$f")"
done
(cd "$rel" && sha256sum --check --strict SHA256SUMS)

echo "== .deb"
deb=$rel/trueup_${version}_amd64.deb
dpkg-deb --field "$deb" Depends >"$tmp/depends"
if command -v dpkg-shlibdeps >/dev/null; then
	mkdir -p "$tmp/shlibs/debian"
	printf 'Source: trueup\n\nPackage: trueup\nArchitecture: any\n' >"$tmp/shlibs/debian/control"
	derived=$(cd "$tmp/shlibs" && dpkg-shlibdeps -O "$OLDPWD/build/bin/trueup" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
	[ "$derived" = "$(cat "$tmp/depends")" ] \
		|| fail "the .deb's Depends ($(cat "$tmp/depends")) is not what the binary needs ($derived): update build/linux/nfpm.yaml"
	echo "Depends matches dpkg-shlibdeps: $derived"
fi
dpkg-deb -x "$deb" "$tmp/root"
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$tmp/root/usr/share/applications/trueup.desktop"
	echo "desktop entry valid"
fi
for s in 16 32 48 128 256 512; do
	[ -s "$tmp/root/usr/share/icons/hicolor/${s}x${s}/apps/trueup.png" ] || fail "the .deb has no ${s}px icon"
done

if [ "${SKIP_DEB_INSTALL:-}" = 1 ]; then
	echo "SKIP_DEB_INSTALL=1: not installing the .deb"
else
	if dpkg-query -W -f='${Status}' trueup 2>/dev/null | grep -q "install ok installed"; then
		fail "a trueup package is already installed here: remove it first (or SKIP_DEB_INSTALL=1)"
	fi
	# apt resolves the Depends (already present where make build works); dpkg installs it.
	installed=1
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "./$deb" >"$tmp/apt.log" 2>&1 \
		|| { cat "$tmp/apt.log"; fail "the .deb does not install"; }
	got=$(/usr/bin/trueup --version)
	[ "$got" = "trueup $version" ] || fail "/usr/bin/trueup --version says \"$got\", want \"trueup $version\""
	got=$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/trueup --data-dir "$tmp/data" status)
	[ "$got" = "No integrations yet." ] || fail "trueup status on an empty data folder says \"$got\""
	[ -s "$tmp/data/trueup.db" ] || fail "trueup status created no database in its --data-dir"
	echo "installed: $got; $(/usr/bin/trueup --version)"
	$sudo dpkg --purge trueup >/dev/null
	installed=""
	[ ! -e /usr/bin/trueup ] || fail "/usr/bin/trueup is still there after dpkg --purge"
	echo "removed cleanly"
fi
echo "test-release: all checks passed in $((SECONDS - start)) s"
