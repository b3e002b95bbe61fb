package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLicenceRulesOfTheSituations(t *testing.T) {
	main := DemoProducts()[0].PSAName
	for i, c := range DemoCustomers() {
		licences := DemoLicences(i, c)
		vendor := VendorLicences(i, c)
		switch {
		case c.Seats == 0:
			assert.Empty(t, licences, c.Name)
			continue
		case c.Situation.Left():
			assert.Empty(t, vendor, "%s left: nothing active at the distributor", c.Name)
			continue
		}
		require.NotEmpty(t, licences, c.Name)
		require.Equal(t, main, licences[0].Product.PSAName, "%s holds the main licence first", c.Name)
		billed := BilledQuantity(i, c, licences[0])
		switch c.Situation {
		case LargeIncrease:
			assert.Equal(t, licences[0].Quantity-LargeDrift, billed, c.Name)
		case LargeDecrease:
			assert.Equal(t, licences[0].Quantity+LargeDrift, billed, c.Name)
		}
		hasMain := len(vendor) > 0 && vendor[0].Product.PSAName == main
		assert.Equal(t, c.Situation != CancelledAtVendor, hasMain, "%s at the distributor", c.Name)
		if n := DemoNewProductSeats(c); n > 0 {
			assert.Equal(t, Licence{Product: DemoNewProduct(), Quantity: n}, vendor[len(vendor)-1], c.Name)
		}
	}
}

func TestPartnerCostIsTheDistributorsWhenItDiffers(t *testing.T) {
	drift := 0
	for _, p := range DemoProducts() {
		if p.PartnerCost() != p.UnitCost {
			drift++
			assert.Equal(t, p.DistributorCost, p.PartnerCost())
		}
	}
	assert.Equal(t, 1, drift, "one product's cost drifted")
}
