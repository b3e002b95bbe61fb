package reconcile

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCardTermFacts(t *testing.T) {
	sydney, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	now := time.Date(2026, 12, 14, 1, 0, 0, 0, time.UTC) // the mini world's today, 12:00 in Sydney
	// A refund window lasts days: 23:00 UTC on 16 Dec is 10:00 on 17 Dec in Sydney (summer
	// time, UTC+11), the day the card must name.
	deadline := time.Date(2026, 12, 16, 23, 0, 0, 0, time.UTC)
	annual := func(end Date, autoRenew bool, f ...func(*Commitment)) *Commitment {
		c := &Commitment{Start: end.AddMonths(-12).AddDays(1), End: end, AutoRenew: autoRenew, Frequency: "monthly"}
		for _, fn := range f {
			fn(c)
		}
		return c
	}
	refundable := func(q float64, until time.Time) func(*Commitment) {
		return func(c *Commitment) { c.Refundable = append(c.Refundable, Refundable{Quantity: q, Until: until}) }
	}
	tests := []struct {
		name   string
		psa    float64
		subs   []Subscription
		want   *TermFacts
		flag   Flag // the term flag expected ("" none)
		noFlag []Flag
	}{
		{name: "a card without commitment terms has no term facts", psa: 10,
			subs: []Subscription{{Quantity: 10}}},
		{name: "term, commitment end and auto-renew", psa: 10,
			subs:   []Subscription{{Quantity: 10, Term: "P1Y", Commitment: annual(Date{2027, 5, 31}, true)}},
			want:   &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 5, 31}, AutoRenew: true},
			noFlag: []Flag{FlagRenewsSoon, FlagTermEnds}},
		{name: "renews in exactly 30 days: flagged", psa: 10,
			subs: []Subscription{{Quantity: 10, Term: "P1Y", Commitment: annual(Date{2027, 1, 13}, true)}},
			want: &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 1, 13}, AutoRenew: true, RenewsSoon: true},
			flag: FlagRenewsSoon},
		{name: "renews in 31 days: not yet", psa: 10,
			subs:   []Subscription{{Quantity: 10, Term: "P1Y", Commitment: annual(Date{2027, 1, 14}, true)}},
			want:   &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 1, 14}, AutoRenew: true},
			noFlag: []Flag{FlagRenewsSoon, FlagTermEnds}},
		{name: "ends today without auto-renew: the term ends flag", psa: 10,
			subs: []Subscription{{Quantity: 10, Term: "P1Y", Commitment: annual(Date{2026, 12, 14}, false)}},
			want: &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2026, 12, 14}, RenewsSoon: true},
			flag: FlagTermEnds, noFlag: []Flag{FlagRenewsSoon}},
		{name: "two terms: the earlier end is the next renewal", psa: 15,
			subs: []Subscription{
				{ID: "a", Quantity: 10, Term: "P1Y", Commitment: annual(Date{2027, 5, 31}, true)},
				{ID: "b", Quantity: 5, Term: "P1M", Commitment: annual(Date{2026, 12, 31}, false)},
			},
			want: &TermFacts{Term: "P1Y, P1M", Frequency: "monthly", CommitmentEnd: Date{2026, 12, 31}, RenewsSoon: true},
			flag: FlagTermEnds},
		{name: "a decrease with refundable seats says how many and until when, in the MSP's time", psa: 12,
			subs: []Subscription{{Quantity: 9, Term: "P1Y", Commitment: annual(Date{2027, 5, 31}, true, refundable(2, deadline), refundable(1, deadline.Add(48*time.Hour)))}},
			want: &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 5, 31}, AutoRenew: true,
				RefundableSeats: Units(3), RefundableUntil: deadline, RefundNote: "3 of these seats can be cancelled at Microsoft until 17 Dec 10:00"}},
		{name: "an increase keeps the refundable seats but no decrease sentence", psa: 8,
			subs: []Subscription{{Quantity: 10, Term: "P1Y", Commitment: annual(Date{2027, 5, 31}, true, refundable(2, deadline))}},
			want: &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 5, 31}, AutoRenew: true,
				RefundableSeats: Units(2), RefundableUntil: deadline}},
		{name: "a refund window that has closed is not offered", psa: 12,
			subs: []Subscription{{Quantity: 9, Term: "P1Y", Commitment: annual(Date{2027, 5, 31}, true, refundable(2, now.Add(-time.Minute)))}},
			want: &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 5, 31}, AutoRenew: true}},
		{name: "an add-on names its base subscription", psa: 3,
			subs: []Subscription{{Quantity: 3, Term: "P1Y", Commitment: annual(Date{2027, 5, 31}, true, func(c *Commitment) {
				c.ParentID, c.ParentName = "base", "Microsoft 365 E5"
			})}},
			want: &TermFacts{Term: "P1Y", Frequency: "monthly", CommitmentEnd: Date{2027, 5, 31}, AutoRenew: true, AddOnOf: "Microsoft 365 E5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := mini([]PSALine{{Quantity: tc.psa}}, tc.subs)
			in.Now, in.Location = now, sydney
			res := BuildCards(in)
			require.Len(t, res.Cards, 1)
			c := res.Cards[0]
			assert.Equal(t, tc.want, c.Terms)
			if tc.flag != "" {
				assert.True(t, c.HasFlag(tc.flag), "flags %v", c.Flags)
			}
			for _, f := range tc.noFlag {
				assert.False(t, c.HasFlag(f), "flags %v", c.Flags)
			}
		})
	}
}

func TestAnAddOnIsItsOwnCardOnTheBaseSubscriptionsAccount(t *testing.T) {
	in := mini([]PSALine{{Quantity: 10}, {ProductID: "11", Quantity: 2}}, []Subscription{
		{ID: "base", Quantity: 10, Commitment: &Commitment{End: Date{2027, 5, 31}}},
		{ID: "addon", ProductID: "vp-addon", Quantity: 3, Commitment: &Commitment{End: Date{2027, 5, 31}, ParentID: "base", ParentName: "M365 BP"}},
	})
	in.Mappings = append(in.Mappings, Mapping{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "vp-addon", PSAIntegration: "cw", PSAID: "11"})
	res := BuildCards(in)
	require.Len(t, res.Cards, 2)
	byProduct := map[string]Card{}
	for _, c := range res.Cards {
		byProduct[c.PSAProductID] = c
	}
	base, addon := byProduct["10"], byProduct["11"]
	assert.Equal(t, Units(10), base.VendorQuantity, "the add-on's seats are not counted on the base licence")
	assert.Equal(t, StateNoChange, base.State)
	assert.Equal(t, Units(3), addon.VendorQuantity)
	assert.Equal(t, "1", addon.PSAAccountID, "the add-on's card is on the same customer")
	assert.Equal(t, StateReconcile, addon.State)
	require.NotNil(t, addon.Terms)
	assert.Equal(t, "M365 BP", addon.Terms.AddOnOf)
}
