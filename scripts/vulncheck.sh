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

# Built once, run directly: `go run` turns govulncheck's "found" exit status 3 into 1.
bindir=$PWD/.cache/bin/govulncheck-$GOVULNCHECK_VERSION-$(go env GOVERSION)
govulncheck=$bindir/govulncheck
[ -x "$govulncheck" ] || GOBIN=$bindir go install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION"

allowed() { # allowed TAGS ID: the advisory is accepted for that build in scripts/vulncheck-allow.txt
	grep -qE "^$1 $2 " scripts/vulncheck-allow.txt
}

status=0
for tags in "" "desktop,production,webkit2_41" "dev,webkit2_41"; do
	label=${tags:-none}
	echo "== govulncheck ($(go env GOVERSION), tags: $label)"
	rc=0
	out=$("$govulncheck" -db "file://$PWD/$db" ${tags:+-tags "$tags"} ./... 2>&1) || rc=$?
	printf '%s\n' "$out"
	case $rc in
	0) continue ;;
	3) ;; # vulnerabilities found: see whether each is accepted for this build
	*) echo "vulncheck: govulncheck failed (exit $rc) for tags $label" >&2; status=1; continue ;;
	esac
	for id in $(printf '%s\n' "$out" | sed -nE 's/^Vulnerability #[0-9]+: (GO-[0-9]+-[0-9]+)$/\1/p'); do
		if allowed "${tags:-none}" "$id"; then
			echo "vulncheck: $id is accepted for tags $label: $(grep -E "^${tags:-none} $id " scripts/vulncheck-allow.txt | cut -d' ' -f3-)"
		else
			echo "vulncheck: $id affects the build with tags $label: update that module, or the Go toolchain for the standard library (see its 'Fixed in' above)" >&2
			status=1
		fi
	done
done
exit $status
