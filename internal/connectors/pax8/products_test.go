package pax8

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/sim"
	simpax8 "github.com/trueup/trueup/internal/sim/pax8"
)

// The products read to name subscriptions are stored as records of the products entity,
// with Pax8's SKU and the vendor SKU that ties them to PSA catalog items.
func TestProductsAreStoredAsRecords(t *testing.T) {
	data := simpax8.DemoDataset(testToday)
	_, base := startSim(t, data, simpax8.Options{})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), full())
	require.NoError(t, err)

	used := map[string]bool{}
	for _, s := range data.Subscriptions {
		used[s.ProductID] = true
	}
	require.Len(t, rec.Products, len(used), "one record per product the subscriptions use")
	byName := map[string]connector.Product{}
	for _, p := range rec.Products {
		assert.True(t, used[p.ID], p.ID)
		byName[p.Name] = p
	}
	first := sim.DemoProducts()[0]
	p, ok := byName[first.VendorName]
	require.True(t, ok, "the demo's first licence product is stored")
	assert.Equal(t, first.VendorSKU(), p.VendorSKU)
	assert.Equal(t, first.Vendor, p.Vendor)
	assert.NotEmpty(t, p.Identifier, "Pax8's own SKU")
	assert.NotEmpty(t, p.Raw)
}

// A QuickSync that could not read one product does not claim the products complete, so
// the cached record of that product stays.
func TestQuickSyncWithAnUnreadableProductKeepsCachedProducts(t *testing.T) {
	data := simpax8.DemoDataset(testToday)
	srv, base := startSim(t, data, simpax8.Options{})
	srv.AddFault(simpax8.Fault{PathContains: "/v1/products/" + data.Subscriptions[0].ProductID, Status: 500, Times: -1})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeQuick, Since: testToday})
	require.NoError(t, err)
	assert.NotContains(t, rec.IDs(connector.EntityProducts), data.Subscriptions[0].ProductID)
	assert.NotEmpty(t, rec.Products)
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityProducts})
}
