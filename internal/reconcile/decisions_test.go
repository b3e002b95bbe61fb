package reconcile

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecisionsHoldWhileTheirDataHolds(t *testing.T) {
	dec := Cycle{2026, 12}
	at := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	id := CardID("cw", "1", "10")
	d := func(state DecisionState, psa, vendor, target int64) Decision {
		return Decision{CardID: id, Cycle: dec, State: state, PSAQuantity: Units(psa), VendorQuantity: Units(vendor), Quantity: Units(target), At: at}
	}
	tests := []struct {
		name        string
		psa, vendor float64
		cycle       Cycle
		decisions   []Decision
		want        DecisionState
		flag        Flag
	}{
		{name: "no decision: open", psa: 25, vendor: 27, cycle: dec, want: DecisionOpen},
		{name: "dismissed at the same numbers stays hidden", psa: 25, vendor: 27, cycle: dec,
			decisions: []Decision{d(DecisionDismissed, 25, 27, 0)}, want: DecisionDismissed},
		{name: "dismissed, then the vendor moved: back, flagged", psa: 25, vendor: 28, cycle: dec,
			decisions: []Decision{d(DecisionDismissed, 25, 27, 0)}, want: DecisionOpen, flag: FlagChangedSinceDismissed},
		{name: "dismissed, then the PSA moved: back, flagged", psa: 24, vendor: 27, cycle: dec,
			decisions: []Decision{d(DecisionDismissed, 25, 27, 0)}, want: DecisionOpen, flag: FlagChangedSinceDismissed},
		{name: "a dismissal ends with its cycle", psa: 25, vendor: 27, cycle: dec.Next(),
			decisions: []Decision{d(DecisionDismissed, 25, 27, 0)}, want: DecisionOpen},
		{name: "acknowledged no change stays acknowledged", psa: 10, vendor: 10, cycle: dec,
			decisions: []Decision{d(DecisionAcknowledged, 10, 10, 0)}, want: DecisionAcknowledged},
		{name: "acknowledged, then the vendor moved: open", psa: 10, vendor: 11, cycle: dec,
			decisions: []Decision{d(DecisionAcknowledged, 10, 10, 0)}, want: DecisionOpen},
		{name: "acknowledged no vendor data stays acknowledged", psa: 10, vendor: 0, cycle: dec,
			decisions: []Decision{d(DecisionAcknowledged, 10, 0, 0)}, want: DecisionAcknowledged},
		{name: "approved, not pushed yet", psa: 25, vendor: 27, cycle: dec,
			decisions: []Decision{d(DecisionApproved, 25, 27, 27)}, want: DecisionApproved},
		{name: "approved and pushed: the PSA holds the target", psa: 27, vendor: 27, cycle: dec,
			decisions: []Decision{d(DecisionApproved, 25, 27, 27)}, want: DecisionApproved},
		{name: "approved, then the vendor moved: open, flagged", psa: 27, vendor: 30, cycle: dec,
			decisions: []Decision{d(DecisionApproved, 25, 27, 27)}, want: DecisionOpen, flag: FlagChangedSinceApproved},
		{name: "the latest decision counts", psa: 25, vendor: 27, cycle: dec,
			decisions: []Decision{{CardID: id, Cycle: dec, State: DecisionDismissed, PSAQuantity: Units(25), VendorQuantity: Units(27), At: at.Add(time.Hour)},
				d(DecisionApproved, 25, 27, 27)}, want: DecisionDismissed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subs := []Subscription{{Quantity: tt.vendor}}
			if tt.vendor == 0 {
				subs = nil // no vendor counts the product: No vendor data
			}
			in := mini([]PSALine{{Quantity: tt.psa}}, subs)
			in.Cycle, in.Decisions = tt.cycle, tt.decisions
			c := BuildCards(in).Cards[0]
			assert.Equal(t, tt.want, c.Decision)
			for _, f := range []Flag{FlagChangedSinceDismissed, FlagChangedSinceApproved} {
				assert.Equal(t, f == tt.flag, c.HasFlag(f), "flag %s", f)
			}
		})
	}
}

func TestDecisionActions(t *testing.T) {
	at := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	cyc := Cycle{2026, 12}
	cards := BuildCards(mini([]PSALine{{Quantity: 25}, {ProductID: "11", Quantity: 1}}, []Subscription{{Quantity: 27}})).Cards
	require.Len(t, cards, 1)
	rec := cards[0]
	noChange := BuildCards(mini([]PSALine{{Quantity: 27}}, []Subscription{{Quantity: 27}})).Cards[0]
	noVendor := BuildCards(mini([]PSALine{{Quantity: 27}}, nil)).Cards[0]

	d := Dismiss(rec, cyc, at, "sam", "customer pays annually")
	assert.Equal(t, Decision{CardID: rec.ID, Cycle: cyc, State: DecisionDismissed, PSAQuantity: Units(25), VendorQuantity: Units(27), At: at, User: "sam", Note: "customer pays annually"}, d)

	_, err := Acknowledge(rec, cyc, at, "sam", "")
	assert.ErrorContains(t, err, "not no_change or no_vendor_data: approve or dismiss it")
	ack, err := Acknowledge(noChange, cyc, at, "sam", "")
	require.NoError(t, err)
	assert.Equal(t, DecisionAcknowledged, ack.State)
	ack, err = Acknowledge(noVendor, cyc, at, "sam", "bought directly from Microsoft")
	require.NoError(t, err)
	assert.Equal(t, DecisionAcknowledged, ack.State)

	ap, err := Approve(rec, cyc, nil, at, "sam", "")
	require.NoError(t, err)
	assert.Equal(t, Units(27), ap.Quantity, "approve pushes the vendor quantity by default")
	q := Units(26)
	ap, err = Approve(rec, cyc, &q, at, "sam", "one seat is a trial")
	require.NoError(t, err)
	assert.Equal(t, Units(26), ap.Quantity)

	for _, bad := range []Qty{QtyOf(26.5), Units(-1)} {
		_, err = Approve(rec, cyc, &bad, at, "sam", "")
		assert.ErrorContains(t, err, "not a whole number of seats >= 0")
	}
	_, err = Approve(noChange, cyc, nil, at, "sam", "")
	assert.ErrorContains(t, err, "acknowledge it instead")
	_, err = Approve(noVendor, cyc, nil, at, "sam", "")
	assert.ErrorContains(t, err, "no vendor data")
}

func TestSelectBulkApprove(t *testing.T) {
	mk := func(psa, vendor float64, product string) Card {
		var lines []PSALine
		if psa >= 0 {
			lines = []PSALine{{Quantity: psa, ProductID: product}}
		}
		in := mini(lines, []Subscription{{Quantity: vendor}})
		in.Mappings = append(in.Mappings, Mapping{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "vp", PSAIntegration: "cw", PSAID: product})
		return BuildCards(in).Cards[0]
	}
	small := mk(25, 27, "10")
	large := mk(25, 40, "11")
	same := mk(10, 10, "10")
	noVendor := BuildCards(mini([]PSALine{{Quantity: 3}}, nil)).Cards[0]
	dismissed := small
	dismissed.Decision = DecisionDismissed
	require.True(t, large.HasFlag(FlagLargeChange))
	require.NotEqual(t, small.ID, large.ID)

	got := SelectBulkApprove([]Card{small, large, same, noVendor, dismissed}, nil)
	assert.Equal(t, []Card{small}, got.Approve)
	assert.Equal(t, []Card{same}, got.Acknowledge)
	require.Len(t, got.Skipped, 3)
	assert.Contains(t, got.Skipped[0].Reason, "large change (25 -> 40): confirm this card")
	assert.Contains(t, got.Skipped[1].Reason, "no vendor data")
	assert.Contains(t, got.Skipped[2].Reason, "already dismissed")

	got = SelectBulkApprove([]Card{small, large}, map[string]bool{large.ID: true})
	assert.Equal(t, []Card{small, large}, got.Approve, "a confirmed large change is approved")
	assert.Empty(t, got.Skipped)
}
