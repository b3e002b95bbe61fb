package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// demoToday is the fixed day the demo tests sync on (the demo data is relative to it).
var demoToday = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// syncedDemo is the demo tenant synced through the real connectors into a workspace's
// cache, read back as the cache holds it.
type syncedDemo struct {
	cwID, paxID int64
	cw, pax     store.Snapshot
}

func syncDemo(t *testing.T) syncedDemo {
	t.Helper()
	ctx := context.Background()
	sims, err := Start(connector.KindConnectWise, demoToday, 0)
	require.NoError(t, err)
	dir := t.TempDir()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: func() time.Time { return demoToday }, Location: time.UTC, OnClose: sims.Close})
	require.NoError(t, err)
	defer ws.Close()
	_, err = sims.Provision(ctx, ws)
	require.NoError(t, err)
	runs, err := ws.Sync().Scope(ctx, "all", "full", "")
	require.NoError(t, err)
	var ids []int64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	require.NoError(t, ws.Sync().Wait(ctx, ids...))

	// The workspace's own card building is another package's; the cache is read here as
	// it is, through a second handle on the same file (SQLite allows it, as another TrueUp
	// process would).
	st, err := store.Open(ctx, filepath.Join(dir, workspace.DatabaseFile))
	require.NoError(t, err)
	defer st.Close()
	var d syncedDemo
	list, err := st.Integrations(ctx)
	require.NoError(t, err)
	for _, in := range list {
		snap, err := st.CacheSnapshot(ctx, in.ID, false)
		require.NoError(t, err)
		switch in.Name {
		case ConnectWiseName:
			d.cwID, d.cw = in.ID, snap
		case Pax8Name:
			d.paxID, d.pax = in.ID, snap
		}
	}
	require.NotEmpty(t, d.cw.ServiceLines)
	require.NotEmpty(t, d.pax.Subscriptions)
	return d
}

// inputs adapts the synced demo to reconcile's inputs with the demo's mappings and notes, as
// the workspace's card service does: visible PSA lines only, integration ids in decimal.
func (d syncedDemo) inputs() reconcile.Inputs {
	cw, pax := strconv.FormatInt(d.cwID, 10), strconv.FormatInt(d.paxID, 10)
	day := reconcile.DateOf(demoToday)
	in := reconcile.Inputs{Cycle: reconcile.CycleOf(day), Today: day}
	for _, m := range Mappings(ConnectWise{}) {
		rm := reconcile.Mapping{VendorIntegration: pax, Kind: m.Kind, VendorID: m.VendorID, Excluded: m.Excluded}
		if !m.Excluded {
			rm.PSAIntegration, rm.PSAID = cw, m.PSAID
		}
		in.Mappings = append(in.Mappings, rm)
	}
	lines := map[string]connector.ServiceLine{}
	for _, l := range d.cw.ServiceLines {
		lines[l.ID] = l
	}
	for _, v := range reconcile.PSALines(d.cw.Accounts, d.cw.Agreements, d.cw.ServiceLines, day.String()) {
		if !v.Visible {
			continue
		}
		l := lines[v.ID]
		bill := reconcile.BillCustomer(l.Billing)
		if bill == "" {
			bill = reconcile.Billable
		}
		in.Lines = append(in.Lines, reconcile.PSALine{Integration: cw, LineID: l.ID, AgreementID: l.AgreementID, AgreementName: v.AgreementName,
			AccountID: v.AccountID, AccountName: v.AccountName, ProductID: l.ProductID, ProductName: l.ProductName, Quantity: l.Quantity,
			LessIncluded: l.LessIncluded, UnitPrice: l.UnitPrice, UnitCost: l.UnitCost, BillCustomer: bill, FetchedAt: demoToday})
	}
	names := map[string]string{}
	for _, a := range d.pax.Accounts {
		names[a.ID] = a.Name
	}
	for _, s := range d.pax.Subscriptions {
		in.Subscriptions = append(in.Subscriptions, reconcile.Subscription{Integration: pax, ID: s.ID, AccountID: s.AccountID,
			AccountName: names[s.AccountID], ProductID: s.ProductID, ProductName: s.ProductName, Quantity: s.Quantity, Active: s.Active,
			Status: s.Status, Term: s.BillingTerm, UnitCost: s.Cost, FetchedAt: demoToday})
	}
	for _, a := range d.cw.Accounts {
		in.Accounts = append(in.Accounts, reconcile.PSAAccount{Integration: cw, ID: a.ID, Name: a.Name})
	}
	for _, p := range d.cw.Products {
		in.Catalog = append(in.Catalog, reconcile.CatalogItem{Integration: cw, ID: p.ID, Name: p.Name, Cost: p.Cost, Price: p.Price})
	}
	for _, n := range Notes(ConnectWise{}) {
		in.Notes = append(in.Notes, reconcile.AccountNote{Integration: cw, AccountID: n.PSAAccountID, Text: n.Text, Tags: n.Tags})
	}
	return in
}

// The demo's data with its mappings yields every case of the true-up (issue 7, section 10),
// and the items it leaves unmapped get the suggestions they are there for.
func TestDemoYieldsEveryTrueUpCase(t *testing.T) {
	d := syncDemo(t)
	in := d.inputs()
	res := reconcile.BuildCards(in)

	states := map[reconcile.CardState]int{}
	flags := map[reconcile.Flag]int{}
	var increase, decrease, largeNew, prorating bool
	agreements := map[string]connector.Agreement{}
	for _, a := range d.cw.Agreements {
		agreements[a.ID] = a
	}
	for _, c := range res.Cards {
		states[c.State]++
		for _, f := range c.Flags {
			flags[f]++
		}
		switch {
		case c.State == reconcile.StateReconcile && c.Difference > 0:
			increase = true
		case c.State == reconcile.StateReconcile && c.Difference < 0:
			decrease = true
		case c.State == reconcile.StateNewRevenue && c.HasFlag(reconcile.FlagLargeChange):
			largeNew = true
		}
		if c.State == reconcile.StateReconcile && c.Target != nil && agreements[c.Target.AgreementID].Prorate {
			prorating = true
		}
	}
	for _, s := range []reconcile.CardState{reconcile.StateReconcile, reconcile.StateNewRevenue, reconcile.StateNoChange, reconcile.StateNoVendorData} {
		assert.Positive(t, states[s], "no %s card", s)
	}
	assert.True(t, increase, "a Reconcile increase")
	assert.True(t, decrease, "a Reconcile decrease")
	assert.True(t, largeNew, "a New Revenue of 10 units or more")
	assert.True(t, prorating, "a Reconcile card on an agreement with prorateFlag")
	for _, f := range []reconcile.Flag{reconcile.FlagLargeChange, reconcile.FlagCostDrift, reconcile.FlagNotBillable,
		reconcile.FlagLessIncluded, reconcile.FlagSeveralAccounts, reconcile.FlagNote} {
		assert.Positive(t, flags[f], "no card flagged %s", f)
	}
	largeReconcile := slices.ContainsFunc(res.Cards, func(c reconcile.Card) bool {
		return c.State == reconcile.StateReconcile && c.Difference.Abs() >= reconcile.Units(10)
	})
	assert.True(t, largeReconcile, "a Reconcile change of 10 units or more")
	assert.True(t, slices.ContainsFunc(res.Costs, func(c reconcile.CostRow) bool { return c.Drift }), "a cost row with drift")

	// What waits behind the mappings left out.
	require.Len(t, res.Unmapped, 1)
	u := res.Unmapped[0]
	assert.Equal(t, len(UnmappedExactAccounts)+len(UnmappedFuzzyAccounts), u.Accounts)
	assert.Equal(t, len(UnmappedProducts), u.Products)

	accounts := map[string]connector.Account{}
	for _, a := range d.pax.Accounts {
		accounts[a.Name] = a
	}
	var items []reconcile.VendorItem
	for _, n := range append(slices.Clone(UnmappedExactAccounts), UnmappedFuzzyAccounts...) {
		a, ok := accounts[n]
		require.True(t, ok, "%s is a Pax8 company", n)
		items = append(items, reconcile.VendorItem{Integration: "pax8", Kind: reconcile.KindAccount, ID: a.ID, Name: a.Name})
	}
	var companies []reconcile.Candidate
	for _, a := range in.Accounts {
		companies = append(companies, reconcile.Candidate{ID: a.ID, Name: a.Name})
	}
	sugg, err := reconcile.Suggest(context.Background(), items, companies, reconcile.SuggestOptions{})
	require.NoError(t, err)
	require.Len(t, sugg, len(items))
	for _, s := range sugg {
		if slices.Contains(UnmappedExactAccounts, s.Item.Name) {
			assert.NotNil(t, s.Exact, "%s has an exact suggestion", s.Item.Name)
			continue
		}
		assert.Nil(t, s.Exact, "%s has no exact suggestion", s.Item.Name)
		require.NotEmpty(t, s.Alternatives, "%s has a fuzzy one", s.Item.Name)
		assert.Equal(t, reconcile.MatchFuzzy, s.Alternatives[0].Match)
		assert.Equal(t, "Eastgate Property Management", s.Alternatives[0].PSAName)
	}

	var products []reconcile.VendorItem
	for _, p := range d.pax.Products {
		if slices.Contains(UnmappedProducts, p.Name) {
			products = append(products, reconcile.VendorItem{Integration: "pax8", Kind: reconcile.KindProduct, ID: p.ID, Name: p.Name, Identifiers: []string{p.VendorSKU}})
		}
	}
	require.Len(t, products, len(UnmappedProducts))
	var catalog []reconcile.Candidate
	for _, p := range d.cw.Products {
		catalog = append(catalog, reconcile.Candidate{ID: p.ID, Name: p.Name, Identifiers: []string{p.VendorSKU}})
	}
	psugg, err := reconcile.Suggest(context.Background(), products, catalog, reconcile.SuggestOptions{})
	require.NoError(t, err)
	for _, s := range psugg {
		if assert.NotNil(t, s.Exact, "%s has an exact suggestion by vendor SKU", s.Item.Name) {
			assert.Equal(t, "M365 Copilot", s.Exact.PSAName)
		}
	}

	// The cards, for review: a change in the demo data shows up as a diff here.
	var b strings.Builder
	for _, c := range res.Cards {
		fmt.Fprintf(&b, "%s | %s | %s | psa %s | vendor %s | %s", c.State, c.AccountName, c.ProductName, c.PSAQuantity, c.VendorQuantity, c.Difference)
		if len(c.Flags) > 0 {
			fmt.Fprintf(&b, " | %v", c.Flags)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "unmapped: %d accounts, %d products, %d subscriptions, %s monthly cost\n", u.Accounts, u.Products, u.Subscriptions, u.MonthlyCost)
	for _, c := range res.Costs {
		if c.Drift {
			fmt.Fprintf(&b, "cost drift: %s catalog %s, vendor %s\n", c.ProductName, c.CatalogCost, c.VendorCost)
		}
	}
	path := filepath.Join("testdata", "demo_cards.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./internal/demo -update` to create the golden file")
	assert.Equal(t, string(want), b.String(), "run `go test ./internal/demo -update` and review the diff if the change is intended")
}

// cardsOn opens the demo on psa as Open does (simulators, integrations, seeded mappings and
// notes) on the fixed day, runs a Full Sync of everything and renders the cards the
// workspace lists, without anything that is a PSA's own (ids, agreement names).
func cardsOn(t *testing.T, psa PSA) string {
	t.Helper()
	ctx := context.Background()
	sims, err := Start(psa.Kind(), demoToday, 0)
	require.NoError(t, err)
	dir := t.TempDir()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: func() time.Time { return demoToday }, Location: time.UTC, OnClose: sims.Close})
	require.NoError(t, err)
	defer ws.Close()
	created, err := sims.Provision(ctx, ws)
	require.NoError(t, err)
	require.NoError(t, seedIfNew(ctx, ws, dir, psa, created))
	runs, err := ws.Sync().Scope(ctx, "all", "full", "")
	require.NoError(t, err)
	var ids []int64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	require.NoError(t, ws.Sync().Wait(ctx, ids...))
	for _, r := range runs {
		run, err := ws.Sync().Run(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, "succeeded", run.Status, run.Error)
	}
	list, err := ws.Cards().List(ctx, workspace.CardQuery{All: true})
	require.NoError(t, err)
	require.Positive(t, list.Totals.ByState[string(reconcile.StateReconcile)], "the seeded mappings make Reconcile cards")
	var rows []string
	for _, c := range list.Cards {
		rows = append(rows, fmt.Sprintf("%s | %s | %s | psa %s | vendor %s", c.State, c.AccountName, c.ProductName, c.PSAQuantity, c.VendorQuantity))
	}
	slices.Sort(rows)
	return strings.Join(rows, "\n")
}

// The demo describes the same MSP on every PSA: whichever the user chooses, the cards (and
// so the demo's story and its end-to-end scenario) are the same as on ConnectWise.
func TestDemoCardsAreTheSameOnEveryPSA(t *testing.T) {
	reference := cardsOn(t, ConnectWise{})
	forEachPSA(t, func(t *testing.T, psa PSA) {
		if psa.Kind() == connector.KindConnectWise {
			return
		}
		assert.Equal(t, reference, cardsOn(t, psa), "the demo on %s makes the cards it makes on ConnectWise", psa.Name())
	})
}
