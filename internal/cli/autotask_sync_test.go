package cli

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
)

// The CLI against the demo on Autotask: add the integrations with the secret JSON
// {"integration_code","secret"}, test, Full Sync and QuickSync, lines and cards.
func TestAutotaskDemoThroughTheCLI(t *testing.T) {
	sims, err := demo.Start(connector.KindAutotask, time.Now(), 0)
	require.NoError(t, err)
	t.Cleanup(sims.Close)
	h := &harness{t: t, dataDir: t.TempDir(), keys: secrets.NewMemory(), sims: sims}
	h.setup()

	r := h.run("", "credentials", "test", "--integration", demo.AutotaskName)
	require.Equal(t, 0, r.code, r.stderr)
	for _, mode := range []string{"full", "quick"} {
		r = h.run("", "sync", "--all", "--mode", mode)
		require.Equal(t, 0, r.code, "%s: %s%s", mode, r.stdout, r.stderr)
	}
	r = h.run("", "lines", "--integration", demo.AutotaskName, "--json", "--hidden")
	require.Equal(t, 0, r.code, r.stderr)
	var lines []struct {
		AccountName  string `json:"account_name"`
		ServiceName  string `json:"service_name"`
		Quantity     float64
		HiddenReason string `json:"hidden_reason"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines), r.stdout)
	reasons := map[string]string{}
	found := false
	for _, l := range lines {
		if l.AccountName == "Acme Dental Group" && l.ServiceName == "M365 Business Premium" {
			found = true
		}
		if l.HiddenReason != "" {
			reasons[l.AccountName] = l.HiddenReason
		}
	}
	assert.True(t, found, "Acme's main licence is a line")
	assert.Contains(t, reasons["Quarry Lane Studios"], "Prospect")
	assert.Contains(t, reasons["Harborview Orthodontics"], "appear on their start date")

	r = h.run("", "cards", "--json")
	assert.Equal(t, 0, r.code, r.stderr)
}
