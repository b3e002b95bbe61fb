package reconcile

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// autoCard is a card of one vendor integration: psa < 0 means the PSA bills no line (New
// Revenue).
func autoCard(psa, vendor int64) Card {
	c := Card{ID: "c1", State: StateReconcile, PSAQuantity: Units(psa), VendorQuantity: Units(vendor), Decision: DecisionOpen,
		VendorSources: []VendorSource{{Integration: "7", Quantity: Units(vendor)}}}
	switch {
	case psa < 0:
		c.State, c.PSAQuantity = StateNewRevenue, 0
	case psa == vendor:
		c.State = StateNoChange
	}
	c.Difference = c.VendorQuantity - c.PSAQuantity
	return c
}

// TestDecideAutoMatrix walks every billing style over the month boundaries (the 1st, a
// mid-month day, the last day of a 31-day month into February, the last day of a common
// February, the leap day) for an increase, a decrease and a created line, on an agreement
// that prorates and one that does not.
func TestDecideAutoMatrix(t *testing.T) {
	advance, advanceP := BillingStyle{}, BillingStyle{Prorate: true}
	arrears, arrearsP := BillingStyle{Arrears: true}, BillingStyle{Arrears: true, Prorate: true}
	type want struct {
		eff      Date
		prorated bool
	}
	days := []Date{{2027, 1, 1}, {2027, 1, 14}, {2027, 1, 31}, {2027, 2, 28}, {2028, 2, 29}}
	cases := []struct {
		style    BillingStyle
		prorates bool
		change   []want // per day
		create   []want
	}{
		{advance, true,
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 3, 1}, false}, {Date{2028, 3, 1}, false}},
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 3, 1}, false}, {Date{2028, 3, 1}, false}}},
		{advance, false,
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 3, 1}, false}, {Date{2028, 3, 1}, false}},
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 3, 1}, false}, {Date{2028, 3, 1}, false}}},
		{advanceP, true,
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 1, 14}, true}, {Date{2027, 1, 31}, true}, {Date{2027, 2, 28}, true}, {Date{2028, 2, 29}, true}},
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 1, 14}, true}, {Date{2027, 1, 31}, true}, {Date{2027, 2, 28}, true}, {Date{2028, 2, 29}, true}}},
		{advanceP, false, // the style prorates, the agreement does not: from the next period
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 3, 1}, false}, {Date{2028, 3, 1}, false}},
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2027, 3, 1}, false}, {Date{2028, 3, 1}, false}}},
		{arrears, true,
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2028, 2, 1}, false}},
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2028, 2, 1}, false}}},
		{arrears, false,
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2028, 2, 1}, false}},
			[]want{{Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 1, 1}, false}, {Date{2027, 2, 1}, false}, {Date{2028, 2, 1}, false}}},
	}
	for _, tc := range cases {
		for i, day := range days {
			for _, k := range []struct {
				name      string
				psa, vend int64
				action    AutoAction
				want      want
			}{{"increase", 25, 27, AutoIncrease, tc.change[i]}, {"decrease", 27, 25, AutoDecrease, tc.change[i]}, {"create", -1, 3, AutoCreate, tc.create[i]}} {
				name := fmt.Sprintf("%s prorate=%v agreement prorates=%v %s %s", tc.style, tc.style.Prorate, tc.prorates, day, k.name)
				t.Run(name, func(t *testing.T) {
					d := DecideAuto(AutoInput{Card: autoCard(k.psa, k.vend), Style: tc.style, SyncDay: day, Prorates: tc.prorates})
					assert.Equal(t, k.action, d.Action)
					assert.Equal(t, k.want.eff, d.Effective)
					assert.Equal(t, k.want.prorated, d.Prorated)
					assert.Equal(t, Units(k.vend), d.Quantity)
					assert.NotEmpty(t, d.Reason)
				})
			}
			for _, k := range []struct {
				name      string
				psa, vend int64
			}{{"increase", 25, 27}, {"decrease", 27, 25}, {"create", -1, 3}, {"match", 5, 5}} {
				t.Run(fmt.Sprintf("arrears prorate %s %s", day, k.name), func(t *testing.T) {
					d := DecideAuto(AutoInput{Card: autoCard(k.psa, k.vend), Style: arrearsP, SyncDay: day, Prorates: tc.prorates})
					assert.Equal(t, AutoRefused, d.Action)
					assert.Equal(t, ArrearsProrateRefusal, d.Reason)
					assert.False(t, d.Action.Pushes())
				})
			}
		}
	}
}

func TestDecideAutoLeavesAlone(t *testing.T) {
	day := Date{2027, 1, 14}
	large := autoCard(25, 60)
	large.Flags = []Flag{FlagLargeChange}
	decided := autoCard(25, 27)
	decided.Decision = DecisionApproved
	noVendor := Card{ID: "c2", State: StateNoVendorData, PSAQuantity: Units(4), Decision: DecisionOpen}
	several := autoCard(25, 27)
	several.VendorSources = append(several.VendorSources, VendorSource{Integration: "8", Quantity: Units(1)})
	for _, tc := range []struct {
		name     string
		in       AutoInput
		action   AutoAction
		contains string
	}{
		{"counts match", AutoInput{Card: autoCard(5, 5)}, AutoNothing, "counts match"},
		{"unmapped", AutoInput{Card: autoCard(25, 27), Unmapped: true}, AutoSkipped, "not mapped"},
		{"unmapped before refusing", AutoInput{Card: autoCard(25, 27), Unmapped: true, Style: BillingStyle{Arrears: true, Prorate: true}}, AutoSkipped, "not mapped"},
		{"large change waits", AutoInput{Card: large}, AutoWaiting, "large change (25 -> 60)"},
		{"already approved", AutoInput{Card: decided}, AutoNothing, "already approved"},
		{"no vendor data", AutoInput{Card: noVendor}, AutoSkipped, "never removes"},
		{"several vendors", AutoInput{Card: several}, AutoWaiting, "several vendor integrations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.SyncDay = day
			d := DecideAuto(tc.in)
			assert.Equal(t, tc.action, d.Action)
			assert.Contains(t, d.Reason, tc.contains)
			assert.False(t, d.Action.Pushes())
			assert.True(t, d.Effective.IsZero())
		})
	}
}

func TestParseBillingStyle(t *testing.T) {
	for _, tc := range []struct {
		in      string
		prorate bool
		want    BillingStyle
	}{{"", false, BillingStyle{}}, {"advance", true, BillingStyle{Prorate: true}}, {"Arrears", false, BillingStyle{Arrears: true}}} {
		got, err := ParseBillingStyle(tc.in, tc.prorate)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
	_, err := ParseBillingStyle("monthly", false)
	assert.ErrorContains(t, err, "use advance or arrears")
}
