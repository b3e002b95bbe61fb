package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/sim"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// trueup sets the harness up for the true-up: both demo integrations, a Full Sync, and the
// demo's vendor customers and products mapped as a user would map them (each Pax8 company
// to its ConnectWise company, each Pax8 product to the catalog item with its vendor SKU).
func (h *harness) trueup() {
	h.t.Helper()
	h.setup()
	r := h.run("", "sync", "--all", "--mode", "full")
	require.Equal(h.t, 0, r.code, r.stderr)

	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(h.dataDir, workspace.DatabaseFile))
	require.NoError(h.t, err)
	defer st.Close()
	cw, err := st.IntegrationByName(ctx, demo.ConnectWiseName)
	require.NoError(h.t, err)
	pax, err := st.IntegrationByName(ctx, demo.Pax8Name)
	require.NoError(h.t, err)
	psa, err := st.CacheSnapshot(ctx, cw.ID, false)
	require.NoError(h.t, err)
	vendor, err := st.CacheSnapshot(ctx, pax.ID, false)
	require.NoError(h.t, err)
	psaName := map[string]string{}
	for _, c := range sim.DemoCustomers() {
		psaName[c.VendorName] = c.Name
	}
	companies, skus := map[string]string{}, map[string]string{}
	for _, a := range psa.Accounts {
		companies[a.Name] = a.ID
	}
	for _, p := range psa.Products {
		skus[p.VendorSKU] = p.ID
	}
	var ms []store.Mapping
	for _, a := range vendor.Accounts {
		if id, ok := companies[psaName[a.Name]]; ok {
			ms = append(ms, store.Mapping{VendorIntegrationID: pax.ID, Kind: store.MappingAccount, VendorID: a.ID, PSAIntegrationID: cw.ID, PSAID: id})
		}
	}
	for _, p := range vendor.Products {
		if id, ok := skus[p.VendorSKU]; ok && p.VendorSKU != "" {
			ms = append(ms, store.Mapping{VendorIntegrationID: pax.ID, Kind: store.MappingProduct, VendorID: p.ID, PSAIntegrationID: cw.ID, PSAID: id})
		}
	}
	require.NoError(h.t, st.SetMappings(ctx, ms...))
}

// cardsJSON runs `cards --json` with args and returns the cards.
func (h *harness) cardsJSON(args ...string) []workspace.CardDTO {
	h.t.Helper()
	r := h.run("", append([]string{"cards", "--json"}, args...)...)
	require.Equal(h.t, 0, r.code, r.stderr)
	var cards []workspace.CardDTO
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &cards))
	return cards
}

func (h *harness) cardID(account, product string) string {
	h.t.Helper()
	for _, c := range h.cardsJSON("--all") {
		if c.AccountName == account && c.ProductName == product {
			return c.ID
		}
	}
	h.t.Fatalf("no card for %s, %s", account, product)
	return ""
}

func TestCardsJSONHasTheContractsFields(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	r := h.run("", "cards", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr, "fresh data: no warning")
	var cards []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &cards))
	require.NotEmpty(t, cards)
	states := map[string]bool{}
	for _, c := range cards {
		for _, k := range []string{"id", "state", "account_name", "psa_account_id", "product_name", "psa_product_id", "psa_quantity",
			"vendor_quantity", "difference", "unit_price", "monthly_impact", "flags", "decision", "psa_lines", "vendor_sources"} {
			assert.Contains(t, c, k)
		}
		states[c["state"].(string)] = true
		assert.Equal(t, "open", c["decision"])
		for _, l := range c["psa_lines"].([]any) {
			for _, k := range []string{"line_id", "agreement_id", "agreement_name", "quantity"} {
				assert.Contains(t, l, k)
			}
		}
		for _, s := range c["vendor_sources"].([]any) {
			for _, k := range []string{"integration", "subscription_id", "account_name", "product_name", "quantity"} {
				assert.Contains(t, s, k)
			}
			assert.Equal(t, demo.Pax8Name, s.(map[string]any)["integration"])
		}
	}
	assert.Equal(t, map[string]bool{"reconcile": true, "new_revenue": true, "no_change": true, "no_vendor_data": true}, states)

	for _, c := range h.cardsJSON("--state", "new_revenue", "--vendor", "pax8") {
		assert.Equal(t, "new_revenue", c.State)
	}
	for _, c := range h.cardsJSON("--account", "blue harbor") {
		assert.Equal(t, "Blue Harbor Logistics", c.AccountName)
	}
}

func TestCardsTable(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	r := h.run("", "cards", "--account", "Blue Harbor")
	require.Equal(t, 0, r.code, r.stderr)
	ids := []string{h.cardID("Blue Harbor Logistics", "Datto SaaS Protection"), h.cardID("Blue Harbor Logistics", "Entra ID P2"),
		h.cardID("Blue Harbor Logistics", "M365 Business Premium")}
	month := h.cardsCycle()
	want := "ID                STATE      ACCOUNT                PRODUCT                PSA  VENDOR  DIFF  MONTHLY  FLAGS\n" +
		ids[0] + "  reconcile  Blue Harbor Logistics  Datto SaaS Protection  42   41      -1    -3.50    \n" +
		ids[1] + "  reconcile  Blue Harbor Logistics  Entra ID P2            13   12      -1    -10.80   \n" +
		ids[2] + "  reconcile  Blue Harbor Logistics  M365 Business Premium  42   41      -1    -26.40   \n" +
		"3 cards in " + month + " (3 reconcile); monthly revenue 0.00 added, -40.70 removed\n"
	assert.Equal(t, want, r.stdout)

	r = h.run("", "cards", "--state", "bogus")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, `trueup cards: card state "bogus" is unknown: use reconcile, new_revenue, no_change or no_vendor_data`+"\n", r.stderr)
	r = h.run("", "cards", "--vendor", "Ingram")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, `trueup cards: there is no vendor integration named "Ingram": use one of "Pax8"`+"\n", r.stderr)
}

// cardsCycle is the cycle the cards are of: the harness's workspaces run on today's date
// in the local time zone.
func (h *harness) cardsCycle() string { return time.Now().Format("2006-01") }

func TestApproveDryRunThenPush(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	id := h.cardID("Blue Harbor Logistics", "M365 Business Premium")
	var line workspace.CardLine
	for _, c := range h.cardsJSON() {
		if c.ID == id {
			line = c.PSALines[0]
		}
	}
	path := "/finance/agreements/" + line.AgreementID + "/additions/" + line.LineID

	r := h.run("", "approve", "--card", id, "--dry-run")
	require.Equal(t, 0, r.code, r.stderr)
	next := nextMonthStart(t, h.cardsCycle())
	assert.Equal(t, "PATCH "+path+"\n"+
		`  [{"op":"replace","path":"quantity","value":41}]`+"\n"+
		`  PATCH addition `+line.LineID+` on agreement "Managed Services": quantity 42 -> 41, effective `+next+` (this agreement does not prorate: ConnectWise bills the new quantity from its next invoice)`+"\n"+
		"Dry run: approving Blue Harbor Logistics, M365 Business Premium (42 -> 41) sends 1 write(s); nothing was changed.\n", r.stdout)
	assert.Empty(t, h.sims.CW.Writes(), "a dry run changes nothing")
	assert.Equal(t, "open", h.cardsJSON("--all", "--account", "Blue Harbor")[2].Decision)

	r = h.run("", "approve", "--card", id, "--note", "two leavers")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Pushed: Blue Harbor Logistics, M365 Business Premium 42 -> 41.\n", r.stdout)
	writes := h.sims.CW.Writes()
	require.Len(t, writes, 1)
	assert.Equal(t, path, writes[0].Path)
	agreement, _ := strconv.Atoi(line.AgreementID)
	addition, _ := strconv.Atoi(line.LineID)
	a, ok := h.sims.CW.Addition(agreement, addition)
	require.True(t, ok)
	assert.Equal(t, 41.0, a.Quantity)

	for _, c := range h.cardsJSON("--all", "--account", "Blue Harbor") {
		if c.ID == id {
			assert.Equal(t, "no_change", c.State, "the pushed quantity is cached without a sync")
			assert.Equal(t, "approved", c.Decision)
		}
	}
	r = h.run("", "approve", "--card", id)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "is already approved this cycle")
}

func nextMonthStart(t *testing.T, cycle string) string {
	t.Helper()
	y, err := strconv.Atoi(cycle[:4])
	require.NoError(t, err)
	m, err := strconv.Atoi(cycle[5:])
	require.NoError(t, err)
	if m == 12 {
		y, m = y+1, 0
	}
	return strconv.Itoa(y) + "-" + twoDigits(m+1) + "-01"
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func TestApproveRefusalsExitOne(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	large := h.cardID("Bayside Veterinary Clinic", "M365 Business Premium")
	newRevenue := h.cardID("Copperline Engineering", "M365 Business Standard")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no card", []string{}, "trueup approve: --card ID is required: `trueup cards` lists the ids\n"},
		{"unknown card", []string{"--card", "0123456789abcdef"}, `there is no card "0123456789abcdef" in`},
		{"large change", []string{"--card", large}, "is a large change (10 -> 12): check it, then approve it with --confirm-large\n"},
		{"new revenue without agreement", []string{"--card", newRevenue, "--confirm-large"}, `choose the agreement to add the line to with --agreement ID: 1007 ("Managed Services")`},
		{"quantity for several cards", []string{"--card", large, "--card", newRevenue, "--quantity", "3"}, "--quantity, --agreement and --line apply to one card"},
		{"bad date", []string{"--card", large, "--effective", "12/01/2026", "--confirm-large"}, `effective date "12/01/2026" is not a calendar day`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run("", append([]string{"approve"}, tt.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tt.want)
			assert.True(t, strings.HasPrefix(r.stderr, "trueup approve: "), r.stderr)
		})
	}
	assert.Empty(t, h.sims.CW.Writes())
}

func TestApproveQueuedWhileConnectWiseIsDownExitsThree(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	id := h.cardID("Blue Harbor Logistics", "M365 Business Premium")
	require.NoError(t, h.sims.CW.Close())
	r := h.run("", "approve", "--card", id)
	assert.Equal(t, 3, r.code, r.stderr)
	assert.Equal(t, "Queued: Blue Harbor Logistics, M365 Business Premium 42 -> 41: ConnectWise Manage cannot be reached; it goes out when it answers.\n", r.stdout)

	r = h.run("", "approve", "--card", id, "--json")
	assert.Equal(t, 1, r.code, "already approved")
}

func TestDismiss(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	a := h.cardID("Blue Harbor Logistics", "Entra ID P2")
	b := h.cardID("Maple Street Bakery", "M365 Business Premium")
	r := h.run("", "dismiss", "--card", a, "--card", b, "--card", a, "--note", "billed by hand")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Dismissed 2 cards: hidden until the next billing cycle, or until a quantity changes.\n", r.stdout)
	var decided []string
	for _, c := range h.cardsJSON("--all") {
		if c.Decision == "dismissed" {
			decided = append(decided, c.ID)
		}
	}
	sort.Strings(decided)
	want := []string{a, b}
	sort.Strings(want)
	assert.Equal(t, want, decided)

	r = h.run("", "dismiss", "--card", "nope")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "trueup dismiss: there is no card nope in ")
	r = h.run("", "dismiss")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "trueup dismiss: --card ID is required: `trueup cards` lists the ids\n", r.stderr)
}

func TestAcknowledge(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	var ids []string
	for _, c := range h.cardsJSON() {
		if c.State == "no_change" || c.State == "no_vendor_data" {
			ids = append(ids, c.ID)
		}
	}
	require.NotEmpty(t, ids, "the fixture has cards with nothing to push")
	args := []string{"acknowledge"}
	for _, id := range ids {
		args = append(args, "--card", id)
	}
	r := h.run("", args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, fmt.Sprintf("Acknowledged %d card", len(ids)))
	for _, c := range h.cardsJSON() {
		assert.NotContains(t, ids, c.ID, "acknowledged cards leave the default list")
	}

	reconcileCard := h.cardID("Blue Harbor Logistics", "Entra ID P2")
	r = h.run("", "acknowledge", "--card", reconcileCard)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "approve or dismiss it instead; nothing was recorded")
}

func TestApproveDryRunSendsNothingThatWaits(t *testing.T) {
	h := newHarness(t)
	h.trueup()
	waiting := h.cardID("Blue Harbor Logistics", "M365 Business Premium")
	other := h.cardID("Blue Harbor Logistics", "Entra ID P2")
	// An approval recorded by a process that does not push (a passive workspace) waits in
	// the outbox for the folder's next owner.
	ctx := context.Background()
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: h.dataDir, Secrets: h.keys, Registry: connectors.Registry(), Passive: true})
	require.NoError(t, err)
	res, err := ws.Cards().Approve(ctx, workspace.ApproveRequest{CardID: waiting})
	require.NoError(t, err)
	require.Equal(t, "queued", res.Pushes[0].State)
	ws.Close()

	r := h.run("", "approve", "--card", other, "--dry-run")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, h.sims.CW.Writes(), "a dry run pushes nothing, not even what waits")

	r = h.run("", "push")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Len(t, h.sims.CW.Writes(), 1, "the waiting approval goes out with the next push")
}
