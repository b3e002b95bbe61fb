package fileimport

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseCSV feeds arbitrary bytes through the CSV path: it must never panic, and
// every bad row it reports must name a line inside the file.
func FuzzParseCSV(f *testing.F) {
	for _, name := range []string{"bom_semicolon.csv", "dicker.csv", "bad_rows.csv", "no_headers.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("Customer;Product;Qty\n\"a;b\";\"c\"\"d\";1.234,5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range []Profile{Generic(), Dicker()} {
			res, err := Parse("fuzz.csv", data, Options{Profile: p})
			if err != nil {
				continue
			}
			for _, b := range res.Bad {
				if b.Line < 2 {
					t.Fatalf("bad row on line %d: the header is line 1", b.Line)
				}
			}
			if len(res.Lines)+len(res.Bad) > res.Rows {
				t.Fatalf("%d lines and %d bad rows from %d rows", len(res.Lines), len(res.Bad), res.Rows)
			}
		}
	})
}
