package workspace_test

import (
	"context"
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// card finds the card of an account and product in a list.
func card(t *testing.T, l workspace.CardList, account, product string) workspace.CardDTO {
	t.Helper()
	for _, c := range l.Cards {
		if c.AccountName == account && c.ProductName == product {
			return c
		}
	}
	t.Fatalf("no card for %s, %s", account, product)
	return workspace.CardDTO{}
}

func list(t *testing.T, tu *trueup, q workspace.CardQuery) workspace.CardList {
	t.Helper()
	l, err := tu.ws.Cards().List(context.Background(), q)
	require.NoError(t, err)
	return l
}

func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	require.True(t, ok, "%q is a decimal", s)
	return r
}

func TestCardsListEveryStateWithEvidence(t *testing.T) {
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	assert.Equal(t, "2026-11", l.Cycle)
	assert.False(t, l.SyncRunning)

	states := map[string]int{}
	added, removed := new(big.Rat), new(big.Rat)
	for _, c := range l.Cards {
		states[c.State]++
		assert.Equal(t, "open", c.Decision, "the default list is the undecided cards")
		assert.Equal(t, tu.cwID, c.PSAIntegrationID)
		assert.Len(t, c.ID, 16)
		impact := rat(t, c.MonthlyImpact)
		if impact.Sign() > 0 {
			added.Add(added, impact)
		} else {
			removed.Add(removed, impact)
		}
		// The quantities are the sums of the evidence.
		psa, vendor := new(big.Rat), new(big.Rat)
		targets := 0
		for _, ln := range c.PSALines {
			if ln.BillCustomer == "Billable" { // DoNotBill and NoCharge lines are listed, not counted
				psa.Add(psa, rat(t, ln.Quantity))
			}
			assert.NotEmpty(t, ln.AgreementName)
			_, err := time.Parse(time.RFC3339, ln.FetchedAt)
			assert.NoError(t, err, "fetched-at is RFC 3339")
			if ln.Target {
				targets++
			}
		}
		for _, s := range c.VendorSources {
			vendor.Add(vendor, rat(t, s.Quantity))
			assert.Equal(t, "Pax8", s.Integration)
			assert.Equal(t, tu.paxID, s.IntegrationID)
			assert.NotEmpty(t, s.SubscriptionID)
			assert.NotEmpty(t, s.FetchedAt)
		}
		assert.Zero(t, psa.Cmp(rat(t, c.PSAQuantity)), "card %s psa quantity", c.ID)
		assert.Zero(t, vendor.Cmp(rat(t, c.VendorQuantity)), "card %s vendor quantity", c.ID)
		if c.State == "reconcile" || c.State == "no_change" {
			assert.Equal(t, 1, targets, "card %s has one target line", c.ID)
		}
		assert.Equal(t, []string{"Pax8"}, c.Vendors, "card %s: no vendor data cards name the vendor whose product maps here", c.ID)
	}
	for _, s := range []string{"reconcile", "new_revenue", "no_change", "no_vendor_data"} {
		assert.Positive(t, states[s], s)
		assert.Equal(t, states[s], l.Totals.ByState[s])
	}
	assert.Equal(t, len(l.Cards), l.Totals.Cards)
	assert.Zero(t, added.Cmp(rat(t, l.Totals.RevenueAdded)))
	assert.Zero(t, removed.Cmp(rat(t, l.Totals.RevenueRemoved)))
	assert.Equal(t, -1, removed.Sign())

	c := card(t, l, "Bayside Veterinary Clinic", "M365 Business Premium")
	assert.Equal(t, "reconcile", c.State)
	assert.Equal(t, []string{"large_change"}, c.Flags)
	assert.Equal(t, "10", c.PSAQuantity)
	assert.Equal(t, "12", c.VendorQuantity)
	assert.Equal(t, "2", c.Difference)
	assert.Equal(t, "26.40", c.UnitPrice)
	assert.Equal(t, "52.80", c.MonthlyImpact)
	assert.Equal(t, "22.00", c.VendorUnitCost)
	assert.Equal(t, "4.40", c.Margin)

	require.Len(t, l.Freshness, 2)
	assert.Equal(t, "psa", l.Freshness[0].Role, "the PSA comes first")
	for _, f := range l.Freshness {
		assert.False(t, f.Stale)
		assert.False(t, f.Running)
		assert.Equal(t, "2026-11-16T15:00:00Z", f.LastFetchedAt)
	}
}

func TestCardsListFilters(t *testing.T) {
	tu := newTrueup(t)
	all := list(t, tu, workspace.CardQuery{})
	tests := []struct {
		name  string
		q     workspace.CardQuery
		keep  func(workspace.CardDTO) bool
		error string
	}{
		{"state", workspace.CardQuery{State: "no_vendor_data"}, func(c workspace.CardDTO) bool { return c.State == "no_vendor_data" }, ""},
		{"account, any case", workspace.CardQuery{Account: "bayside vet"}, func(c workspace.CardDTO) bool { return c.AccountName == "Bayside Veterinary Clinic" }, ""},
		{"vendor, any case", workspace.CardQuery{Vendor: "pax8"}, func(workspace.CardDTO) bool { return true }, ""},
		{"increase", workspace.CardQuery{Direction: "increase"}, func(c workspace.CardDTO) bool { return rat(t, c.Difference).Sign() > 0 }, ""},
		{"decrease", workspace.CardQuery{Direction: "decrease", State: "reconcile"}, func(c workspace.CardDTO) bool {
			return c.State == "reconcile" && rat(t, c.Difference).Sign() < 0
		}, ""},
		{"search account or product", workspace.CardQuery{Search: "standard"}, func(c workspace.CardDTO) bool { return c.ProductName == "M365 Business Standard" }, ""},
		{"unknown state", workspace.CardQuery{State: "reconciled"}, nil, `card state "reconciled" is unknown`},
		{"unknown direction", workspace.CardQuery{Direction: "up"}, nil, `direction "up" is unknown`},
		{"unknown vendor", workspace.CardQuery{Vendor: "Ingram"}, nil, `no vendor integration named "Ingram": use one of "Pax8"`},
		{"a PSA is not a vendor", workspace.CardQuery{Vendor: "ConnectWise Manage"}, nil, "no vendor integration named"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := tu.ws.Cards().List(context.Background(), tt.q)
			if tt.error != "" {
				require.Error(t, err)
				assert.True(t, workspace.IsInputError(err))
				assert.Contains(t, err.Error(), tt.error)
				return
			}
			require.NoError(t, err)
			var want []string
			for _, c := range all.Cards {
				if tt.keep(c) {
					want = append(want, c.ID)
				}
			}
			var got []string
			for _, c := range l.Cards {
				got = append(got, c.ID)
			}
			require.NotEmpty(t, want)
			assert.Equal(t, want, got)
			assert.Equal(t, len(got), l.Totals.Cards)
		})
	}
}

func TestCardsDecisionsHoldAcrossAFullSync(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	before := list(t, tu, workspace.CardQuery{})
	dismissed := card(t, before, "Blue Harbor Logistics", "Entra ID P2")
	acked := card(t, before, "Acme Dental Group", "Entra ID P2")
	require.NoError(t, tu.ws.Cards().Dismiss(ctx, []string{dismissed.ID}, "customer pays it by card"))
	n, err := tu.ws.Cards().Acknowledge(ctx, []string{acked.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	tu.sync(t, "full")
	open := list(t, tu, workspace.CardQuery{})
	assert.Len(t, open.Cards, len(before.Cards)-2, "decided cards leave the default list")
	for _, c := range open.Cards {
		assert.NotContains(t, []string{dismissed.ID, acked.ID}, c.ID)
	}
	all := list(t, tu, workspace.CardQuery{All: true})
	assert.Len(t, all.Cards, len(before.Cards))
	assert.Equal(t, "dismissed", card(t, all, "Blue Harbor Logistics", "Entra ID P2").Decision)
	assert.Equal(t, dismissed.ID, card(t, all, "Blue Harbor Logistics", "Entra ID P2").ID, "card ids survive a Full Sync")
	assert.Equal(t, "acknowledged", card(t, all, "Acme Dental Group", "Entra ID P2").Decision)

	// A new cycle starts every card open again, and yesterday's data is stale.
	tu.clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	dec := list(t, tu, workspace.CardQuery{})
	assert.Equal(t, "2026-12", dec.Cycle)
	assert.Len(t, dec.Cards, len(before.Cards))
	for _, f := range dec.Freshness {
		assert.True(t, f.Stale, "%s was last fetched in November", f.Integration)
	}
}

func TestCardsDismissedCardReturnsWhenAQuantityChanges(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), "Blue Harbor Logistics", "Entra ID P2")
	require.NoError(t, tu.ws.Cards().Dismiss(ctx, []string{c.ID}, ""))

	agreement, err := strconv.Atoi(c.PSALines[0].AgreementID)
	require.NoError(t, err)
	line, err := strconv.Atoi(c.PSALines[0].LineID)
	require.NoError(t, err)
	tu.clock.Set(trueupToday.Add(time.Hour)) // the sync after the change fetches later
	require.NoError(t, tu.sims.CW.SetAdditionQuantity(agreement, line, 14))
	tu.sync(t, "full")

	back := card(t, list(t, tu, workspace.CardQuery{}), "Blue Harbor Logistics", "Entra ID P2")
	assert.Equal(t, "open", back.Decision)
	assert.Equal(t, "14", back.PSAQuantity)
	assert.Contains(t, back.Flags, "changed_since_dismissed")
}

func TestCardsDismissAndAcknowledgeRecordNothingOnABadID(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	good := card(t, l, "Blue Harbor Logistics", "Entra ID P2")
	noChange := card(t, l, "Acme Dental Group", "Entra ID P2")

	err := tu.ws.Cards().Dismiss(ctx, []string{good.ID, "0123456789abcdef", "nope"}, "")
	require.Error(t, err)
	assert.True(t, workspace.IsInputError(err))
	assert.Contains(t, err.Error(), "0123456789abcdef, nope")
	assert.Contains(t, err.Error(), "nothing was recorded")

	_, err = tu.ws.Cards().Acknowledge(ctx, []string{noChange.ID, good.ID})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is reconcile, not no_change")

	ds, err := tu.ws.Store().Decisions(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, ds)

	n, err := tu.ws.Cards().Acknowledge(ctx, []string{noChange.ID, noChange.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	n, err = tu.ws.Cards().Acknowledge(ctx, []string{noChange.ID})
	require.NoError(t, err)
	assert.Zero(t, n, "already acknowledged")
	err = tu.ws.Cards().Dismiss(ctx, []string{noChange.ID}, "")
	assert.ErrorContains(t, err, "already acknowledged this cycle")
}

func TestCardsFlagNotesAndApprovalsThatNoLongerHold(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	l := list(t, tu, workspace.CardQuery{})
	c := card(t, l, blueHarbor, premium)
	require.NoError(t, tu.ws.Store().SetAccountNote(ctx, store.AccountNote{PSAIntegrationID: tu.cwID, AccountID: c.PSAAccountID,
		Note: "multi-site: check by hand", Tags: []string{"multi-site"}}))
	noted := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	assert.Contains(t, noted.Flags, "note")
	assert.Equal(t, "multi-site: check by hand (tags: multi-site)", noted.Note)

	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Equal(t, "pushed", res.Pushes[0].State)
	// The customer adds seats at the vendor after the push: the approval no longer holds.
	require.NoError(t, tu.sims.Pax8.SetQuantity(c.VendorSources[0].SubscriptionID, 45))
	tu.sync(t, "full")
	back := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	assert.Equal(t, "open", back.Decision)
	assert.Equal(t, "41", back.PSAQuantity)
	assert.Equal(t, "45", back.VendorQuantity)
	assert.Contains(t, back.Flags, "changed_since_approved")
}
