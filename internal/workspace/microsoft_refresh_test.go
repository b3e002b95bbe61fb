package workspace_test

import (
	"context"
	"crypto/rand"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/trueup/trueup/internal/secrets"
	simms "github.com/trueup/trueup/internal/sim/microsoft"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// savedSecrets is a keychain that remembers the key of each field set, so the test can
// read the field back from the keychain itself.
type savedSecrets struct {
	secrets.Store
	t    *testing.T
	mu   sync.Mutex
	keys map[string]secrets.Key
}

func (s *savedSecrets) Set(ctx context.Context, key secrets.Key, value string) error {
	if err := s.Store.Set(ctx, key, value); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key.Field] = key
	return nil
}

// lastSet is what the keychain holds now for field.
func (s *savedSecrets) lastSet(field string) string {
	s.mu.Lock()
	key, ok := s.keys[field]
	s.mu.Unlock()
	require.True(s.t, ok, "no %s was stored", field)
	v, err := s.Store.Get(context.Background(), key)
	require.NoError(s.t, err)
	return v
}

// Microsoft Entra rotates the refresh token at every redemption and refuses the one it
// replaced: the workspace stores each new one in the keychain at once, during a connection
// test, a sync, and a sync that fails after the redemption. With scripts/with-keyring.sh
// the keychain is the real Secret Service.
func TestMicrosoftRefreshTokenIsStoredWheneverEntraRotatesIt(t *testing.T) {
	stores := map[string]func(t *testing.T) secrets.Store{
		"memory": func(*testing.T) secrets.Store { return secrets.NewMemory() },
		"keychain": func(t *testing.T) secrets.Store {
			if os.Getenv("TRUEUP_KEYRING_TESTS") == "" {
				t.Skip("TRUEUP_KEYRING_TESTS is not set: run through scripts/with-keyring.sh to use the real OS keychain")
			}
			service := "TrueUp-test-" + rand.Text()
			t.Cleanup(func() { _ = keyring.DeleteAll(service) })
			return secrets.NewKeyring(secrets.WithService(service), secrets.WithTimeout(10*time.Second))
		},
	}
	for name, store := range stores {
		t.Run(name, func(t *testing.T) { testMicrosoftRefreshToken(t, store(t)) })
	}
}

func testMicrosoftRefreshToken(t *testing.T, inner secrets.Store) {
	ctx := context.Background()
	keys := &savedSecrets{Store: inner, t: t, keys: map[string]secrets.Key{}}
	ws, _ := open(t, keys)
	sim := simms.New(simms.DemoDataset(time.Now()), simms.Options{})
	hs := httptest.NewServer(sim)
	t.Cleanup(hs.Close)
	creds := simms.DemoCredentials()
	in, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "microsoft", Name: "Microsoft", BaseURL: hs.URL,
		Settings: map[string]string{"tenant_id": simms.DemoTenantID, "token_url": hs.URL + "/" + simms.DemoTenantID + "/oauth2/v2.0/token"},
		Secrets:  map[string]string{"app_id": creds.AppID, "app_secret": creds.AppSecret, "refresh_token": creds.RefreshToken}})
	require.NoError(t, err)

	res := ws.Integrations().Test(ctx, in.ID)
	require.True(t, res.OK, res.Message)
	afterTest := keys.lastSet("refresh_token")
	require.NotEqual(t, creds.RefreshToken, afterTest)
	assert.Equal(t, sim.RefreshToken(), afterTest, "the connection test stored the refresh token Entra issued")

	sync := func() string {
		runs, err := ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
		require.NoError(t, err)
		require.NoError(t, ws.Sync().Wait(ctx, runs[0].ID))
		run, err := ws.Sync().Run(ctx, runs[0].ID)
		require.NoError(t, err)
		return run.Status
	}
	require.Equal(t, store.StatusSucceeded, sync(), "the sync presented the token the test stored (the first one is refused now)")
	lines, err := ws.Data().Lines(ctx, in.ID, false)
	require.NoError(t, err)
	require.NotEmpty(t, lines.Lines)
	for _, l := range lines.Lines {
		assert.Equal(t, "P1Y", l.BillingTerm, "vendor lines carry the term (%s)", l.ServiceName)
		assert.Equal(t, "monthly", l.BillingFrequency, "and the billing frequency (%s)", l.ServiceName)
	}
	afterSync := keys.lastSet("refresh_token")
	assert.NotEqual(t, afterTest, afterSync)
	assert.Equal(t, sim.RefreshToken(), afterSync)

	// Throttled for longer than a run waits: the run fails after Entra rotated the token.
	sim.ThrottleNext(1000, 3600)
	assert.Equal(t, store.StatusFailed, sync())
	assert.NotEqual(t, afterSync, keys.lastSet("refresh_token"))
	assert.Equal(t, sim.RefreshToken(), keys.lastSet("refresh_token"), "a failed run still stored the new refresh token")
}
