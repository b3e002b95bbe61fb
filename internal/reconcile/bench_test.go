package reconcile

import (
	"context"
	"fmt"
	"math/rand"
	"testing"
)

// BenchmarkBuildCards builds the cards of 100,000 PSA lines and 100,000 subscriptions
// (target: <= 300 ms per build on the development machine).
func BenchmarkBuildCards(b *testing.B) {
	in := genInputs(1, 100_000, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		BuildCards(in)
	}
}

// BenchmarkSuggest matches 2,000 vendor accounts against 2,000 PSA accounts.
func BenchmarkSuggest(b *testing.B) {
	r := rand.New(rand.NewSource(2))
	words := []string{"Eastgate", "Property", "Management", "Dental", "Group", "Acme", "Riverside", "Medical", "Partners", "Law",
		"Northwind", "Traders", "Contoso", "Fabrikam", "Services", "Holdings", "Pacific", "Summit", "Valley", "Family", "Clinic",
		"Smith", "Jones", "Accounting", "Construction", "Logistics", "Brewing", "Bakery", "Veterinary", "Realty"}
	suffixes := []string{"", " LLC", " Inc.", " Ltd", " PLLC", " Corp", " & Co"}
	name := func() string {
		n := 2 + r.Intn(3)
		s := ""
		for i := 0; i < n; i++ {
			if i > 0 {
				s += " "
			}
			s += words[r.Intn(len(words))]
		}
		return s + fmt.Sprintf(" %d", r.Intn(500)) + suffixes[r.Intn(len(suffixes))]
	}
	items := make([]VendorItem, 2000)
	cands := make([]Candidate, 2000)
	for i := range items {
		items[i] = VendorItem{Integration: "pax8", Kind: KindAccount, ID: fmt.Sprint(i), Name: name()}
		cands[i] = Candidate{ID: fmt.Sprint(i), Name: name()}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Suggest(context.Background(), items, cands, SuggestOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
