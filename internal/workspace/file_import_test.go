package workspace_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/workspace"
)

// A file's lines are vendor lines like Pax8's: once their account and product map to the
// PSA's, they are evidence on the PSA line's card.
func TestImportedLinesMakeCards(t *testing.T) {
	tu := newTrueup(t)
	ctx := context.Background()
	for _, k := range tu.ws.Integrations().Kinds() {
		assert.Equal(t, k.Kind == "csv", k.NoServer, "%s: only file imports have no server", k.Kind)
		assert.Equal(t, k.Kind == "csv", k.NoSecret, "%s: only file imports need no credentials", k.Kind)
	}
	in, err := tu.ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "csv", Name: "Dicker", Settings: map[string]string{"profile": "dicker"}})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "nov.csv")
	require.NoError(t, os.WriteFile(path, []byte("TENANT NAME,STOCK CODE,STOCK DESCRIPTION,QTY,UNIT PRICE,SUBSCRIPTION ID\n"+
		"Bayside Veterinary Clinic,P1Y:CFQ7TTC0LH04:0001,M365 Business Premium,14,22.00,dk-1\n"+
		"Bayside Veterinary Clinic,P1Y:CFQ7TTC0LH04:0001,M365 Business Premium,,22.00,dk-2\n"), 0o644))

	pv, err := tu.ws.FileImports().Preview(ctx, workspace.FileImportRequest{IntegrationID: in.ID, Path: path})
	require.NoError(t, err)
	assert.Equal(t, "dicker", pv.Profile)
	assert.Equal(t, []workspace.BadRow{{Line: 3, Reason: "the quantity is empty"}}, pv.BadRows)
	assert.Equal(t, []workspace.PreviewColumn{{"TENANT NAME", "account"}, {"STOCK CODE", "sku"}, {"STOCK DESCRIPTION", "product"},
		{"QTY", "quantity"}, {"UNIT PRICE", "cost"}, {"SUBSCRIPTION ID", "subscription_id"}}, pv.Columns)

	imp, err := tu.ws.FileImports().Import(ctx, workspace.FileImportRequest{IntegrationID: in.ID, Path: path})
	require.NoError(t, err)
	require.Len(t, imp.Runs, 1)
	assert.Equal(t, "partial", imp.Runs[0].Status, "the bad row fails on its own; the good one imports")
	n, err := tu.ws.Mappings().AcceptExact(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the account and the product have exact PSA matches")

	l, err := tu.ws.Cards().List(ctx, workspace.CardQuery{Vendor: "Dicker", All: true})
	require.NoError(t, err)
	c := card(t, l, "Bayside Veterinary Clinic", "M365 Business Premium")
	var fromFile []workspace.CardSource
	for _, s := range c.VendorSources {
		if s.Integration == "Dicker" {
			fromFile = append(fromFile, s)
		}
	}
	require.Len(t, fromFile, 1, "the file's line is evidence on the PSA line's card")
	assert.Equal(t, "14", fromFile[0].Quantity)
	assert.Equal(t, "sub:dk-1", fromFile[0].SubscriptionID)
	assert.Contains(t, c.Vendors, "Dicker")
	assert.Equal(t, tu.cwID, c.PSAIntegrationID)
}
