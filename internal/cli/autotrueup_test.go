package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

func TestAutoTrueUpCommand(t *testing.T) {
	h := newHarness(t)
	h.trueup()

	r := h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--run-now")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "is off: enable it first")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--enable", "--billing-style", "arrears", "--prorate")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "billing in arrears with proration is not supported")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--enable", "--billing-style", "advance")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "on, billing in advance without proration; the next run is a dry run")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--dry-run", "--account", "Blue Harbor Logistics", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var dry workspace.AutoTrueUpRun
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &dry))
	assert.True(t, dry.DryRun)
	require.NotEmpty(t, dry.Items)
	assert.Empty(t, h.sims.CW.Writes(), "a dry run writes nothing")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--approve")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Run of Pax8:")
	assert.Contains(t, r.stdout, "pushed")
	writes := len(h.sims.CW.Writes())
	assert.Equal(t, len(dry.Items), writes)

	for _, e := range h.ledgerJSON() {
		assert.Equal(t, true, e["automatic"])
		assert.Equal(t, workspace.AutoTrueUpUser, e["user"])
	}

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--run-now", "--account", "Blue Harbor Logistics")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "0 changes pushed")
	assert.Len(t, h.sims.CW.Writes(), writes, "re-running pushes nothing")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name)
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "dry run approved")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--agreement", "1018")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "--agreement needs --account NAME")
	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--account", "Ironwood Manufacturing", "--agreement", "1018", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var s workspace.AutoTrueUpSettings
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
	require.Len(t, s.Agreements, 1)
	assert.Equal(t, "1018", s.Agreements[0].AgreementID)

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--disable", "--run-now")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "choose one of")
	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--disable")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "off")
}

// On HaloPSA (no line dates: a change bills from the header's next invoice) the approved dry
// run goes out through the Halo writer, marked automatic, and a second run sends nothing.
func TestAutoTrueUpCommandHaloPSA(t *testing.T) {
	h := newHarness(t)
	halo := h.haloTrueup()
	r := h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--enable")
	require.Equal(t, ExitOK, r.code, r.stderr)
	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--dry-run", "--account", "Blue Harbor Logistics", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var dry workspace.AutoTrueUpRun
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &dry))
	changes := 0
	for _, it := range dry.Items {
		if len(it.Writes) > 0 {
			changes++
		}
	}
	require.Positive(t, changes)
	assert.Zero(t, halo.AppliedWrites())

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--approve", "--json")
	require.Equal(t, ExitOK, r.code, r.stderr)
	var run workspace.AutoTrueUpRun
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &run))
	assert.Equal(t, changes, run.Pushed)
	for _, it := range run.Items {
		for _, p := range it.Pushes {
			assert.Equal(t, "pushed", p.State, "%s, %s: %s", it.AccountName, it.ProductName, p.LastError)
		}
	}
	applied := halo.AppliedWrites()
	assert.Positive(t, applied)
	for _, e := range h.ledgerJSON() {
		assert.Equal(t, true, e["automatic"])
	}

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--run-now", "--account", "Blue Harbor Logistics")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "0 changes pushed")
	assert.Equal(t, applied, halo.AppliedWrites(), "re-running sends nothing")
}
