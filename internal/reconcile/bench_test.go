package reconcile

import (
	"context"
	"fmt"
	"math/rand"
	"runtime"
	"testing"
	"time"
)

// BenchmarkBuildCards builds the cards of 100,000 PSA lines and 100,000 subscriptions
// (target: <= 300 ms per build on the development machine). Besides time and allocations
// per build it reports cards (how many one build makes), inputs-MB (the live heap the
// inputs hold) and result-MB (what one build's result keeps live after a GC): the heap
// peaks at most at inputs + B/op, and settles at inputs + result.
func BenchmarkBuildCards(b *testing.B) {
	base := liveHeap()
	in := genInputs(1, 100_000, 100_000)
	inputs := liveHeap() - base
	res := BuildCards(in)
	result := liveHeap() - base - inputs
	cards := len(res.Cards)
	runtime.KeepAlive(res)
	b.ReportAllocs()
	cpu, cpuOK := processCPU()
	for b.Loop() {
		BuildCards(in)
	}
	reportCPU(b, cpu, cpuOK)
	// After the loop: its first call resets the timer, which drops metrics reported before.
	b.ReportMetric(float64(cards), "cards")
	b.ReportMetric(float64(inputs)/1e6, "inputs-MB")
	b.ReportMetric(float64(result)/1e6, "result-MB")
}

// reportCPU reports cpu-ms/op: the process's CPU time since start per iteration of a
// finished b.Loop (on a shared machine the wall time per op grows with the load; this
// hardly does). Call it after the loop: its first call resets the timer and drops metrics.
func reportCPU(b *testing.B, start time.Duration, ok bool) {
	end, endOK := processCPU()
	if ok && endOK && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// liveHeap is the heap in use after a full collection: what is reachable now.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
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
	cpu, cpuOK := processCPU()
	for b.Loop() {
		if _, err := Suggest(context.Background(), items, cands, SuggestOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu, cpuOK)
}
