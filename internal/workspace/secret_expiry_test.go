package workspace_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	simms "github.com/trueup/trueup/internal/sim/microsoft"
	"github.com/trueup/trueup/internal/workspace"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// The refresh token lapses 90 days after Entra issued it unless redeemed: the Sync Status
// row names the day from two weeks before, and a connection test (which redeems it and
// stores the new one) moves the day on.
func TestSyncStatusWarnsBeforeTheMicrosoftRefreshTokenLapses(t *testing.T) {
	ctx := context.Background()
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	clock := &fakeClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry(),
		Now: clock.Now, Location: paris})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	sim := simms.New(simms.DemoDataset(clock.Now()), simms.Options{})
	hs := httptest.NewServer(sim)
	t.Cleanup(hs.Close)
	creds := simms.DemoCredentials()
	in, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "microsoft", Name: "Microsoft", BaseURL: hs.URL,
		Settings: map[string]string{"tenant_id": simms.DemoTenantID, "token_url": hs.URL + "/" + simms.DemoTenantID + "/oauth2/v2.0/token"},
		Secrets:  map[string]string{"app_id": creds.AppID, "app_secret": creds.AppSecret, "refresh_token": creds.RefreshToken}})
	require.NoError(t, err)

	row := func() workspace.IntegrationStatus {
		st, err := ws.Sync().Status(ctx)
		require.NoError(t, err)
		for _, r := range st.Integrations {
			if r.Integration.ID == in.ID {
				return r
			}
		}
		t.Fatalf("no status row of %s", in.Name)
		return workspace.IntegrationStatus{}
	}
	r := row()
	assert.Equal(t, "2027-03-02T09:00:00Z", r.SignInExpiresAt, "90 days after the token was stored")
	assert.Empty(t, r.SignInWarning, "no warning while the day is more than two weeks away")

	clock.advance(75*24*time.Hour + 23*time.Hour) // 14 days and 1 hour before
	assert.Empty(t, row().SignInWarning)
	clock.advance(time.Hour) // exactly two weeks before
	assert.Equal(t, "Microsoft Partner Center sign-in expires on 2 Mar 2027 10:00: run a sync or `trueup credentials test --integration \"Microsoft\"` before then",
		row().SignInWarning, "the day in the MSP's own time zone")

	res := ws.Integrations().Test(ctx, in.ID)
	require.True(t, res.OK, res.Message)
	r = row()
	assert.Empty(t, r.SignInWarning, "the test redeemed the token: Entra issued a new one")
	assert.Equal(t, clock.Now().Add(90*24*time.Hour).UTC().Format(time.RFC3339), r.SignInExpiresAt)

	clock.advance(91 * 24 * time.Hour)
	assert.Contains(t, row().SignInWarning, "sign-in expired on", "after the day it says it has lapsed")

	require.NoError(t, ws.Integrations().Delete(ctx, in.ID))
}

func TestKindsWithoutARotatingSecretHaveNoSignInExpiry(t *testing.T) {
	ws, _ := open(t, secrets.NewMemory())
	_, url := pax8Sim(t)
	addPax8(t, ws, url)
	st, err := ws.Sync().Status(context.Background())
	require.NoError(t, err)
	require.Len(t, st.Integrations, 1)
	assert.Empty(t, st.Integrations[0].SignInExpiresAt)
	assert.Empty(t, st.Integrations[0].SignInWarning)
}
