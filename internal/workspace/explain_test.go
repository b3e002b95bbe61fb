package workspace_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

// explainEntry finds the first entry of a side, entity and rule.
func explainEntry(t *testing.T, res workspace.ExplainResult, side, entity, rule string) workspace.ExplainEntry {
	t.Helper()
	for _, e := range res.Entries {
		if e.Side == side && e.Entity == entity && e.Rule == rule {
			return e
		}
	}
	require.Failf(t, "no entry", "no %s %s entry with rule %s in %+v", side, entity, rule, res.Entries)
	return workspace.ExplainEntry{}
}

// Explain answers on the demo's cache, offline, for the hidden demo customers and for one
// that makes a card, with the card List shows.
func TestExplainOnTheDemo(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	cards := tu.ws.Cards()

	t.Run("the prospect", func(t *testing.T) {
		res, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "quarry lane studios"})
		require.NoError(t, err)
		e := explainEntry(t, res, "psa", "accounts", "account_type")
		assert.Equal(t, "hidden", e.Verdict)
		assert.Equal(t, demo.ConnectWiseName, e.Integration)
		assert.Contains(t, e.Reason, "Company type is Prospect")
		require.NotNil(t, e.Action)
		assert.Equal(t, "sync", e.Action.Kind)
		assert.Equal(t, tu.cwID, e.Action.IntegrationID)
		assert.Equal(t, `trueup sync --integration "`+demo.ConnectWiseName+`"`, e.Action.Command)
	})
	t.Run("the future-dated agreement", func(t *testing.T) {
		res, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "Harborview Orthodontics"})
		require.NoError(t, err)
		e := explainEntry(t, res, "psa", "agreements", "agreement_future")
		assert.Contains(t, e.Reason, "starts on 2026-12-01")
		assert.Contains(t, e.Fix, "it appears on 2026-12-01")
	})
	t.Run("an unmapped vendor account with its exact suggestion", func(t *testing.T) {
		list, err := tu.ws.Mappings().List(ctx, tu.paxID, false)
		require.NoError(t, err)
		cedar := findRow(t, list, "account", "Cedar Ridge Law PLLC")
		_, err = tu.ws.Mappings().Map(ctx, workspace.MapRequest{IntegrationID: tu.paxID, Kind: "account", VendorID: cedar.VendorID, Clear: true})
		require.NoError(t, err)

		res, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "Cedar Ridge Law"})
		require.NoError(t, err)
		e := explainEntry(t, res, "vendor", "accounts", "vendor_account_unmapped")
		assert.Equal(t, demo.Pax8Name, e.Integration)
		require.NotNil(t, e.Suggestion)
		assert.Equal(t, "exact", e.Suggestion.Match)
		assert.Equal(t, tu.cwID, e.Suggestion.PSAIntegrationID)
		require.NotNil(t, e.Action)
		assert.Equal(t, "open_mapping", e.Action.Kind)
		assert.Equal(t, cedar.VendorID, e.Action.VendorID)
		assert.Equal(t, `trueup map --integration "Pax8" --account `+cedar.VendorID+` --to `+e.Suggestion.PSAID, e.Action.Command)
	})
	t.Run("a customer that makes a card names it", func(t *testing.T) {
		list, err := cards.List(ctx, workspace.CardQuery{Account: "Acme Dental", All: true})
		require.NoError(t, err)
		require.NotEmpty(t, list.Cards)
		res, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "ACME dental group, llc", Product: list.Cards[0].ProductName})
		require.NoError(t, err)
		e := explainEntry(t, res, "psa", "service_lines", "card")
		assert.Equal(t, "card", e.Verdict)
		assert.Equal(t, list.Cards[0].ID, e.CardID)
		assert.Equal(t, list.Cards[0].State, e.CardState)
		assert.NotEmpty(t, e.Details)
		assert.Contains(t, res.Matched, "Acme Dental Group LLC", "the Pax8 account answers with its PSA account")
	})
	t.Run("no such account", func(t *testing.T) {
		res, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "Harbourview Orthodontic"})
		require.NoError(t, err)
		assert.Empty(t, res.Entries)
		assert.Contains(t, res.Candidates, "Harborview Orthodontics")
		assert.ElementsMatch(t, []string{demo.ConnectWiseName, demo.Pax8Name}, res.Searched)
	})
	t.Run("an account or a product is required", func(t *testing.T) {
		_, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "  "})
		var ie *workspace.InputError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, "account", ie.Field)
	})
	t.Run("a product alone: the new product nobody mapped yet", func(t *testing.T) {
		list, err := tu.ws.Mappings().List(ctx, tu.paxID, false)
		require.NoError(t, err)
		copilot := findRow(t, list, "product", "Microsoft 365 Copilot")
		_, err = tu.ws.Mappings().Map(ctx, workspace.MapRequest{IntegrationID: tu.paxID, Kind: "product", VendorID: copilot.VendorID, Clear: true})
		require.NoError(t, err)

		res, err := cards.Explain(ctx, workspace.ExplainRequest{Product: "Copilot"})
		require.NoError(t, err)
		require.NotEmpty(t, res.Matched)
		e := explainEntry(t, res, "vendor", "subscriptions", "vendor_product_unmapped")
		assert.Contains(t, e.Reason, "Copilot")
		require.NotNil(t, e.Suggestion, "exact by vendor SKU")
		assert.Equal(t, "exact", e.Suggestion.Match)
	})
	t.Run("offline: the simulators are gone, the cache answers", func(t *testing.T) {
		tu.sims.Close()
		res, err := cards.Explain(ctx, workspace.ExplainRequest{Account: "Quarry Lane Studios"})
		require.NoError(t, err)
		assert.Equal(t, "account_type", explainEntry(t, res, "psa", "accounts", "account_type").Rule)
	})
	t.Run("type-ahead names", func(t *testing.T) {
		names, err := cards.Names(ctx)
		require.NoError(t, err)
		assert.Contains(t, names.Accounts, "Quarry Lane Studios")
		assert.Contains(t, names.Accounts, "Eastgate Property Mgmt")
		assert.NotEmpty(t, names.Products)
	})
}

// A vendor account mapped to a company of one PSA makes cards against that PSA only, even
// when a second PSA holds the same company, and an account and product mapped into two
// different PSAs make no card (Explain says why).
func TestCardsOfTwoPSAsDoNotMix(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	in := tu.sims.Integrations()[0]
	in.Name = "ConnectWise (second office)"
	second, err := tu.ws.Integrations().Add(ctx, in)
	require.NoError(t, err)
	runs, err := tu.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{second.ID}, Mode: "full"})
	require.NoError(t, err)
	require.NoError(t, tu.ws.Sync().Wait(ctx, runs[0].ID))

	// With two PSAs, the fix of an unmapped vendor account names the PSA to map into.
	list, err := tu.ws.Mappings().List(ctx, tu.paxID, false)
	require.NoError(t, err)
	cedar := findRow(t, list, "account", "Cedar Ridge Law PLLC")
	_, err = tu.ws.Mappings().Map(ctx, workspace.MapRequest{IntegrationID: tu.paxID, Kind: "account", VendorID: cedar.VendorID, Clear: true})
	require.NoError(t, err)
	res, err := tu.ws.Cards().Explain(ctx, workspace.ExplainRequest{Account: "Cedar Ridge Law PLLC"})
	require.NoError(t, err)
	unmapped := explainEntry(t, res, "vendor", "accounts", "vendor_account_unmapped")
	require.NotNil(t, unmapped.Suggestion)
	assert.Equal(t, fmt.Sprintf("trueup map --integration %q --account %s --to %s --psa %q", demo.Pax8Name, cedar.VendorID, unmapped.Suggestion.PSAID,
		map[int64]string{tu.cwID: demo.ConnectWiseName, second.ID: second.Name}[unmapped.Suggestion.PSAIntegrationID]), unmapped.Action.Command)

	acmeCards := func() []workspace.CardDTO {
		l, err := tu.ws.Cards().List(ctx, workspace.CardQuery{Account: "Acme Dental", All: true})
		require.NoError(t, err)
		return l.Cards
	}
	before := acmeCards()
	require.NotEmpty(t, before)
	for _, c := range before {
		assert.Equal(t, tu.cwID, c.PSAIntegrationID, "everything is mapped to the first PSA: the second one makes no Acme card")
	}

	// Move the Acme account to the second PSA; its products stay mapped to the first.
	acme := findRow(t, list, "account", "Acme Dental Group LLC")
	_, err = tu.ws.Mappings().Map(ctx, workspace.MapRequest{IntegrationID: tu.paxID, Kind: "account", VendorID: acme.VendorID,
		PSAIntegrationID: second.ID, PSAID: acme.PSAID})
	require.NoError(t, err)
	for _, c := range acmeCards() {
		assert.Equal(t, tu.cwID, c.PSAIntegrationID)
		assert.Empty(t, c.VendorSources, "the first PSA's Acme lines have no vendor data now: Pax8's Acme belongs to the second PSA")
		assert.Equal(t, "no_vendor_data", c.State)
	}
	res, err = tu.ws.Cards().Explain(ctx, workspace.ExplainRequest{Account: "Acme Dental Group LLC"})
	require.NoError(t, err)
	e := explainEntry(t, res, "vendor", "subscriptions", "mapped_to_two_psas")
	assert.Contains(t, e.Reason, "The account maps into ConnectWise (second office) but the product into "+demo.ConnectWiseName)

	// Move the product too: its card is the second PSA's, with Pax8's seats; the first PSA's
	// line of that product makes no card (no vendor product maps to it any more).
	product := findRow(t, list, "product", e.ProductName)
	_, err = tu.ws.Mappings().Map(ctx, workspace.MapRequest{IntegrationID: tu.paxID, Kind: "product", VendorID: product.VendorID,
		PSAIntegrationID: second.ID, PSAID: product.PSAID})
	require.NoError(t, err)
	var moved int
	for _, c := range acmeCards() {
		if c.PSAProductID == product.PSAID {
			assert.Equal(t, second.ID, c.PSAIntegrationID)
			assert.NotEmpty(t, c.VendorSources)
			moved++
		}
	}
	assert.Equal(t, 1, moved, "one card of the product, in the second PSA only")
}
