package workspace_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/connectors/autotask"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

// atTrueup is a workspace on the demo MSP with Autotask as its PSA and Pax8 as its vendor,
// synced and mapped.
type atTrueup struct {
	ws          *workspace.Workspace
	at          *atsim.Server
	atID, paxID int64
	clock       *clock
}

func newAutotaskTrueup(t *testing.T) *atTrueup {
	t.Helper()
	ctx := context.Background()
	at := atsim.New(atsim.DemoDataset(trueupToday), atsim.Options{Now: func() time.Time { return trueupToday }})
	atURL, err := at.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = at.Close() })
	pax := paxsim.New(paxsim.DemoDataset(trueupToday), paxsim.Options{Credentials: paxsim.DemoCredentials()})
	paxURL, err := pax.Start()
	require.NoError(t, err)
	t.Cleanup(pax.Close)

	c := &clock{now: trueupToday}
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: c.Now, Location: time.UTC})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	creds := atsim.DemoCredentials()
	ain, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: string(connector.KindAutotask), Name: "Autotask", BaseURL: atURL,
		Settings: map[string]string{autotask.SettingUserName: creds.UserName},
		Secrets:  map[string]string{autotask.SecretIntegrationCode: creds.IntegrationCode, autotask.SecretSecret: creds.Secret}})
	require.NoError(t, err)
	pc := paxsim.DemoCredentials()
	pin, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: string(connector.KindPax8), Name: "Pax8", BaseURL: paxURL,
		Secrets: map[string]string{"client_id": pc.ClientID, "client_secret": pc.ClientSecret}})
	require.NoError(t, err)
	tu := &atTrueup{ws: ws, at: at, atID: ain.ID, paxID: pin.ID, clock: c}
	tu.sync(t)
	n, err := ws.MapDemo(ctx, tu.atID, tu.paxID)
	require.NoError(t, err)
	require.Positive(t, n)
	return tu
}

func (tu *atTrueup) sync(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	runs, err := tu.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{tu.atID, tu.paxID}, Mode: "full"})
	require.NoError(t, err)
	for _, r := range runs {
		require.NoError(t, tu.ws.Sync().Wait(ctx, r.ID))
	}
}

// reconcileCard is an open Reconcile card with a target contract service.
func (tu *atTrueup) reconcileCard(t *testing.T) reconcile.Card {
	t.Helper()
	snap, err := tu.ws.Snapshot(context.Background())
	require.NoError(t, err)
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateReconcile && c.Target != nil && c.Decision == reconcile.DecisionOpen && !c.HasFlag(reconcile.FlagLargeChange) {
			return c
		}
	}
	t.Fatal("the Autotask demo has no Reconcile card")
	return reconcile.Card{}
}

func (tu *atTrueup) units(t *testing.T, cs string, on time.Time) float64 {
	t.Helper()
	id, err := strconv.Atoi(cs)
	require.NoError(t, err)
	u, ok := tu.at.UnitsOn(id, on)
	require.True(t, ok)
	return u
}

// Approving an Autotask card adjusts the units from the first of next month, the card is
// in step at once and after the next sync, and Revert counter-adjusts the day after.
func TestAutotaskApproveLedgerRevert(t *testing.T) {
	ctx := context.Background()
	tu := newAutotaskTrueup(t)
	card := tu.reconcileCard(t)
	cs := card.Target.LineID
	before, vendor := card.PSAQuantity, card.VendorQuantity

	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: card.ID})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	assert.Equal(t, "POST", p.Writes[0].Method)
	assert.Equal(t, "/ContractServiceAdjustments", p.Writes[0].Path)
	assert.Equal(t, "2026-12-01", p.Effective, "Autotask's default: the first of next month")
	assert.Contains(t, p.Explanation, "Autotask bills the new units from 2026-12-01")

	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: card.ID})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State, "%+v", res.Pushes[0])
	assert.Contains(t, res.Message, "Pushed:")
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, before.Float64(), tu.units(t, cs, trueupToday), "November still bills the old units")
	assert.Equal(t, vendor.Float64(), tu.units(t, cs, dec1), "the vendor's from the first of next month")
	csID, _ := strconv.Atoi(cs)
	require.Len(t, tu.at.AppliedAdjustments(csID), 1)

	settled := func(when string) {
		snap, err := tu.ws.Snapshot(ctx)
		require.NoError(t, err)
		for _, c := range snap.Result.Cards {
			if c.ID == card.ID {
				assert.Equal(t, vendor, c.PSAQuantity, "%s: the card counts the units Autotask bills from the next invoice", when)
				assert.Equal(t, reconcile.StateNoChange, c.State, when)
				for _, l := range c.PSALines {
					if l.LineID == cs {
						assert.Equal(t, before, l.Quantity, "%s: the line bills its old units today (the workspace's day)", when)
						require.NotNil(t, l.NextQuantity, when)
						assert.Equal(t, vendor, *l.NextQuantity, when)
						assert.Equal(t, reconcile.Date{Y: 2026, M: 12, D: 1}, l.NextFrom, when)
					}
				}
				return
			}
		}
		t.Fatalf("%s: card %s is gone", when, card.ID)
	}
	settled("at once")
	tu.sync(t)
	settled("after a sync")

	ledger, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	var push workspace.LedgerEntry
	for _, e := range ledger {
		if e.Kind == "push" {
			push = e
		}
	}
	require.Equal(t, "pushed", push.State)
	assert.True(t, push.Revertible)

	rp, err := tu.ws.Pushes().RevertPreview(ctx, push.ID)
	require.NoError(t, err)
	require.Len(t, rp.Writes, 1)
	assert.Contains(t, rp.Writes[0].Body, `"effectiveDate":"2026-12-02T00:00:00Z"`, "the day after the push's date")
	assert.Contains(t, rp.Message, "the earliest day Autotask takes")
	assert.Contains(t, rp.Message, "the pushed "+vendor.String()+" units still bill for 2026-12-01 alone")
	assert.False(t, rp.Changed)

	rv, err := tu.ws.Pushes().Revert(ctx, push.ID, false)
	require.NoError(t, err)
	require.Len(t, rv.Pushes, 1)
	assert.Equal(t, "pushed", rv.Pushes[0].State, "%+v", rv.Pushes[0])
	assert.Contains(t, rv.Message, "Autotask holds the value from before it")
	assert.Equal(t, vendor.Float64(), tu.units(t, cs, dec1))
	assert.Equal(t, before.Float64(), tu.units(t, cs, time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)))
	assert.Len(t, tu.at.AppliedAdjustments(csID), 2)
}

// Someone changed the units in Autotask after the push: Revert needs confirming, and then
// takes the units back to what they were before the push, from what Autotask bills now.
func TestAutotaskRevertOverANewerChange(t *testing.T) {
	ctx := context.Background()
	tu := newAutotaskTrueup(t)
	card := tu.reconcileCard(t)
	cs := card.Target.LineID
	before := card.PSAQuantity
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: card.ID})
	require.NoError(t, err)
	require.Equal(t, "pushed", res.Pushes[0].State)
	csID, _ := strconv.Atoi(cs)
	require.NoError(t, tu.at.SetServiceUnits(csID, 50))

	rp, err := tu.ws.Pushes().RevertPreview(ctx, res.Pushes[0].ID)
	require.NoError(t, err)
	assert.True(t, rp.Changed)
	assert.Equal(t, "50", rp.Current)
	assert.Contains(t, rp.Message, "Autotask now bills 50 units on 2026-12-02")
	_, err = tu.ws.Pushes().Revert(ctx, res.Pushes[0].ID, false)
	assert.ErrorContains(t, err, "confirm to revert anyway")

	rv, err := tu.ws.Pushes().Revert(ctx, res.Pushes[0].ID, true)
	require.NoError(t, err)
	require.Equal(t, "pushed", rv.Pushes[0].State, "%+v", rv.Pushes[0])
	assert.Equal(t, before.Float64(), tu.units(t, cs, time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)), "back to the units before the push")
}

// Cost Reconciliation on Autotask: PATCH Services, read back; a cost Autotask ignores fails
// with what to do.
func TestAutotaskCostPush(t *testing.T) {
	for _, hidden := range []bool{false, true} {
		t.Run("costs hidden "+strconv.FormatBool(hidden), func(t *testing.T) {
			ctx := context.Background()
			tu := newAutotaskTrueup(t)
			rows, err := tu.ws.Cards().Costs(ctx)
			require.NoError(t, err)
			var drift *workspace.CostRowDTO
			for i := range rows {
				if rows[i].Drift {
					drift = &rows[i]
				}
			}
			require.NotNil(t, drift, "the demo has cost drift")
			id, _ := strconv.Atoi(drift.ProductID)
			was, _ := tu.at.Service(id)
			tu.at.SetCostsHidden(hidden)
			res, err := tu.ws.Cards().PushCost(ctx, tu.atID, drift.ProductID, false)
			require.NoError(t, err)
			require.Len(t, res.Pushes, 1)
			sv, ok := tu.at.Service(id)
			require.True(t, ok)
			if hidden {
				assert.Equal(t, "failed", res.Pushes[0].State)
				assert.Contains(t, res.Message, "Autotask did not apply the cost: the API user cannot see costs")
				assert.Equal(t, was.UnitCost, sv.UnitCost)
				return
			}
			assert.Equal(t, "pushed", res.Pushes[0].State, "%+v", res.Pushes[0])
			assert.Equal(t, drift.VendorCost, strconv.FormatFloat(sv.UnitCost, 'f', 2, 64))
			rows, err = tu.ws.Cards().Costs(ctx)
			require.NoError(t, err)
			for _, r := range rows {
				if r.ProductID == drift.ProductID {
					assert.False(t, r.Drift, "the cached catalog settles at once")
				}
			}
		})
	}
}

// New Revenue on Autotask: an adjustment on the chosen contract creates the contract
// service.
func TestAutotaskApproveNewRevenue(t *testing.T) {
	ctx := context.Background()
	tu := newAutotaskTrueup(t)
	snap, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	var card reconcile.Card
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateNewRevenue && c.Decision == reconcile.DecisionOpen && c.AccountName == copperline && c.ProductName == standard {
			card = c
		}
	}
	require.NotEmpty(t, card.ID, "the demo's New Revenue card")
	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: card.ID})
	require.NoError(t, err)
	require.NotEmpty(t, p.Agreements, "the contracts to add the service to")
	contract := p.Agreements[0].ID

	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: card.ID, AgreementID: contract, ConfirmLarge: true})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State, "%+v", res.Pushes[0])
	assert.Contains(t, res.Message, "0 -> "+card.VendorQuantity.String())
	cid, _ := strconv.Atoi(contract)
	sid, _ := strconv.Atoi(card.PSAProductID)
	cs := tu.at.ContractServiceOf(cid, sid)
	require.NotZero(t, cs, "Autotask created the contract service")
	assert.Equal(t, card.VendorQuantity.Float64(), tu.units(t, strconv.Itoa(cs), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))

	// The new contract service bills 0 units today and the vendor's from the 1st: the card
	// counts those, so it settles at once and after a sync, instead of staying New Revenue.
	settled := func(when string) {
		snap, err := tu.ws.Snapshot(ctx)
		require.NoError(t, err)
		for _, c := range snap.Result.Cards {
			if c.ID == card.ID {
				assert.Equal(t, reconcile.StateNoChange, c.State, "%s: %+v", when, c)
				assert.Equal(t, card.VendorQuantity, c.PSAQuantity, when)
				return
			}
		}
		t.Fatalf("%s: card %s is gone", when, card.ID)
	}
	settled("at once")
	tu.sync(t)
	settled("after a sync")
}
