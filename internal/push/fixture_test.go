package push_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/connectwise"
	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/reconcile"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/store"
)

// tenant is one agreement (1001, company 11) with one addition (5001) of quantity, and a
// catalog to add lines from.
func tenant(quantity float64) *cwsim.Dataset {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	return &cwsim.Dataset{
		Companies:  []cwsim.Company{{ID: 11, Identifier: "Acme", Name: "Acme", Info: cwsim.Info{LastUpdated: at}}},
		Agreements: []cwsim.Agreement{{ID: 1001, Name: "Managed", Company: cwsim.Ref{ID: 11}, AgreementStatus: "Active", Info: cwsim.Info{LastUpdated: at}}},
		Additions: []cwsim.Addition{{ID: 5001, AgreementID: 1001, Product: cwsim.Ref{ID: 301, Identifier: "M365-BP"}, Quantity: quantity,
			UnitPrice: 22, UnitCost: 18.5, BillCustomer: "Billable", EffectiveDate: "2026-01-01T00:00:00Z",
			Description: "Microsoft 365 Business Premium", Info: cwsim.Info{LastUpdated: at}}},
		Catalog: []cwsim.CatalogItem{
			{ID: 301, Identifier: "M365-BP", Description: "Microsoft 365 Business Premium", Price: 22, Cost: 18.5, Info: cwsim.Info{LastUpdated: at}},
			{ID: 302, Identifier: "M365-E3", Description: "Microsoft 365 E3", Price: 36, Cost: 33, Info: cwsim.Info{LastUpdated: at}},
		},
	}
}

// fixture is a simulated ConnectWise tenant, a real SQLite store that has synced it (the
// agreement and its line are cached), and a switch that takes the PSA off the network.
type fixture struct {
	sim    *cwsim.Server
	store  *store.Store
	dbPath string
	in     store.Integration
	// down makes every new connection to the PSA a refused one (a real refused dial to a
	// closed port), as when the PSA or the network is down.
	down   atomic.Bool
	closed string
}

func newFixture(t *testing.T, quantity float64) *fixture {
	t.Helper()
	s := cwsim.New(tenant(quantity), cwsim.Options{})
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	f := &fixture{sim: s, dbPath: filepath.Join(t.TempDir(), "trueup.db")}
	f.store = openStore(t, f.dbPath)
	f.in, err = f.store.CreateIntegration(context.Background(), store.Integration{Name: "cw", Kind: string(connector.KindConnectWise), BaseURL: s.BaseURL()})
	require.NoError(t, err)
	recs, err := connector.Encode(connector.Agreement{ID: "1001", AccountID: "11", Name: "Managed", Status: "Active", Raw: json.RawMessage(`{}`)})
	require.NoError(t, err)
	require.NoError(t, f.store.UpdateCachedRecord(context.Background(), f.in.ID, recs[0]))
	lines, err := connector.Encode(connector.ServiceLine{ID: "5001", AgreementID: "1001", AccountID: "11", ProductID: "301",
		ProductName: "Microsoft 365 Business Premium", Quantity: quantity, Raw: json.RawMessage(`{}`)})
	require.NoError(t, err)
	require.NoError(t, f.store.UpdateCachedRecord(context.Background(), f.in.ID, lines[0]))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	f.closed = ln.Addr().String()
	require.NoError(t, ln.Close())
	return f
}

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// writer is a ConnectWise Writer for the simulator, through the fixture's network switch.
func (f *fixture) writer(t *testing.T, creds cwsim.Credentials) *connectwise.Writer {
	t.Helper()
	var d net.Dialer
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if f.down.Load() {
				addr = f.closed
			}
			return d.DialContext(ctx, network, addr)
		},
		DisableKeepAlives: true, // every request dials, so the switch takes effect at once
	}}
	w, err := connectwise.NewWriter(cwConfig(f.sim.BaseURL(), creds, hc))
	require.NoError(t, err)
	return w
}

func cwConfig(base string, creds cwsim.Credentials, hc *http.Client) connector.Config {
	return connector.Config{
		Name:       "cw",
		BaseURL:    base,
		HTTPClient: hc,
		Settings:   map[string]string{connectwise.SettingCompany: creds.Company, connectwise.SettingClientID: creds.ClientID},
		Secrets:    map[string]string{connectwise.SecretPublicKey: creds.PublicKey, connectwise.SecretPrivateKey: creds.PrivateKey},
	}
}

func (f *fixture) worker(t *testing.T, hooks push.Hooks) *push.Worker {
	t.Helper()
	return &push.Worker{IntegrationID: f.in.ID, PSA: f.writer(t, cwsim.DemoCredentials()), Outbox: f.store, Hooks: hooks}
}

// approve records a decision with writes, as the review screen does.
func (f *fixture) approve(t *testing.T, writes ...reconcile.Write) []store.OutboxEntry {
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

func (f *fixture) entry(t *testing.T, id int64) store.OutboxEntry {
	t.Helper()
	e, err := f.store.OutboxEntry(context.Background(), id)
	require.NoError(t, err)
	return e
}

// quantityWrite is the plan's PATCH of addition 5001 from 25 to 27.
func quantityWrite() reconcile.Write {
	return reconcile.Write{Kind: reconcile.WriteQuantity, Method: "PATCH", Path: "/finance/agreements/1001/additions/5001",
		Body: json.RawMessage(`[{"op":"replace","path":"quantity","value":27}]`), Field: "quantity",
		Expected: json.RawMessage(`25`), Target: json.RawMessage(`27`), Key: "c1/2026-12/quantity", AgreementID: "1001", LineID: "5001"}
}

// costWrite is the plan's PATCH of catalog item 302's cost from 33 to 35.
func costWrite() reconcile.Write {
	return reconcile.Write{Kind: reconcile.WriteCost, Method: "PATCH", Path: "/procurement/catalog/302",
		Body: json.RawMessage(`[{"op":"replace","path":"cost","value":35.00}]`), Field: "cost",
		Expected: json.RawMessage(`33.00`), Target: json.RawMessage(`35.00`), Key: "cost/cw/302/35.00"}
}

// newLineKey is the marker of the new line newLineWrite creates.
var newLineKey = reconcile.MarkerKey(reconcile.CardID("cw", "11", "302"), reconcile.Cycle{Y: 2026, M: 12}, reconcile.WriteNewLine)

// newLineWrite is the plan's POST of a new E3 line of 3 seats on agreement 1001.
func newLineWrite() reconcile.Write {
	body := fmt.Sprintf(`{"product":{"id":302},"quantity":3,"unitPrice":36.00,"unitCost":33.00,"billCustomer":"Billable",`+
		`"effectiveDate":"2027-01-01T00:00:00Z","description":"Microsoft 365 E3 %s"}`, reconcile.MarkerTag(newLineKey))
	return reconcile.Write{Kind: reconcile.WriteNewLine, Method: "POST", Path: "/finance/agreements/1001/additions",
		Body: json.RawMessage(body), Marker: newLineKey, Key: "c2/2026-12/new_line", AgreementID: "1001"}
}

// cachedLine is the service line the cache holds now.
func (f *fixture) cachedLine(t *testing.T, id string) connector.ServiceLine {
	t.Helper()
	rec, err := f.store.CachedRecord(context.Background(), f.in.ID, connector.EntityServiceLines, id)
	require.NoError(t, err)
	l, err := connector.Decode[connector.ServiceLine](rec)
	require.NoError(t, err)
	return l
}

// createdLine pushes newLineWrite, so that ConnectWise holds line 5002, marked as added by
// TrueUp, and returns the revert that removes it, built as the ledger's Revert builds it.
func (f *fixture) createdLine(t *testing.T) reconcile.Write {
	t.Helper()
	f.approve(t, newLineWrite())
	res, err := f.worker(t, push.Hooks{}).Pass(context.Background(), false)
	require.NoError(t, err)
	require.Equal(t, push.Result{Pushed: 1}, res)
	rv, err := reconcile.RevertWrite(newLineWrite(), "5002", reconcile.Date{})
	require.NoError(t, err)
	require.Equal(t, "DELETE", rv.Method)
	return rv
}

// cachedLineGone reports whether the cache no longer holds service line id as a line that
// counts: not cached, or kept as a cancelled line, which the visibility rules hide.
func (f *fixture) cachedLineGone(t *testing.T, id string) bool {
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
