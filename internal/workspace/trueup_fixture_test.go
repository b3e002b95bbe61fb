package workspace_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// clock is a settable workspace clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// trueup is a workspace on the demo simulators, fully synced and mapped: the true-up's
// starting point.
type trueup struct {
	ws          *workspace.Workspace
	sims        *demo.Simulators
	clock       *clock
	keys        secrets.Store
	cwID, paxID int64
}

// trueupToday is the fixture's day: mid-month, so neither cycle boundary is near.
var trueupToday = time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)

func newTrueup(t *testing.T) *trueup {
	t.Helper()
	ctx := context.Background()
	sims, err := demo.Start(connector.KindConnectWise, trueupToday, 0)
	require.NoError(t, err)
	t.Cleanup(sims.Close)
	c := &clock{now: trueupToday}
	keys := secrets.NewMemory()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: keys,
		Registry: connectors.Registry(), Now: c.Now, Location: time.UTC})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	_, err = sims.Provision(ctx, ws)
	require.NoError(t, err)
	dropDemoMicrosoft(t, ws)
	tu := &trueup{ws: ws, sims: sims, clock: c, keys: keys}
	list, err := ws.Integrations().List(ctx)
	require.NoError(t, err)
	for _, in := range list {
		switch in.Name {
		case demo.ConnectWiseName:
			tu.cwID = in.ID
		case demo.Pax8Name:
			tu.paxID = in.ID
		}
	}
	tu.sync(t, "full")
	n, err := ws.MapDemo(ctx, tu.cwID, tu.paxID)
	require.NoError(t, err)
	require.Positive(t, n)
	return tu
}

// sync runs a sync of both integrations and waits for it.
func (tu *trueup) sync(t *testing.T, mode string) {
	t.Helper()
	ctx := context.Background()
	runs, err := tu.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{tu.cwID, tu.paxID}, Mode: mode})
	require.NoError(t, err)
	for _, r := range runs {
		require.NoError(t, tu.ws.Sync().Wait(ctx, r.ID))
	}
}
