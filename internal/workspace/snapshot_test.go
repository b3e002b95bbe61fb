package workspace_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

func TestSnapshotAdaptsTheCacheToCards(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	snap, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)

	assert.Equal(t, "2026-11", snap.Cycle.String())
	assert.Equal(t, "2026-11-16", snap.Today.String())
	cw, pax := strconv.FormatInt(tu.cwID, 10), strconv.FormatInt(tu.paxID, 10)

	// Only visible lines reach card building: the hidden ones Lines() reports are left out.
	lines, err := tu.ws.Data().Lines(ctx, tu.cwID, false)
	require.NoError(t, err)
	assert.Len(t, snap.Inputs.Lines, lines.Visible)
	require.Positive(t, lines.Hidden, "the demo hides some lines")
	var bill map[reconcile.BillCustomer]int = map[reconcile.BillCustomer]int{}
	for _, l := range snap.Inputs.Lines {
		assert.Equal(t, cw, l.Integration)
		assert.False(t, l.FetchedAt.IsZero())
		bill[l.BillCustomer]++
	}
	assert.Positive(t, bill[reconcile.Billable])
	assert.Positive(t, bill[reconcile.NoCharge], "billing facts are carried over")

	active := 0
	for _, s := range snap.Inputs.Subscriptions {
		assert.Equal(t, pax, s.Integration)
		if s.Active {
			active++
			assert.NotEmpty(t, s.AccountName)
			assert.Positive(t, s.UnitCost, "the partner cost")
		}
	}
	assert.Positive(t, active)
	assert.Less(t, active, len(snap.Inputs.Subscriptions), "cancelled subscriptions are inactive")
	assert.NotEmpty(t, snap.Inputs.Catalog)
	assert.NotEmpty(t, snap.Inputs.Accounts)
	assert.NotEmpty(t, snap.Inputs.Mappings)

	states := map[reconcile.CardState]int{}
	for _, c := range snap.Result.Cards {
		states[c.State]++
	}
	for _, s := range []reconcile.CardState{reconcile.StateReconcile, reconcile.StateNewRevenue, reconcile.StateNoChange} {
		assert.Positive(t, states[s], "the demo has %s cards", s)
	}

	// The Backup & DR agreements prorate; the agreements keep their dates.
	prorates := 0
	for _, a := range snap.Agreements {
		if a.Prorates {
			prorates++
		}
		assert.False(t, a.Start.IsZero(), "agreement %s has its start date", a.ID)
	}
	assert.Positive(t, prorates)
	assert.NotEmpty(t, snap.AccountAgreements)
	assert.Equal(t, int64(10), snap.Settings.LargeChangeUnits, "defaults without stored settings")
}

func TestSnapshotDetectionDateNeverMoves(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	first, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	dets, err := tu.ws.Store().Detections(ctx, "2026-11")
	require.NoError(t, err)
	require.Len(t, dets, len(first.Result.Detections()), "every actionable card's detection is stored")

	tu.clock.Set(trueupToday.Add(3 * 24 * time.Hour))
	require.NoError(t, tu.ws.Store().SetSettings(ctx, map[string]string{"billing_policy:" + strconv.FormatInt(tu.paxID, 10): "detected"}))
	later, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, later.Result.Detections())
	for _, d := range later.Result.Detections() {
		assert.Equal(t, "2026-11-16", d.DetectedOn.String(), "card %s keeps the day it was first seen", d.CardID)
		assert.Equal(t, reconcile.PolicyNextPeriod, d.Policy, "a changed setting applies to cards detected afterwards")
	}
}

func TestSnapshotReadsDecisionsExactly(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	snap, err := tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	var card reconcile.Card
	for _, c := range snap.Result.Cards {
		if c.State == reconcile.StateReconcile {
			card = c
			break
		}
	}
	require.NotEmpty(t, card.ID)
	_, _, err = tu.ws.Store().Approve(ctx, store.Decision{CardID: card.ID, Cycle: "2026-11", Action: store.ActionDismiss,
		PSAQuantity: card.PSAQuantity.String(), VendorQuantity: card.VendorQuantity.String()}, nil)
	require.NoError(t, err)
	snap, err = tu.ws.Snapshot(ctx)
	require.NoError(t, err)
	for _, c := range snap.Result.Cards {
		if c.ID == card.ID {
			assert.Equal(t, reconcile.DecisionDismissed, c.Decision, "the stored quantities compare equal to the card's")
		}
	}
}

func TestSnapshotAppliesPushesWithoutReadingTheWholeCacheAgain(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	loads, patches := tu.ws.PartReads()
	require.Equal(t, 2, loads, "one read of each cache")

	decrease := card(t, l, blueHarbor, premium)
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: decrease.ID})
	require.NoError(t, err)
	require.Equal(t, "pushed", res.Pushes[0].State)
	res2, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: card(t, l, copperline, standard).ID, AgreementID: "1007", ConfirmLarge: true})
	require.NoError(t, err)
	require.Equal(t, "pushed", res2.Pushes[0].State, "a POST: its record id comes from ConnectWise's answer")
	_, err = tu.ws.Pushes().Revert(ctx, res.Pushes[0].ID, false)
	require.NoError(t, err)
	patched := list(t, tu, workspace.CardQuery{All: true})
	l2, p2 := tu.ws.PartReads()
	assert.Equal(t, loads, l2, "no whole cache was read again")
	assert.Greater(t, p2, patches)
	assert.Equal(t, "42", card(t, patched, blueHarbor, premium).PSAQuantity, "the revert is applied")
	assert.Equal(t, "17", card(t, patched, copperline, standard).PSAQuantity, "the created line is applied")

	tu.ws.ForgetParts()
	full := list(t, tu, workspace.CardQuery{All: true})
	assert.Equal(t, full.Cards, patched.Cards, "applying the pushes builds what reading the whole cache builds")
}
