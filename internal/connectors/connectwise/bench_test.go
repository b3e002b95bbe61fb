package connectwise

import (
	"context"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// The large tenant of the benchmarks: 2,000 companies, 3,000 agreements, 30,000 additions,
// with 1 ms of latency per request (a fast, nearby server).
func benchTenant(b *testing.B) (*cwsim.Server, *Connector) {
	b.Helper()
	srv := startSim(b, cwsim.LargeDataset(1, 2000, 3000, 30000, testToday), cwsim.Options{Latency: time.Millisecond})
	c, _ := newConn(b, srv, cwsim.DemoCredentials())
	return srv, c
}

func BenchmarkFullSync(b *testing.B) {
	_, c := benchTenant(b)
	for b.Loop() {
		rec := &connectortest.Recorder{}
		if err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.Requests())/float64(b.N), "requests/op")
}

func BenchmarkQuickSyncAfterOnePercentChange(b *testing.B) {
	srv, c := benchTenant(b)
	since := time.Now().Add(-time.Minute)
	srv.ChangeFraction(0.01, 1)
	before := c.Requests()
	for b.Loop() {
		rec := &retainSink{}
		if err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeQuick, Since: since}, rec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.Requests()-before)/float64(b.N), "requests/op")
}
