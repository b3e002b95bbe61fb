package cli

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
)

// mappingJSON is a row of `trueup mappings --json` with the fields of the CLI contract.
type mappingJSON struct {
	Integration string `json:"integration"`
	Kind        string `json:"kind"`
	VendorID    string `json:"vendor_id"`
	VendorName  string `json:"vendor_name"`
	State       string `json:"state"`
	PSAID       string `json:"psa_id"`
	PSAName     string `json:"psa_name"`
	// beyond the contract's fields
	Subscriptions int    `json:"subscriptions"`
	MonthlyCost   string `json:"monthly_cost"`
	Suggestions   []struct {
		PSAID   string  `json:"psa_id"`
		PSAName string  `json:"psa_name"`
		Match   string  `json:"match"`
		Score   float64 `json:"score"`
	} `json:"suggestions"`
}

func (h *harness) mappings(args ...string) []mappingJSON {
	h.t.Helper()
	r := h.run("", append([]string{"mappings", "--json"}, args...)...)
	require.Equal(h.t, 0, r.code, r.stderr)
	var raw []map[string]any
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &raw))
	for _, row := range raw {
		for _, k := range []string{"integration", "kind", "vendor_id", "vendor_name", "state", "psa_id", "psa_name", "suggestions"} {
			require.Contains(h.t, row, k, "the CLI contract names the field %s", k)
		}
		for _, s := range row["suggestions"].([]any) {
			for _, k := range []string{"psa_id", "psa_name", "match", "score"} {
				require.Contains(h.t, s, k)
			}
		}
	}
	var rows []mappingJSON
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &rows))
	return rows
}

func rowNamed(t *testing.T, rows []mappingJSON, kind, vendorName string) mappingJSON {
	t.Helper()
	for _, r := range rows {
		if r.Kind == kind && r.VendorName == vendorName {
			return r
		}
	}
	require.Failf(t, "no row", "%s %q is not listed", kind, vendorName)
	return mappingJSON{}
}

func TestMappingsAndMapCommands(t *testing.T) {
	h := newHarness(t)
	h.setup()
	pax := demo.Pax8Name

	r := h.run("", "mappings")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Pax8: not synced yet: run `trueup sync --integration \"Pax8\"` to list its accounts and products.\n", r.stdout,
		"an empty cache never reads as everything mapped")

	require.Equal(t, 0, h.run("", "sync", "--all").code)
	rows := h.mappings("--integration", pax)
	acme := rowNamed(t, rows, "account", "Acme Dental Group LLC")
	assert.Equal(t, mappingJSON{Integration: pax, Kind: "account", VendorID: acme.VendorID, VendorName: "Acme Dental Group LLC",
		State: "unmapped", Subscriptions: acme.Subscriptions, MonthlyCost: acme.MonthlyCost, Suggestions: acme.Suggestions}, acme)
	require.Positive(t, acme.Subscriptions)
	waiting := map[string]int{}
	for _, r := range rows {
		if r.State == "unmapped" && r.Subscriptions > 0 {
			waiting[r.Kind]++
		}
	}
	require.NotEmpty(t, acme.Suggestions)
	assert.Equal(t, "Acme Dental Group", acme.Suggestions[0].PSAName)
	assert.Equal(t, "exact", acme.Suggestions[0].Match)
	assert.Equal(t, 1.0, acme.Suggestions[0].Score)
	eastgate := rowNamed(t, rows, "account", "Eastgate Property Mgmt")
	assert.Equal(t, "fuzzy", eastgate.Suggestions[0].Match)

	r = h.run("", "mappings", "--integration", pax, "--unmapped")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	assert.Regexp(t, `^INTEGRATION +KIND +VENDOR ID +VENDOR NAME +STATE +PSA +ACTIVE SUBS +MONTHLY COST +SUGGESTION$`, lines[0])
	assert.Regexp(t, fmt.Sprintf(`^Pax8 +account +%s +Acme Dental Group LLC +unmapped +%d +%s +Acme Dental Group \(%s, exact 1\.00\)$`,
		acme.VendorID, acme.Subscriptions, regexp.QuoteMeta(acme.MonthlyCost), acme.Suggestions[0].PSAID), lines[1])
	assert.Len(t, lines, 1+waiting["account"]+waiting["product"]+2, "header, the rows that wait, a blank line and the footer")
	assert.Equal(t, "", lines[len(lines)-2])
	assert.Regexp(t, fmt.Sprintf("^Pax8: %d unmapped accounts and %d unmapped products keep [0-9]+ active subscriptions \\([0-9]+\\.[0-9]{2} a month of vendor cost\\) out of the cards\\. ",
		waiting["account"], waiting["product"])+
		"Map them with `trueup map --integration \"Pax8\" \\.\\.\\.`, or accept the exact suggestions with --accept-exact\\.$", lines[len(lines)-1])
	assert.NotContains(t, r.stdout, "Old Mill Print Shop", "--unmapped leaves out what waits for nothing")

	// map, exclude, clear one account
	psaID := acme.Suggestions[0].PSAID
	r = h.run("", "map", "--integration", pax, "--account", acme.VendorID, "--to", psaID)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, fmt.Sprintf("Mapped Pax8 account \"Acme Dental Group LLC\" (%s) to ConnectWise Manage account \"Acme Dental Group\" (%s).\n", acme.VendorID, psaID), r.stdout)
	got := rowNamed(t, h.mappings("--integration", pax), "account", "Acme Dental Group LLC")
	assert.Equal(t, "mapped", got.State)
	assert.Equal(t, psaID, got.PSAID)
	assert.Equal(t, "Acme Dental Group", got.PSAName)

	r = h.run("", "map", "--integration", pax, "--account", acme.VendorID, "--exclude")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, fmt.Sprintf("Excluded Pax8 account \"Acme Dental Group LLC\" (%s): its subscriptions make no cards.\n", acme.VendorID), r.stdout)
	assert.Equal(t, "excluded", rowNamed(t, h.mappings(), "account", "Acme Dental Group LLC").State)

	r = h.run("", "map", "--integration", pax, "--account", acme.VendorID, "--clear")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, fmt.Sprintf("Cleared Pax8 account \"Acme Dental Group LLC\" (%s): it is unmapped again.\n", acme.VendorID), r.stdout)

	bad := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no item", []string{"map", "--integration", pax, "--to", psaID},
			"trueup map: say what to map: --account ID or --product ID (`trueup mappings` lists the ids), or --accept-exact\n"},
		{"no action", []string{"map", "--integration", pax, "--account", acme.VendorID},
			"trueup map: say what to do with it: exactly one of --to PSA_ID, --exclude or --clear\n"},
		{"two actions", []string{"map", "--integration", pax, "--account", acme.VendorID, "--exclude", "--clear"},
			"trueup map: say what to do with it: exactly one of --to PSA_ID, --exclude or --clear\n"},
		{"both kinds", []string{"map", "--integration", pax, "--account", "a", "--product", "b", "--exclude"},
			"trueup map: map one item at a time: give --account ID or --product ID, not both\n"},
		{"accept-exact with an item", []string{"map", "--integration", pax, "--accept-exact", "--account", acme.VendorID},
			"trueup map: --accept-exact maps every exact suggestion: leave out --account, or map one item without --accept-exact\n"},
		{"unknown vendor id", []string{"map", "--integration", pax, "--account", "nope", "--exclude"},
			"trueup map: Pax8 has no account \"nope\" in its cached data: check the id (`trueup mappings --integration \"Pax8\"` lists them) or sync Pax8 first\n"},
		{"unknown PSA id", []string{"map", "--integration", pax, "--account", acme.VendorID, "--to", "999999"},
			"trueup map: ConnectWise Manage has no account (company) \"999999\" in its cached data: pick one from the suggestions or the list, or sync ConnectWise Manage first\n"},
		{"a PSA is not a vendor", []string{"map", "--integration", demo.ConnectWiseName, "--accept-exact"},
			"trueup map: \"ConnectWise Manage\" is not a vendor integration: mappings map a vendor's (e.g. Pax8's) accounts and products to the PSA's\n"},
		{"no integration", []string{"map", "--accept-exact"},
			"trueup map: --integration NAME is required (`trueup integrations list` shows the names)\n"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run("", tt.args...)
			assert.Equal(t, 1, r.code)
			assert.Empty(t, r.stdout)
			assert.Equal(t, tt.stderr, r.stderr)
		})
	}

	r = h.run("", "map", "--integration", pax, "--accept-exact")
	require.Equal(t, 0, r.code, r.stderr)
	exact, fuzzy := 0, 0
	for _, row := range rows {
		if len(row.Suggestions) > 0 && row.Suggestions[0].Match == "exact" {
			exact++
		} else if len(row.Suggestions) > 0 {
			fuzzy++
		}
	}
	require.Positive(t, fuzzy)
	fuzzyLine := fmt.Sprintf("%d items have only fuzzy suggestions: check them in `trueup mappings --integration \"Pax8\" --unmapped` and map them one by one.\n", fuzzy)
	assert.Equal(t, fmt.Sprintf("Accepted %d exact suggestions.\n", exact)+fuzzyLine, r.stdout)
	assert.Equal(t, "mapped", rowNamed(t, h.mappings(), "account", "Acme Dental Group LLC").State)
	r = h.run("", "map", "--integration", pax, "--accept-exact")
	assert.Equal(t, "Accepted 0 exact suggestions.\n"+fuzzyLine, r.stdout)
}

func TestNoteCommand(t *testing.T) {
	h := newHarness(t)
	h.setup()
	require.Equal(t, 0, h.run("", "sync", "--all").code)
	acme := rowNamed(t, h.mappings(), "account", "Acme Dental Group LLC")
	psaID := acme.Suggestions[0].PSAID
	require.Equal(t, 0, h.run("", "map", "--integration", demo.Pax8Name, "--account", acme.VendorID, "--to", psaID).code)

	r := h.run("", "note", "--account", psaID, "--text", "two sites: check by hand", "--tag", "multi-site")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Saved the note of account "+psaID+"; its cards show it.\n", r.stdout)
	r = h.run("", "mappings", "--json")
	assert.Contains(t, r.stdout, `"note": "two sites: check by hand (tags: multi-site)"`)

	r = h.run("", "note", "--account", psaID, "--integration", demo.ConnectWiseName, "--text", "")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Removed the note of account "+psaID+".\n", r.stdout)
	assert.NotContains(t, h.run("", "mappings", "--json").stdout, `"note"`)

	r = h.run("", "note", "--account", "999999", "--text", "x")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "trueup note: ConnectWise Manage has no account \"999999\" in its cached data: check the id, or sync ConnectWise Manage first\n", r.stderr)
	r = h.run("", "note", "--account", psaID)
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "trueup note: say what to note: --text TEXT and/or --tag T (--text \"\" removes the note)\n", r.stderr)
}

func TestMapAcceptExactCountsAmbiguousOnes(t *testing.T) {
	h := newHarness(t)
	h.setup()
	cw := h.sims.Integrations()[0]
	args := []string{"integrations", "add", "--kind", cw.Kind, "--name", "CW second office", "--base-url", cw.BaseURL}
	for k, v := range cw.Settings {
		args = append(args, "--set", k+"="+v)
	}
	require.Equal(t, 0, h.run("", args...).code)
	secretJSON, _ := json.Marshal(cw.Secrets)
	require.Equal(t, 0, h.run(string(secretJSON), "credentials", "set", "--integration", "CW second office").code)
	require.Equal(t, 0, h.run("", "sync", "--all").code)

	ambiguous, fuzzy := 0, 0
	for _, row := range h.mappings("--integration", demo.Pax8Name) {
		switch {
		case len(row.Suggestions) > 1 && row.Suggestions[0].Match == "exact" && row.Suggestions[1].Match == "exact":
			ambiguous++
		case len(row.Suggestions) > 0 && row.Suggestions[0].Match == "fuzzy":
			fuzzy++
		}
	}
	require.Positive(t, ambiguous)
	r := h.run("", "map", "--integration", demo.Pax8Name, "--accept-exact")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "Accepted 0 exact suggestions.\n"+
		fmt.Sprintf("%d items have several exact candidates: choose one with `trueup map --integration \"Pax8\" --account ID --to PSA_ID` (or --product).\n", ambiguous)+
		fmt.Sprintf("%d items have only fuzzy suggestions: check them in `trueup mappings --integration \"Pax8\" --unmapped` and map them one by one.\n", fuzzy), r.stdout)

	acme := rowNamed(t, h.mappings(), "account", "Acme Dental Group LLC")
	r = h.run("", "map", "--integration", demo.Pax8Name, "--account", acme.VendorID, "--to", acme.Suggestions[0].PSAID)
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "trueup map: there are several PSA integrations: say which one to map to (\"ConnectWise Manage\", \"CW second office\"): give --psa NAME\n", r.stderr)
	r = h.run("", "map", "--integration", demo.Pax8Name, "--account", acme.VendorID, "--to", acme.Suggestions[0].PSAID, "--psa", "CW second office")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "to CW second office account \"Acme Dental Group\"")
}
