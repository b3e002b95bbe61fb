package halopsa

import (
	"context"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

// BenchmarkFullSync reads a large instance (2,000 clients, 3,000 contracts with their
// recurring invoices, 30,000 lines) with 1 ms of latency per request: the lists come in
// pages of 250, read side by side.
func BenchmarkFullSync(b *testing.B) {
	_, base := startSim(b, halosim.LargeDataset(1, 2000, 3000, 30000, testToday), halosim.Options{Latency: time.Millisecond})
	c := newConn(b, base, halosim.DemoCredentials())
	for b.Loop() {
		rec := &connectortest.Recorder{}
		if err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec); err != nil {
			b.Fatal(err)
		}
		if len(rec.ServiceLines) != 30000 {
			b.Fatalf("read %d lines", len(rec.ServiceLines))
		}
	}
	b.ReportMetric(float64(c.Requests())/float64(b.N), "requests/op")
}
