package workspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// mapDemo is a workspace on the demo simulators (ConnectWise + Pax8 on 127.0.0.1), with
// both integrations added and synced in full through the real engine.
type mapDemo struct {
	ws   *workspace.Workspace
	sims *demo.Simulators
	cw   workspace.Integration
	pax  workspace.Integration
	dir  string
}

func openMapDemo(t *testing.T, opts ...func(*workspace.Options)) *mapDemo {
	t.Helper()
	ctx := context.Background()
	sims, err := demo.Start(connector.KindConnectWise, time.Now(), 0)
	require.NoError(t, err)
	t.Cleanup(sims.Close)
	dir := t.TempDir()
	o := workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry()}
	for _, f := range opts {
		f(&o)
	}
	ws, err := workspace.Open(ctx, o)
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	_, err = sims.Provision(ctx, ws)
	require.NoError(t, err)
	dropDemoMicrosoft(t, ws)
	d := &mapDemo{ws: ws, sims: sims, dir: dir}
	d.cw, err = ws.Integrations().ByName(ctx, demo.ConnectWiseName)
	require.NoError(t, err)
	d.pax, err = ws.Integrations().ByName(ctx, demo.Pax8Name)
	require.NoError(t, err)
	d.sync(t, "full", d.cw.ID, d.pax.ID)
	return d
}

// sync runs the integrations' syncs and waits for them to succeed.
func (d *mapDemo) sync(t *testing.T, mode string, ids ...int64) {
	t.Helper()
	ctx := context.Background()
	runs, err := d.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: ids, Mode: mode})
	require.NoError(t, err)
	for _, r := range runs {
		require.NoError(t, d.ws.Sync().Wait(ctx, r.ID))
		got, err := d.ws.Sync().Run(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, "succeeded", got.Status, "run %d of %s", r.ID, got.IntegrationName)
	}
}

// dropDemoMicrosoft deletes the demo's Microsoft integration: these tests are about the
// demo's PSA and Pax8, and the demo's Microsoft cards have tests of their own
// (internal/demo/microsoft_test.go).
func dropDemoMicrosoft(t *testing.T, ws *workspace.Workspace) {
	t.Helper()
	ms, err := ws.Integrations().ByName(context.Background(), demo.MicrosoftName)
	require.NoError(t, err)
	require.NoError(t, ws.Integrations().Delete(context.Background(), ms.ID))
}
