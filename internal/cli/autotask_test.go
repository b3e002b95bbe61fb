package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/secrets"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
	paxsim "github.com/trueup/trueup/internal/sim/pax8"
	"github.com/trueup/trueup/internal/workspace"
)

// autotaskHarness is the CLI on the demo MSP with Autotask as its PSA, set up as a script
// would: add both integrations, store their credentials, sync, accept the exact mappings.
func autotaskHarness(t *testing.T) (*harness, *atsim.Server) {
	t.Helper()
	today := time.Now()
	at := atsim.New(atsim.DemoDataset(today), atsim.Options{})
	atURL, err := at.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = at.Close() })
	pax := paxsim.New(paxsim.DemoDataset(today), paxsim.Options{Credentials: paxsim.DemoCredentials()})
	paxURL, err := pax.Start()
	require.NoError(t, err)
	t.Cleanup(pax.Close)
	h := &harness{t: t, dataDir: t.TempDir(), keys: secrets.NewMemory()}

	creds := atsim.DemoCredentials()
	r := h.run("", "integrations", "add", "--kind", "autotask", "--name", "Autotask", "--base-url", atURL, "--set", "username="+creds.UserName)
	require.Equal(t, ExitOK, r.code, r.stderr)
	secret, _ := json.Marshal(map[string]string{"integration_code": creds.IntegrationCode, "secret": creds.Secret})
	r = h.run(string(secret), "credentials", "set", "--integration", "Autotask")
	require.Equal(t, ExitOK, r.code, r.stderr)
	pc := paxsim.DemoCredentials()
	r = h.run("", "integrations", "add", "--kind", "pax8", "--name", "Pax8", "--base-url", paxURL)
	require.Equal(t, ExitOK, r.code, r.stderr)
	secret, _ = json.Marshal(map[string]string{"client_id": pc.ClientID, "client_secret": pc.ClientSecret})
	r = h.run(string(secret), "credentials", "set", "--integration", "Pax8")
	require.Equal(t, ExitOK, r.code, r.stderr)
	r = h.run("", "sync", "--all", "--mode", "full")
	require.Equal(t, ExitOK, r.code, r.stderr)
	r = h.run("", "map", "--integration", "Pax8", "--accept-exact")
	require.Equal(t, ExitOK, r.code, r.stderr)
	return h, at
}

func (h *harness) cards(args ...string) []workspace.CardDTO {
	h.t.Helper()
	r := h.run("", append([]string{"cards", "--json"}, args...)...)
	require.Equal(h.t, ExitOK, r.code, r.stderr)
	var cards []workspace.CardDTO
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &cards))
	return cards
}

func TestAutotaskApproveLedgerRevertCosts(t *testing.T) {
	h, at := autotaskHarness(t)
	var card workspace.CardDTO
	var line workspace.CardLine
	for _, c := range h.cards("--state", "reconcile") {
		if strings.Contains(strings.Join(c.Flags, ","), "large_change") {
			continue
		}
		for _, l := range c.PSALines {
			if l.Target {
				card, line = c, l
			}
		}
		if card.ID != "" {
			break
		}
	}
	require.NotEmpty(t, card.ID, "the Autotask demo has a Reconcile card")
	cs, err := strconv.Atoi(line.LineID)
	require.NoError(t, err)
	next := time.Now()
	next = time.Date(next.Year(), next.Month()+1, 1, 0, 0, 0, 0, time.UTC)

	r := h.run("", "approve", "--card", card.ID, "--dry-run")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "POST /ContractServiceAdjustments")
	assert.Empty(t, at.Writes(), "a dry run writes nothing")

	r = h.run("", "approve", "--card", card.ID)
	require.Equal(t, ExitOK, r.code, r.stderr+r.stdout)
	assert.Contains(t, r.stdout, "Pushed:")
	units, ok := at.UnitsOn(cs, next)
	require.True(t, ok)
	assert.Equal(t, card.VendorQuantity, strconv.FormatFloat(units, 'f', -1, 64), "the vendor's count from the first of next month")
	require.Len(t, at.AppliedAdjustments(cs), 1)

	for _, c := range h.cards("--all") {
		if c.ID == card.ID {
			assert.Equal(t, "no_change", c.State, "the card is in step at once")
		}
	}

	r = h.run("", "ledger", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var entries []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &entries))
	var pushID string
	for _, e := range entries {
		if e["action"] == "push" {
			assert.Equal(t, "pushed", e["state"])
			assert.Equal(t, next.Format("2006-01-02"), e["effective_date"])
			assert.Contains(t, e["psa_response"], "record "+line.LineID)
			assert.Equal(t, card.PSAQuantity, e["before"], "the units of the effective date before")
			assert.Equal(t, card.VendorQuantity, e["after"])
			pushID = strconv.FormatFloat(e["id"].(float64), 'f', -1, 64)
		}
	}
	require.NotEmpty(t, pushID)

	r = h.run("", "revert", "--push", pushID)
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stdout, "POST /ContractServiceAdjustments", "the exact write is shown")
	assert.Contains(t, r.stdout, `"effectiveDate":"`+next.AddDate(0, 0, 1).Format("2006-01-02")+`T00:00:00Z"`)
	assert.Contains(t, r.stdout, "still bill for "+next.Format("2006-01-02")+" alone")
	r = h.run("", "revert", "--push", pushID, "--yes")
	require.Equal(t, ExitOK, r.code, r.stderr+r.stdout)
	assert.Contains(t, r.stdout, "is reverted: Autotask holds the value from before it")
	units, _ = at.UnitsOn(cs, next.AddDate(0, 0, 1))
	assert.Equal(t, line.Quantity, strconv.FormatFloat(units, 'f', -1, 64))

	r = h.run("", "costs", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var costs []workspace.CostRowDTO
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &costs))
	product := ""
	for _, c := range costs {
		if c.Drift {
			product = c.ProductID
		}
	}
	require.NotEmpty(t, product, "the demo has cost drift")
	at.SetCostsHidden(true)
	r = h.run("", "costs", "push", "--product", product)
	assert.Equal(t, ExitFailed, r.code, "exit 1: the cost did not take")
	assert.Contains(t, r.stdout+r.stderr, "Autotask did not apply the cost: the API user cannot see costs")
}
