#!/usr/bin/env bash
# govulncheck for every build TrueUp ships or tests (untagged, desktop, dev), against an
# offline copy of the Go vulnerability database: vuln.go.dev cannot be reached from the build
# machines, but the golang.org/x/vulndb module (the database's source, OSV files included) is
# served by the Go module proxy. The database is indexed once into .cache/ per vulndb version.
set -euo pipefail
cd "$(dirname "$0")/.."

VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018 # bump to take newer advisories
GOVULNCHECK_VERSION=v1.9.0

db=.cache/vulndb/$VULNDB_VERSION
if [ ! -s "$db/index/db.json" ]; then
	echo "Indexing the Go vulnerability database $VULNDB_VERSION into $db (once)..."
	src=$(go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$src/data/osv" ] || { echo "vulncheck: golang.org/x/vulndb@$VULNDB_VERSION has no data/osv folder" >&2; exit 1; }
	rm -rf "$db.tmp" && mkdir -p "$(dirname "$db")"
	go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$src/data/osv" -out "$db.tmp"
	mv "$db.tmp" "$db"
fi

status=0
for tags in "" "desktop,production,webkit2_41" "dev,webkit2_41"; do
	echo "== govulncheck ($(go env GOVERSION), tags: ${tags:-none})"
	go run "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" -db "file://$PWD/$db" ${tags:+-tags "$tags"} ./... || status=1
done
exit $status
