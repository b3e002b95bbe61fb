package workspace

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/trueup/trueup/internal/reconcile"
)

func TestApprovalImpact(t *testing.T) {
	line := func(qty, included int64) reconcile.LineEvidence {
		return reconcile.LineEvidence{LineID: "812", Quantity: reconcile.Units(qty), LessIncluded: reconcile.Units(included),
			BillCustomer: reconcile.Billable, UnitPrice: reconcile.Cents(1000)}
	}
	card := func(psa int64, lines ...reconcile.LineEvidence) *reconcile.Card {
		return &reconcile.Card{PSAQuantity: reconcile.Units(psa), UnitPrice: reconcile.Cents(1250), PSALines: lines}
	}
	tests := []struct {
		name          string
		card          *reconcile.Card
		lineID        string
		delta, target int64
		want          string
	}{
		{"increase, not pushed yet", card(25, line(25, 0)), "812", 2, 27, "20.00"},
		{"increase, landed in the cache", card(27, line(27, 0)), "812", 2, 27, "20.00"},
		{"decrease", card(25, line(25, 0)), "812", -5, 20, "-50.00"},
		{"seats under lessIncluded do not bill", card(25, line(25, 26)), "812", 2, 27, "10.00"},
		{"landed, under lessIncluded", card(27, line(27, 26)), "812", 2, 27, "10.00"},
		{"all within lessIncluded", card(25, line(25, 30)), "812", 2, 27, "0.00"},
		{"new line: every seat at the card's price", card(0), "", 3, 3, "37.50"},
		{"card gone from the cache", nil, "812", 2, 27, "0.00"},
		{"nothing to change", card(25, line(25, 0)), "812", 0, 25, "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := approvalImpact(tt.card, tt.lineID, reconcile.Units(tt.delta), reconcile.Units(tt.target))
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestVendorSharesAddUpExactly(t *testing.T) {
	names := map[int64]string{7: "Pax8", 8: "Microsoft"}
	src := func(integration string, seats int64) reconcile.VendorSource {
		return reconcile.VendorSource{Integration: integration, Quantity: reconcile.Units(seats)}
	}
	tests := []struct {
		name     string
		impact   reconcile.Money
		sources  []reconcile.VendorSource
		fallback []string
		want     map[string]reconcile.Money
	}{
		{"one vendor", reconcile.Cents(1000), []reconcile.VendorSource{src("7", 3), src("7", 2)}, nil,
			map[string]reconcile.Money{"Pax8": reconcile.Cents(1000)}},
		{"two vendors by seats, the rest to the one with most", reconcile.Cents(1000), []reconcile.VendorSource{src("7", 2), src("8", 1)}, nil,
			map[string]reconcile.Money{"Pax8": 66667, "Microsoft": 33333}},
		{"a decrease splits the same way", -reconcile.Cents(1000), []reconcile.VendorSource{src("7", 2), src("8", 1)}, nil,
			map[string]reconcile.Money{"Pax8": -66667, "Microsoft": -33333}},
		{"equal seats: the rest to the first by name", 1, []reconcile.VendorSource{src("7", 1), src("8", 1)}, nil,
			map[string]reconcile.Money{"Microsoft": 1, "Pax8": 0}},
		{"no vendor counts the card: the decision's vendor", reconcile.Cents(-500), nil, []string{"Pax8"},
			map[string]reconcile.Money{"Pax8": reconcile.Cents(-500)}},
		{"no vendor at all", reconcile.Cents(-500), nil, nil, map[string]reconcile.Money{"": reconcile.Cents(-500)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vendorShares(tt.impact, &reconcile.Card{VendorSources: tt.sources}, names, tt.fallback)
			assert.Equal(t, tt.want, got)
			var sum reconcile.Money
			for _, v := range got {
				sum += v
			}
			assert.Equal(t, tt.impact, sum, "the shares add up to the impact")
		})
	}
}
