package microsoft

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	simms "github.com/trueup/trueup/internal/sim/microsoft"
)

// startSim runs a simulator on 127.0.0.1 for the test; its URL is both the API base and
// the token endpoint's host.
func startSim(t *testing.T, data simms.Dataset, opts simms.Options) (*simms.Server, string) {
	t.Helper()
	srv := simms.New(data, opts)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs.URL
}

// keychain stands in for the keychain the workspace saves rotated secrets to.
type keychain struct {
	mu    sync.Mutex
	saved map[string][]string
	fail  error
}

func (k *keychain) save(_ context.Context, key, value string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fail != nil {
		return k.fail
	}
	if k.saved == nil {
		k.saved = map[string][]string{}
	}
	k.saved[key] = append(k.saved[key], value)
	return nil
}

func (k *keychain) last(key string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v := k.saved[key]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

// newConn builds a connector against base presenting refresh, with instant retry waits.
func newConn(t *testing.T, base string, creds simms.Credentials, refresh string, kc *keychain) *Connector {
	t.Helper()
	cfg := connector.Config{
		Name: "Microsoft test", BaseURL: base,
		Settings: map[string]string{SettingTenantID: simms.DemoTenantID, SettingTokenURL: base + "/" + simms.DemoTenantID + "/oauth2/v2.0/token"},
		Secrets:  map[string]string{SecretAppID: creds.AppID, SecretAppSecret: creds.AppSecret, SecretRefreshToken: refresh},
	}
	if kc != nil {
		cfg.SaveSecret = kc.save
	}
	c, err := New(cfg)
	require.NoError(t, err)
	c.sleep = (&connectortest.Waits{}).Sleep
	c.budget.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c
}

func full() connector.Request { return connector.Request{Mode: connector.ModeFull} }
