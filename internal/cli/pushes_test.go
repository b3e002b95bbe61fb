package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/reconcile"
	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// queueQuantity approves, through the store as the Reconcile screen would, a change of one
// demo addition's quantity by +1, and returns the addition and its quantity before.
func (h *harness) queueQuantity(key string, pick int) (agreement, addition int, before float64) {
	h.t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(h.dataDir, workspace.DatabaseFile))
	require.NoError(h.t, err)
	defer st.Close()
	list, err := st.Integrations(ctx)
	require.NoError(h.t, err)
	var cw int64
	for _, in := range list {
		if in.Kind == "connectwise" {
			cw = in.ID
		}
	}
	agreement = h.sims.CW.AgreementIDs()[pick]
	addition = h.sims.CW.AdditionIDs(agreement)[0]
	a, ok := h.sims.CW.Addition(agreement, addition)
	require.True(h.t, ok)
	before = a.Quantity
	q, next := strconv.FormatFloat(before, 'f', -1, 64), strconv.FormatFloat(before+1, 'f', -1, 64)
	path := fmt.Sprintf("/finance/agreements/%d/additions/%d", agreement, addition)
	wr := reconcile.Write{Kind: reconcile.WriteQuantity, Method: "PATCH", Path: path, Field: "quantity",
		Body: json.RawMessage(`[{"op":"replace","path":"quantity","value":` + next + `}]`), Expected: json.RawMessage(q), Target: json.RawMessage(next),
		Key: key, AgreementID: strconv.Itoa(agreement), AgreementName: "Managed", LineID: strconv.Itoa(addition),
		Preview: fmt.Sprintf("PATCH addition %d: quantity %s -> %s", addition, q, next)}
	b, err := json.Marshal(wr)
	require.NoError(h.t, err)
	_, _, err = st.Approve(ctx, store.Decision{CardID: "c-" + key, Cycle: time.Now().Format("2006-01"), Action: store.ActionApprove,
		PSAQuantity: q, VendorQuantity: next, TargetQuantity: next, AccountName: "Acme Dental", ProductName: "M365", OSUser: "dana",
		Note: "=cmd()", PSAIntegrationID: cw}, []store.NewOutboxEntry{{IntegrationID: cw, Key: key, Write: b}})
	require.NoError(h.t, err)
	return agreement, addition, before
}

func (h *harness) quantity(agreement, addition int) float64 {
	a, _ := h.sims.CW.Addition(agreement, addition)
	return a.Quantity
}

func TestPushLedgerRevert(t *testing.T) {
	h := newHarness(t)
	h.setup()
	r := h.run("", "sync", "--all", "--mode", "full")
	require.Equal(t, 0, r.code, r.stderr)
	ag, ad, before := h.queueQuantity("k1", 0)

	r = h.run("", "push")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "pushed")
	assert.Equal(t, before+1, h.quantity(ag, ad))
	r = h.run("", "push")
	assert.Equal(t, ExitOK, r.code)
	assert.Equal(t, "Nothing is waiting to be pushed.\n", r.stdout)

	r = h.run("", "ledger", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var entries []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &entries))
	require.Len(t, entries, 2)
	for _, k := range []string{"id", "at", "action", "card_id", "account_name", "product_name", "agreement_name", "before", "after",
		"effective_date", "state", "psa_response", "note", "user", "automatic"} {
		assert.Contains(t, entries[0], k)
	}
	push := entries[0]
	assert.Equal(t, "push", push["action"])
	assert.Equal(t, "pushed", push["state"])
	assert.Equal(t, fmt.Sprintf("HTTP 200, record %d, quantity %v", ad, before+1), push["psa_response"])
	pushID := strconv.FormatFloat(push["id"].(float64), 'f', -1, 64)

	r = h.run("", "ledger", "--csv")
	require.Equal(t, ExitOK, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "id,kind,at,action,card_id,"))
	assert.Contains(t, r.stdout, ",'=cmd(),dana,false\r\n", "the note cannot run as a formula")
	r = h.run("", "ledger", "--since", "yesterday")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "use YYYY-MM-DD")

	r = h.run("", "revert", "--push", pushID)
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stdout, fmt.Sprintf("PATCH /finance/agreements/%d/additions/%d", ag, ad), "the exact write is shown")
	assert.Contains(t, r.stderr, "add --yes")
	assert.Equal(t, before+1, h.quantity(ag, ad), "nothing was written")

	r = h.run("", "revert", "--push", pushID, "--yes")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "is reverted")
	assert.Equal(t, before, h.quantity(ag, ad))
	r = h.run("", "revert", "--push", pushID, "--yes")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "already reverted")
	r = h.run("", "revert")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "--push ID is required")
}

func TestPushExitsThreeWhileThePSAIsDown(t *testing.T) {
	h := newHarness(t)
	h.setup()
	r := h.run("", "sync", "--all", "--mode", "full")
	require.Equal(t, 0, r.code, r.stderr)
	ag, ad, before := h.queueQuantity("k2", 1)
	h.sims.CW.AddFault(sim.Fault{PathContains: "/finance/agreements/", Status: http.StatusServiceUnavailable, Times: 1000})
	r = h.run("", "push", "--json")
	require.Equal(t, ExitQueued, r.code, r.stderr)
	var entries []workspace.PushEntry
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &entries))
	require.Len(t, entries, 1)
	assert.Equal(t, "queued", entries[0].State, "%+v", entries[0])
	assert.Contains(t, entries[0].LastError, "could not be reached")
	h.sims.CW.ClearFaults()
	r = h.run("", "push")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Equal(t, before+1, h.quantity(ag, ad))
}

// mapDemo stores the demo's mappings, as the Mapping screen would have them.
func (h *harness) mapDemo() {
	h.t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(h.dataDir, workspace.DatabaseFile))
	require.NoError(h.t, err)
	defer st.Close()
	list, err := st.Integrations(ctx)
	require.NoError(h.t, err)
	var cw, pax int64
	for _, in := range list {
		switch in.Kind {
		case "connectwise":
			cw = in.ID
		case "pax8":
			pax = in.ID
		}
	}
	var ms []store.Mapping
	for _, m := range demo.Mappings(demo.ConnectWise{}) {
		sm := store.Mapping{VendorIntegrationID: pax, Kind: string(m.Kind), VendorID: m.VendorID, Excluded: m.Excluded, VendorName: m.VendorName}
		if !m.Excluded {
			sm.PSAIntegrationID, sm.PSAID, sm.PSAName = cw, m.PSAID, m.PSAName
		}
		ms = append(ms, sm)
	}
	require.NoError(h.t, st.SetMappings(ctx, ms...))
}

func TestCostsCommands(t *testing.T) {
	h := newHarness(t)
	h.setup()
	r := h.run("", "costs", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.JSONEq(t, "[]", r.stdout, "nothing is mapped yet")
	r = h.run("", "costs", "push")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "say which PSA catalog product")

	r = h.run("", "sync", "--all", "--mode", "full")
	require.Equal(t, 0, r.code, r.stderr)
	h.mapDemo()
	r = h.run("", "costs", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	require.NotEmpty(t, rows)
	var drift map[string]any
	for _, row := range rows {
		for _, k := range []string{"psa_product_id", "product_name", "catalog_cost", "catalog_price", "vendor_cost", "margin", "margin_percent", "drift"} {
			assert.Contains(t, row, k)
		}
		if row["drift"] == true && drift == nil {
			drift = row
		}
	}
	require.NotNil(t, drift, "the demo has cost drift")
	product := drift["psa_product_id"].(string)

	r = h.run("", "costs", "push", "--product", product, "--dry-run")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "PATCH /procurement/catalog/"+product)
	assert.Contains(t, r.stdout, "Nothing was changed")
	id, _ := strconv.Atoi(product)
	item, _ := h.sims.CW.CatalogItem(id)
	assert.Equal(t, drift["catalog_cost"], strconv.FormatFloat(item.Cost, 'f', 2, 64))

	r = h.run("", "costs", "push", "--product", product)
	require.Equal(t, ExitOK, r.code, r.stderr)
	item, _ = h.sims.CW.CatalogItem(id)
	want, _ := strconv.ParseFloat(drift["vendor_cost"].(string), 64)
	assert.Equal(t, want, item.Cost, "the catalog item has the vendor cost")
	r = h.run("", "costs")
	require.Equal(t, ExitOK, r.code)
	assert.Contains(t, r.stdout, "pushed")
	r = h.run("", "costs", "push", "--product", "999", "--dry-run")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "`trueup costs` lists the ones that do")
}
