package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEffectiveDate(t *testing.T) {
	dec := Cycle{2026, 12}
	flat := Agreement{ID: "9001", Name: "Acme - Managed Services", Start: Date{2025, 1, 1}}
	prorating := Agreement{ID: "9003", Name: "Riverside - Cloud", Prorates: true, Start: Date{2024, 6, 1}}
	next := Detection{DetectedOn: Date{2026, 12, 9}, Policy: PolicyNextPeriod}
	detected := Detection{DetectedOn: Date{2026, 12, 9}, Policy: PolicyDetected}
	tests := []struct {
		name     string
		det      Detection
		a        Agreement
		override Date
		want     Date
		prorated bool
		explain  string
		wantErr  string
	}{
		{name: "default: first day of next month", det: next, a: flat, want: Date{2027, 1, 1}, explain: "does not prorate: ConnectWise bills the new quantity from its next invoice"},
		{name: "next_period on a prorating agreement", det: next, a: prorating, want: Date{2027, 1, 1}, explain: "from the start of that billing period"},
		{name: "detected on a prorating agreement prorates from the detection day", det: detected, a: prorating, want: Date{2026, 12, 9}, prorated: true, explain: "prorated from 2026-12-09"},
		{name: "detected on an agreement that does not prorate: next period", det: detected, a: flat, want: Date{2027, 1, 1}, explain: "does not prorate"},
		{name: "a detection of an earlier cycle does not prorate this one", det: Detection{DetectedOn: Date{2026, 11, 20}, Policy: PolicyDetected}, a: prorating, want: Date{2027, 1, 1}},
		{name: "no policy is next_period", det: Detection{}, a: prorating, want: Date{2027, 1, 1}},
		{name: "override with a first of month on a flat agreement", det: next, a: flat, override: Date{2027, 2, 1}, want: Date{2027, 2, 1}},
		{name: "override mid-month on a flat agreement is refused", det: next, a: flat, override: Date{2026, 12, 15}, wantErr: "does not prorate, so ConnectWise bills a change from its next invoice"},
		{name: "override mid-month on a prorating agreement prorates", det: next, a: prorating, override: Date{2026, 12, 15}, want: Date{2026, 12, 15}, prorated: true},
		{name: "a prorated override outside the cycle is refused", det: next, a: prorating, override: Date{2027, 1, 15}, wantErr: "must fall in the cycle being reconciled (2026-12-01 to 2026-12-31)"},
		{name: "not before the agreement starts", det: next, a: Agreement{Name: "New", Start: Date{2027, 2, 1}}, wantErr: `before agreement "New" starts (2027-02-01)`},
		{name: "not after the agreement ends", det: next, a: Agreement{Name: "Old", End: Date{2026, 12, 31}}, wantErr: `after agreement "Old" ends (2026-12-31)`},
		{name: "the agreement's last day is fine", det: next, a: Agreement{Name: "Old", End: Date{2027, 1, 1}}, want: Date{2027, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EffectiveDate(tt.det, dec, tt.a, tt.override)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Date)
			assert.Equal(t, tt.prorated, got.Prorated)
			assert.Contains(t, got.Explanation, tt.explain)
		})
	}
}

func TestDetectionKeepsItsPolicy(t *testing.T) {
	in := mini([]PSALine{{Quantity: 25}}, []Subscription{{Quantity: 27}})
	in.Settings.Billing = map[string]EffectivePolicy{"pax8": PolicyDetected}
	c := BuildCards(in).Cards[0]
	assert.Equal(t, Detection{CardID: c.ID, Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 14}, Policy: PolicyDetected}, c.Detection)

	// The setting changes afterwards: the card keeps what it was detected under; a new card
	// gets the new setting.
	in.Detections = BuildCards(in).Detections()
	in.Settings.Billing["pax8"] = PolicyNextPeriod
	in.Today = Date{2026, 12, 20}
	in.Subscriptions = append(in.Subscriptions, Subscription{Integration: "pax8", ID: "s9", AccountID: "va", ProductID: "vp-new", Quantity: 2, Active: true})
	in.Mappings = append(in.Mappings, Mapping{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "vp-new", PSAIntegration: "cw", PSAID: "11"})
	res := BuildCards(in)
	require.Len(t, res.Cards, 2)
	for _, c := range res.Cards {
		switch c.PSAProductID {
		case "10":
			assert.Equal(t, Detection{CardID: c.ID, Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 14}, Policy: PolicyDetected}, c.Detection)
		case "11":
			assert.Equal(t, Detection{CardID: c.ID, Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 20}, Policy: PolicyNextPeriod}, c.Detection)
		}
	}
	assert.Len(t, res.Detections(), 2)
}

func TestDetectionWhenVendorsDisagree(t *testing.T) {
	in := mini(nil, []Subscription{{Quantity: 2}, {Integration: "msft", AccountID: "m1", ProductID: "m-bp", Quantity: 3}})
	in.Mappings = append(in.Mappings,
		Mapping{VendorIntegration: "msft", Kind: KindAccount, VendorID: "m1", PSAIntegration: "cw", PSAID: "1"},
		Mapping{VendorIntegration: "msft", Kind: KindProduct, VendorID: "m-bp", PSAIntegration: "cw", PSAID: "10"})
	in.Settings.Billing = map[string]EffectivePolicy{"pax8": PolicyDetected}
	c := BuildCards(in).Cards[0]
	assert.Equal(t, Units(5), c.VendorQuantity)
	assert.Equal(t, PolicyNextPeriod, c.Detection.Policy, "one vendor prorates, the other does not: next period")
	in.Settings.Billing["msft"] = PolicyDetected
	assert.Equal(t, PolicyDetected, BuildCards(in).Cards[0].Detection.Policy)
}

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy("detected")
	require.NoError(t, err)
	assert.Equal(t, PolicyDetected, p)
	p, err = ParsePolicy("")
	require.NoError(t, err)
	assert.Equal(t, PolicyNextPeriod, p)
	_, err = ParsePolicy("immediately")
	assert.ErrorContains(t, err, "use next_period or detected")
}
