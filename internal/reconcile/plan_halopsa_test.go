package reconcile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

// haloInvoice is the recurring invoice (header 9001) acmeCard's line 812 is on, as the
// HaloPSA read side caches it, next invoiced on 1 January.
var haloInvoice = Agreement{Integration: "halo", ID: "9001", Name: "Acme - Managed Services", AccountID: "1", Start: Date{2025, 1, 1}, NextInvoice: Date{2027, 1, 1}}

func haloRequest(c Card, a Agreement) PlanRequest {
	return PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: a, PSA: connector.KindHaloPSA}
}

func TestHaloPlanQuantityNamesTheLineAndLeavesTheBodyToTheFreshRead(t *testing.T) {
	c := acmeCard(t, 25, 27)
	p, err := BuildPlan(haloRequest(c, haloInvoice))
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	w := p.Writes[0]
	assert.Equal(t, connector.KindHaloPSA, w.PSA)
	assert.Equal(t, WriteQuantity, w.Kind)
	assert.Equal(t, "POST", w.Method)
	assert.Equal(t, "/RecurringInvoice", w.Path)
	assert.Nil(t, w.Body, "the push builds the body from the header as Halo holds it at send time")
	assert.Equal(t, "qty_order", w.Field)
	assert.Equal(t, "25", string(w.Expected))
	assert.Equal(t, "27", string(w.Target))
	assert.Equal(t, "9001", w.AgreementID, "the recurring invoice header")
	assert.Equal(t, "812", w.LineID)
	assert.Equal(t, c.ID+"/2026-12/quantity", w.Key)
	assert.Equal(t, `POST recurring invoice 9001 "Acme - Managed Services" with its lines as HaloPSA holds them at send time: line 812 qty_order 25 -> 27, every other line unchanged (HaloPSA has no effective date on a line: the new quantity bills from the recurring invoice's next run on 2027-01-01)`, w.Preview)
	assert.Equal(t, Effective{Date: Date{2027, 1, 1}, Explanation: "HaloPSA has no effective date on a line: the new quantity bills from the recurring invoice's next run on 2027-01-01"}, p.Effective)

	// Without a cached next invoice date the preview says so, and no date is made up.
	a := haloInvoice
	a.NextInvoice = Date{}
	p, err = BuildPlan(haloRequest(c, a))
	require.NoError(t, err)
	assert.True(t, p.Effective.Date.IsZero())
	assert.Contains(t, p.Writes[0].Preview, "bills from the recurring invoice's next run)")
}

func TestHaloPlanNewLineCarriesTheMarker(t *testing.T) {
	c := acmeCard(t, -1, 12)
	require.Equal(t, StateNewRevenue, c.State)
	p, err := BuildPlan(haloRequest(c, haloInvoice))
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	w := p.Writes[0]
	assert.Equal(t, WriteNewLine, w.Kind)
	assert.Equal(t, "POST", w.Method)
	assert.Equal(t, "/RecurringInvoice", w.Path)
	assert.JSONEq(t, `{"_itemid":10,"item_shortdescription":"M365 BP (TrueUp `+c.ID+`-202612N)","qty_order":12,"unit_price":28.00,"unit_cost":22.00}`, string(w.Body),
		"the new line exactly as it is appended")
	assert.Equal(t, c.ID+"-202612N", w.Marker)
	assert.Equal(t, "12", string(w.Target), "the ledger's after")
	assert.Empty(t, w.Expected)
	assert.Equal(t, "9001", w.AgreementID)
	assert.Equal(t, `POST recurring invoice 9001 "Acme - Managed Services" with its lines as HaloPSA holds them at send time plus a new line: M365 BP, qty_order 12 at 28.00 (cost 22.00) (HaloPSA has no effective date on a line: the new quantity bills from the recurring invoice's next run on 2027-01-01)`, w.Preview)
}

func TestHaloPlanRefusals(t *testing.T) {
	otherClient := haloInvoice
	otherClient.AccountID = "2"
	badID := haloInvoice
	badID.ID = "9001/../Item"
	for _, tc := range []struct {
		name string
		req  func() PlanRequest
		want string
	}{
		{"an effective date Halo cannot honour", func() PlanRequest {
			r := haloRequest(acmeCard(t, 25, 27), haloInvoice)
			r.Effective = Date{2026, 12, 15}
			return r
		}, "HaloPSA has no effective date on a recurring invoice line: the change bills from its next run on 2027-01-01; approve without an effective date"},
		{"nothing to change", func() PlanRequest {
			r := haloRequest(acmeCard(t, 25, 27), haloInvoice)
			q := Units(25)
			r.Quantity = &q
			return r
		}, "HaloPSA already bills 25: acknowledge or dismiss it instead"},
		{"a header id that is not a Halo id", func() PlanRequest {
			r := haloRequest(acmeCard(t, 25, 27), badID)
			r.Card.Target.AgreementID = badID.ID
			return r
		}, `is not a HaloPSA record id: run a Full Sync of HaloPSA`},
		{"New Revenue without a recurring invoice", func() PlanRequest { return haloRequest(acmeCard(t, -1, 12), Agreement{}) },
			"is New Revenue: choose the recurring invoice to add the line to (--agreement ID)"},
		{"New Revenue on another client's invoice", func() PlanRequest { return haloRequest(acmeCard(t, -1, 12), otherClient) },
			"belongs to another client"},
		{"a new line of no seats", func() PlanRequest {
			r := haloRequest(acmeCard(t, -1, 12), haloInvoice)
			q := Units(0)
			r.Quantity = &q
			return r
		}, "a new line of quantity 0 bills nothing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := BuildPlan(tc.req())
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestHaloPlanCost(t *testing.T) {
	row := CostRow{PSAIntegration: "halo", ProductID: "501", ProductName: "Microsoft 365 Business Premium", CatalogCost: MoneyOf(22), VendorCost: MoneyOf(21.5)}
	p, err := PlanCost(row, connector.KindHaloPSA)
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	w := p.Writes[0]
	assert.Equal(t, connector.KindHaloPSA, w.PSA)
	assert.Equal(t, WriteCost, w.Kind)
	assert.Equal(t, "POST", w.Method)
	assert.Equal(t, "/Item", w.Path)
	assert.Equal(t, `[{"id":501,"recurringcost":21.50}]`, string(w.Body))
	assert.Equal(t, "recurringcost", w.Field)
	assert.Equal(t, "22.00", string(w.Expected))
	assert.Equal(t, "21.50", string(w.Target))
	assert.Equal(t, "cost/halo/501/21.50", w.Key)
	assert.Equal(t, `POST item 501 "Microsoft 365 Business Premium": recurringcost 22.00 -> 21.50`, w.Preview)

	row.VendorCost = row.CatalogCost
	_, err = PlanCost(row, connector.KindHaloPSA)
	assert.ErrorContains(t, err, "nothing to push")
	row.ProductID = "M365-BP"
	_, err = PlanCost(row, connector.KindHaloPSA)
	assert.ErrorContains(t, err, "is not a HaloPSA record id")
}

func TestHaloRevert(t *testing.T) {
	qp, err := BuildPlan(haloRequest(acmeCard(t, 25, 27), haloInvoice))
	require.NoError(t, err)
	rv, err := RevertWrite(qp.Writes[0], "", Date{2026, 12, 20})
	require.NoError(t, err)
	assert.Equal(t, connector.KindHaloPSA, rv.PSA)
	assert.Equal(t, WriteQuantity, rv.Kind)
	assert.Equal(t, "POST", rv.Method)
	assert.Equal(t, "/RecurringInvoice", rv.Path)
	assert.Nil(t, rv.Body)
	assert.Equal(t, "27", string(rv.Expected), "the revert's pre-image is the push's target")
	assert.Equal(t, "25", string(rv.Target))
	assert.Equal(t, "812", rv.LineID)
	assert.Equal(t, "9001", rv.AgreementID)
	assert.Equal(t, qp.Writes[0].Key+"/revert", rv.Key)
	assert.Contains(t, rv.Preview, "line 812 qty_order 27 -> 25 (revert)")

	np, err := BuildPlan(haloRequest(acmeCard(t, -1, 12), haloInvoice))
	require.NoError(t, err)
	_, err = RevertWrite(np.Writes[0], "", Date{})
	assert.ErrorContains(t, err, "needs the id of the line it created")
	rv, err = RevertWrite(np.Writes[0], "4711", Date{})
	require.NoError(t, err)
	assert.Equal(t, WriteRemoveLine, rv.Kind)
	assert.Equal(t, "POST", rv.Method, "Halo has no call that deletes one line: the header goes back without it")
	assert.Equal(t, "4711", rv.LineID)
	assert.Equal(t, np.Writes[0].Marker, rv.Marker, "only the line carrying the marker is removed")
	assert.Equal(t, "12", string(rv.Expected))
	assert.Equal(t, "0", string(rv.Target))
	assert.Contains(t, rv.Preview, "without line 4711: remove the line TrueUp added")

	cp, err := PlanCost(CostRow{PSAIntegration: "halo", ProductID: "501", CatalogCost: MoneyOf(22), VendorCost: MoneyOf(21.5)}, connector.KindHaloPSA)
	require.NoError(t, err)
	rv, err = RevertWrite(cp.Writes[0], "", Date{})
	require.NoError(t, err)
	assert.Equal(t, `[{"id":501,"recurringcost":22.00}]`, string(rv.Body))
	assert.Equal(t, "21.50", string(rv.Expected))
	assert.Equal(t, "22.00", string(rv.Target))
}
