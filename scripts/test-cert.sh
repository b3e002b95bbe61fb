#!/usr/bin/env bash
# Makes a throwaway code-signing certificate for CI in DIR (a temporary folder, never the
# repository): DIR/ca.pem (a self-signed CA the verification trusts), DIR/sign.p12 (a
# code-signing certificate the CA issued, with its key and chain) and DIR/password.
# Valid for one day; scripts/test-release.sh signs with it and verifies against DIR/ca.pem.
set -euo pipefail
dir=${1:?usage: scripts/test-cert.sh DIR}
mkdir -p "$dir" && chmod 700 "$dir"
cd "$dir"
openssl rand -hex 16 >password
openssl req -x509 -newkey rsa:3072 -nodes -days 1 -subj "/CN=TrueUp throwaway test CA" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:3072 -nodes -subj "/CN=TrueUp throwaway code signing/O=TrueUp" \
	-keyout sign.key -out sign.csr 2>/dev/null
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
	"extendedKeyUsage=codeSigning" >sign.ext
openssl x509 -req -in sign.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
	-extfile sign.ext -out sign.pem 2>/dev/null
openssl pkcs12 -export -inkey sign.key -in sign.pem -certfile ca.pem -name "TrueUp test" \
	-passout "file:password" -out sign.p12
rm -f sign.key sign.csr ca.key
