package workspace_test

import (
	"context"
	"encoding/json"
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
// approval), warm keeps both (every other one). list is what the Reconcile screen asks for
// (Cards.List with no filter: the warm snapshot plus the card DTOs, totals and freshness),
// list_json adds the JSON encoding the Wails bindings send to the window, and list_search
// filters by a search word.
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
		cpu, cpuOK := processCPU()
		for b.Loop() {
			ws.ForgetParts() // as after a sync
			if _, err := ws.Snapshot(ctx); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu, cpuOK)
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
		cpu, cpuOK := processCPU()
		for b.Loop() {
			if _, err := ws.Snapshot(ctx); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu, cpuOK)
	})
	list := func(q workspace.CardQuery, encode bool) func(b *testing.B) {
		return func(b *testing.B) {
			var cards, size int
			b.ReportAllocs()
			cpu, cpuOK := processCPU()
			for b.Loop() {
				l, err := ws.Cards().List(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				cards = len(l.Cards)
				if encode {
					body, err := json.Marshal(l)
					if err != nil {
						b.Fatal(err)
					}
					size = len(body)
				}
			}
			reportCPU(b, cpu, cpuOK)
			b.ReportMetric(float64(cards), "cards")
			if encode {
				b.ReportMetric(float64(size)/1e6, "json-MB")
			}
		}
	}
	b.Run("list", list(workspace.CardQuery{}, false))
	b.Run("list_json", list(workspace.CardQuery{}, true))
	b.Run("list_search", list(workspace.CardQuery{Search: "dental"}, false))
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
