package autotask

import (
	"context"
	"testing"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// benchLatency is what the simulator adds to every request. Autotask answers a 500-record
// page in about a second and small queries in a few hundred milliseconds
// (research/third-party-apis.md, D); 100 ms keeps the benchmark under half a minute while
// the requests, not this machine's CPU, still set the pace, so the ratio to the bound says
// how well the connector keeps its three slots busy.
const benchLatency = 100 * time.Millisecond

// BenchmarkFullSync reads a large Autotask database (2,000 companies, 3,000 contracts,
// 30,000 contract services with their unit periods) under the 3-request limit, and
// reports the wall time against the latency bound: requests x latency / 3, the least any
// client could need with three requests in flight.
func BenchmarkFullSync(b *testing.B) {
	data := atsim.LargeDataset(1, 2000, 3000, 30000, testToday)
	recurring := map[int]bool{}
	for _, ct := range data.Contracts {
		recurring[ct.ID] = ct.ContractType == atsim.ContractTypeRecurringService
	}
	want := 0
	for _, cs := range data.ContractServices {
		if recurring[cs.ContractID] {
			want++
		}
	}
	srv := startSim(b, data, atsim.Options{Latency: benchLatency})
	c, _ := newConn(b, srv, atsim.DemoCredentials())
	var requests int64
	var wall time.Duration
	for b.Loop() {
		c.sess.zone = "" // each run discovers the zone, as a new run of the app does
		before := c.Requests()
		start := time.Now()
		rec := &connectortest.Recorder{}
		if err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec); err != nil {
			b.Fatal(err)
		}
		wall += time.Since(start)
		requests += c.Requests() - before
		if len(rec.ServiceLines) != want || len(rec.Failures) > 0 {
			b.Fatalf("read %d of %d lines (those of Recurring Service contracts) with %d failures", len(rec.ServiceLines), want, len(rec.Failures))
		}
	}
	n := float64(b.N)
	bound := time.Duration(float64(requests)/n) * benchLatency / MaxConcurrency
	b.ReportMetric(float64(requests)/n, "requests/op")
	b.ReportMetric((wall / time.Duration(b.N)).Seconds(), "wall-s/op")
	b.ReportMetric(bound.Seconds(), "bound-s/op")
	b.ReportMetric(float64(wall/time.Duration(b.N))/float64(bound), "x-bound")
	b.ReportMetric(float64(srv.MaxInFlight()), "max-in-flight")
}
