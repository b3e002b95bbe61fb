package reconcile

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

// explainWorld is a small MSP: one PSA ("1", ConnectWise) and one vendor ("2", Pax8). Each
// test changes a copy of it and asks one question.
type explainWorld struct {
	psa, vendor ExplainSource
	mappings    []Mapping
	today       Date
}

const explainToday = "2026-11-23"

func newExplainWorld() *explainWorld {
	w := &explainWorld{today: mustDate(explainToday)}
	w.psa = ExplainSource{Integration: "1", Name: "ConnectWise", PSA: true,
		Accounts: []connector.Account{
			{ID: "c1", Name: "Acme Dental", Type: "Customer", Status: "Active", Active: true},
			{ID: "c2", Name: "Eastgate Property Management", Type: "Customer", Status: "Active", Active: true},
			{ID: "c3", Name: "Quarry Lane Studios", Type: "Prospect", Status: "Active", Active: true, Prospect: true},
			{ID: "c4", Name: "Harborview Orthodontics", Type: "Customer", Status: "Active", Active: true},
		},
		Agreements: []connector.Agreement{
			{ID: "g1", AccountID: "c1", Name: "Managed Services", Status: "Active", StartDate: "2025-01-01"},
			{ID: "g2", AccountID: "c2", Name: "Managed Services", Status: "Active", StartDate: "2025-01-01"},
			{ID: "g3", AccountID: "c3", Name: "Proposal", Status: "Active", StartDate: "2025-01-01"},
			{ID: "g4", AccountID: "c4", Name: "Managed Services", Status: "Active", StartDate: "2027-01-01"},
		},
		Lines: []connector.ServiceLine{
			{ID: "l1", AgreementID: "g1", AccountID: "c1", ProductID: "p1", ProductName: "Microsoft 365 Business Premium", Quantity: 20, UnitPrice: 22},
			{ID: "l2", AgreementID: "g1", AccountID: "c1", ProductID: "p2", ProductName: "Backup", Quantity: 5, UnitPrice: 10},
			{ID: "l3", AgreementID: "g2", AccountID: "c2", ProductID: "p1", ProductName: "Microsoft 365 Business Premium", Quantity: 9, UnitPrice: 22},
			{ID: "l4", AgreementID: "g3", AccountID: "c3", ProductID: "p1", ProductName: "Microsoft 365 Business Premium", Quantity: 8, UnitPrice: 22},
			{ID: "l5", AgreementID: "g4", AccountID: "c4", ProductID: "p1", ProductName: "Microsoft 365 Business Premium", Quantity: 11, UnitPrice: 22},
		},
		Products: []connector.Product{
			{ID: "p1", Name: "Microsoft 365 Business Premium", VendorSKU: "CFQ7TTC0LCHC"},
			{ID: "p2", Name: "Backup"},
			{ID: "p3", Name: "SentinelOne Control", VendorSKU: "S1-CTRL"},
		},
		LastFullSync: time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC),
		LastSync:     time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC),
	}
	w.vendor = ExplainSource{Integration: "2", Name: "Pax8",
		Accounts: []connector.Account{
			{ID: "v1", Name: "Acme Dental Group LLC"},
			{ID: "v2", Name: "Eastgate Property Mgmt"},
			{ID: "v3", Name: "Zulu Ltd"},
		},
		Subscriptions: []connector.Subscription{
			{ID: "s1", AccountID: "v1", ProductID: "vp1", ProductName: "Microsoft 365 Business Premium", Quantity: 24, Status: "Active", Active: true},
			{ID: "s2", AccountID: "v2", ProductID: "vp1", ProductName: "Microsoft 365 Business Premium", Quantity: 9, Status: "Active", Active: true},
			{ID: "s3", AccountID: "v3", ProductID: "vp1", ProductName: "Microsoft 365 Business Premium", Quantity: 3, Status: "Active", Active: true},
		},
		Products: []connector.Product{
			{ID: "vp1", Name: "Microsoft 365 Business Premium", VendorSKU: "CFQ7TTC0LCHC"},
			{ID: "vp2", Name: "SentinelOne Control", VendorSKU: "S1-CTRL"},
		},
		LastFullSync: time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC),
		LastSync:     time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC),
	}
	w.mappings = []Mapping{
		{VendorIntegration: "2", Kind: KindAccount, VendorID: "v1", PSAIntegration: "1", PSAID: "c1"},
		{VendorIntegration: "2", Kind: KindProduct, VendorID: "vp1", PSAIntegration: "1", PSAID: "p1"},
	}
	return w
}

func mustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// inputs adapts the world as the workspace does: visible PSA lines and every subscription.
func (w *explainWorld) inputs(q ExplainQuery) ExplainInputs {
	in := Inputs{Cycle: CycleOf(w.today), Today: w.today, Mappings: w.mappings}
	for _, l := range PSALines(w.psa.Accounts, w.psa.Agreements, w.psa.Lines, explainToday) {
		if !l.Visible {
			continue
		}
		for _, raw := range w.psa.Lines {
			if raw.ID == l.ID {
				bill := BillCustomer(raw.Billing)
				if bill == "" {
					bill = Billable
				}
				in.Lines = append(in.Lines, PSALine{Integration: w.psa.Integration, LineID: l.ID, AgreementID: l.AgreementID,
					AgreementName: l.AgreementName, AccountID: l.AccountID, AccountName: l.AccountName, ProductID: raw.ProductID,
					ProductName: raw.ProductName, Quantity: raw.Quantity, LessIncluded: raw.LessIncluded, UnitPrice: raw.UnitPrice, BillCustomer: bill})
			}
		}
	}
	for _, a := range w.psa.Accounts {
		in.Accounts = append(in.Accounts, PSAAccount{Integration: w.psa.Integration, ID: a.ID, Name: a.Name})
	}
	for _, p := range w.psa.Products {
		in.Catalog = append(in.Catalog, CatalogItem{Integration: w.psa.Integration, ID: p.ID, Name: p.Name})
	}
	for _, v := range VendorLines(w.vendor.Accounts, w.vendor.Subscriptions, explainToday) {
		for _, s := range w.vendor.Subscriptions {
			if s.ID == v.ID {
				in.Subscriptions = append(in.Subscriptions, Subscription{Integration: w.vendor.Integration, ID: s.ID, AccountID: s.AccountID,
					AccountName: v.AccountName, ProductID: s.ProductID, ProductName: s.ProductName, Quantity: s.Quantity, Active: v.Visible, Status: s.Status})
			}
		}
	}
	return ExplainInputs{Query: q, Sources: []ExplainSource{w.psa, w.vendor}, Cards: in}
}

func (w *explainWorld) explain(t *testing.T, account, product string) Explanation {
	t.Helper()
	got, err := Explain(context.Background(), w.inputs(ExplainQuery{Account: account, Product: product}))
	require.NoError(t, err)
	return got
}

// entry finds the entry about one record.
func entry(t *testing.T, ex Explanation, entity connector.Entity, id string) ExplainEntry {
	t.Helper()
	for _, e := range ex.Entries {
		if e.Entity == entity && e.ID == id {
			return e
		}
	}
	require.Failf(t, "no entry", "no entry for %s %s in %+v", entity, id, ex.Entries)
	return ExplainEntry{}
}

func TestExplainRules(t *testing.T) {
	tests := []struct {
		name     string
		change   func(w *explainWorld)
		account  string
		product  string
		entity   connector.Entity
		id       string
		verdict  Verdict
		rule     Rule
		reason   string // contained
		fix      string // contained
		action   ActionKind
		vendorID string // of the open_mapping action
	}{
		{name: "prospect", account: "quarry lane studios", entity: connector.EntityAccounts, id: "c3", verdict: VerdictHidden,
			rule: RuleAccountType, reason: "Company type is Prospect", fix: "then sync ConnectWise", action: ActionSync},
		{name: "an Autotask Lead quotes its own type", account: "Quarry Lane", entity: connector.EntityAccounts, id: "c3", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.psa.Accounts[2].Type = "Lead" }, rule: RuleAccountType, reason: "Company type is Lead"},
		{name: "an Autotask Partner quotes its own type", account: "Quarry Lane", entity: connector.EntityAccounts, id: "c3", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				w.psa.Accounts[2].Type, w.psa.Accounts[2].Prospect, w.psa.Accounts[2].Vendor = "Partner", false, true
			}, rule: RuleAccountType, reason: "Company type is Partner"},
		{name: "inactive company", account: "Acme Dental", entity: connector.EntityAccounts, id: "c1", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.psa.Accounts[0].Active, w.psa.Accounts[0].Status = false, "Inactive" },
			rule:   RuleAccountInactive, reason: "not active (status: Inactive)"},
		{name: "future agreement", account: "Harborview Orthodontics", entity: connector.EntityAgreements, id: "g4", verdict: VerdictHidden,
			rule: RuleAgreementFuture, reason: "starts on 2027-01-01", fix: "it appears on 2027-01-01"},
		{name: "cancelled agreement", account: "Acme Dental", entity: connector.EntityAgreements, id: "g1", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.psa.Agreements[0].Cancelled = true }, rule: RuleAgreementCancelled, reason: "cancelled"},
		{name: "no agreement at all", account: "Acme Dental", entity: connector.EntityAccounts, id: "c1", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.psa.Agreements = w.psa.Agreements[1:] }, rule: RuleNoAgreement,
			fix: "ConnectWise was last fully synced on 2026-11-01", action: ActionSync},
		{name: "units are 0", account: "Acme Dental", product: "backup", entity: connector.EntityServiceLines, id: "l2", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.psa.Lines[1].Quantity = 0 }, rule: RuleQuantityZero, reason: "Quantity is 0"},
		{name: "cancelled line", account: "Acme Dental", product: "backup", entity: connector.EntityServiceLines, id: "l2", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.psa.Lines[1].CancelledDate = "2026-11-01" }, rule: RuleLineCancelled, reason: "cancelled on 2026-11-01"},
		{name: "no vendor product maps to the PSA product", account: "Acme Dental", product: "Backup", entity: connector.EntityServiceLines, id: "l2",
			verdict: VerdictHidden, rule: RulePSAProductUnmapped, reason: `product "Backup"`, action: ActionOpenMapping},
		{name: "vendor account not mapped, with its exact suggestion", account: "Eastgate Property Management", entity: connector.EntityAccounts, id: "v2",
			change:  func(w *explainWorld) { w.vendor.Accounts[1].Name = "Eastgate Property Management Inc" },
			verdict: VerdictHidden, rule: RuleVendorAccountUnmapped, reason: "Vendor account Eastgate Property Management Inc is not mapped",
			fix: `exact suggestion is ConnectWise account "Eastgate Property Management" (c2)`, action: ActionOpenMapping, vendorID: "v2"},
		{name: "vendor account not mapped, with a fuzzy suggestion", account: "Eastgate", entity: connector.EntityAccounts, id: "v2",
			verdict: VerdictHidden, rule: RuleVendorAccountUnmapped, fix: `closest name is ConnectWise account "Eastgate Property Management" (c2, fuzzy`,
			action: ActionOpenMapping, vendorID: "v2"},
		{name: "vendor account Zulu Ltd is not mapped and has no close name", account: "zulu", entity: connector.EntityAccounts, id: "v3",
			verdict: VerdictHidden, rule: RuleVendorAccountUnmapped, reason: "Vendor account Zulu Ltd is not mapped", fix: "no close name"},
		{name: "vendor account excluded", account: "Acme Dental", entity: connector.EntityAccounts, id: "v1", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				w.mappings[0] = Mapping{VendorIntegration: "2", Kind: KindAccount, VendorID: "v1", Excluded: true}
			},
			rule: RuleVendorAccountExcluded, reason: "excluded in Mapping", action: ActionOpenMapping, vendorID: "v1"},
		{name: "the product is excluded in Mapping", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s1", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				w.mappings[1] = Mapping{VendorIntegration: "2", Kind: KindProduct, VendorID: "vp1", Excluded: true}
			},
			rule: RuleVendorProductExcluded, reason: "The product Microsoft 365 Business Premium is excluded in Mapping", action: ActionOpenMapping, vendorID: "vp1"},
		{name: "vendor product not mapped, suggested by SKU", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s9", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				w.vendor.Subscriptions = append(w.vendor.Subscriptions, connector.Subscription{ID: "s9", AccountID: "v1", ProductID: "vp2",
					ProductName: "S1 Control", Quantity: 24, Status: "Active", Active: true})
			}, rule: RuleVendorProductUnmapped, fix: `exact suggestion is ConnectWise product "SentinelOne Control" (p3)`, action: ActionOpenMapping, vendorID: "vp2"},
		{name: "the vendor subscription is Suspended", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s1", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				w.vendor.Subscriptions[0].Active, w.vendor.Subscriptions[0].Status = false, "Suspended"
			},
			rule: RuleSubscriptionInactive, reason: "Subscription status is Suspended"},
		{name: "an NCE term that ended yesterday", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s1", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				s := &w.vendor.Subscriptions[0]
				s.StartDate, s.EndDate, s.NCE = "2025-11-23", "2026-11-22", &connector.NCETerm{}
			},
			rule: RuleSubscriptionTermEnded, reason: "Subscription term ended on 2026-11-22", fix: "if it renewed, sync Pax8"},
		{name: "an add-on of a suspended base subscription", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s1a", verdict: VerdictHidden,
			change: func(w *explainWorld) {
				base := &w.vendor.Subscriptions[0]
				base.Active, base.Status, base.NCE = false, "suspended", &connector.NCETerm{}
				w.vendor.Subscriptions = append(w.vendor.Subscriptions, connector.Subscription{ID: "s1a", AccountID: "v1", ProductID: "vp2",
					ProductName: "Teams Phone", Quantity: 2, Status: "active", Active: true, NCE: &connector.NCETerm{ParentSubscriptionID: "s1"}})
			},
			rule: RuleAddOnParentHidden, reason: "Add-on of Microsoft 365 Business Premium (subscription s1), which is not counted", fix: "base subscription"},
		{name: "account and product mapped into two PSAs", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s1", verdict: VerdictHidden,
			change: func(w *explainWorld) { w.mappings[1].PSAIntegration = "9" }, rule: RuleTwoPSAs, reason: "a card compares within one PSA"},
		{name: "a product the account has no line of", account: "Acme Dental", product: "Copilot", entity: connector.EntityAccounts, id: "c1",
			verdict: VerdictHidden, rule: RuleNoProduct, reason: `names "Copilot"`},
		{name: "a line that makes a card", account: "ACME DENTAL GROUP, LLC", product: "365", entity: connector.EntityServiceLines, id: "l1",
			verdict: VerdictCard, rule: RuleCard, reason: "Reconcile: the vendor counts 24, the PSA bills 20 (+4)"},
		{name: "last PSA sync was before this change at the source", account: "Acme Dental", entity: connector.EntitySubscriptions, id: "s1",
			change: func(w *explainWorld) {
				w.psa.Lines[0].ProductID = "p9" // the PSA bills no line of the product yet
				w.vendor.Subscriptions[0].UpdatedAt = time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
			}, verdict: VerdictCard, rule: RuleSyncStale, reason: "New Revenue",
			fix: "Last PSA sync was before this change at the source: ConnectWise was last fully synced on 2026-11-01", action: ActionSync},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newExplainWorld()
			if tt.change != nil {
				tt.change(w)
			}
			got := entry(t, w.explain(t, tt.account, tt.product), tt.entity, tt.id)
			assert.Equal(t, tt.verdict, got.Verdict)
			assert.Equal(t, tt.rule, got.Rule)
			assert.Contains(t, got.Reason, tt.reason)
			assert.Contains(t, got.Fix, tt.fix)
			if tt.action != "" {
				require.NotNil(t, got.Action, "the fix is one TrueUp can do")
				assert.Equal(t, tt.action, got.Action.Kind)
				assert.Equal(t, tt.vendorID, got.Action.VendorID)
			}
		})
	}
}

func TestExplainCardNumbers(t *testing.T) {
	w := newExplainWorld()
	// Two billable lines summed, one DoNotBill line listed, five seats included.
	w.psa.Lines = append(w.psa.Lines,
		connector.ServiceLine{ID: "l6", AgreementID: "g1", AccountID: "c1", ProductID: "p1", ProductName: "Microsoft 365 Business Premium", Quantity: 2, Billing: connector.BillingDoNotBill},
		connector.ServiceLine{ID: "l7", AgreementID: "g1", AccountID: "c1", ProductID: "p1", ProductName: "Microsoft 365 Business Premium", Quantity: 3, LessIncluded: 1})
	got := w.explain(t, "Acme Dental", "Microsoft 365")
	var cards []ExplainEntry
	for _, e := range got.Entries {
		if e.Verdict == VerdictCard {
			cards = append(cards, e)
		}
	}
	require.Len(t, cards, 1, "the PSA lines and the subscription of one card make one answer")
	c := cards[0]
	require.NotNil(t, c.Card)
	assert.Equal(t, StateReconcile, c.Card.State)
	assert.Equal(t, CardID("1", "c1", "p1"), c.Card.ID)
	assert.Contains(t, c.Reason, "the vendor counts 24, the PSA bills 23 (+1)")
	assert.Contains(t, c.Details, "PSA line l6 on Managed Services: 2 (DoNotBill: listed, not counted)")
	assert.Contains(t, c.Details, "PSA line l7 on Managed Services: 3 (1 of them included in the agreement at no charge: counted as seats, not billed)")
	assert.Contains(t, c.Details, "PSA line l1 on Managed Services: 20 (a push changes this line)")
	assert.Contains(t, c.Details, "The PSA quantity 23 is the sum of 2 billable lines")
	assert.Contains(t, c.Details, "Pax8 subscription s1 of Acme Dental Group LLC: 24")
}

// A card whose PSA account is hidden or gone says so: none of its lines count.
func TestExplainCardOfAHiddenOrMissingPSAAccount(t *testing.T) {
	w := newExplainWorld()
	w.psa.Accounts[0].Prospect, w.psa.Accounts[0].Type = true, "Prospect"
	e := entry(t, w.explain(t, "Acme Dental Group LLC", ""), connector.EntitySubscriptions, "s1")
	require.NotNil(t, e.Card)
	assert.Equal(t, StateNewRevenue, e.Card.State)
	assert.Contains(t, e.Details, "The PSA account Acme Dental is hidden, so none of its lines count: Company type is Prospect: change its type to a customer type in the PSA")

	w = newExplainWorld()
	w.psa.Accounts = w.psa.Accounts[1:]
	e = entry(t, w.explain(t, "Acme Dental Group LLC", ""), connector.EntitySubscriptions, "s1")
	assert.Contains(t, e.Details, "The PSA account c1 is not in ConnectWise's cache (deleted there?): map the vendor account to the right one, or run a Full Sync of ConnectWise")
}

// A New Revenue card says which PSA line of its product does not count, and why.
func TestExplainNewRevenueNamesTheLineThatDoesNotCount(t *testing.T) {
	w := newExplainWorld()
	w.vendor.Accounts = append(w.vendor.Accounts, connector.Account{ID: "v4", Name: "Harborview Orthodontics"})
	w.vendor.Subscriptions = append(w.vendor.Subscriptions, connector.Subscription{ID: "s4", AccountID: "v4", ProductID: "vp1",
		ProductName: "Microsoft 365 Business Premium", Quantity: 11, Status: "Active", Active: true})
	w.mappings = append(w.mappings, Mapping{VendorIntegration: "2", Kind: KindAccount, VendorID: "v4", PSAIntegration: "1", PSAID: "c4"})
	e := entry(t, w.explain(t, "Harborview", ""), connector.EntitySubscriptions, "s4")
	require.NotNil(t, e.Card)
	assert.Equal(t, StateNewRevenue, e.Card.State)
	assert.Contains(t, e.Details, "PSA line l5 on Managed Services does not count: Agreement starts on 2027-01-01: future-dated agreements appear on their start date")
}

func TestExplainMatching(t *testing.T) {
	t.Run("a hidden account hides its lines in one answer", func(t *testing.T) {
		got := newExplainWorld().explain(t, "Quarry Lane Studios", "")
		require.Len(t, got.Entries, 1)
		assert.Equal(t, []string{"Its 1 service line (Microsoft 365 Business Premium) makes no card while it is hidden"}, got.Entries[0].Details)
	})
	t.Run("the vendor accounts mapped to a PSA account answer with it", func(t *testing.T) {
		w := newExplainWorld()
		w.vendor.Accounts = append(w.vendor.Accounts, connector.Account{ID: "v9", Name: "Acme Branch Office"})
		w.mappings = append(w.mappings, Mapping{VendorIntegration: "2", Kind: KindAccount, VendorID: "v9", PSAIntegration: "1", PSAID: "c1"})
		got := w.explain(t, "acme dental", "")
		assert.Equal(t, []string{"Acme Branch Office", "Acme Dental", "Acme Dental Group LLC"}, got.Matched)
		assert.Equal(t, RuleNoSubscriptions, entry(t, got, connector.EntityAccounts, "v9").Rule)
	})
	t.Run("several different accounts: candidates, no guess", func(t *testing.T) {
		w := newExplainWorld()
		w.psa.Accounts = append(w.psa.Accounts, connector.Account{ID: "c9", Name: "Acme Plumbing", Active: true})
		got := w.explain(t, "acme", "")
		assert.True(t, got.Ambiguous)
		assert.Empty(t, got.Entries)
		assert.Equal(t, []string{"Acme Dental", "Acme Dental Group LLC", "Acme Plumbing"}, got.Candidates)
	})
	t.Run("an abbreviation is the same account", func(t *testing.T) {
		got := newExplainWorld().explain(t, "Eastgate Prop Mgmt", "")
		assert.False(t, got.Ambiguous)
		assert.Equal(t, []string{"Eastgate Property Management", "Eastgate Property Mgmt"}, got.Matched)
	})
	t.Run("a product alone asks about the accounts that have it", func(t *testing.T) {
		w := newExplainWorld()
		w.vendor.Subscriptions = append(w.vendor.Subscriptions, connector.Subscription{ID: "s9", AccountID: "v1", ProductID: "vp2",
			ProductName: "SentinelOne Control", Quantity: 24, Status: "Active", Active: true})
		got := w.explain(t, "", "sentinelone")
		assert.Equal(t, []string{"Acme Dental", "Acme Dental Group LLC"}, got.Matched, "the vendor account that has it, and its PSA account")
		assert.Equal(t, RuleNoProduct, entry(t, got, connector.EntityAccounts, "c1").Rule, "the PSA bills no line of it")
		assert.Equal(t, RuleVendorProductUnmapped, entry(t, got, connector.EntitySubscriptions, "s9").Rule)
	})
	t.Run("a product on too many accounts lists them", func(t *testing.T) {
		w := newExplainWorld()
		for i := range maxProductAccounts + 1 {
			id := fmt.Sprintf("x%d", i)
			w.vendor.Accounts = append(w.vendor.Accounts, connector.Account{ID: id, Name: "Customer " + string(rune('A'+i))})
			w.vendor.Subscriptions = append(w.vendor.Subscriptions, connector.Subscription{ID: "s" + id, AccountID: id, ProductID: "vp2", ProductName: "SentinelOne Control", Quantity: 1, Active: true})
		}
		got := w.explain(t, "", "SentinelOne")
		assert.True(t, got.Ambiguous)
		assert.Len(t, got.Candidates, maxProductAccounts+1)
	})
	t.Run("an unknown product: close product names", func(t *testing.T) {
		got := newExplainWorld().explain(t, "", "Microsoft 365 Busines Premium")
		assert.Empty(t, got.Entries)
		assert.Contains(t, got.Candidates, "Microsoft 365 Business Premium")
	})
	t.Run("no match: close names", func(t *testing.T) {
		got := newExplainWorld().explain(t, "Harbourview Orthodontic", "")
		assert.Empty(t, got.Entries)
		assert.False(t, got.Ambiguous)
		assert.Equal(t, []string{"Harborview Orthodontics"}, got.Candidates)
	})
	t.Run("a No vendor data card after QuickSyncs says deletions are not seen", func(t *testing.T) {
		w := newExplainWorld()
		w.vendor.Subscriptions[0].Active, w.vendor.Subscriptions[0].Status = false, "Cancelled"
		e := entry(t, w.explain(t, "Acme Dental", "365"), connector.EntityServiceLines, "l1")
		assert.Equal(t, StateNoVendorData, e.Card.State)
		assert.Equal(t, RuleSyncStale, e.Rule)
		assert.Contains(t, e.Fix, "a QuickSync cannot see deletions")

		w.psa.LastSync = w.psa.LastFullSync
		e = entry(t, w.explain(t, "Acme Dental", "365"), connector.EntityServiceLines, "l1")
		assert.Equal(t, RuleCard, e.Rule, "right after a Full Sync nothing deleted is left in the cache")
	})
}
