package reconcile

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mini is a one-customer workspace: vendor account "va" maps to PSA account "1", vendor
// product "vp" to PSA product "10"; "vx" is excluded, "vu" unmapped.
func mini(lines []PSALine, subs []Subscription) Inputs {
	for i := range lines {
		l := &lines[i]
		l.Integration = "cw"
		l.AccountID = or(l.AccountID, "1")
		l.ProductID = or(l.ProductID, "10")
		l.AgreementID = or(l.AgreementID, "900")
		l.LineID = or(l.LineID, "80"+string(rune('0'+i)))
		if l.BillCustomer == "" {
			l.BillCustomer = Billable
		}
	}
	for i := range subs {
		s := &subs[i]
		s.Integration = or(s.Integration, "pax8")
		s.AccountID = or(s.AccountID, "va")
		s.ProductID = or(s.ProductID, "vp")
		s.ID = or(s.ID, "s"+string(rune('0'+i)))
		if s.Status == "" {
			s.Active = true
		}
	}
	return Inputs{Cycle: Cycle{2026, 12}, Today: Date{2026, 12, 14}, Lines: lines, Subscriptions: subs,
		Accounts: []PSAAccount{{"cw", "1", "Acme"}},
		Catalog:  []CatalogItem{{"cw", "10", "M365 BP", 22, 28}, {"cw", "11", "Backup", 10, 20}},
		Mappings: []Mapping{
			{VendorIntegration: "pax8", Kind: KindAccount, VendorID: "va", PSAIntegration: "cw", PSAID: "1"},
			{VendorIntegration: "pax8", Kind: KindAccount, VendorID: "va2", PSAIntegration: "cw", PSAID: "1"},
			{VendorIntegration: "pax8", Kind: KindAccount, VendorID: "vx", Excluded: true},
			{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "vp", PSAIntegration: "cw", PSAID: "10"},
			{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "vp-annual", PSAIntegration: "cw", PSAID: "10"},
			{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "vpx", Excluded: true},
			{VendorIntegration: "pax8", Kind: KindProduct, VendorID: "v-halo", PSAIntegration: "halo", PSAID: "10"},
		}}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func TestCardStates(t *testing.T) {
	tests := []struct {
		name          string
		lines         []PSALine
		subs          []Subscription
		state         CardState // "" = no card
		psa, vendor   Qty
		wantUnmapped  *Unmapped
		wantNotBilled bool
	}{
		{name: "vendor counts more: reconcile", lines: []PSALine{{Quantity: 25}}, subs: []Subscription{{Quantity: 27}},
			state: StateReconcile, psa: Units(25), vendor: Units(27)},
		{name: "vendor counts less: reconcile", lines: []PSALine{{Quantity: 25}}, subs: []Subscription{{Quantity: 20}},
			state: StateReconcile, psa: Units(25), vendor: Units(20)},
		{name: "equal: no change", lines: []PSALine{{Quantity: 25}}, subs: []Subscription{{Quantity: 25}},
			state: StateNoChange, psa: Units(25), vendor: Units(25)},
		{name: "vendor seats and no PSA line: new revenue", subs: []Subscription{{Quantity: 4}},
			state: StateNewRevenue, vendor: Units(4)},
		{name: "a PSA line of a mapped product and no vendor count: no vendor data", lines: []PSALine{{Quantity: 5}},
			state: StateNoVendorData, psa: Units(5)},
		{name: "a PSA line of a product no vendor maps to makes no card", lines: []PSALine{{ProductID: "11", Quantity: 5}}},
		{name: "only inactive subscriptions: no vendor data", lines: []PSALine{{Quantity: 5}}, subs: []Subscription{{Quantity: 5, Status: "Cancelled"}},
			state: StateNoVendorData, psa: Units(5)},
		{name: "an excluded vendor account makes no card", subs: []Subscription{{AccountID: "vx", Quantity: 3}}},
		{name: "an excluded vendor product makes no card", subs: []Subscription{{ProductID: "vpx", Quantity: 3}}},
		{name: "an unmapped vendor account makes no card and is counted", subs: []Subscription{{AccountID: "vu", Quantity: 3, UnitCost: 22}},
			wantUnmapped: &Unmapped{VendorIntegration: "pax8", Accounts: 1, Subscriptions: 1, MonthlyCost: MoneyOf(66)}},
		{name: "an unmapped vendor product makes no card and is counted", subs: []Subscription{{ProductID: "vu", Quantity: 2, UnitCost: 1.5}, {ProductID: "vu", Quantity: 1, UnitCost: 1.5}},
			wantUnmapped: &Unmapped{VendorIntegration: "pax8", Products: 1, Subscriptions: 2, MonthlyCost: MoneyOf(4.5)}},
		{name: "account and product mapped into different PSAs count as unmapped", subs: []Subscription{{ProductID: "v-halo", Quantity: 1}},
			wantUnmapped: &Unmapped{VendorIntegration: "pax8", Products: 1, Subscriptions: 1}},
		{name: "DoNotBill lines do not count but are evidence", lines: []PSALine{{Quantity: 8}, {Quantity: 2, BillCustomer: DoNotBill}},
			subs: []Subscription{{Quantity: 10}}, state: StateReconcile, psa: Units(8), vendor: Units(10), wantNotBilled: true},
		{name: "only NoCharge lines: new revenue", lines: []PSALine{{Quantity: 3, BillCustomer: NoCharge}},
			subs: []Subscription{{Quantity: 3}}, state: StateNewRevenue, vendor: Units(3), wantNotBilled: true},
		{name: "two vendor products of one PSA product add up", lines: []PSALine{{Quantity: 10}},
			subs: []Subscription{{Quantity: 4}, {ProductID: "vp-annual", Quantity: 6}}, state: StateNoChange, psa: Units(10), vendor: Units(10)},
		{name: "fractional quantities add up exactly", lines: []PSALine{{Quantity: 0.1}, {Quantity: 0.2}},
			subs: []Subscription{{Quantity: 0.3}}, state: StateNoChange, psa: QtyOf(0.3), vendor: QtyOf(0.3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := BuildCards(mini(tt.lines, tt.subs))
			if tt.wantUnmapped != nil {
				require.Len(t, res.Unmapped, 1)
				assert.Equal(t, *tt.wantUnmapped, res.Unmapped[0])
			} else {
				assert.Empty(t, res.Unmapped)
			}
			if tt.state == "" {
				assert.Empty(t, res.Cards)
				return
			}
			require.Len(t, res.Cards, 1)
			c := res.Cards[0]
			assert.Equal(t, tt.state, c.State)
			assert.Equal(t, tt.psa, c.PSAQuantity)
			assert.Equal(t, tt.vendor, c.VendorQuantity)
			assert.Equal(t, tt.vendor-tt.psa, c.Difference)
			assert.Equal(t, tt.wantNotBilled, c.HasFlag(FlagNotBillable))
			assert.Equal(t, len(tt.lines), len(c.PSALines), "every line of the card is evidence")
			assert.Equal(t, CardID("cw", "1", "10"), c.ID)
		})
	}
}

func TestLargeChange(t *testing.T) {
	tests := []struct {
		name        string
		psa, vendor float64 // psa < 0: no PSA line (New Revenue)
		settings    Settings
		large       bool
	}{
		{"10 units is large", 100, 110, Settings{}, true},
		{"9 units of 100 is not", 100, 91, Settings{}, false},
		{"20% of the PSA quantity is large", 10, 12, Settings{}, true},
		{"10% is not", 10, 11, Settings{}, false},
		{"a decrease counts the same", 10, 8, Settings{}, true},
		{"new revenue of 10 units is large", -1, 10, Settings{}, true},
		{"new revenue of 9 units is not", -1, 9, Settings{}, false},
		{"configured: 5 units", 100, 105, Settings{LargeChangeUnits: Units(5)}, true},
		{"configured: 50%", 10, 14, Settings{LargeChangePercent: 50}, false},
		{"configured: new revenue of 3", -1, 3, Settings{LargeNewRevenueUnits: Units(3)}, true},
		{"no change is never large", 100, 100, Settings{LargeChangeUnits: Units(1)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []PSALine
			if tt.psa >= 0 {
				lines = []PSALine{{Quantity: tt.psa}}
			}
			in := mini(lines, []Subscription{{Quantity: tt.vendor}})
			in.Settings = tt.settings
			res := BuildCards(in)
			require.Len(t, res.Cards, 1)
			assert.Equal(t, tt.large, res.Cards[0].HasFlag(FlagLargeChange))
		})
	}
}

func TestMonthlyImpact(t *testing.T) {
	tests := []struct {
		name             string
		qty, less, price float64
		vendor           float64
		want             Money
	}{
		{"increase", 25, 0, 28, 27, MoneyOf(56)},
		{"decrease", 25, 0, 28, 20, MoneyOf(-140)},
		{"decrease above the included seats", 12, 5, 5.5, 10, MoneyOf(-11)},
		{"decrease into the included seats bills only what was above them", 6, 5, 5.5, 3, MoneyOf(-5.5)},
		{"increase from inside the included seats", 3, 5, 10, 7, MoneyOf(20)},
		{"change inside the included seats bills nothing", 2, 5, 10, 4, 0},
		{"sub-cent prices stay exact", 12, 0, 1.0833, 24, MoneyOf(12.9996)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := BuildCards(mini([]PSALine{{Quantity: tt.qty, LessIncluded: tt.less, UnitPrice: tt.price}}, []Subscription{{Quantity: tt.vendor, UnitCost: 1}}))
			require.Len(t, res.Cards, 1)
			c := res.Cards[0]
			assert.Equal(t, tt.want, c.MonthlyImpact)
			assert.Equal(t, MoneyOf(tt.price), c.UnitPrice)
			assert.Equal(t, MoneyOf(tt.price)-MoneyOf(1), c.Margin)
			assert.Equal(t, tt.less > 0, c.HasFlag(FlagLessIncluded))
		})
	}
	nr := BuildCards(mini(nil, []Subscription{{Quantity: 3}}))
	assert.Equal(t, MoneyOf(84), nr.Cards[0].MonthlyImpact, "new revenue is priced from the catalog")
}

func TestCardTargetAndEvidence(t *testing.T) {
	res := BuildCards(mini(
		[]PSALine{{LineID: "811", AgreementID: "901", AgreementName: "B", Quantity: 5}, {LineID: "812", AgreementID: "900", AgreementName: "A", Quantity: 20}},
		[]Subscription{{ID: "s2", AccountID: "va2", AccountName: "Acme East", Quantity: 10}, {ID: "s1", AccountName: "Acme", Quantity: 17}},
	))
	require.Len(t, res.Cards, 1)
	c := res.Cards[0]
	require.NotNil(t, c.Target)
	assert.Equal(t, "812", c.Target.LineID, "a push changes the line with the most seats")
	assert.Equal(t, Units(25), c.PSAQuantity)
	assert.Equal(t, Units(27), c.VendorQuantity)
	assert.True(t, c.HasFlag(FlagSeveralLines))
	assert.True(t, c.HasFlag(FlagSeveralAccounts), "a multi-site customer: two vendor accounts on one PSA account")
	assert.Equal(t, []string{"812", "811"}, []string{c.PSALines[0].LineID, c.PSALines[1].LineID}, "lines ordered by agreement name")
	assert.Equal(t, []string{"s1", "s2"}, []string{c.VendorSources[0].SubscriptionID, c.VendorSources[1].SubscriptionID})
}

func TestCardFlagsNoteAndCostDrift(t *testing.T) {
	in := mini([]PSALine{{Quantity: 5}}, []Subscription{{Quantity: 5, UnitCost: 21.5}})
	in.Notes = []AccountNote{{Integration: "cw", AccountID: "1", Tags: []string{"multi-site"}}}
	res := BuildCards(in)
	c := res.Cards[0]
	assert.True(t, c.HasFlag(FlagNote))
	assert.Equal(t, "tags: multi-site", c.Note)
	assert.True(t, c.HasFlag(FlagCostDrift), "vendor 21.50, catalog 22.00")
	require.Len(t, res.Costs, 1)
	assert.Equal(t, CostRow{PSAIntegration: "cw", ProductID: "10", ProductName: "M365 BP", CatalogCost: MoneyOf(22), VendorCost: MoneyOf(21.5),
		Seats: Units(5), Subscriptions: 1, Drift: true}, res.Costs[0])

	in = mini([]PSALine{{Quantity: 5}}, []Subscription{{Quantity: 5, UnitCost: 22}})
	assert.False(t, BuildCards(in).Cards[0].HasFlag(FlagCostDrift))
}

func TestVendorCostIsTheCostOfMostSeats(t *testing.T) {
	res := BuildCards(mini(nil, []Subscription{{Quantity: 3, UnitCost: 20.9}, {Quantity: 5, UnitCost: 22}, {Quantity: 5, UnitCost: 23}}))
	assert.Equal(t, MoneyOf(22), res.Cards[0].VendorUnitCost, "5 seats at 22 and 5 at 23: the tie goes to the lower cost")
	assert.Equal(t, MoneyOf(22), res.Costs[0].VendorCost)
}

func TestCardIDIsStableAndDistinct(t *testing.T) {
	a := BuildCards(mini([]PSALine{{Quantity: 5}}, []Subscription{{Quantity: 5}})).Cards[0].ID
	b := BuildCards(mini([]PSALine{{Quantity: 9, LineID: "999"}}, []Subscription{{Quantity: 12, ID: "other"}})).Cards[0].ID
	assert.Equal(t, a, b, "the id survives changed quantities, lines and subscriptions")
	assert.Regexp(t, `^[0-9a-f]{16}$`, a)
	ids := map[string]bool{}
	for _, k := range [][3]string{{"cw", "1", "10"}, {"cw", "10", "1"}, {"cw2", "1", "10"}, {"cw", "1", "100"}, {"cw", "11", "0"}} {
		ids[CardID(k[0], k[1], k[2])] = true
	}
	assert.Len(t, ids, 5)
}

func TestBuildCardsIsDeterministic(t *testing.T) {
	in := genInputs(3, 3000, 3000)
	want := BuildCards(in)
	r := rand.New(rand.NewSource(4))
	for i := 0; i < 3; i++ {
		r.Shuffle(len(in.Lines), func(a, b int) { in.Lines[a], in.Lines[b] = in.Lines[b], in.Lines[a] })
		r.Shuffle(len(in.Subscriptions), func(a, b int) { in.Subscriptions[a], in.Subscriptions[b] = in.Subscriptions[b], in.Subscriptions[a] })
		r.Shuffle(len(in.Mappings), func(a, b int) { in.Mappings[a], in.Mappings[b] = in.Mappings[b], in.Mappings[a] })
		got := BuildCards(in)
		require.Equal(t, len(want.Cards), len(got.Cards))
		for n := range want.Cards {
			w, g := want.Cards[n], got.Cards[n]
			w.Target, g.Target = nil, nil // pointers into different arrays
			require.Equal(t, w, g)
		}
		assert.Equal(t, want.Unmapped, got.Unmapped)
		assert.Equal(t, want.Costs, got.Costs)
	}
}

// TestCardOrder: cards are ordered by account name, product name, then PSA integration,
// account id and product id, so two accounts of one name (or a name only the lines give)
// keep a stable order; the packed sort of BuildCards must agree with this comparison.
func TestCardOrder(t *testing.T) {
	m := func(vi, kind string, vid, psa, id string) Mapping {
		return Mapping{VendorIntegration: vi, Kind: MappingKind(kind), VendorID: vid, PSAIntegration: psa, PSAID: id}
	}
	in := Inputs{Cycle: Cycle{2026, 12}, Today: Date{2026, 12, 14},
		Accounts: []PSAAccount{{"cw", "2", "Same Name"}, {"cw", "1", "Same Name"}, {"cw", "3", "Alpha"}, {"halo", "1", "Same Name"}},
		Catalog:  []CatalogItem{{"cw", "10", "Backup", 0, 0}, {"cw", "11", "Backup", 0, 0}, {"halo", "10", "Backup", 0, 0}},
		Mappings: []Mapping{
			m("pax8", "account", "a1", "cw", "1"), m("pax8", "account", "a2", "cw", "2"), m("pax8", "account", "a3", "cw", "3"),
			m("pax8", "account", "h1", "halo", "1"), m("pax8", "account", "a4", "cw", "4"),
			m("pax8", "product", "p10", "cw", "10"), m("pax8", "product", "p11", "cw", "11"), m("pax8", "product", "h10", "halo", "10"),
		}}
	for _, a := range []string{"a1", "a2", "a3", "h1", "a4"} {
		for _, p := range []string{"p10", "p11", "h10"} {
			in.Subscriptions = append(in.Subscriptions, Subscription{Integration: "pax8", ID: a + p, AccountID: a, ProductID: p, Quantity: 1, Active: true})
		}
	}
	in.Lines = []PSALine{{Integration: "cw", LineID: "l", AccountID: "4", AccountName: "Same Name", ProductID: "10", Quantity: 1}}
	var got []string
	for _, c := range BuildCards(in).Cards {
		got = append(got, c.AccountName+"|"+c.PSAIntegration+"/"+c.PSAAccountID+"/"+c.PSAProductID)
	}
	assert.Equal(t, []string{
		"(company 4)|cw/4/11", // a name only a line gives names only that line's card
		"Alpha|cw/3/10", "Alpha|cw/3/11",
		"Same Name|cw/1/10", "Same Name|cw/1/11", "Same Name|cw/2/10", "Same Name|cw/2/11", "Same Name|cw/4/10", "Same Name|halo/1/10",
	}, got)
}
