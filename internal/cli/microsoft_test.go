package cli

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	simms "github.com/trueup/trueup/internal/sim/microsoft"
)

// A Microsoft Partner Center integration through the CLI, against the simulator: every
// `credentials test` and sync redeems the refresh token, and works only because the one
// before stored the token Entra rotated to.
func TestMicrosoftThroughTheCLI(t *testing.T) {
	h := newHarness(t)
	sim := simms.New(simms.DemoDataset(time.Now()), simms.Options{})
	hs := httptest.NewServer(sim)
	t.Cleanup(hs.Close)
	creds := simms.DemoCredentials()

	r := h.run("", "integrations", "add", "--kind", "Microsoft", "--name", "Microsoft", "--base-url", hs.URL,
		"--set", "tenant_id="+simms.DemoTenantID, "--set", "token_url="+hs.URL+"/"+simms.DemoTenantID+"/oauth2/v2.0/token")
	require.Equal(t, 0, r.code, r.stderr)
	secret, _ := json.Marshal(map[string]string{"app_id": creds.AppID, "app_secret": creds.AppSecret, "refresh_token": creds.RefreshToken})
	r = h.run(string(secret), "credentials", "set", "--integration", "Microsoft")
	require.Equal(t, 0, r.code, r.stderr)

	for range 2 {
		r = h.run("", "credentials", "test", "--integration", "Microsoft")
		require.Equal(t, 0, r.code, r.stdout+r.stderr)
	}
	r = h.run("", "sync", "--integration", "Microsoft", "--mode", "full")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)

	r = h.run("", "lines", "--integration", "Microsoft", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var lines []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &lines))
	require.NotEmpty(t, lines)
	for _, l := range lines {
		assert.Equal(t, "active", l["status"])
		assert.Equal(t, "P1Y", l["billing_term"])
		assert.Equal(t, "monthly", l["billing_frequency"])
		assert.NotEmpty(t, l["service_name"])
	}
}
