package connectwise

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/sim"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// A Full Sync reads the whole product catalog, and every line's product is in it.
func TestFullSyncReadsTheCatalog(t *testing.T) {
	data := cwsim.DemoDataset(testToday)
	srv := startSim(t, data, cwsim.Options{})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	rec := fullSync(t, c)

	require.Len(t, rec.Products, len(data.Catalog))
	assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityProducts})
	byID := map[string]connector.Product{}
	for _, p := range rec.Products {
		byID[p.ID] = p
	}
	for _, l := range rec.ServiceLines {
		_, ok := byID[l.ProductID]
		assert.True(t, ok, "line %s's product %s is in the catalog", l.ID, l.ProductID)
	}
	first := sim.DemoProducts()[0]
	p := byID["301"]
	assert.Equal(t, first.PSAName, p.Name)
	assert.Equal(t, first.VendorSKU(), p.VendorSKU, "the vendor SKU ties the PSA product to the distributor's")
	assert.Equal(t, first.Vendor, p.Vendor)
	assert.Equal(t, first.UnitPrice, p.Price)
	assert.Equal(t, first.UnitCost, p.Cost)
	assert.True(t, p.Recurring)
	assert.True(t, byID["499"].Inactive)
}

// A QuickSync reads only the catalog items changed since the products' own watermark, and
// sweeps the catalog's ids so deleted items go.
func TestQuickSyncReadsChangedCatalogItems(t *testing.T) {
	clock := sim.NewClock(testToday)
	srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{Now: clock.Now})
	c, _ := newConn(t, srv, cwsim.DemoCredentials())
	full := fullSync(t, c)
	wm := newestStamp(full)
	clock.Advance(time.Hour)
	require.NoError(t, srv.SetCatalogPrice(302, 16.25))

	rec := &retainSink{}
	req := connector.Request{Mode: connector.ModeQuick, Since: wm, Watermarks: map[connector.Entity]time.Time{
		connector.EntityAccounts: wm, connector.EntityAgreements: wm, connector.EntityProducts: wm,
	}}
	require.NoError(t, c.Sync(context.Background(), req, rec))
	require.Empty(t, rec.Failures)
	require.Equal(t, []string{"302"}, rec.IDs(connector.EntityProducts))
	assert.Equal(t, 16.25, rec.Products[0].Price)
	assert.Len(t, rec.Retained[connector.EntityProducts], len(full.Products), "the id sweep lists every item")
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityProducts})
}

// An API member without the catalog permission still syncs companies, agreements and
// lines: only the catalog section fails, and the message says which permission to add.
func TestCatalogWithoutPermissionFailsOnlyItsSection(t *testing.T) {
	for _, status := range []int{403, 404} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
			srv.AddFault(cwsim.Fault{PathContains: "/procurement/catalog", Status: status, Times: -1})
			c, _ := newConn(t, srv, cwsim.DemoCredentials())
			rec := &retainSink{}
			require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
			require.Len(t, rec.Failures, 1)
			assert.Equal(t, connector.Scope{Entity: connector.EntityProducts}, rec.Failures[0].Scope)
			assert.NotEmpty(t, rec.ServiceLines)
			assert.Contains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines})
			assert.Contains(t, logTexts(rec, secCatalog)[0], "Procurement > Product Catalog")
		})
	}
}
