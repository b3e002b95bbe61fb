package demo

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	mssim "github.com/trueup/trueup/internal/sim/microsoft"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// openSyncedDemo opens the demo on ConnectWise as Open does, on the fixed day, and runs a
// Full Sync of everything.
func openSyncedDemo(t *testing.T) (*workspace.Workspace, *Simulators, string) {
	t.Helper()
	ctx := context.Background()
	sims, err := Start(connector.KindConnectWise, demoToday, 0)
	require.NoError(t, err)
	dir := t.TempDir()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: func() time.Time { return demoToday }, Location: time.UTC, OnClose: sims.Close})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	created, err := sims.Provision(ctx, ws)
	require.NoError(t, err)
	require.NoError(t, seedIfNew(ctx, ws, dir, ConnectWise{}, created))
	syncAll(t, ws)
	return ws, sims, dir
}

func syncAll(t *testing.T, ws *workspace.Workspace) {
	t.Helper()
	ctx := context.Background()
	runs, err := ws.Sync().Scope(ctx, "all", "full", "")
	require.NoError(t, err)
	var ids []int64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	require.NoError(t, ws.Sync().Wait(ctx, ids...))
	for _, r := range runs {
		run, err := ws.Sync().Run(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, "succeeded", run.Status, run.Error)
	}
}

// The demo's Microsoft integration makes the NCE cards (a renewal, a decrease with
// refundable seats, an add-on, a renews-soon), and no card counts a customer's seats from
// both Pax8 and Microsoft.
func TestDemoMicrosoftMakesNCECardsWithoutDoubleCounting(t *testing.T) {
	ws, _, _ := openSyncedDemo(t)
	list, err := ws.Cards().List(context.Background(), workspace.CardQuery{All: true})
	require.NoError(t, err)
	customer := "Maple Street Bakery"
	byProduct := map[string]workspace.CardDTO{}
	for _, c := range list.Cards {
		feeds := map[string]bool{}
		for _, s := range c.VendorSources {
			feeds[s.Integration] = true
		}
		assert.LessOrEqual(t, len(feeds), 1, "%s %s is fed by %v: each PSA line has one vendor", c.AccountName, c.ProductName, feeds)
		if c.AccountName == customer {
			byProduct[c.ProductName] = c
		}
	}

	renewed := byProduct["M365 Business Premium"]
	assert.Equal(t, string(reconcile.StateReconcile), renewed.State, "renewed with one seat fewer: a decrease")
	assert.Equal(t, []string{MicrosoftName}, renewed.Vendors)
	assert.Equal(t, "5", renewed.PSAQuantity)
	assert.Equal(t, "4", renewed.VendorQuantity, "the ended term (5 seats, still listed as active) is not counted again")
	require.Len(t, renewed.VendorSources, 1)
	require.NotNil(t, renewed.Terms)
	assert.Equal(t, "P1Y", renewed.Terms.Term)
	assert.Equal(t, "2027-11-19", renewed.Terms.CommitmentEnd)
	assert.True(t, renewed.Terms.AutoRenew)
	assert.Equal(t, "4 of these seats can be cancelled at Microsoft until 27 Nov 10:00", renewed.Terms.RefundNote)

	addon := byProduct["Entra ID P2"]
	assert.Equal(t, string(reconcile.StateNewRevenue), addon.State, "the add-on is a card of its own, on the same customer")
	assert.Equal(t, "2", addon.VendorQuantity)
	require.NotNil(t, addon.Terms)
	assert.Equal(t, "Microsoft 365 Business Premium", addon.Terms.AddOnOf)

	soon := byProduct["Exchange Online Plan 1"]
	assert.Equal(t, string(reconcile.StateNoChange), soon.State)
	assert.Contains(t, soon.Flags, string(reconcile.FlagRenewsSoon))
	require.NotNil(t, soon.Terms)
	assert.True(t, soon.Terms.RenewsSoon)
	assert.Equal(t, "2026-12-13", soon.Terms.CommitmentEnd)

	assert.Equal(t, string(reconcile.StateNoVendorData), byProduct["SentinelOne Complete"].State,
		"a licence Microsoft does not sell stays without vendor data")
}

// The Microsoft integration's billing setting decides the effective-date policy of the cards
// detected after it changes; a card detected before keeps the one it was detected under.
func TestDemoMicrosoftBillingSettingAppliesToNewlyDetectedCards(t *testing.T) {
	ctx := context.Background()
	ws, sims, dir := openSyncedDemo(t)
	ms, err := ws.Integrations().ByName(ctx, MicrosoftName)
	require.NoError(t, err)
	_, err = ws.Cards().List(ctx, workspace.CardQuery{All: true}) // detects the decrease under next_period
	require.NoError(t, err)

	set, err := ws.Cards().Settings(ctx)
	require.NoError(t, err)
	set.Billing[strconv.FormatInt(ms.ID, 10)] = string(reconcile.PolicyDetected)
	_, err = ws.Cards().SetSettings(ctx, set)
	require.NoError(t, err)

	// The customer adds an Exchange seat at Microsoft: a change detected after the setting.
	var exchange string
	for _, s := range sims.MS.Snapshot().Subscriptions {
		if s.OfferName == "Exchange Online (Plan 1)" {
			exchange = s.ID
		}
	}
	require.NotEmpty(t, exchange)
	require.NoError(t, sims.MS.SetQuantity(exchange, 2))
	syncAll(t, ws)
	list, err := ws.Cards().List(ctx, workspace.CardQuery{All: true})
	require.NoError(t, err)
	ids := map[string]string{}
	for _, c := range list.Cards {
		if c.AccountName == "Maple Street Bakery" {
			ids[c.ProductName] = c.ID
		}
	}

	st, err := store.Open(ctx, filepath.Join(dir, workspace.DatabaseFile))
	require.NoError(t, err)
	defer st.Close()
	dets, err := st.Detections(ctx, reconcile.CycleOf(reconcile.DateOf(demoToday)).String())
	require.NoError(t, err)
	policy := map[string]string{}
	for _, d := range dets {
		policy[d.CardID] = d.Policy
	}
	assert.Equal(t, string(reconcile.PolicyNextPeriod), policy[ids["M365 Business Premium"]], "detected before the change: it keeps next_period")
	assert.Equal(t, string(reconcile.PolicyDetected), policy[ids["Exchange Online Plan 1"]], "detected after: the day it was detected (proration)")
}

func TestMicrosoftDemoCustomersBuyNothingThroughPax8(t *testing.T) {
	for _, m := range MicrosoftMappings(ConnectWise{}) {
		if m.Kind != reconcile.KindAccount {
			continue
		}
		for _, p := range Mappings(ConnectWise{}) {
			if p.Kind == reconcile.KindAccount && !p.Excluded {
				assert.NotEqual(t, m.PSAID, p.PSAID, "%s is mapped from Pax8 and from Microsoft", m.PSAName)
			}
		}
	}
	assert.NotEmpty(t, mssim.DemoWorkspaceCustomers())
}
