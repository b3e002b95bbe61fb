package workspace_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func TestInvoiceTemplateIsCheckedAtSave(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, 0, "{product} {seats}")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "use one of {product}, {quantity}, {period_start}, {period_end}, {subscription_id}, {account}, {vendor}")
	_, err = tu.ws.Cards().SetInvoiceTemplate(ctx, tu.paxID, "{product}")
	assert.ErrorContains(t, err, "an invoice template belongs to a PSA", "a vendor has no invoice")

	s, err := tu.ws.Cards().SetInvoiceTemplate(ctx, 0, "{product} for {account}")
	require.NoError(t, err)
	assert.Equal(t, "{product} for {account}", s.Template)
	require.Len(t, s.PSAs, 1)
	assert.Equal(t, "{product} for {account}", s.PSAs[0].Applies)
	assert.Equal(t, 6000, s.PSAs[0].Limit)

	s, err = tu.ws.Cards().SetInvoiceTemplate(ctx, tu.cwID, "{quantity} x {product}")
	require.NoError(t, err)
	assert.Equal(t, "{quantity} x {product}", s.PSAs[0].Override)
	assert.Equal(t, "{quantity} x {product}", s.PSAs[0].Applies, "the override applies instead of the workspace's")
	s, err = tu.ws.Cards().SetInvoiceTemplate(ctx, tu.cwID, "")
	require.NoError(t, err)
	assert.Equal(t, "{product} for {account}", s.PSAs[0].Applies, "without the override the workspace's applies again")
}

// The preview renders the template for the next pushes from the cached cards, through the
// plans an approval builds; a template that cannot be saved says why instead.
func TestPreviewInvoiceTemplateOnCachedCards(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	p, err := tu.ws.Cards().PreviewInvoiceTemplate(ctx, 0, "{product} ({quantity}) for {account}, {period_start} to {period_end} via {vendor}")
	require.NoError(t, err)
	assert.Empty(t, p.Error)
	require.NotEmpty(t, p.Lines)
	assert.LessOrEqual(t, len(p.Lines), 5)
	for _, l := range p.Lines {
		assert.Contains(t, l.Text, l.ProductName)
		assert.Contains(t, l.Text, "for "+l.AccountName)
		assert.Contains(t, l.Text, "via Pax8")
		assert.Equal(t, demo.ConnectWiseName, l.Integration)
	}

	bad, err := tu.ws.Cards().PreviewInvoiceTemplate(ctx, 0, "{product")
	require.NoError(t, err)
	assert.Contains(t, bad.Error, "a { without its }")
	assert.Empty(t, bad.Lines)

	none, err := tu.ws.Cards().PreviewInvoiceTemplate(ctx, 0, "")
	require.NoError(t, err)
	assert.Contains(t, none.Message, "no template")
}

// ConnectWise: the approved PATCH sets invoiceDescription from the template, the simulator
// keeps it, and Revert puts back the description the addition had before.
func TestConnectWiseInvoiceDescriptionIsWrittenAndReverted(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	line := c.PSALines[0]
	agr, add := atoi(t, line.AgreementID), atoi(t, line.LineID)
	before, ok := tu.sims.CW.Addition(agr, add)
	require.True(t, ok)

	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, 0, "{product}: {quantity} seats from {period_start}")
	require.NoError(t, err)
	p, err := tu.ws.Cards().Preview(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Len(t, p.Writes, 1)
	want := "M365 Business Premium: 41 seats from 2026-12-01"
	assert.True(t, p.Writes[0].HasInvoiceDescription)
	assert.Equal(t, want, p.Writes[0].InvoiceDescription)
	assert.Contains(t, p.Writes[0].Preview, `invoiceDescription "`+want+`"`)

	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	require.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	got, _ := tu.sims.CW.Addition(agr, add)
	assert.Equal(t, want, got.InvoiceDescription, "ConnectWise holds the rendered description")
	assert.Equal(t, 41.0, got.Quantity)
	ledger, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	require.NotEmpty(t, ledger)
	assert.Equal(t, "push", ledger[0].Kind)
	assert.Contains(t, ledger[0].PSAResponse, `invoice description before: "`+before.InvoiceDescription+`"`, "the ledger keeps the description from before")

	rp, err := tu.ws.Pushes().RevertPreview(ctx, res.Pushes[0].ID)
	require.NoError(t, err)
	assert.Contains(t, rp.Writes[0].Preview, `invoiceDescription back to "`+before.InvoiceDescription+`"`)
	_, err = tu.ws.Pushes().Revert(ctx, res.Pushes[0].ID, false)
	require.NoError(t, err)
	got, _ = tu.sims.CW.Addition(agr, add)
	assert.Equal(t, before.InvoiceDescription, got.InvoiceDescription, "Revert restores the description from before the push")
	assert.Equal(t, 42.0, got.Quantity)
}

// Without a template nothing is sent: a description typed in ConnectWise stays.
func TestConnectWiseWithoutTemplateLeavesTheDescriptionAlone(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	c := card(t, list(t, tu, workspace.CardQuery{}), blueHarbor, premium)
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	writes := tu.sims.CW.Writes()
	require.Len(t, writes, 1)
	assert.NotContains(t, writes[0].Body, "invoiceDescription")
}

// A New Revenue addition is created with the rendered description.
func TestConnectWiseNewAdditionGetsTheDescription(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	_, err := tu.ws.Cards().SetInvoiceTemplate(ctx, tu.cwID, "{product} x{quantity}")
	require.NoError(t, err)
	c := card(t, list(t, tu, workspace.CardQuery{}), copperline, standard)
	res, err := tu.ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: c.ID, AgreementID: "1007", ConfirmLarge: true})
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	require.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	ids := tu.sims.CW.AdditionIDs(1007)
	var descs []string
	for _, id := range ids {
		a, _ := tu.sims.CW.Addition(1007, id)
		descs = append(descs, a.InvoiceDescription)
	}
	assert.Contains(t, descs, "M365 Business Standard x17")
}
