package connectwise

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/sim"
)

// Every addition's product is a catalog item with the same identifier, and the licence
// items carry the distributor's vendor SKU, so a PSA product can be matched with a vendor's.
func TestCatalogHoldsEveryAdditionsProduct(t *testing.T) {
	for name, d := range map[string]*Dataset{
		"demo":  DemoDataset(testToday),
		"large": LargeDataset(7, 20, 30, 200, testToday),
	} {
		t.Run(name, func(t *testing.T) {
			items := map[int]CatalogItem{}
			for _, c := range d.Catalog {
				items[c.ID] = c
			}
			for _, a := range d.Additions {
				c, ok := items[a.Product.ID]
				require.True(t, ok, "addition %d's product %d is not in the catalog", a.ID, a.Product.ID)
				assert.Equal(t, c.Identifier, a.Product.Identifier)
				assert.False(t, c.InactiveFlag, "an inactive item is not sold")
			}
			for k, p := range sim.DemoProducts() {
				assert.Equal(t, p.VendorSKU(), items[productLicenceBase+k].VendorSku)
			}
		})
	}
}

func TestDemoBillingFacts(t *testing.T) {
	var noCharge, included int
	for _, a := range DemoDataset(testToday).Additions {
		if a.BillCustomer == "NoCharge" {
			noCharge++
			assert.Zero(t, a.BilledQuantity, "a NoCharge line bills nothing")
		}
		if a.LessIncluded > 0 {
			included++
			assert.Equal(t, a.Quantity-a.LessIncluded, a.BilledQuantity)
		}
	}
	assert.Positive(t, noCharge)
	assert.Positive(t, included)
}

func TestCatalogEndpoint(t *testing.T) {
	now := testToday.Add(9 * time.Hour)
	s := start(t, DemoDataset(testToday), Options{Now: func() time.Time { return now }})
	all := rows(t, get(t, s, "/procurement/catalog", url.Values{"pageSize": {"1000"}}))
	require.Len(t, all, len(sim.DemoProducts())+6) // the licences, the new product, 4 services and a retired one
	assert.Equal(t, "M365-BUSINESS-PREMIUM", all[0]["identifier"])
	assert.Contains(t, all[0], "vendorSku")

	// Forward-only paging, like every other list.
	fwd := func(r *http.Request) { r.Header.Set("pagination-type", "forward-only") }
	first := get(t, s, "/procurement/catalog", url.Values{"pageSize": {"3"}}, fwd)
	assert.Len(t, rows(t, first), 3)
	assert.Contains(t, first.header.Get("Link"), "pageId=")

	require.NoError(t, s.SetCatalogPrice(productLicenceBase, 27.5))
	changed := rows(t, get(t, s, "/procurement/catalog", url.Values{"conditions": {"lastUpdated > [" + testToday.Format(time.RFC3339) + "]"}}))
	require.Len(t, changed, 1, "an edit moves the item's stamp")
	assert.Equal(t, 27.5, changed[0]["price"])

	one := get(t, s, "/procurement/catalog/499", nil)
	assert.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, http.StatusNotFound, get(t, s, "/procurement/catalog/12345", nil).status)
}
