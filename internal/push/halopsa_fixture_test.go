package push_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/halopsa"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
	"github.com/trueup/trueup/internal/store"
)

// haloTenant is one client (11) with one recurring invoice (300) of two lines: 5001, 25 seats
// of Business Premium, and 5002, 4 of Backup; and the items to add lines from.
func haloTenant() *halosim.Dataset {
	return &halosim.Dataset{
		Clients: []halosim.Client{{ID: 11, Name: "Acme"}},
		Invoices: []halosim.RecurringInvoice{{ID: 300, ClientID: 11, ClientName: "Acme", Reference: "Acme monthly",
			NextCreationDate: "2027-01-01T00:00:00", Lines: []halosim.InvoiceLine{
				{ID: 5001, IHID: 300, ItemID: 21, ItemCode: "M365-BP", ItemShortDescription: "Microsoft 365 Business Premium",
					QtyOrder: 25, UnitPrice: 22, UnitCost: 18.5, BasePrice: 22, NetAmount: 550, SequenceID: 1, QuantityType: 2},
				{ID: 5002, IHID: 300, ItemID: 22, ItemCode: "BACKUP", ItemShortDescription: "Backup <daily> & weekly",
					QtyOrder: 4, UnitPrice: 10, UnitCost: 6, BasePrice: 10, NetAmount: 40, SequenceID: 2, StartDate: "2026-01-01T00:00:00"},
			}}},
		Items: []halosim.Item{
			{ID: 21, Name: "Microsoft 365 Business Premium", RecurringPrice: 22, RecurringCost: 18.5, CostPrice: 18.5},
			{ID: 22, Name: "Backup", RecurringPrice: 10, RecurringCost: 6, CostPrice: 6},
			{ID: 23, Name: "Microsoft 365 E3", RecurringPrice: 36, RecurringCost: 33, CostPrice: 33},
		},
	}
}

// haloFixture is a simulated Halo instance and a real SQLite store that has synced it.
type haloFixture struct {
	sim    *halosim.Server
	store  *store.Store
	dbPath string
	in     store.Integration
}

func newHaloFixture(t *testing.T) *haloFixture {
	t.Helper()
	s := halosim.New(haloTenant(), halosim.Options{})
	base, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	f := &haloFixture{sim: s, dbPath: filepath.Join(t.TempDir(), "trueup.db")}
	f.store = openStore(t, f.dbPath)
	f.in, err = f.store.CreateIntegration(context.Background(), store.Integration{Name: "halo", Kind: string(connector.KindHaloPSA), BaseURL: base})
	require.NoError(t, err)
	ag, err := connector.Encode(connector.Agreement{ID: "300", AccountID: "11", Name: "Acme monthly", Status: "Active", Raw: json.RawMessage(`{}`)})
	require.NoError(t, err)
	require.NoError(t, f.store.UpdateCachedRecord(context.Background(), f.in.ID, ag[0]))
	lines, err := connector.Encode(
		connector.ServiceLine{ID: "5001", AgreementID: "300", AccountID: "11", ProductID: "21", ProductName: "Microsoft 365 Business Premium", Quantity: 25, Raw: json.RawMessage(`{}`)},
		connector.ServiceLine{ID: "5002", AgreementID: "300", AccountID: "11", ProductID: "22", ProductName: "Backup", Quantity: 4, Raw: json.RawMessage(`{}`)})
	require.NoError(t, err)
	for _, l := range lines {
		require.NoError(t, f.store.UpdateCachedRecord(context.Background(), f.in.ID, l))
	}
	return f
}

func haloConfig(base string, hc *http.Client) connector.Config {
	creds := halosim.DemoCredentials()
	return connector.Config{Name: "halo", BaseURL: base, HTTPClient: hc,
		Settings: map[string]string{halopsa.SettingTenant: creds.Tenant},
		Secrets:  map[string]string{halopsa.SecretClientID: creds.ClientID, halopsa.SecretClientSecret: creds.ClientSecret}}
}

func (f *haloFixture) writer(t *testing.T) *halopsa.Writer {
	t.Helper()
	// A short timeout: the hang fault holds the answer until the client gives up.
	w, err := halopsa.NewWriter(haloConfig(f.sim.BaseURL(), &http.Client{Timeout: 2 * time.Second}))
	require.NoError(t, err)
	return w
}

func (f *haloFixture) worker(t *testing.T, hooks push.Hooks) *push.Worker {
	t.Helper()
	return &push.Worker{IntegrationID: f.in.ID, PSA: f.writer(t), Outbox: f.store, Hooks: hooks}
}

func (f *haloFixture) approve(t *testing.T, writes ...reconcile.Write) []store.OutboxEntry {
	t.Helper()
	var entries []store.NewOutboxEntry
	for _, w := range writes {
		b, err := json.Marshal(w)
		require.NoError(t, err)
		entries = append(entries, store.NewOutboxEntry{IntegrationID: f.in.ID, Key: w.Key, Write: b})
	}
	_, out, err := f.store.Approve(context.Background(), store.Decision{CardID: "c1", Cycle: "2026-12", Action: store.ActionApprove,
		VendorQuantity: "27", PSAQuantity: "25", TargetQuantity: "27", OSUser: "dana"}, entries)
	require.NoError(t, err)
	return out
}

func (f *haloFixture) entry(t *testing.T, id int64) store.OutboxEntry {
	t.Helper()
	e, err := f.store.OutboxEntry(context.Background(), id)
	require.NoError(t, err)
	return e
}

func (f *haloFixture) pass(t *testing.T) push.Result {
	t.Helper()
	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), true)
	require.NoError(t, err)
	return res
}

func (f *haloFixture) line(t *testing.T, id int) halosim.InvoiceLine {
	t.Helper()
	l, ok := f.sim.Line(300, id)
	require.True(t, ok, "Halo has line %d", id)
	return l
}

// cachedLine is the service line the cache holds now.
func (f *haloFixture) cachedLine(t *testing.T, id string) connector.ServiceLine {
	t.Helper()
	rec, err := f.store.CachedRecord(context.Background(), f.in.ID, connector.EntityServiceLines, id)
	require.NoError(t, err)
	l, err := connector.Decode[connector.ServiceLine](rec)
	require.NoError(t, err)
	return l
}

// cachedLineGone reports whether the cache no longer counts service line id.
func (f *haloFixture) cachedLineGone(t *testing.T, id string) bool {
	t.Helper()
	rec, err := f.store.CachedRecord(context.Background(), f.in.ID, connector.EntityServiceLines, id)
	if errors.Is(err, store.ErrNotFound) {
		return true
	}
	require.NoError(t, err)
	l, err := connector.Decode[connector.ServiceLine](rec)
	require.NoError(t, err)
	return l.Cancelled
}

// rawLine is line id of invoice 300 exactly as Halo sends it now.
func (f *haloFixture) rawLine(t *testing.T, id string) string {
	t.Helper()
	header, err := f.writer(t).ReadRecurringInvoice(context.Background(), "300")
	require.NoError(t, err)
	line, found, err := push.HaloLineOf(header, id)
	require.NoError(t, err)
	require.True(t, found)
	return string(line)
}

// haloQuantityWrite is the plan's change of line 5001 on invoice 300 from 25 to 27.
func haloQuantityWrite() reconcile.Write {
	return reconcile.Write{PSA: connector.KindHaloPSA, Kind: reconcile.WriteQuantity, Method: "POST", Path: reconcile.HaloRecurringInvoicePath,
		Field: reconcile.HaloQtyField, Expected: json.RawMessage(`25`), Target: json.RawMessage(`27`), Key: "c1/2026-12/quantity",
		AgreementID: "300", AgreementName: "Acme monthly", LineID: "5001"}
}

// haloNewLineKey is the marker of the new line haloNewLineWrite creates.
var haloNewLineKey = reconcile.MarkerKey(reconcile.CardID("halo", "11", "23"), reconcile.Cycle{Y: 2026, M: 12}, reconcile.WriteNewLine)

// haloNewLineWrite is the plan's new E3 line of 3 seats on invoice 300.
func haloNewLineWrite() reconcile.Write {
	body := fmt.Sprintf(`{"_itemid":23,"item_shortdescription":"Microsoft 365 E3 %s","qty_order":3,"unit_price":36.00,"unit_cost":33.00}`, reconcile.MarkerTag(haloNewLineKey))
	return reconcile.Write{PSA: connector.KindHaloPSA, Kind: reconcile.WriteNewLine, Method: "POST", Path: reconcile.HaloRecurringInvoicePath,
		Body: json.RawMessage(body), Field: reconcile.HaloQtyField, Target: json.RawMessage(`3`), Marker: haloNewLineKey,
		Key: "c2/2026-12/new_line", AgreementID: "300", AgreementName: "Acme monthly"}
}

// createdLine pushes haloNewLineWrite, so that Halo holds line 5003 marked as added by
// TrueUp, and returns the revert that removes it, built as the ledger's Revert builds it.
func (f *haloFixture) createdLine(t *testing.T) reconcile.Write {
	t.Helper()
	f.approve(t, haloNewLineWrite())
	require.Equal(t, push.Result{Pushed: 1}, f.pass(t))
	rv, err := reconcile.RevertWrite(haloNewLineWrite(), "5003", reconcile.Date{})
	require.NoError(t, err)
	require.Equal(t, reconcile.WriteRemoveLine, rv.Kind)
	return rv
}
