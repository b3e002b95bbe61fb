package reconcile

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/trueup/trueup/internal/connector"
)

func acmeCard(t *testing.T, psa, vendor float64) Card {
	t.Helper()
	var lines []PSALine
	if psa >= 0 {
		lines = []PSALine{{LineID: "812", AgreementID: "9001", AgreementName: "Acme - Managed Services", Quantity: psa, UnitPrice: 28, UnitCost: 22}}
	}
	in := mini(lines, []Subscription{{Quantity: vendor, UnitCost: 22}})
	res := BuildCards(in)
	require.Len(t, res.Cards, 1)
	return res.Cards[0]
}

var acmeAgreement = Agreement{Integration: "cw", ID: "9001", Name: "Acme - Managed Services", AccountID: "1", Start: Date{2025, 1, 1}}

func TestPlanQuantityChange(t *testing.T) {
	c := acmeCard(t, 25, 27)
	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: acmeAgreement})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	w := p.Writes[0]
	assert.Equal(t, WriteQuantity, w.Kind)
	assert.Equal(t, "PATCH", w.Method)
	assert.Equal(t, "/finance/agreements/9001/additions/812", w.Path)
	assert.Equal(t, `[{"op":"replace","path":"quantity","value":27}]`, string(w.Body), "exactly the bytes the push sends")
	assert.Equal(t, "quantity", w.Field)
	assert.Equal(t, "25", string(w.Expected), "pre-image")
	assert.Equal(t, "27", string(w.Target))
	assert.Equal(t, c.ID+"/2026-12/quantity", w.Key)
	assert.Equal(t, `PATCH addition 812 on agreement "Acme - Managed Services": quantity 25 -> 27, effective 2027-01-01 (this agreement does not prorate: ConnectWise bills the new quantity from its next invoice)`, w.Preview)
	assert.Equal(t, []string{w.Preview}, p.Preview())
	assert.Equal(t, Date{2027, 1, 1}, p.Effective.Date)
}

func TestPlanProratedIncrease(t *testing.T) {
	c := acmeCard(t, 25, 27)
	c.Detection = Detection{CardID: c.ID, Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 9}, Policy: PolicyDetected}
	a := acmeAgreement
	a.Prorates = true
	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: a})
	require.NoError(t, err)
	require.Len(t, p.Writes, 2)
	assert.Contains(t, p.Writes[0].Preview, "quantity 25 -> 27 from its next invoice (the 2 added seats from 2026-12-09 to 2026-12-31 are billed by the prorated addition below)")
	w := p.Writes[1]
	assert.Equal(t, WriteProratedLine, w.Kind)
	assert.Equal(t, "POST", w.Method)
	assert.Equal(t, "/finance/agreements/9001/additions", w.Path)
	assert.JSONEq(t, `{"product":{"id":10},"quantity":2,"unitPrice":28.00,"unitCost":22.00,"billCustomer":"Billable",
		"effectiveDate":"2026-12-09T00:00:00Z","cancelledDate":"2026-12-31T00:00:00Z",
		"description":"M365 BP (TrueUp `+c.ID+`-202612P)"}`, string(w.Body))
	assert.Equal(t, c.ID+"-202612P", w.Marker)

	// A prorated decrease patches and says no credit is sent.
	c = acmeCard(t, 27, 25)
	c.Detection = Detection{CardID: c.ID, Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 9}, Policy: PolicyDetected}
	p, err = BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: a})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	assert.Contains(t, p.Writes[0].Preview, "TrueUp sends no credit for 2026-12-09 to 2026-12-31")
}

func TestPlanNewRevenue(t *testing.T) {
	c := acmeCard(t, -1, 12)
	require.Equal(t, StateNewRevenue, c.State)
	_, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}})
	assert.ErrorContains(t, err, "is New Revenue: choose the agreement to add the line to (--agreement ID)")

	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: acmeAgreement})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	w := p.Writes[0]
	assert.Equal(t, "POST", w.Method)
	assert.Equal(t, "/finance/agreements/9001/additions", w.Path)
	assert.Equal(t, `{"product":{"id":10},"quantity":12,"unitPrice":28.00,"unitCost":22.00,"billCustomer":"Billable","effectiveDate":"2027-01-01T00:00:00Z","description":"M365 BP (TrueUp `+c.ID+`-202612N)"}`, string(w.Body))
	assert.Equal(t, c.ID+"-202612N", w.Marker)
	assert.Equal(t, `POST new addition on agreement "Acme - Managed Services": M365 BP, quantity 12 at 28.00 (cost 22.00), effective 2027-01-01 (this agreement does not prorate: ConnectWise bills the new quantity from its next invoice)`, w.Preview)
}

// The marker key fits the ConnectWise writer's MarkerTag (1 to 24 letters, digits and
// hyphens), differs between the new line and the prorated line of one card and cycle, and a
// long product name is cut so the description keeps the tag whole within 60 characters.
func TestMarkerKeyAndDescription(t *testing.T) {
	id := CardID("cw", "acme", "m365")
	n, p := MarkerKey(id, Cycle{2026, 12}, WriteNewLine), MarkerKey(id, Cycle{2026, 12}, WriteProratedLine)
	assert.Regexp(t, `^[0-9a-f]{16}-202612N$`, n)
	assert.Regexp(t, `^[0-9a-f]{16}-202612P$`, p)
	assert.Len(t, n, 24)
	assert.NotEqual(t, n, p)

	d := description(strings.Repeat("Microsoft 365 Business Premium ", 4), n)
	assert.LessOrEqual(t, len(d), 60)
	assert.True(t, strings.HasSuffix(d, " (TrueUp "+n+")"), d)
	assert.Equal(t, "(TrueUp "+n+")", description("  ", n))
}

func TestPlanValidation(t *testing.T) {
	rec := acmeCard(t, 25, 27)
	nr := acmeCard(t, -1, 12)
	cyc := Cycle{2026, 12}
	q := func(f float64) *Qty { v := QtyOf(f); return &v }
	tests := []struct {
		name    string
		req     PlanRequest
		wantErr string
	}{
		{"fractional quantity", PlanRequest{Card: rec, Cycle: cyc, Agreement: acmeAgreement, Quantity: q(26.5)}, "not a whole number of seats"},
		{"negative quantity", PlanRequest{Card: rec, Cycle: cyc, Agreement: acmeAgreement, Quantity: q(-1)}, "not a whole number of seats >= 0"},
		{"the quantity the PSA already bills", PlanRequest{Card: rec, Cycle: cyc, Agreement: acmeAgreement, Quantity: q(25)}, "already bills 25"},
		{"an agreement the card has no line on", PlanRequest{Card: rec, Cycle: cyc, Agreement: Agreement{ID: "9999"}}, "no billable line on agreement 9999"},
		{"a reconcile card without its agreement", PlanRequest{Card: rec, Cycle: cyc}, "not in the cache: run a Full Sync"},
		{"effective before the agreement starts", PlanRequest{Card: rec, Cycle: cyc, Agreement: Agreement{ID: "9001", Name: "Acme", Start: Date{2027, 3, 1}}}, `before agreement "Acme" starts`},
		{"effective after the agreement ends", PlanRequest{Card: rec, Cycle: cyc, Agreement: Agreement{ID: "9001", Name: "Acme", End: Date{2026, 12, 31}}}, `after agreement "Acme" ends`},
		{"mid-month date on an agreement that does not prorate", PlanRequest{Card: rec, Cycle: cyc, Agreement: acmeAgreement, Effective: Date{2026, 12, 15}}, "does not prorate"},
		{"new revenue without an agreement", PlanRequest{Card: nr, Cycle: cyc}, "choose the agreement"},
		{"new revenue on another company's agreement", PlanRequest{Card: nr, Cycle: cyc, Agreement: Agreement{ID: "9100", Name: "Other", AccountID: "2"}}, "belongs to another company"},
		{"new revenue of zero", PlanRequest{Card: nr, Cycle: cyc, Agreement: acmeAgreement, Quantity: q(0)}, "bills nothing"},
		{"an id that is not a ConnectWise id", PlanRequest{Card: nr, Cycle: cyc, Agreement: Agreement{ID: "../company/companies/1"}}, "not a ConnectWise record id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := BuildPlan(tt.req)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	nv := BuildCards(mini([]PSALine{{Quantity: 3}}, nil)).Cards[0]
	_, err := BuildPlan(PlanRequest{Card: nv, Cycle: cyc, Agreement: acmeAgreement})
	assert.ErrorContains(t, err, "there is nothing to push")
}

func TestPlanDecreaseBelowZeroOnOneLine(t *testing.T) {
	in := mini([]PSALine{{LineID: "811", AgreementID: "9001", Quantity: 20}, {LineID: "812", AgreementID: "9002", Quantity: 5}}, []Subscription{{Quantity: 10}})
	c := BuildCards(in).Cards[0]
	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: Agreement{ID: "9001", Name: "A"}})
	require.NoError(t, err)
	assert.Equal(t, `[{"op":"replace","path":"quantity","value":5}]`, string(p.Writes[0].Body), "20 + (10 - 25)")
	_, err = BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: Agreement{ID: "9002", Name: "B"}})
	assert.ErrorContains(t, err, "below zero")
}

func TestPlanCostAndRevert(t *testing.T) {
	row := CostRow{PSAIntegration: "cw", ProductID: "501", ProductName: "Microsoft 365 Business Premium", CatalogCost: MoneyOf(22), VendorCost: MoneyOf(21.5)}
	p, err := PlanCost(row, connector.KindConnectWise)
	require.NoError(t, err)
	w := p.Writes[0]
	assert.Equal(t, "PATCH", w.Method)
	assert.Equal(t, "/procurement/catalog/501", w.Path)
	assert.Equal(t, `[{"op":"replace","path":"cost","value":21.50}]`, string(w.Body))
	assert.Equal(t, "22.00", string(w.Expected))
	assert.Equal(t, `PATCH catalog item 501 "Microsoft 365 Business Premium": cost 22.00 -> 21.50`, w.Preview)
	row.VendorCost = row.CatalogCost
	_, err = PlanCost(row, connector.KindConnectWise)
	assert.ErrorContains(t, err, "nothing to push")

	rv, err := RevertWrite(w, "", Date{})
	require.NoError(t, err)
	assert.Equal(t, `[{"op":"replace","path":"cost","value":22.00}]`, string(rv.Body))
	assert.Equal(t, "21.50", string(rv.Expected), "the revert's pre-image is the push's target")
	assert.Equal(t, "22.00", string(rv.Target))

	qp, err := BuildPlan(PlanRequest{Card: acmeCard(t, 25, 27), Cycle: Cycle{2026, 12}, Agreement: acmeAgreement})
	require.NoError(t, err)
	rv, err = RevertWrite(qp.Writes[0], "", Date{})
	require.NoError(t, err)
	assert.Equal(t, "/finance/agreements/9001/additions/812", rv.Path)
	assert.Equal(t, `[{"op":"replace","path":"quantity","value":25}]`, string(rv.Body))
	assert.Equal(t, `PATCH addition 812 on agreement "Acme - Managed Services": quantity 27 -> 25 (revert)`, rv.Preview)
	assert.NotEqual(t, qp.Writes[0].Key, rv.Key)

	np, err := BuildPlan(PlanRequest{Card: acmeCard(t, -1, 12), Cycle: Cycle{2026, 12}, Agreement: acmeAgreement})
	require.NoError(t, err)
	_, err = RevertWrite(np.Writes[0], "", Date{})
	assert.ErrorContains(t, err, "needs the id of the addition it created")
	rv, err = RevertWrite(np.Writes[0], "4711", Date{})
	require.NoError(t, err)
	assert.Equal(t, "DELETE", rv.Method)
	assert.Equal(t, "/finance/agreements/9001/additions/4711", rv.Path)
	assert.Nil(t, rv.Body)
	assert.Contains(t, rv.Preview, `DELETE addition 4711 on agreement "Acme - Managed Services": remove the line TrueUp added`)
}
