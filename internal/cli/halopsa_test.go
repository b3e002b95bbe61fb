package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/sim"
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

const haloName = "HaloPSA"

// haloTrueup sets the harness up for a true-up on HaloPSA: the demo's Halo instance (the same
// MSP as the ConnectWise demo) and Pax8, added through the CLI, a Full Sync, and the Pax8
// customers and products mapped onto the Halo clients and items as a user would map them.
func (h *harness) haloTrueup() *halosim.Server {
	h.t.Helper()
	halo := halosim.New(halosim.DemoDataset(time.Now()), halosim.Options{})
	base, err := halo.Start()
	require.NoError(h.t, err)
	h.t.Cleanup(halo.Close)
	creds := halosim.DemoCredentials()
	r := h.run("", "integrations", "add", "--kind", "halopsa", "--name", haloName, "--base-url", base, "--set", "tenant="+creds.Tenant)
	require.Equal(h.t, 0, r.code, r.stderr)
	r = h.run(fmt.Sprintf(`{"client_id":%q,"client_secret":%q}`, creds.ClientID, creds.ClientSecret), "credentials", "set", "--integration", haloName)
	require.Equal(h.t, 0, r.code, r.stderr)
	for _, in := range h.sims.Integrations() {
		if in.Kind != string(connector.KindPax8) {
			continue
		}
		r = h.run("", "integrations", "add", "--kind", in.Kind, "--name", in.Name, "--base-url", in.BaseURL)
		require.Equal(h.t, 0, r.code, r.stderr)
		secretJSON, _ := json.Marshal(in.Secrets)
		r = h.run(string(secretJSON), "credentials", "set", "--integration", in.Name)
		require.Equal(h.t, 0, r.code, r.stderr)
	}
	r = h.run("", "sync", "--all", "--mode", "full")
	require.Equal(h.t, 0, r.code, r.stderr)

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(h.dataDir, workspace.DatabaseFile))
	require.NoError(h.t, err)
	defer st.Close()
	psaIn, err := st.IntegrationByName(ctx, haloName)
	require.NoError(h.t, err)
	pax, err := st.IntegrationByName(ctx, demo.Pax8Name)
	require.NoError(h.t, err)
	psa, err := st.CacheSnapshot(ctx, psaIn.ID, false)
	require.NoError(h.t, err)
	vendor, err := st.CacheSnapshot(ctx, pax.ID, false)
	require.NoError(h.t, err)
	psaName := map[string]string{}
	for _, c := range sim.DemoCustomers() {
		psaName[c.VendorName] = c.Name
	}
	clients, skus := map[string]string{}, map[string]string{}
	for _, a := range psa.Accounts {
		clients[a.Name] = a.ID
	}
	for _, p := range psa.Products {
		skus[p.VendorSKU] = p.ID
	}
	var ms []store.Mapping
	for _, a := range vendor.Accounts {
		if id, ok := clients[psaName[a.Name]]; ok {
			ms = append(ms, store.Mapping{VendorIntegrationID: pax.ID, Kind: store.MappingAccount, VendorID: a.ID, PSAIntegrationID: psaIn.ID, PSAID: id})
		}
	}
	for _, p := range vendor.Products {
		if id, ok := skus[p.VendorSKU]; ok && p.VendorSKU != "" {
			ms = append(ms, store.Mapping{VendorIntegrationID: pax.ID, Kind: store.MappingProduct, VendorID: p.ID, PSAIntegrationID: psaIn.ID, PSAID: id})
		}
	}
	require.NoError(h.t, st.SetMappings(ctx, ms...))
	return halo
}

func (h *harness) card(id string) workspace.CardDTO {
	h.t.Helper()
	for _, c := range h.cardsJSON("--all") {
		if c.ID == id {
			return c
		}
	}
	h.t.Fatalf("no card %s", id)
	return workspace.CardDTO{}
}

func (h *harness) ledgerJSON() []map[string]any {
	h.t.Helper()
	r := h.run("", "ledger", "--json")
	require.Equal(h.t, ExitOK, r.code, r.stderr)
	var entries []map[string]any
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &entries))
	return entries
}

func TestHaloApproveLedgerRevert(t *testing.T) {
	h := newHarness(t)
	halo := h.haloTrueup()
	id := h.cardID("Blue Harbor Logistics", "M365 Business Premium")
	line := h.card(id).PSALines[0]
	header, _ := strconv.Atoi(line.AgreementID)
	lineID, _ := strconv.Atoi(line.LineID)
	before, ok := halo.Invoice(header)
	require.True(t, ok)

	r := h.run("", "approve", "--card", id, "--dry-run")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "POST /RecurringInvoice\n")
	next := nextMonthStart(t, h.cardsCycle())
	assert.Contains(t, r.stdout, fmt.Sprintf("line %d qty_order 42 -> 41, every other line unchanged (HaloPSA has no effective date on a line: the new quantity bills from the recurring invoice's next run on %s)", lineID, next))
	assert.Contains(t, r.stdout, "Dry run: approving Blue Harbor Logistics, M365 Business Premium (42 -> 41) sends 1 write(s); nothing was changed.\n")
	assert.Empty(t, halo.Writes(), "a dry run changes nothing")

	r = h.run("", "approve", "--card", id)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Pushed: Blue Harbor Logistics, M365 Business Premium 42 -> 41.\n", r.stdout)
	require.Len(t, halo.Writes(), 1)
	after, _ := halo.Invoice(header)
	require.Len(t, after.Lines, len(before.Lines), "every line of the recurring invoice is still there")
	for i, l := range after.Lines {
		want := before.Lines[i].QtyOrder
		if l.ID == lineID {
			want = 41
		}
		assert.Equal(t, want, l.QtyOrder, "line %d", l.ID)
	}
	assert.Equal(t, "no_change", h.card(id).State, "the pushed quantity is cached without a sync")

	entries := h.ledgerJSON()
	require.Len(t, entries, 2)
	p := entries[0]
	assert.Equal(t, "push", p["action"])
	assert.Equal(t, "pushed", p["state"])
	assert.Equal(t, "42", p["before"])
	assert.Equal(t, "41", p["after"])
	assert.Equal(t, fmt.Sprintf("HTTP 201, record %d, qty_order 41", lineID), p["psa_response"])
	assert.Equal(t, next, p["effective_date"], "the header's next run")
	pushID := strconv.FormatFloat(p["id"].(float64), 'f', -1, 64)

	r = h.run("", "revert", "--push", pushID)
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stdout, fmt.Sprintf("line %d qty_order 41 -> 42 (revert)", lineID), "the exact change is shown")
	assert.Contains(t, r.stderr, "add --yes")
	assert.Len(t, halo.Writes(), 1, "nothing was written")

	r = h.run("", "revert", "--push", pushID, "--yes")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "is reverted")
	l, _ := halo.Line(header, lineID)
	assert.Equal(t, 42.0, l.QtyOrder)
	assert.Len(t, halo.Writes(), 2)
	var revert map[string]any
	for _, e := range h.ledgerJSON() {
		if e["action"] == "revert" {
			revert = e
		}
	}
	require.NotNil(t, revert, "the ledger lists the revert")
	assert.Equal(t, "pushed", revert["state"])
	assert.Equal(t, "41", revert["before"])
	assert.Equal(t, "42", revert["after"])
}

func TestHaloNewRevenueAddsAMarkedLineAndRevertRemovesIt(t *testing.T) {
	h := newHarness(t)
	halo := h.haloTrueup()
	id := h.cardID("Copperline Engineering", "M365 Business Standard")
	c := h.card(id)
	require.Equal(t, "new_revenue", c.State)

	r := h.run("", "approve", "--card", id, "--confirm-large")
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "choose the agreement to add the line to with --agreement ID: ")
	agreement := strings.SplitN(strings.SplitN(r.stderr, "--agreement ID: ", 2)[1], " ", 2)[0]
	header, err := strconv.Atoi(agreement)
	require.NoError(t, err, r.stderr)
	before, _ := halo.Invoice(header)

	r = h.run("", "approve", "--card", id, "--confirm-large", "--agreement", agreement)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Pushed: Copperline Engineering, M365 Business Standard 0 -> "+c.VendorQuantity+".\n", r.stdout)
	after, _ := halo.Invoice(header)
	require.Len(t, after.Lines, len(before.Lines)+1)
	added := after.Lines[len(after.Lines)-1]
	assert.Contains(t, added.ItemShortDescription, "(TrueUp ")
	assert.Equal(t, c.VendorQuantity, strconv.FormatFloat(added.QtyOrder, 'f', -1, 64))

	entries := h.ledgerJSON()
	p := entries[0]
	assert.Equal(t, "pushed", p["state"])
	assert.Equal(t, "", p["before"], "a new line had no seats")
	assert.Equal(t, c.VendorQuantity, p["after"])
	pushID := strconv.FormatFloat(p["id"].(float64), 'f', -1, 64)

	r = h.run("", "revert", "--push", pushID, "--yes")
	require.Equal(t, ExitOK, r.code, r.stderr)
	final, _ := halo.Invoice(header)
	assert.Equal(t, before.Lines, final.Lines, "the line TrueUp added is gone, every other line as it was")
	assert.Equal(t, "new_revenue", h.card(id).State, "the card is what it was before the push")
}

func TestHaloRevertOfALineChangedSinceThePushAsksFirst(t *testing.T) {
	h := newHarness(t)
	halo := h.haloTrueup()
	id := h.cardID("Blue Harbor Logistics", "M365 Business Premium")
	line := h.card(id).PSALines[0]
	header, _ := strconv.Atoi(line.AgreementID)
	lineID, _ := strconv.Atoi(line.LineID)
	r := h.run("", "approve", "--card", id)
	require.Equal(t, 0, r.code, r.stderr)
	pushID := ""
	for _, e := range h.ledgerJSON() {
		if e["action"] == "push" {
			pushID = strconv.FormatFloat(e["id"].(float64), 'f', -1, 64)
		}
	}
	require.NoError(t, halo.SetLineQuantity(lineID, 50)) // someone changed it in Halo since

	warning := "HaloPSA now holds qty_order 50, not the 41 push " + pushID + " wrote: someone changed it since, and reverting sets it to 42"
	r = h.run("", "revert", "--push", pushID)
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, warning)
	assert.Contains(t, r.stdout, "(HaloPSA held 50, not the 41 the push wrote: you confirmed)")
	l, _ := halo.Line(header, lineID)
	assert.Equal(t, 50.0, l.QtyOrder, "nothing was written")
	require.Len(t, halo.Writes(), 1)

	// Confirmed, the revert writes over what Halo holds now (a conflict otherwise: Halo holds
	// neither the 41 the push wrote nor the 42 it goes back to).
	r = h.run("", "revert", "--push", pushID, "--yes")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, warning)
	l, _ = halo.Line(header, lineID)
	assert.Equal(t, 42.0, l.QtyOrder)
}

func TestHaloCostPush(t *testing.T) {
	h := newHarness(t)
	halo := h.haloTrueup()
	r := h.run("", "costs", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	var drift map[string]any
	for _, row := range rows {
		if row["drift"] == true && drift == nil {
			drift = row
		}
	}
	require.NotNil(t, drift, "the demo has cost drift")
	product := drift["psa_product_id"].(string)

	r = h.run("", "costs", "push", "--product", product, "--dry-run")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "POST /Item")
	assert.Contains(t, r.stdout, `"recurringcost":`+drift["vendor_cost"].(string))
	assert.Empty(t, halo.Writes())

	r = h.run("", "costs", "push", "--product", product)
	require.Equal(t, ExitOK, r.code, r.stderr)
	id, _ := strconv.Atoi(product)
	item, _ := halo.CatalogItem(id)
	want, _ := strconv.ParseFloat(drift["vendor_cost"].(string), 64)
	assert.Equal(t, want, item.RecurringCost, "the item has the vendor cost")
	r = h.run("", "costs", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	for _, row := range rows {
		if row["psa_product_id"] == product {
			assert.Equal(t, false, row["drift"], "the cache has the pushed cost: no drift left")
		}
	}
}
