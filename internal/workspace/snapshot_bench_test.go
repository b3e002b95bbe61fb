package workspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

// BenchmarkSnapshot reads and builds the cards of a large tenant: 2,000 PSA companies with
// 40,000 additions and 2,000 Pax8 companies with 40,000 subscriptions, all mapped (target:
// well under a second per snapshot). cold reads both caches again (the first snapshot after
// a sync), after_push applies pushes to the kept PSA cache (the first one after an
// approval), warm keeps both (every other one).
func BenchmarkSnapshot(b *testing.B) {
	ctx := context.Background()
	cw := cwsim.New(cwsim.LargeDataset(1, 2000, 4000, 40000, time.Now()), cwsim.Options{Credentials: cwsim.DemoCredentials()})
	cwURL, err := cw.Start()
	require.NoError(b, err)
	b.Cleanup(func() { _ = cw.Close() })
	pax := paxsim.New(paxsim.LargeDataset(2, 2000, 40000, time.Now()), paxsim.Options{Credentials: paxsim.DemoCredentials()})
	paxURL, err := pax.Start()
	require.NoError(b, err)
	b.Cleanup(pax.Close)
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: b.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	require.NoError(b, err)
	b.Cleanup(ws.Close)
	cc, pc := cwsim.DemoCredentials(), paxsim.DemoCredentials()
	cwIn, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "connectwise", Name: "CW", BaseURL: cwURL, Concurrency: 8,
		Settings: map[string]string{"company": cc.Company, "client_id": cc.ClientID},
		Secrets:  map[string]string{"public_key": cc.PublicKey, "private_key": cc.PrivateKey}})
	require.NoError(b, err)
	paxIn, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "pax8", Name: "Pax8", BaseURL: paxURL, Concurrency: 8,
		Secrets: map[string]string{"client_id": pc.ClientID, "client_secret": pc.ClientSecret}})
	require.NoError(b, err)
	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{cwIn.ID, paxIn.ID}, Mode: "full"})
	require.NoError(b, err)
	for _, r := range runs {
		require.NoError(b, ws.Sync().Wait(ctx, r.ID))
	}
	_, err = ws.MapPairwise(ctx, cwIn.ID, paxIn.ID)
	require.NoError(b, err)
	snap, err := ws.Snapshot(ctx)
	require.NoError(b, err)
	b.ReportMetric(float64(len(snap.Result.Cards)), "cards")
	b.ReportMetric(float64(len(snap.Inputs.Lines)+len(snap.Inputs.Subscriptions)), "rows")
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ws.ForgetParts() // as after a sync
			if _, err := ws.Snapshot(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("after_push", func(b *testing.B) {
		// Approve a card and revert the push in turn: each leaves one pushed entry the
		// kept ConnectWise cache does not hold yet.
		var id string
		for _, c := range snap.Result.Cards {
			if c.State == reconcile.StateReconcile && c.Target != nil && len(c.PSALines) == 1 {
				id = c.ID
				break
			}
		}
		require.NotEmpty(b, id)
		var pushed int64
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			if i%2 == 0 {
				res, err := ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: id, ConfirmLarge: true})
				require.NoError(b, err)
				require.Equal(b, "pushed", res.Pushes[0].State, res.Message)
				pushed = res.Pushes[0].ID
			} else {
				_, err := ws.Pushes().Revert(ctx, pushed, false)
				require.NoError(b, err)
			}
			b.StartTimer()
			if _, err := ws.Snapshot(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ws.Snapshot(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
