package syncengine_test

import (
	"context"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/connectwise"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/syncengine"
)

// The target: with 20 ms per request and 8 requests in flight, a Full Sync of a
// tenant of 2,000 companies, 3,000 agreements and 30,000 additions takes at most 1.2x
// (requests x 20 ms / 8), with peak memory under 300 MB: the engine must be bound by the
// API's latency, not by our own code.
const (
	benchLatency     = 20 * time.Millisecond
	benchConcurrency = 8
)

type tenant struct {
	sim    *cwsim.Server
	store  *store.Store
	engine *syncengine.Engine
	id     int64
}

func newTenant(b *testing.B) *tenant {
	b.Helper()
	ctx := context.Background()
	creds := cwsim.DemoCredentials()
	sim := cwsim.New(cwsim.LargeDataset(1, 2000, 3000, 30000, time.Now()), cwsim.Options{Credentials: creds, Latency: benchLatency})
	url, err := sim.Start()
	require.NoError(b, err)
	b.Cleanup(func() { _ = sim.Close() })
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "trueup.db"))
	require.NoError(b, err)
	b.Cleanup(func() { st.Close() })
	in, err := st.CreateIntegration(ctx, store.Integration{Name: "CW", Kind: string(connector.KindConnectWise), BaseURL: url,
		Settings: map[string]string{"company": creds.Company, "client_id": creds.ClientID}, Concurrency: benchConcurrency})
	require.NoError(b, err)
	eng := syncengine.New(syncengine.Options{Store: st, Registry: connector.NewRegistry(connectwise.Factory()),
		Credentials: func(context.Context, store.Integration, []connector.Field) (map[string]string, error) {
			return map[string]string{"public_key": creds.PublicKey, "private_key": creds.PrivateKey}, nil
		}})
	b.Cleanup(eng.Close)
	return &tenant{sim: sim, store: st, engine: eng, id: in.ID}
}

func (tn *tenant) run(b *testing.B, mode connector.Mode) store.Run {
	b.Helper()
	ctx := context.Background()
	runs, err := tn.engine.Enqueue(ctx, syncengine.Request{IntegrationIDs: []int64{tn.id}, Mode: mode})
	require.NoError(b, err)
	require.NoError(b, tn.engine.Wait(ctx, runs[0].ID))
	r, err := tn.store.Run(ctx, runs[0].ID)
	require.NoError(b, err)
	require.Equal(b, store.StatusSucceeded, r.Status, r.Error)
	return r
}

// heapPeak samples the Go heap every 5 ms until stopped and returns the peak in bytes.
func heapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() }
}

func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // KiB on Linux
}

func BenchmarkFullSyncLargeTenant(b *testing.B) {
	tn := newTenant(b)
	runtime.GC()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stop := heapPeak()
		start := time.Now()
		r := tn.run(b, connector.ModeFull)
		wall := time.Since(start)
		peak := stop()
		counts, err := tn.store.CacheCounts(context.Background(), tn.id)
		require.NoError(b, err)
		rows := counts.Accounts + counts.Agreements + counts.ServiceLines
		require.Equal(b, 35000, rows, "2,000 companies + 3,000 agreements + 30,000 additions, nothing duplicated")
		bound := time.Duration(r.Requests) * benchLatency / benchConcurrency
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(float64(r.Requests), "requests")
		b.ReportMetric(float64(rows)/wall.Seconds(), "rows/s")
		b.ReportMetric(wall.Seconds()/bound.Seconds(), "x-latency-bound")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(maxRSSMB(), "max-rss-MB")
	}
}

func BenchmarkQuickSyncAfterOnePercentChange(b *testing.B) {
	tn := newTenant(b)
	tn.run(b, connector.ModeFull)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		companies, agreements := tn.sim.ChangeFraction(0.01, uint64(i+7))
		before := tn.sim.RequestsFor("/additions")
		b.StartTimer()
		start := time.Now()
		r := tn.run(b, connector.ModeQuick)
		wall := time.Since(start)
		additionReads := tn.sim.RequestsFor("/additions") - before
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(float64(r.Requests), "requests")
		b.ReportMetric(float64(len(companies)), "changed-companies")
		b.ReportMetric(float64(len(agreements)), "changed-agreements")
		b.ReportMetric(float64(additionReads), "addition-reads")
	}
}
