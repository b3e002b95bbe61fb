package halopsa

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

func byID[T any](rows []T, id func(T) string) map[string]T {
	out := map[string]T{}
	for _, r := range rows {
		out[id(r)] = r
	}
	return out
}

// The demo instance's situations arrive as the facts the visibility rules judge.
func TestFullSyncMapsHaloRecords(t *testing.T) {
	data := halosim.DemoDataset(testToday)
	_, base := startSim(t, data, halosim.Options{})
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials()), full())
	require.NoError(t, err)
	require.Empty(t, rec.Failures)

	accounts := byID(rec.Accounts, func(a connector.Account) string { return a.ID })
	agreements := byID(rec.Agreements, func(a connector.Agreement) string { return a.ID })
	lines := byID(rec.ServiceLines, func(l connector.ServiceLine) string { return l.ID })
	products := byID(rec.Products, func(p connector.Product) string { return p.ID })
	assert.Len(t, accounts, len(data.Clients), "inactive clients are read too")
	assert.Len(t, agreements, len(data.Invoices))
	assert.Len(t, products, len(data.Items), "inactive items are read too")

	for _, c := range data.Clients {
		a := accounts[strconv.Itoa(c.ID)]
		assert.Equal(t, c.Name, a.Name)
		assert.Equal(t, !c.Inactive, a.Active, c.Name)
	}
	contracts := map[int]halosim.Contract{}
	for _, ct := range data.Contracts {
		contracts[ct.ID] = ct
	}
	for _, inv := range data.Invoices {
		ag := agreements[strconv.Itoa(inv.ID)]
		ct := contracts[inv.ContractID]
		assert.Equal(t, strconv.Itoa(inv.ClientID), ag.AccountID)
		assert.Equal(t, inv.Reference, ag.Name)
		assert.Equal(t, ct.StartDate[:10], ag.StartDate, inv.ClientName)
		switch {
		case inv.Disabled:
			assert.Equal(t, StatusInvoiceDisabled, ag.Status, inv.ClientName)
		case !ct.Active:
			assert.Equal(t, StatusContractInactive, ag.Status, inv.ClientName)
		default:
			assert.Equal(t, StatusActive, ag.Status, inv.ClientName)
		}
		if ct.EndDate != "" {
			assert.Equal(t, ct.EndDate[:10], ag.EndDate)
		}
		assert.NotContains(t, string(ag.Raw), `"lines"`, "the header's raw record leaves its lines to the lines")
		for _, l := range inv.Lines {
			sl := lines[strconv.Itoa(l.ID)]
			assert.Equal(t, strconv.Itoa(inv.ID), sl.AgreementID)
			assert.Equal(t, strconv.Itoa(inv.ClientID), sl.AccountID)
			assert.Equal(t, strconv.Itoa(l.ItemID), sl.ProductID)
			assert.Equal(t, l.ItemShortDescription, sl.ProductName)
			assert.Equal(t, l.QtyOrder, sl.Quantity)
			assert.Equal(t, l.UnitPrice, sl.UnitPrice)
			assert.Equal(t, l.UnitCost, sl.UnitCost)
			assert.Equal(t, l.IsInactive, sl.Cancelled)
			if l.EndDate != "" {
				assert.Equal(t, l.EndDate[:10], sl.CancelledDate)
			}
			assert.JSONEq(t, string(mustJSON(t, l)), string(sl.Raw))
		}
	}
	for _, it := range data.Items {
		p := products[strconv.Itoa(it.ID)]
		assert.Equal(t, it.Name, p.Name)
		assert.Equal(t, it.RecurringPrice, p.Price)
		assert.Equal(t, it.RecurringCost, p.Cost)
		assert.Equal(t, it.SupplierPartCode, p.VendorSKU)
		assert.Equal(t, it.Inactive, p.Inactive)
	}
}

// QuickSync has no change filter to use: it reads everything, Puts it for the cache to
// diff, and marks every entity complete so deletions in Halo disappear.
func TestQuickSyncDiffsOnOurSide(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	c := newConn(t, base, halosim.DemoCredentials())
	first, err := runSync(t, c, full())
	require.NoError(t, err)

	inv := srv.Snapshot().Invoices[1]
	changed, gone := inv.Lines[0], inv.Lines[len(inv.Lines)-1]
	require.NoError(t, srv.SetLineQuantity(changed.ID, changed.QtyOrder+3))
	require.NoError(t, srv.DeleteLine(gone.ID))
	deletedInvoice := srv.Snapshot().Invoices[0].ID
	require.NoError(t, srv.DeleteInvoice(deletedInvoice))
	deletedClient := srv.Snapshot().Clients[len(srv.Snapshot().Clients)-1].ID
	require.NoError(t, srv.DeleteClient(deletedClient))

	rec, err := runSync(t, c, quick())
	require.NoError(t, err)
	assert.Empty(t, rec.Failures)
	lines := byID(rec.ServiceLines, func(l connector.ServiceLine) string { return l.ID })
	assert.Equal(t, changed.QtyOrder+3, lines[strconv.Itoa(changed.ID)].Quantity, "the change is read")
	assert.True(t, rec.Drops(connector.EntityServiceLines, strconv.Itoa(gone.ID)), "a deleted line leaves the cache")
	assert.True(t, rec.Drops(connector.EntityAgreements, strconv.Itoa(deletedInvoice)), "a deleted invoice leaves the cache")
	assert.True(t, rec.Drops(connector.EntityAccounts, strconv.Itoa(deletedClient)), "a deleted client leaves the cache")
	assert.Len(t, rec.Products, len(first.Products))
	assert.ElementsMatch(t, []connector.Scope{{Entity: connector.EntityAccounts}, {Entity: connector.EntityAgreements},
		{Entity: connector.EntityServiceLines}, {Entity: connector.EntityProducts}}, rec.Completed)
	assert.Contains(t, logText(rec, "", connector.LevelInfo), "HaloPSA has no change filter: read all")
}

// A since-date run reads everything too, but claims no completeness (it never drops rows).
func TestSinceSyncReadsEverythingAndDropsNothing(t *testing.T) {
	_, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials()),
		connector.Request{Mode: connector.ModeSince, Since: testToday.AddDate(0, 0, -3)})
	require.NoError(t, err)
	assert.Empty(t, rec.Completed)
	assert.NotEmpty(t, rec.ServiceLines)
	assert.Contains(t, logText(rec, "", connector.LevelInfo), "HaloPSA has no change filter: read everything instead of only what changed since")
}

func Test429IsRetriedAfterRetryAfter(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	srv.AddFault(halosim.Fault{PathContains: "/api/Item", Status: http.StatusTooManyRequests, RetryAfter: "7", Times: 2})
	sl := &sleeps{}
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withSleeps(sl)), full())
	require.NoError(t, err)
	assert.Empty(t, rec.Failures)
	assert.NotEmpty(t, rec.Products)
	assert.Equal(t, []time.Duration{7 * time.Second, 7 * time.Second}, sl.All())
	assert.Contains(t, logText(rec, "http", connector.LevelWarn), "429")
}

func Test429WithoutRetryAfterBacksOff(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	srv.AddFault(halosim.Fault{PathContains: "/api/ClientContract", Status: http.StatusTooManyRequests, Times: 3})
	sl := &sleeps{}
	_, err := runSync(t, newConn(t, base, halosim.DemoCredentials(), withSleeps(sl)), full())
	require.NoError(t, err)
	waits := sl.All()
	require.Len(t, waits, 3)
	for _, w := range waits {
		assert.Positive(t, w)
	}
}

// A list Halo keeps refusing is a section failure: the run is partial, and the cached rows
// of that list's entities stay as they were.
func TestAListThatKeepsFailingIsASectionFailure(t *testing.T) {
	tests := []struct {
		path     string
		status   int
		entities []connector.Entity
	}{
		{"/api/Item", http.StatusTooManyRequests, []connector.Entity{connector.EntityProducts}},
		{"/api/Client?", http.StatusInternalServerError, []connector.Entity{connector.EntityAccounts}},
		{"/api/ClientContract", http.StatusBadGateway, []connector.Entity{connector.EntityAgreements, connector.EntityServiceLines}},
		{"/api/RecurringInvoice", http.StatusServiceUnavailable, []connector.Entity{connector.EntityAgreements, connector.EntityServiceLines}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
			srv.AddFault(halosim.Fault{PathContains: tc.path, Status: tc.status, Times: -1})
			rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials()), quick())
			require.NoError(t, err)
			var scopes []connector.Entity
			for _, f := range rec.Failures {
				scopes = append(scopes, f.Scope.Entity)
			}
			assert.ElementsMatch(t, tc.entities, scopes)
			for _, e := range tc.entities {
				assert.NotContains(t, rec.Completed, connector.Scope{Entity: e}, "a failed entity is never declared complete")
			}
			assert.Contains(t, logText(rec, "", connector.LevelError), "sync again later")
		})
	}
}

func TestEveryListFailedFailsTheRun(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	srv.AddFault(halosim.Fault{PathContains: "/api/", Status: http.StatusBadGateway, Times: -1})
	rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials()), quick())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "answered none of the lists")
	assert.Empty(t, rec.Failures)
	assert.Empty(t, rec.Records)
}

func TestForbiddenIsAnAuthErrorThatSaysWhichPermission(t *testing.T) {
	srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
	srv.AddFault(halosim.Fault{PathContains: "/api/RecurringInvoice", Status: http.StatusForbidden, Times: -1})
	_, err := runSync(t, newConn(t, base, halosim.DemoCredentials()), full())
	require.Error(t, err)
	assert.True(t, connector.IsAuth(err))
	assert.Contains(t, connector.UserMessage(err), "recurring invoices")
}

// Bad payloads fail the section of the list that carried them, with a message that says
// what to check; other lists are stored.
func TestBadPayloads(t *testing.T) {
	tests := []struct{ name, path, body string }{
		{"not JSON", "/api/Client", `<html>maintenance</html>`},
		{"rows key missing", "/api/Client", `{"record_count":3}`},
		{"rows not a list", "/api/Client", `{"record_count":1,"clients":{"id":1}}`},
		{"a row that is not an object", "/api/Client", `{"record_count":1,"clients":[17]}`},
		{"a field of the wrong type", "/api/Item", `{"record_count":1,"items":[{"id":1,"name":"x","baseprice":{"v":1}}]}`},
		{"lines not a list", "/api/RecurringInvoice", `{"record_count":1,"invoices":[{"id":1,"client_id":101,"lines":"none"}]}`},
		{"a line with a bad quantity", "/api/RecurringInvoice", `{"record_count":1,"invoices":[{"id":1,"client_id":101,"lines":[{"id":2,"qty_order":"many"}]}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
			srv.AddFault(halosim.Fault{PathContains: tc.path + "?", Status: 200, Body: tc.body, Times: -1})
			rec, err := runSync(t, newConn(t, base, halosim.DemoCredentials()), full())
			require.NoError(t, err)
			require.NotEmpty(t, rec.Failures)
			assert.NotEmpty(t, rec.Records, "the other lists are stored")
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
