package workspace_test

import (
	"context"
	"os/user"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

func findRow(t *testing.T, l workspace.MappingList, kind, vendorName string) workspace.MappingRow {
	t.Helper()
	for _, r := range l.Rows {
		if r.Kind == kind && r.VendorName == vendorName {
			return r
		}
	}
	require.Failf(t, "no row", "%s %q is not listed", kind, vendorName)
	return workspace.MappingRow{}
}

func hasRow(l workspace.MappingList, kind, vendorID string) bool {
	for _, r := range l.Rows {
		if r.Kind == kind && r.VendorID == vendorID {
			return true
		}
	}
	return false
}

// waitingInDataset counts, from the simulator's own data, what waits behind unmapped items
// when nothing is mapped: the companies and products with an active subscription, and the
// active subscriptions with their monthly cost.
func waitingInDataset(d *paxsim.Dataset) (accounts, products, subs int, cost reconcile.Money) {
	acc, prod := map[string]bool{}, map[string]bool{}
	for _, s := range d.Subscriptions {
		if s.Status != "Active" {
			continue
		}
		acc[s.CompanyID], prod[s.ProductID] = true, true
		subs++
		cost += reconcile.MoneyOf(s.PartnerCost).Times(reconcile.QtyOf(s.Quantity))
	}
	return len(acc), len(prod), subs, cost
}

func TestMappingListSuggestsAndCountsWhatWaits(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	list, err := d.ws.Mappings().List(ctx, d.pax.ID, false)
	require.NoError(t, err)

	accounts, products, subs, cost := waitingInDataset(paxsim.DemoDataset(time.Now()))
	require.Len(t, list.Unmapped, 1)
	assert.Equal(t, workspace.UnmappedCount{IntegrationID: d.pax.ID, Integration: d.pax.Name, Accounts: accounts, Products: products,
		Subscriptions: subs, MonthlyCost: cost.String()}, list.Unmapped[0])

	tests := []struct {
		name, kind, vendor, psa, match string
		score                          float64
		reason                         string
	}{
		{"legal suffix dropped", "account", "Acme Dental Group LLC", "Acme Dental Group", "exact", 1, "after normalising"},
		{"abbreviation", "account", "Eastgate Property Mgmt", "Eastgate Property Management", "fuzzy", 0.96,
			"Eastgate Property Mgmt ~ Eastgate Property Management, 0.96: the same name once abbreviations are expanded"},
		{"fuzzy near name", "account", "Bayside Veterinary", "Bayside Veterinary Clinic", "fuzzy", 0.94,
			"Bayside Veterinary ~ Bayside Veterinary Clinic, 0.94"},
		{"same vendor SKU", "product", "Microsoft 365 Business Premium", "M365 Business Premium", "exact", 1, "same identifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := findRow(t, list, tt.kind, tt.vendor)
			assert.Equal(t, "unmapped", r.State)
			require.NotEmpty(t, r.Suggestions)
			s := r.Suggestions[0]
			assert.Equal(t, tt.psa, s.PSAName)
			assert.Equal(t, tt.match, s.Match)
			assert.InDelta(t, tt.score, s.Score, 0.001)
			assert.Contains(t, s.Reason, tt.reason)
			assert.Equal(t, d.cw.ID, s.PSAIntegrationID)
			assert.NotEmpty(t, s.PSAID)
			assert.Positive(t, r.Subscriptions)
			assert.NotEqual(t, "0.00", r.MonthlyCost)
		})
	}

	// The vendor's former customer holds only cancelled subscriptions: listed, not counted.
	old := findRow(t, list, "account", "Old Mill Print Shop")
	assert.Equal(t, "unmapped", old.State)
	assert.Zero(t, old.Subscriptions)
	assert.Equal(t, "0.00", old.MonthlyCost)

	only, err := d.ws.Mappings().List(ctx, d.pax.ID, true)
	require.NoError(t, err)
	assert.Len(t, only.Rows, accounts+products, "--unmapped lists exactly what the counts count")
	assert.False(t, hasRow(only, "account", old.VendorID))
	assert.Equal(t, list.Unmapped, only.Unmapped)

	all, err := d.ws.Mappings().List(ctx, 0, false)
	require.NoError(t, err)
	assert.Equal(t, list, all, "0 lists every vendor integration: here the one")

	_, err = d.ws.Mappings().List(ctx, d.cw.ID, false)
	assert.True(t, workspace.IsInputError(err), "a PSA has no mappings: %v", err)
}

func TestMapStateTransitions(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	m := d.ws.Mappings()
	list, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	acme := findRow(t, list, "account", "Acme Dental Group LLC")
	acmePSA := acme.Suggestions[0].PSAID
	premium := findRow(t, list, "product", "Microsoft 365 Business Premium")
	premiumPSA := premium.Suggestions[0].PSAID
	before := list.Unmapped[0]
	me, err := user.Current()
	require.NoError(t, err)

	// map -> remap is an upsert -> exclude -> clear
	row, err := m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAID: acmePSA})
	require.NoError(t, err)
	assert.Equal(t, "mapped", row.State)
	assert.Equal(t, d.cw.ID, row.PSAIntegrationID, "the only PSA is taken when none is given")
	assert.Equal(t, "Acme Dental Group", row.PSAName)
	assert.Equal(t, me.Username, row.UpdatedBy)
	assert.NotEmpty(t, row.UpdatedAt)
	assert.Empty(t, row.Suggestions, "a mapped item needs no suggestions")

	after, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	assert.Equal(t, before.Accounts-1, after.Unmapped[0].Accounts)
	assert.Equal(t, before.Subscriptions, after.Unmapped[0].Subscriptions, "its products are still unmapped: its subscriptions still wait")

	row, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, Exclude: true})
	require.NoError(t, err)
	assert.Equal(t, "excluded", row.State)
	assert.Empty(t, row.PSAID)
	after, err = m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	assert.Equal(t, before.Subscriptions-acme.Subscriptions, after.Unmapped[0].Subscriptions, "an excluded account's subscriptions wait for nothing")

	row, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, Clear: true})
	require.NoError(t, err)
	assert.Equal(t, "unmapped", row.State)
	assert.Equal(t, "Acme Dental Group", row.Suggestions[0].PSAName, "cleared: suggested again")
	after, err = m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	assert.Equal(t, before, after.Unmapped[0])

	row, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "product", VendorID: premium.VendorID,
		PSAIntegrationID: d.cw.ID, PSAID: premiumPSA})
	require.NoError(t, err)
	assert.Equal(t, "mapped", row.State)
	assert.Equal(t, "M365 Business Premium", row.PSAName)

	bad := []struct {
		name, field, msg string
		req              workspace.MapRequest
	}{
		{"unknown kind", "kind", "unknown", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "agreement", VendorID: acme.VendorID, PSAID: acmePSA}},
		{"no vendor id", "vendor_id", "say which", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", PSAID: acmePSA}},
		{"vendor id not cached", "vendor_id", "no account \"nope\"", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: "nope", PSAID: acmePSA}},
		{"nothing chosen", "psa_id", "choose one", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID}},
		{"two things chosen", "psa_id", "choose one", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAID: acmePSA, Exclude: true}},
		{"PSA id not cached", "psa_id", "no account (company) \"999999\"", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAID: "999999"}},
		{"wrong kind of target", "psa_id", "is a catalog product, not a account (company)", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAID: premiumPSA}},
		{"target PSA is a vendor", "psa_integration_id", "not a PSA", workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAIntegrationID: d.pax.ID, PSAID: acmePSA}},
		{"mapping a PSA's items", "integration", "not a vendor integration", workspace.MapRequest{IntegrationID: d.cw.ID, Kind: "account", VendorID: acmePSA, PSAID: acmePSA}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := m.Map(ctx, tt.req)
			var ie *workspace.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tt.field, ie.Field)
			assert.Contains(t, ie.Msg, tt.msg)
		})
	}
	after, err = m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	assert.Equal(t, "unmapped", findRow(t, after, "account", "Acme Dental Group LLC").State, "refused requests change nothing")
}

func TestAcceptExactMapsOnlyUnambiguousExactSuggestions(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	m := d.ws.Mappings()
	list, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	want := map[string]string{} // kind/vendor id -> PSA id
	fuzzyOnly := 0
	for _, r := range list.Rows {
		if len(r.Suggestions) == 0 {
			continue
		}
		exact := 0
		for _, s := range r.Suggestions {
			if s.Match == "exact" {
				exact++
			}
		}
		switch exact {
		case 0:
			fuzzyOnly++
		case 1:
			want[r.Kind+"/"+r.VendorID] = r.Suggestions[0].PSAID
		}
	}
	require.NotEmpty(t, want)
	require.Positive(t, fuzzyOnly, "the demo has fuzzy-only items")

	n, err := m.AcceptExact(ctx, d.pax.ID)
	require.NoError(t, err)
	assert.Equal(t, len(want), n)

	after, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range after.Rows {
		if r.State == "mapped" {
			got[r.Kind+"/"+r.VendorID] = r.PSAID
		}
	}
	assert.Equal(t, want, got, "exactly the exact suggestions, nothing fuzzy")
	assert.Equal(t, "unmapped", findRow(t, after, "account", "Eastgate Property Mgmt").State)

	n, err = m.AcceptExact(ctx, d.pax.ID)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left to accept")
}

// A Full Sync rebuilds the cache; mappings are keyed by source ids and stay, and a mapped
// item the source no longer has is listed as gone instead of vanishing.
func TestMappingsSurviveFullSyncAndGoneItemsStay(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	m := d.ws.Mappings()
	_, err := m.AcceptExact(ctx, d.pax.ID)
	require.NoError(t, err)
	list, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	trial := findRow(t, list, "product", "Microsoft Teams Premium")
	pending := findRow(t, list, "product", "Keeper Business")
	_, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "product", VendorID: trial.VendorID, Exclude: true})
	require.NoError(t, err)

	// Only one subscription uses each of those products: delete them at the source.
	for _, s := range paxsim.DemoDataset(time.Now()).Subscriptions {
		if s.ProductID == trial.VendorID || s.ProductID == pending.VendorID {
			require.NoError(t, d.sims.Pax8.DeleteSubscription(s.ID))
		}
	}
	before := map[string]string{}
	for _, r := range list.Rows {
		before[r.Kind+"/"+r.VendorID] = r.State + " " + r.PSAID
	}
	before["product/"+trial.VendorID] = "excluded "
	delete(before, "product/"+pending.VendorID)

	d.sync(t, "full", d.cw.ID, d.pax.ID)
	after, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range after.Rows {
		got[r.Kind+"/"+r.VendorID] = r.State + " " + r.PSAID
	}
	assert.Equal(t, before, got, "every mapping survives; the unmapped item that left the source is gone from the list")

	gone := findRow(t, after, "product", "Microsoft Teams Premium")
	assert.True(t, gone.Gone, "no longer at the source")
	assert.Equal(t, "excluded", gone.State)
	for _, r := range after.Rows {
		assert.Equal(t, r.VendorID == trial.VendorID, r.Gone, "%s %s", r.Kind, r.VendorName)
	}
	row, err := m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "product", VendorID: trial.VendorID, Clear: true})
	require.NoError(t, err, "a gone item can still be cleared")
	assert.True(t, row.Gone)
	after, err = m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	assert.False(t, hasRow(after, "product", trial.VendorID), "cleared and gone: nothing left to show")
}

func TestOptionsFilterSortAndCap(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	m := d.ws.Mappings()
	tests := []struct {
		name, kind, query string
		want              []string // names, in order; nil: only check the rules
	}{
		{"name, any case", "account", "EASTGATE", []string{"Eastgate Property Management"}},
		{"substring of several", "account", "dental", []string{"Acme Dental Group", "Union Square Dental"}},
		{"catalog identifier", "product", "sentinel", []string{"SentinelOne Complete"}},
		{"no match", "account", "zzzz", []string{}},
		{"everything", "account", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Options(ctx, 0, tt.kind, tt.query)
			require.NoError(t, err)
			names := []string{}
			for _, o := range got {
				names = append(names, o.Name)
				assert.Equal(t, d.cw.ID, o.PSAIntegrationID)
			}
			if tt.want != nil {
				assert.Equal(t, tt.want, names)
				return
			}
			assert.LessOrEqual(t, len(got), 50)
			assert.IsNonDecreasing(t, lower(names))
		})
	}
	got, err := m.Options(ctx, 0, "account", "quarry")
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Detail, "Prospect", "the picker says why cards would not show it")

	_, err = m.Options(ctx, 0, "agreement", "")
	assert.True(t, workspace.IsInputError(err))
	_, err = m.Options(ctx, d.pax.ID, "account", "")
	assert.True(t, workspace.IsInputError(err), "a vendor has no PSA options")
}

func lower(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strings.ToLower(x)
	}
	return out
}

func TestAccountNoteShowsOnTheMappedRow(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	m := d.ws.Mappings()
	list, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	acme := findRow(t, list, "account", "Acme Dental Group LLC")
	psaID := acme.Suggestions[0].PSAID
	_, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAID: psaID})
	require.NoError(t, err)

	require.NoError(t, m.SetAccountNote(ctx, workspace.AccountNoteInput{AccountID: psaID, Note: " two sites: check by hand ", Tags: []string{"multi-site"}}))
	list, err = m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	row := findRow(t, list, "account", "Acme Dental Group LLC")
	assert.Equal(t, "two sites: check by hand (tags: multi-site)", row.Note)
	assert.Equal(t, "two sites: check by hand", row.NoteText, "the parts, for editing the note")
	assert.Equal(t, []string{"multi-site"}, row.Tags)

	require.NoError(t, m.SetAccountNote(ctx, workspace.AccountNoteInput{PSAIntegrationID: d.cw.ID, AccountID: psaID}))
	list, err = m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	assert.Empty(t, findRow(t, list, "account", "Acme Dental Group LLC").Note, "an empty note removes it")

	for name, in := range map[string]workspace.AccountNoteInput{
		"unknown account":   {AccountID: "999999", Note: "x"},
		"no account":        {Note: "x"},
		"vendor as the PSA": {PSAIntegrationID: d.pax.ID, AccountID: psaID, Note: "x"},
		"note too long":     {AccountID: psaID, Note: strings.Repeat("x", 1001)},
		"tag with a comma":  {AccountID: psaID, Tags: []string{"a,b"}},
	} {
		err := m.SetAccountNote(ctx, in)
		assert.True(t, workspace.IsInputError(err), "%s: %v", name, err)
	}
}

// With two PSAs holding the same customers, every exact match is ambiguous: nothing is
// accepted blindly, and a mapping must say which PSA it goes to.
func TestTwoPSAsMakeExactMatchesAmbiguous(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	in := d.sims.Integrations()[0]
	in.Name = "ConnectWise (second office)"
	second, err := d.ws.Integrations().Add(ctx, in)
	require.NoError(t, err)
	d.sync(t, "full", second.ID)
	m := d.ws.Mappings()

	list, err := m.List(ctx, d.pax.ID, false)
	require.NoError(t, err)
	acme := findRow(t, list, "account", "Acme Dental Group LLC")
	require.GreaterOrEqual(t, len(acme.Suggestions), 2)
	psas := map[int64]bool{}
	for _, s := range acme.Suggestions[:2] {
		assert.Equal(t, "exact", s.Match)
		assert.Equal(t, "Acme Dental Group", s.PSAName)
		assert.Contains(t, s.Reason, "2 PSA candidates match exactly: choose one")
		psas[s.PSAIntegrationID] = true
	}
	assert.Equal(t, map[int64]bool{d.cw.ID: true, second.ID: true}, psas)

	n, err := m.AcceptExact(ctx, d.pax.ID)
	require.NoError(t, err)
	assert.Zero(t, n, "an ambiguous exact match is never accepted blindly")

	_, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID, PSAID: acme.Suggestions[0].PSAID})
	var ie *workspace.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "psa_integration_id", ie.Field)
	assert.Contains(t, ie.Msg, "several PSA integrations")
	row, err := m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: "account", VendorID: acme.VendorID,
		PSAIntegrationID: second.ID, PSAID: acme.Suggestions[0].PSAID})
	require.NoError(t, err)
	assert.Equal(t, second.ID, row.PSAIntegrationID)

	_, err = m.Options(ctx, 0, "account", "")
	assert.True(t, workspace.IsInputError(err), "which PSA's options?")
	opts, err := m.Options(ctx, second.ID, "account", "acme")
	require.NoError(t, err)
	require.Len(t, opts, 1)
	assert.Equal(t, second.ID, opts[0].PSAIntegrationID)
}

// A picker never gets more than 50 options, whatever the PSA holds.
func TestOptionsAreCappedAt50(t *testing.T) {
	ctx := context.Background()
	cw := cwsim.New(cwsim.LargeDataset(3, 120, 10, 10, time.Now()), cwsim.Options{Credentials: cwsim.DemoCredentials()})
	url, err := cw.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = cw.Close() })
	ws, _ := open(t, secrets.NewMemory())
	cc := cwsim.DemoCredentials()
	in, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "connectwise", Name: "CW", BaseURL: url,
		Settings: map[string]string{"company": cc.Company, "client_id": cc.ClientID},
		Secrets:  map[string]string{"public_key": cc.PublicKey, "private_key": cc.PrivateKey}})
	require.NoError(t, err)
	runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))

	opts, err := ws.Mappings().Options(ctx, 0, "account", "")
	require.NoError(t, err)
	assert.Len(t, opts, 50)
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = o.Name
	}
	assert.IsNonDecreasing(t, lower(names))
}

// The counts the sidebar shows are what the card build leaves out: the same rule as
// reconcile.BuildCards, before and after some items are mapped or excluded.
func TestUnmappedCountsAgreeWithTheCardBuild(t *testing.T) {
	ctx := context.Background()
	d := openMapDemo(t)
	m := d.ws.Mappings()
	check := func(when string) {
		list, err := m.List(ctx, d.pax.ID, true)
		require.NoError(t, err)
		snap, err := d.ws.Snapshot(ctx)
		require.NoError(t, err)
		want := workspace.UnmappedCount{IntegrationID: d.pax.ID, Integration: d.pax.Name, MonthlyCost: "0.00"}
		for _, u := range snap.Result.Unmapped {
			if u.VendorIntegration == strconv.FormatInt(d.pax.ID, 10) {
				want.Accounts, want.Products, want.Subscriptions, want.MonthlyCost = u.Accounts, u.Products, u.Subscriptions, u.MonthlyCost.String()
			}
		}
		assert.Equal(t, []workspace.UnmappedCount{want}, list.Unmapped, when)
	}
	check("nothing mapped")
	_, err := m.AcceptExact(ctx, d.pax.ID)
	require.NoError(t, err)
	check("exact suggestions accepted")
	list, err := m.List(ctx, d.pax.ID, true)
	require.NoError(t, err)
	require.NotEmpty(t, list.Rows, "the demo keeps fuzzy-only items unmapped")
	r := list.Rows[len(list.Rows)-1]
	_, err = m.Map(ctx, workspace.MapRequest{IntegrationID: d.pax.ID, Kind: r.Kind, VendorID: r.VendorID, Exclude: true})
	require.NoError(t, err)
	check("the " + r.Kind + " " + r.VendorName + " excluded")
}
