package workspace_test

import (
	"context"
	"math/big"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/connectwise"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
	"github.com/trueup/trueup/internal/workspace"
)

func TestCostsAndTheCostPush(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	// The catalog's cost of Acronis drifts from what Pax8 charges (an edit in ConnectWise).
	wr, err := connectwise.NewWriter(connector.Config{Name: "cw", BaseURL: tu.sims.CWURL,
		Settings: map[string]string{connectwise.SettingCompany: cwsim.DemoCredentials().Company, connectwise.SettingClientID: cwsim.DemoCredentials().ClientID},
		Secrets:  map[string]string{connectwise.SecretPublicKey: cwsim.DemoCredentials().PublicKey, connectwise.SecretPrivateKey: cwsim.DemoCredentials().PrivateKey}})
	require.NoError(t, err)
	_, _, err = wr.Send(ctx, "PATCH", "/procurement/catalog/305", []byte(`[{"op":"replace","path":"cost","value":3.75}]`))
	require.NoError(t, err)
	tu.sync(t, "full")
	rows, err := tu.ws.Cards().Costs(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	var drift workspace.CostRowDTO
	for _, r := range rows {
		price, _ := new(big.Rat).SetString(r.CatalogPrice)
		cost, _ := new(big.Rat).SetString(r.VendorCost)
		margin, _ := new(big.Rat).SetString(r.Margin)
		assert.Zero(t, new(big.Rat).Sub(price, cost).Cmp(margin), "%s: margin = price - vendor cost", r.ProductName)
		if price.Sign() != 0 {
			pct := new(big.Rat).Mul(new(big.Rat).Quo(margin, price), big.NewRat(100, 1))
			assert.Equal(t, pct.FloatString(2), r.MarginPercent)
		}
		if r.ProductID == "305" {
			drift = r
		}
	}
	require.NotEmpty(t, drift.ProductID)
	assert.Equal(t, "3.75", drift.CatalogCost)
	assert.Equal(t, "3.90", drift.VendorCost)
	assert.True(t, drift.Drift)
	assert.Empty(t, drift.Push)

	dry, err := tu.ws.Cards().PushCost(ctx, 0, drift.ProductID, true)
	require.NoError(t, err)
	assert.True(t, dry.DryRun)
	require.Len(t, dry.Writes, 1)
	assert.Equal(t, "PATCH", dry.Writes[0].Method)
	assert.Equal(t, "/procurement/catalog/"+drift.ProductID, dry.Writes[0].Path)
	id, _ := strconv.Atoi(drift.ProductID)
	item, ok := tu.sims.CW.CatalogItem(id)
	require.True(t, ok)
	assert.Equal(t, drift.CatalogCost, strconv.FormatFloat(item.Cost, 'f', 2, 64), "a dry run changes nothing")

	res, err := tu.ws.Cards().PushCost(ctx, tu.cwID, drift.ProductID, false)
	require.NoError(t, err)
	require.Len(t, res.Pushes, 1)
	assert.Equal(t, "pushed", res.Pushes[0].State, res.Message)
	item, _ = tu.sims.CW.CatalogItem(id)
	want, _ := strconv.ParseFloat(drift.VendorCost, 64)
	assert.Equal(t, want, item.Cost, "the catalog holds the vendor cost")

	rows, err = tu.ws.Cards().Costs(ctx)
	require.NoError(t, err)
	for _, r := range rows {
		if r.ProductID == drift.ProductID {
			assert.Equal(t, "pushed", r.Push)
			assert.Equal(t, r.VendorCost, r.CatalogCost, "the cache holds the pushed cost")
			assert.False(t, r.Drift)
		}
	}
	ledger, err := tu.ws.Pushes().Ledger(ctx, workspace.LedgerQuery{})
	require.NoError(t, err)
	assert.Equal(t, "cost", ledger[1].Action)
	assert.Equal(t, drift.CatalogCost, ledger[0].Before)

	_, err = tu.ws.Cards().PushCost(ctx, 0, drift.ProductID, false)
	assert.True(t, workspace.IsInputError(err), "nothing left to push: %v", err)

	// A cost push is reverted like a quantity push: the catalog gets its old cost back.
	prev, err := tu.ws.Pushes().RevertPreview(ctx, res.Pushes[0].ID)
	require.NoError(t, err)
	assert.False(t, prev.Changed, prev.Message)
	assert.Equal(t, "/procurement/catalog/305", prev.Writes[0].Path)
	_, err = tu.ws.Pushes().Revert(ctx, res.Pushes[0].ID, false)
	require.NoError(t, err)
	item, _ = tu.sims.CW.CatalogItem(id)
	assert.Equal(t, 3.75, item.Cost)
	_, err = tu.ws.Cards().PushCost(ctx, 0, "999999", true)
	assert.True(t, workspace.IsInputError(err))
}
