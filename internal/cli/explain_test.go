package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

func TestExplain(t *testing.T) {
	h := newHarness(t)
	h.setup()
	require.Equal(t, 0, h.run("", "sync", "--all").code)

	r := h.run("", "explain")
	assert.Equal(t, ExitFailed, r.code, "a missing --account is bad usage")
	assert.Equal(t, "trueup explain: --account NAME is required: the account to explain (part of its PSA or vendor name); or --product NAME alone for the accounts that have it\n", r.stderr)

	r = h.run("", "explain", "--account", "quarry lane")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `Why isn't it showing? "quarry lane": matched Quarry Lane Studios`)
	assert.Contains(t, r.stdout, "HIDDEN  "+demo.ConnectWiseName+` account "Quarry Lane Studios"`)
	assert.Contains(t, r.stdout, "        Company type is Prospect: change its type to a customer type in the PSA\n")
	assert.Contains(t, r.stdout, `        Run: trueup sync --integration "`+demo.ConnectWiseName+`"`+"\n")

	r = h.run("", "explain", "--account", "Cedar Ridge Law PLLC", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var res workspace.ExplainResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &res))
	var unmapped *workspace.ExplainEntry
	for i, e := range res.Entries {
		if e.Rule == "vendor_account_unmapped" {
			unmapped = &res.Entries[i]
		}
	}
	require.NotNil(t, unmapped, "nothing is mapped yet: %s", r.stdout)
	require.NotNil(t, unmapped.Suggestion)
	assert.Equal(t, "exact", unmapped.Suggestion.Match)
	assert.Equal(t, `trueup map --integration "Pax8" --account `+unmapped.ID+` --to `+unmapped.Suggestion.PSAID, unmapped.Action.Command)

	r = h.run("", "explain", "--account", "Harbourview Orthodontic")
	assert.Equal(t, ExitFailed, r.code)
	assert.Empty(t, r.stdout)
	assert.Equal(t, `trueup explain: no account is named like "Harbourview Orthodontic" (searched the cached data of `+demo.ConnectWiseName+
		`, Pax8); did you mean "Harborview Orthodontics"?`+"\n", r.stderr)

	r = h.run("", "explain", "--product", "M365 Business Premium")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, `"M365 Business Premium" is on `)
	assert.Contains(t, r.stderr, "accounts: give --account too, one of ")
	r = h.run("", "explain", "--product", "Copilot")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `Why isn't it showing? "Copilot": matched `)
	assert.Contains(t, r.stdout, "is not mapped to a PSA account\n        - Its 1 active subscription waits for the mapping", "nothing is mapped yet: the accounts with Copilot wait for theirs")

	r = h.run("", "explain", "--account", "Dental")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, `"Dental" matches several accounts: "Acme Dental Group", "Acme Dental Group LLC", "Union Square Dental"; give more of the name`)
}
