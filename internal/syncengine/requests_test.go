package syncengine

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// countingScript is a source that counts its requests, like the real connectors do.
type countingScript struct {
	script
	sent atomic.Int64
}

func (c *countingScript) Requests() int64 { return c.sent.Load() }

func (c *countingScript) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	c.sent.Store(3)
	sink.Progress("companies", 1, 2)
	c.sent.Store(7)
	return c.script.Sync(ctx, req, sink)
}

func TestRunningRunsCountTheirRequests(t *testing.T) {
	f := newFixture(t)
	src := &countingScript{script: script{accounts: accounts("Acme")}}
	in := f.add(t, "CW", connector.KindConnectWise, &src.script)
	// The factory hands out f.scripts[name]; give it the counting source instead.
	reg := f.engine.opts.Registry
	fac, _ := reg.Lookup(connector.KindConnectWise)
	fac.New = func(connector.Config) (connector.Connector, error) { return src, nil }
	f.engine.opts.Registry = connector.NewRegistry(fac)

	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, int64(7), run.Requests, "the finished run has the connector's count")

	f.evMu.Lock()
	defer f.evMu.Unlock()
	var during []int64
	for _, ev := range f.events {
		if ev.Run.Status == store.StatusRunning {
			during = append(during, ev.Run.Requests)
		}
	}
	assert.Contains(t, during, int64(3), "progress events carry the requests sent so far: %v", during)
}
