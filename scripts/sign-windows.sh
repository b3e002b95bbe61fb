#!/usr/bin/env bash
# Signs Windows executables in place with osslsigncode (Authenticode, SHA-256):
#   SIGN_CERT=cert.p12 SIGN_PASSWORD=... scripts/sign-windows.sh FILE.exe...
# SIGN_CERT is a PKCS#12 file with the code-signing certificate, its chain and its key;
# SIGN_PASSWORD its password (both from the environment, never in the repository).
# SIGN_TIMESTAMP_URL (e.g. http://timestamp.digicert.com) adds an RFC 3161 timestamp, so the
# signature stays valid after the certificate expires; leave it unset offline (CI).
# makensis calls it too, for the uninstaller and the installer (build/windows/installer.nsi).
set -euo pipefail

: "${SIGN_CERT:?set SIGN_CERT to the PKCS#12 (.p12/.pfx) code-signing certificate}"
: "${SIGN_PASSWORD?set SIGN_PASSWORD to the password of the certificate (empty for none)}"
[ -r "$SIGN_CERT" ] || { echo "sign-windows: cannot read SIGN_CERT $SIGN_CERT" >&2; exit 1; }
command -v osslsigncode >/dev/null || { echo "sign-windows: osslsigncode is not installed (apt-get install osslsigncode)" >&2; exit 1; }

# The password goes through a file descriptor, not the command line (ps would show it).
ts=()
[ -n "${SIGN_TIMESTAMP_URL:-}" ] && ts=(-ts "$SIGN_TIMESTAMP_URL")
for f in "$@"; do
	tmp="$f.signing"
	rm -f "$tmp"
	osslsigncode sign -pkcs12 "$SIGN_CERT" -readpass <(printf '%s' "$SIGN_PASSWORD") \
		-h sha256 -n "TrueUp" -i "https://trueup.app" "${ts[@]}" \
		-in "$f" -out "$tmp" >/dev/null
	mv "$tmp" "$f"
	echo "signed $f"
done
