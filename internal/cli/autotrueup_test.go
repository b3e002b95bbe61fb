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
	assert.Contains(t, r.stdout, "0 change(s) pushed")
	assert.Len(t, h.sims.CW.Writes(), writes, "re-running pushes nothing")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name)
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "dry run approved")

	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--disable", "--run-now")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "choose one of")
	r = h.run("", "auto-trueup", "--integration", demo.Pax8Name, "--disable")
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "off")
}
