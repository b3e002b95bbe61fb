package workspace_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/secrets"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// newPSATrueup is newTrueup on the demo with kind's PSA: synced and mapped; tu.cwID is the
// PSA integration's id whatever its kind.
func newPSATrueup(t *testing.T, kind connector.Kind) *trueup {
	t.Helper()
	ctx := context.Background()
	sims, err := demo.Start(kind, trueupToday, 0)
	require.NoError(t, err)
	t.Cleanup(sims.Close)
	c := &clock{now: trueupToday}
	keys := secrets.NewMemory()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: keys,
		Registry: connectors.Registry(), Now: c.Now, Location: time.UTC})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	_, err = sims.Provision(ctx, ws)
	require.NoError(t, err)
	tu := &trueup{ws: ws, sims: sims, clock: c, keys: keys}
	list, err := ws.Integrations().List(ctx)
	require.NoError(t, err)
	for _, in := range list {
		switch {
		case in.Name == demo.Pax8Name:
			tu.paxID = in.ID
		case in.Role == "psa":
			tu.cwID = in.ID
		}
	}
	require.NotZero(t, tu.cwID)
	tu.sync(t, "full")
	n, err := ws.MapDemo(ctx, tu.cwID, tu.paxID)
	require.NoError(t, err)
	require.Positive(t, n)
	return tu
}

// firstApprovable is the first open card of state whose approval previews as it is (New
// Revenue on the first agreement offered), with the request that approves it and the line
// (header and line id) the preview writes.
func firstApprovable(t *testing.T, tu *trueup, state string) (workspace.CardDTO, workspace.ApproveRequest, workspace.ApprovePreview) {
	t.Helper()
	ctx := context.Background()
	for _, c := range list(t, tu, workspace.CardQuery{}).Cards {
		if c.State != state {
			continue
		}
		req := workspace.ApproveRequest{CardID: c.ID, ConfirmLarge: true}
		p, err := tu.ws.Cards().Preview(ctx, req)
		if err != nil {
			continue
		}
		if state == "new_revenue" {
			if len(p.Agreements) == 0 {
				continue
			}
			req.AgreementID = p.Agreements[0].ID
			if p, err = tu.ws.Cards().Preview(ctx, req); err != nil {
				continue
			}
		}
		return c, req, p
	}
	t.Fatalf("no %s card approves", state)
	return workspace.CardDTO{}, workspace.ApproveRequest{}, workspace.ApprovePreview{}
}

// approve approves req, which pushes at once, and returns the push's write as queued.
func approve(t *testing.T, tu *trueup, req workspace.ApproveRequest) (workspace.ApproveResult, reconcile.Write, store.OutboxEntry) {
	t.Helper()
	ctx := context.Background()
	res, err := tu.ws.Cards().Approve(ctx, req)
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	require.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	e, err := tu.ws.Store().OutboxEntry(ctx, res.Pushes[0].ID)
	require.NoError(t, err)
	var w reconcile.Write
	require.NoError(t, json.Unmarshal(e.Write, &w))
	return res, w, e
}

// HaloPSA: the line's item_shortdescription gets the template's text in the header POST
// (the ledger keeping the one before), and Revert restores it.
func TestHaloPSAInvoiceDescriptionIsWrittenAndReverted(t *testing.T) {
	ctx := context.Background()
	tu := newPSATrueup(t, connector.KindHaloPSA)
	halo := tu.sims.PSASim.(haloLines)
	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, tu.cwID, "{product} - {quantity} seats ({account})")
	require.NoError(t, err)
	c, req, p := firstApprovable(t, tu, "reconcile")
	require.True(t, p.Writes[0].HasInvoiceDescription)
	want := p.Writes[0].InvoiceDescription
	assert.True(t, strings.HasPrefix(want, c.ProductName+" - "), want)
	assert.Contains(t, want, "("+c.AccountName+")")
	befores := map[string]halosim.InvoiceLine{}
	for _, l := range c.PSALines {
		befores[l.LineID], _ = halo.Line(atoi(t, l.AgreementID), atoi(t, l.LineID))
	}

	_, w, e := approve(t, tu, req)
	before := befores[w.LineID]
	got, ok := halo.Line(atoi(t, w.AgreementID), atoi(t, w.LineID))
	require.True(t, ok)
	assert.Equal(t, want, got.ItemShortDescription, "HaloPSA holds the rendered description")
	require.NotNil(t, e.Answer.InvoiceTextBefore)
	assert.Equal(t, before.ItemShortDescription, *e.Answer.InvoiceTextBefore, "the ledger keeps the description from before")

	_, err = tu.ws.Pushes().Revert(ctx, e.ID, false)
	require.NoError(t, err)
	after, _ := halo.Line(atoi(t, w.AgreementID), atoi(t, w.LineID))
	assert.Equal(t, before.ItemShortDescription, after.ItemShortDescription, "Revert restores the description")
	assert.Equal(t, before.QtyOrder, after.QtyOrder)
}

// A New Revenue line on HaloPSA: the template's text, then TrueUp's marker.
func TestHaloPSANewLineGetsTheTextAndKeepsTheMarker(t *testing.T) {
	ctx := context.Background()
	tu := newPSATrueup(t, connector.KindHaloPSA)
	halo := tu.sims.PSASim.(haloLines)
	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, 0, "{product} for {account}")
	require.NoError(t, err)
	c, req, _ := firstApprovable(t, tu, "new_revenue")
	_, w, _ := approve(t, tu, req)
	lines := halo.LinesDescribed(atoi(t, w.AgreementID), reconcile.MarkerTag(w.Marker))
	require.Len(t, lines, 1)
	assert.Equal(t, c.ProductName+" for "+c.AccountName+" "+reconcile.MarkerTag(w.Marker), lines[0].ItemShortDescription)
}

// haloLines is what the tests read of the demo's HaloPSA simulator.
type haloLines interface {
	Line(headerID, lineID int) (halosim.InvoiceLine, bool)
	LinesDescribed(headerID int, text string) []halosim.InvoiceLine
}

// contractServices is what the tests read of the demo's Autotask simulator.
type contractServices interface {
	ContractService(id int) (atsim.ContractService, bool)
	ContractServiceOf(contractID, serviceID int) int
}

// Autotask: after the adjustment the contract service's invoiceDescription is PATCHed from
// the template (the ledger keeping the one before), and Revert's counter-adjustment puts it
// back.
func TestAutotaskInvoiceDescriptionIsWrittenAndReverted(t *testing.T) {
	ctx := context.Background()
	tu := newPSATrueup(t, connector.KindAutotask)
	at := tu.sims.PSASim.(contractServices)
	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, 0, "{product}: {quantity} units from {period_start}")
	require.NoError(t, err)
	c, req, p := firstApprovable(t, tu, "reconcile")
	require.True(t, p.Writes[0].HasInvoiceDescription)
	want := p.Writes[0].InvoiceDescription
	assert.True(t, strings.HasPrefix(want, c.ProductName+": "), want)
	assert.Contains(t, p.Writes[0].Preview, `then PATCH ContractServices; invoiceDescription "`+want+`"`)
	befores := map[string]string{}
	for _, l := range c.PSALines {
		cs, ok := at.ContractService(atoi(t, l.LineID))
		require.True(t, ok)
		befores[l.LineID] = cs.InvoiceDescription
	}

	_, w, e := approve(t, tu, req)
	got, _ := at.ContractService(atoi(t, w.LineID))
	assert.Equal(t, want, got.InvoiceDescription, "Autotask holds the rendered description")
	require.NotNil(t, e.Answer.InvoiceTextBefore)
	assert.Equal(t, befores[w.LineID], *e.Answer.InvoiceTextBefore)

	_, err = tu.ws.Pushes().Revert(ctx, e.ID, false)
	require.NoError(t, err)
	got, _ = at.ContractService(atoi(t, w.LineID))
	assert.Equal(t, befores[w.LineID], got.InvoiceDescription, "Revert restores the description")
}

// New Revenue on Autotask: the contract service the adjustment creates gets the description.
func TestAutotaskNewServiceGetsTheDescription(t *testing.T) {
	ctx := context.Background()
	tu := newPSATrueup(t, connector.KindAutotask)
	at := tu.sims.PSASim.(contractServices)
	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, tu.cwID, "{product} for {account}")
	require.NoError(t, err)
	c, req, _ := firstApprovable(t, tu, "new_revenue")
	_, w, e := approve(t, tu, req)
	id := at.ContractServiceOf(atoi(t, w.AgreementID), atoi(t, w.ProductID))
	require.NotZero(t, id)
	cs, _ := at.ContractService(id)
	assert.Equal(t, c.ProductName+" for "+c.AccountName, cs.InvoiceDescription)
	assert.Contains(t, e.Answer.Note, "invoiceDescription set")
}
