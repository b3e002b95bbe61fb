#!/usr/bin/env bash
# Runs every Go fuzz target for a short time (FUZZTIME, default 10s each). `go test` alone
# runs only the seed corpora; this explores beyond them. A failing input is written under
# the package's testdata/fuzz/ folder: commit it as a regression seed once the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
found=0
while IFS=: read -r file name; do
	pkg=./$(dirname "$file")
	echo "== $name in $pkg ($fuzztime)"
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
	found=$((found + 1))
done < <(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' internal | sed 's/:func /:/' | sort)
[ "$found" -gt 0 ] || { echo "fuzz: no fuzz targets found" >&2; exit 1; }
echo "fuzz: $found targets ran for $fuzztime each"
