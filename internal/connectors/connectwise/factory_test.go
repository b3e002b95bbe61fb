package connectwise

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

func TestFactory(t *testing.T) {
	f := Factory()
	assert.Equal(t, connector.KindConnectWise, f.Kind)
	assert.Equal(t, "ConnectWise Manage", f.Label)
	assert.Equal(t, connector.RolePSA, f.Role)
	assert.Equal(t, "https://api-na.myconnectwise.net/v4_6_release/apis/3.0", f.DefaultBaseURL)
	assert.Contains(t, f.BaseURLHelp, "/apis/3.0")
	assert.Contains(t, f.BaseURLHelp, "api-eu")
	assert.True(t, f.Capabilities.ChangeFilter)
	assert.Equal(t, 8, f.Capabilities.DefaultConcurrency)
	assert.Equal(t, []connector.Entity{connector.EntityAccounts, connector.EntityAgreements, connector.EntityServiceLines, connector.EntityProducts}, f.Capabilities.Entities)
	keys := func(fs []connector.Field) []string {
		var out []string
		for _, x := range fs {
			assert.True(t, x.Required, x.Key)
			assert.NotEmpty(t, x.Help, x.Key)
			out = append(out, x.Key)
		}
		return out
	}
	assert.Equal(t, []string{"company", "client_id"}, keys(f.Settings))
	assert.Equal(t, []string{"public_key", "private_key"}, keys(f.Secrets))

	c, err := f.New(config("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/", cwsim.DemoCredentials()))
	require.NoError(t, err)
	assert.Equal(t, "https://api-na.myconnectwise.net/v4_6_release/apis/3.0", c.(*Connector).base)
	// Registering twice is the registry's business, but building one must be repeatable.
	assert.NotPanics(t, func() { connector.NewRegistry(Factory()) })
}

func TestNewRejectsBadConfig(t *testing.T) {
	good := config("https://api-eu.myconnectwise.net/v4_6_release/apis/3.0", cwsim.DemoCredentials())
	tests := []struct {
		name   string
		mutate func(*connector.Config)
		field  string
	}{
		{"empty base URL", func(c *connector.Config) { c.BaseURL = "" }, "base_url"},
		{"plain http", func(c *connector.Config) { c.BaseURL = "http://cw.example.com/v4_6_release/apis/3.0" }, "base_url"},
		{"no API path", func(c *connector.Config) { c.BaseURL = "https://na.myconnectwise.net" }, "base_url"},
		{"no company", func(c *connector.Config) { c.Settings = map[string]string{SettingClientID: "x"} }, "company"},
		{"company with the key glued on", func(c *connector.Config) { c.Settings[SettingCompany] = "acme+pub" }, "company"},
		{"no clientId", func(c *connector.Config) { c.Settings[SettingClientID] = " " }, "client_id"},
		{"no public key", func(c *connector.Config) { delete(c.Secrets, SecretPublicKey) }, "public_key"},
		{"no private key", func(c *connector.Config) { c.Secrets[SecretPrivateKey] = "" }, "private_key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			cfg.Settings = map[string]string{SettingCompany: "acme", SettingClientID: "cid"}
			cfg.Secrets = map[string]string{SecretPublicKey: "pub", SecretPrivateKey: "Zq9SecretValue"}
			tc.mutate(&cfg)
			_, err := New(cfg)
			var ce *connector.ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.field, ce.Field)
			assert.NotEmpty(t, ce.Msg)
			assert.NotContains(t, err.Error(), "Zq9SecretValue")
		})
	}
}

func TestHeaders(t *testing.T) {
	var got http.Header
	srv := cwsim.New(&cwsim.Dataset{}, cwsim.Options{})
	h := srv.Handler()
	ts := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		h.ServeHTTP(w, r)
	}))
	c, err := New(config(ts+cwsim.PathPrefix, cwsim.DemoCredentials()))
	require.NoError(t, err)
	require.NoError(t, c.Test(t.Context()))
	creds := cwsim.DemoCredentials()
	assert.Equal(t, basicAuth(creds.Company, creds.PublicKey, creds.PrivateKey), got.Get("Authorization"))
	assert.Equal(t, "Basic dHJ1ZXVwZGVtbytEZW1vUHVibGljS2V5MDAwMDE6RGVtb1ByaXZhdGVLZXkwMDAwMQ==", got.Get("Authorization"))
	assert.Equal(t, creds.ClientID, got.Get("clientId"))
	assert.Equal(t, "application/json", got.Get("Accept"))
	assert.Equal(t, int64(3), c.Requests(), "system/info plus one-row probes of companies and agreements")
}

func TestMapError(t *testing.T) {
	body := func(msg string) []byte {
		b, _ := json.Marshal(map[string]any{"code": "X", "message": msg, "errors": []map[string]string{{"code": "InvalidField", "message": "detail here"}}})
		return b
	}
	se := func(status int, retryAfter time.Duration) error {
		return fmt.Errorf("gave up after 6 attempts: %w", &httpx.StatusError{Method: "GET", URL: "https://x/y", Status: status, Body: body("CW says no"), RetryAfter: retryAfter})
	}
	ctx := t.Context()
	tests := []struct {
		name  string
		err   error
		check func(t *testing.T, err error)
	}{
		{"401", se(401, 0), func(t *testing.T, err error) {
			var ae *connector.AuthError
			require.ErrorAs(t, err, &ae)
			assert.Contains(t, ae.Hint, "System > Members > API Members")
		}},
		{"403", se(403, 0), func(t *testing.T, err error) {
			var ae *connector.AuthError
			require.ErrorAs(t, err, &ae)
			assert.Contains(t, err.Error(), "/company/companies")
			assert.Contains(t, err.Error(), "Company Maintenance")
		}},
		{"404", se(404, 0), func(t *testing.T, err error) {
			var nf *connector.NotFoundError
			require.ErrorAs(t, err, &nf)
			assert.Contains(t, err.Error(), "base URL")
		}},
		{"429", se(429, 30*time.Second), func(t *testing.T, err error) {
			var re *connector.RateLimitedError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 30*time.Second, re.RetryAfter)
		}},
		{"503", se(503, 0), func(t *testing.T, err error) {
			var te *connector.TransientError
			require.ErrorAs(t, err, &te)
		}},
		{"400 keeps CW's words", se(400, 0), func(t *testing.T, err error) {
			assert.False(t, connector.IsAuth(err) || connector.IsTransient(err))
		}},
		{"network", &netErr{}, func(t *testing.T, err error) {
			assert.True(t, connector.IsTransient(err))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := mapError(ctx, "/company/companies", tc.err, nil)
			tc.check(t, err)
			if _, ok := tc.err.(*netErr); !ok {
				assert.Contains(t, err.Error(), `CW says no detail here`)
			}
		})
	}
}

type netErr struct{}

func (*netErr) Error() string   { return "connection reset" }
func (*netErr) Timeout() bool   { return true }
func (*netErr) Temporary() bool { return true }
