package workspace_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/workspace"
)

// snapshotCard is the reconcile card behind a DTO, for its exact Money figures.
func snapshotCard(t *testing.T, tu *trueup, id string) reconcile.Card {
	t.Helper()
	snap, err := tu.ws.Snapshot(context.Background())
	require.NoError(t, err)
	for _, c := range snap.Result.Cards {
		if c.ID == id {
			return c
		}
	}
	require.Failf(t, "no card", "card %s", id)
	return reconcile.Card{}
}

func cardIDs(cards []workspace.CardDTO) []string {
	out := []string{}
	for _, c := range cards {
		out = append(out, c.ID)
	}
	return out
}

// The sanity check totals what this cycle's standing approvals do to the monthly revenue,
// pushed or not, valued as the cards valued them before the push; a reverted one adds
// nothing.
func TestSanityCheckTotalsTheCyclesApprovals(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	cards := tu.ws.Cards()
	all := list(t, tu, workspace.CardQuery{})
	var increase workspace.CardDTO
	for _, c := range all.Cards {
		if c.State == "reconcile" && c.Difference[0] != '-' && !hasFlag(c.Flags, "large_change") && len(c.PSALines) == 1 {
			increase = c
			break
		}
	}
	require.NotEmpty(t, increase.ID, "the demo has a plain increase")
	decrease := card(t, all, blueHarbor, premium)
	newRevenue := card(t, all, copperline, standard)
	inc, dec, nr := snapshotCard(t, tu, increase.ID), snapshotCard(t, tu, decrease.ID), snapshotCard(t, tu, newRevenue.ID)
	require.Positive(t, inc.MonthlyImpact)
	require.Negative(t, dec.MonthlyImpact)
	openNewRevenue := list(t, tu, workspace.CardQuery{State: "new_revenue"}).Totals.Cards

	before, err := cards.SanityCheck(ctx)
	require.NoError(t, err)
	assert.Equal(t, workspace.SanityCheck{Cycle: "2026-11", Increases: []workspace.CardDTO{}, NewRevenueOpen: before.NewRevenueOpen,
		Pushes: []workspace.LedgerEntry{}, RevenueAdded: "0.00", RevenueRemoved: "0.00",
		ByVendor: []workspace.VendorImpact{{Vendor: "Pax8", Added: "0.00", Removed: "0.00"}}}, before)
	assert.Len(t, before.NewRevenueOpen, openNewRevenue)

	var pushIDs []int64
	for _, req := range []workspace.ApproveRequest{{CardID: increase.ID}, {CardID: decrease.ID},
		{CardID: newRevenue.ID, AgreementID: "1007", ConfirmLarge: true}} {
		res, err := cards.Approve(ctx, req)
		require.NoError(t, err)
		require.Len(t, res.Pushes, 1)
		require.Equal(t, "pushed", res.Pushes[0].State, res.Message)
		pushIDs = append(pushIDs, res.Pushes[0].ID)
	}

	got, err := cards.SanityCheck(ctx)
	require.NoError(t, err)
	added, removed := inc.MonthlyImpact+nr.MonthlyImpact, dec.MonthlyImpact
	assert.Equal(t, added.String(), got.RevenueAdded, "valued as the cards were before the push landed")
	assert.Equal(t, removed.String(), got.RevenueRemoved)
	assert.Equal(t, []workspace.VendorImpact{{Vendor: "Pax8", Added: added.String(), Removed: removed.String()}}, got.ByVendor)
	assert.ElementsMatch(t, []string{increase.ID, newRevenue.ID}, cardIDs(got.Increases), "approved increases only")
	for _, c := range got.Increases {
		if c.ID == newRevenue.ID { // pushed, so the card itself now reads no difference
			assert.Equal(t, "0", c.PSAQuantity, "the approved change, not the card after the push")
			assert.Equal(t, nr.VendorQuantity.String(), c.VendorQuantity)
			assert.Equal(t, nr.VendorQuantity.String(), c.Difference)
			assert.Equal(t, nr.MonthlyImpact.String(), c.MonthlyImpact)
		}
	}
	assert.Len(t, got.NewRevenueOpen, openNewRevenue-1, "the actioned New Revenue card left the list")
	assert.NotContains(t, cardIDs(got.NewRevenueOpen), newRevenue.ID)
	require.Len(t, got.Pushes, 3)
	for _, p := range got.Pushes {
		assert.Equal(t, "push", p.Kind)
		assert.Equal(t, "pushed", p.State)
	}

	_, err = tu.ws.Pushes().Revert(ctx, pushIDs[0], false)
	require.NoError(t, err)
	got, err = cards.SanityCheck(ctx)
	require.NoError(t, err)
	assert.Equal(t, nr.MonthlyImpact.String(), got.RevenueAdded, "a reverted increase adds nothing")
	assert.Equal(t, removed.String(), got.RevenueRemoved)
	assert.Equal(t, []string{newRevenue.ID}, cardIDs(got.Increases))
}

func hasFlag(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
