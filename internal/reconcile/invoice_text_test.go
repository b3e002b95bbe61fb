package reconcile

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/invoicetext"
)

func invoiceTemplate(t *testing.T, s string) InvoiceText {
	t.Helper()
	tpl, err := invoicetext.Parse(s)
	require.NoError(t, err)
	return InvoiceText{Template: tpl, Vendors: map[string]string{"pax8": "Pax8"}}
}

const everyPlaceholder = "{product} x{quantity} {period_start}..{period_end} [{subscription_id}] {account} via {vendor}"

// Every write that creates or changes a line carries the rendered description, in each
// PSA's own field; without a template no write carries one and the bodies are as before.
func TestPlansCarryTheInvoiceDescription(t *testing.T) {
	c := acmeCard(t, 25, 27)
	sub := c.VendorSources[0].SubscriptionID
	require.NotEmpty(t, sub)
	wantUpdate := "M365 BP x27 2027-01-01..2027-01-31 [" + sub + "] Acme via Pax8"
	newRev := acmeCard(t, -1, 12)
	wantNew := "M365 BP x12 2027-01-01..2027-01-31 [" + newRev.VendorSources[0].SubscriptionID + "] Acme via Pax8"
	for _, c2 := range []struct {
		name string
		req  PlanRequest
		want string
		body func(t *testing.T, w Write)
	}{
		{name: "ConnectWise quantity: a second patch operation", req: PlanRequest{Card: c, Agreement: acmeAgreement}, want: wantUpdate,
			body: func(t *testing.T, w Write) {
				assert.JSONEq(t, `[{"op":"replace","path":"quantity","value":27},{"op":"replace","path":"invoiceDescription","value":"`+wantUpdate+`"}]`, string(w.Body))
			}},
		{name: "ConnectWise new addition", req: PlanRequest{Card: newRev, Agreement: acmeAgreement}, want: wantNew,
			body: func(t *testing.T, w Write) {
				var b map[string]any
				require.NoError(t, json.Unmarshal(w.Body, &b))
				assert.Equal(t, wantNew, b["invoiceDescription"])
				assert.Contains(t, b["description"], "(TrueUp ", "the marker stays in description")
			}},
		{name: "Autotask units", req: PlanRequest{Card: c, Agreement: atContract, PSA: connector.KindAutotask}, want: wantUpdate,
			body: func(t *testing.T, w Write) {
				assert.NotContains(t, string(w.Body), "invoiceDescription", "the adjustment has no description")
			}},
		{name: "Autotask new service", req: PlanRequest{Card: newRev, Agreement: atContract, PSA: connector.KindAutotask}, want: wantNew,
			body: func(t *testing.T, w Write) { assert.NotContains(t, string(w.Body), "invoiceDescription") }},
		{name: "HaloPSA quantity", req: PlanRequest{Card: c, Agreement: haloInvoice, PSA: connector.KindHaloPSA}, want: wantUpdate,
			body: func(t *testing.T, w Write) { assert.Nil(t, w.Body) }},
		{name: "HaloPSA new line: the text, then the marker", req: PlanRequest{Card: newRev, Agreement: haloInvoice, PSA: connector.KindHaloPSA}, want: wantNew,
			body: func(t *testing.T, w Write) {
				var l HaloNewLine
				require.NoError(t, json.Unmarshal(w.Body, &l))
				assert.Equal(t, wantNew+" "+MarkerTag(w.Marker), l.Description)
			}},
	} {
		t.Run(c2.name, func(t *testing.T) {
			r := c2.req
			r.Cycle = Cycle{2026, 12}
			without, err := BuildPlan(r)
			require.NoError(t, err)
			r.Invoice = invoiceTemplate(t, everyPlaceholder)
			p, err := BuildPlan(r)
			require.NoError(t, err)
			require.Len(t, p.Writes, 1)
			w := p.Writes[0]
			require.NotNil(t, w.InvoiceText)
			assert.Equal(t, c2.want, *w.InvoiceText)
			assert.Contains(t, w.Preview, InvoiceFieldOf(r.PSA).Name+` "`+c2.want+`"`, "the preview shows the rendered text")
			c2.body(t, w)

			require.Len(t, without.Writes, 1)
			assert.Nil(t, without.Writes[0].InvoiceText, "no template: nothing is sent")
			assert.NotContains(t, string(without.Writes[0].Body), "invoiceDescription")
			assert.NotContains(t, without.Writes[0].Preview, "invoiceDescription")
		})
	}
}

func TestProratedConnectWisePlanDescribesBothLines(t *testing.T) {
	c := acmeCard(t, 25, 27)
	c.Detection = Detection{CardID: c.ID, Cycle: Cycle{2026, 12}, DetectedOn: Date{2026, 12, 9}, Policy: PolicyDetected}
	a := acmeAgreement
	a.Prorates = true
	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: a, Invoice: invoiceTemplate(t, "{quantity} from {period_start} to {period_end}")})
	require.NoError(t, err)
	require.Len(t, p.Writes, 2)
	assert.Equal(t, "27 from 2027-01-01 to 2027-01-31", *p.Writes[0].InvoiceText, "the patched quantity bills from the next invoice")
	assert.Equal(t, "2 from 2026-12-09 to 2026-12-31", *p.Writes[1].InvoiceText, "the prorated addition bills its seats for the rest of the period")
	assert.Contains(t, string(p.Writes[1].Body), `"invoiceDescription":"2 from 2026-12-09 to 2026-12-31"`)
}

func TestInvoiceDescriptionLimits(t *testing.T) {
	long := strings.Repeat("x", 7000)
	c := acmeCard(t, 25, 27)
	c.ProductName = long
	for _, psa := range []connector.Kind{connector.KindConnectWise, connector.KindAutotask, connector.KindHaloPSA} {
		t.Run(string(psa), func(t *testing.T) {
			a := acmeAgreement
			if psa == connector.KindHaloPSA {
				a = haloInvoice
			}
			p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: a, PSA: psa, Invoice: invoiceTemplate(t, "{product}")})
			require.NoError(t, err)
			w := p.Writes[0]
			want := InvoiceFieldOf(psa).Limit
			if psa == connector.KindHaloPSA {
				want = haloTextRoom // the marker tag of a line TrueUp added must still fit after it
			}
			assert.Len(t, *w.InvoiceText, want)
			assert.Contains(t, w.Preview, "(cut to ")
		})
	}
	assert.Equal(t, 6000, InvoiceFieldOf(connector.KindConnectWise).Limit)
	assert.LessOrEqual(t, haloTextRoom+1+len(MarkerTag(MarkerKey(c.ID, Cycle{2026, 12}, WriteNewLine))), haloInvoiceLimit)
}

func TestMissingValuesAreNamedInThePreview(t *testing.T) {
	c := acmeCard(t, 25, 27)
	c.VendorSources = nil
	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: acmeAgreement, Invoice: invoiceTemplate(t, "{product} {subscription_id}")})
	require.NoError(t, err)
	assert.Equal(t, "M365 BP", *p.Writes[0].InvoiceText)
	assert.Contains(t, p.Writes[0].Preview, "(no value for {subscription_id})")
}

func TestRestoreInvoiceText(t *testing.T) {
	c := acmeCard(t, 25, 27)
	p, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: acmeAgreement, Invoice: invoiceTemplate(t, "{product}")})
	require.NoError(t, err)
	rev, err := RevertWrite(p.Writes[0], "", Date{2026, 12, 14})
	require.NoError(t, err)
	assert.Nil(t, rev.InvoiceText, "the revert alone does not know the description before the push")
	rev, err = RestoreInvoiceText(rev, "")
	require.NoError(t, err)
	assert.JSONEq(t, `[{"op":"replace","path":"quantity","value":25},{"op":"replace","path":"invoiceDescription","value":""}]`, string(rev.Body), "an empty description before is restored as empty")
	assert.Contains(t, rev.Preview, `invoiceDescription back to ""`)

	h, err := BuildPlan(PlanRequest{Card: c, Cycle: Cycle{2026, 12}, Agreement: haloInvoice, PSA: connector.KindHaloPSA, Invoice: invoiceTemplate(t, "{product}")})
	require.NoError(t, err)
	hrev, err := RevertWrite(h.Writes[0], "", Date{2026, 12, 14})
	require.NoError(t, err)
	hrev, err = RestoreInvoiceText(hrev, "Typed by hand")
	require.NoError(t, err)
	assert.Equal(t, "Typed by hand", *hrev.InvoiceText)

	del := Write{Kind: WriteRemoveLine, Method: "DELETE", Path: "/x"}
	got, err := RestoreInvoiceText(del, "before")
	require.NoError(t, err)
	assert.Equal(t, del, got, "a line taken away gets no description")
}
