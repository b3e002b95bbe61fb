package halopsa

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func TestCheckBaseURLPath(t *testing.T) {
	for path, ok := range map[string]bool{
		"":            true,
		"/":           true,
		"/halo":       true, // a self-hosted instance under a path
		"/api":        false,
		"/API/":       false,
		"/auth":       false,
		"/auth/token": false,
		"/halo/api":   false,
	} {
		err := Factory().CheckBaseURLPath(path)
		if ok {
			assert.NoError(t, err, path)
			continue
		}
		if assert.Error(t, err, path) {
			assert.Contains(t, err.Error(), "instance root")
			assert.Contains(t, err.Error(), "https://yourcompany.halopsa.com")
		}
	}
}

func TestFactory(t *testing.T) {
	f := Factory()
	assert.Equal(t, connector.KindHaloPSA, f.Kind)
	assert.Equal(t, "HaloPSA", f.Label)
	assert.Equal(t, connector.RolePSA, f.Role)
	assert.Empty(t, f.DefaultBaseURL, "every Halo instance has its own address")
	assert.False(t, f.Capabilities.ChangeFilter)
	assert.Equal(t, DefaultConcurrency, f.Capabilities.DefaultConcurrency)
	require.Len(t, f.Settings, 1)
	assert.Equal(t, SettingTenant, f.Settings[0].Key)
	assert.Contains(t, f.Settings[0].Help, "required")
	var keys []string
	for _, s := range f.Secrets {
		keys = append(keys, s.Key)
		assert.True(t, s.Required)
	}
	assert.Equal(t, []string{SecretClientID, SecretClientSecret}, keys)
}

func TestNewRefusesIncompleteConfig(t *testing.T) {
	good := func() connector.Config {
		return connector.Config{BaseURL: "https://acme.halopsa.com", Settings: map[string]string{SettingTenant: "acme"},
			Secrets: map[string]string{SecretClientID: "id", SecretClientSecret: "secret"}}
	}
	tests := []struct {
		name  string
		edit  func(*connector.Config)
		field string
	}{
		{"no base URL", func(c *connector.Config) { c.BaseURL = "" }, "base_url"},
		{"plain http", func(c *connector.Config) { c.BaseURL = "http://acme.halopsa.com" }, "base_url"},
		{"the API path", func(c *connector.Config) { c.BaseURL = "https://acme.halopsa.com/api" }, "base_url"},
		{"the token path", func(c *connector.Config) { c.BaseURL = "https://acme.halopsa.com/auth/token" }, "base_url"},
		{"no client id", func(c *connector.Config) { delete(c.Secrets, SecretClientID) }, SecretClientID},
		{"no client secret", func(c *connector.Config) { c.Secrets[SecretClientSecret] = "  " }, SecretClientSecret},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good()
			tc.edit(&cfg)
			_, err := New(cfg)
			var ce *connector.ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.field, ce.Field)
		})
	}
	c, err := New(good())
	require.NoError(t, err)
	assert.Equal(t, "https://acme.halopsa.com/auth/token?tenant=acme", c.tokenURL())
	cfg := good()
	delete(cfg.Settings, SettingTenant)
	c, err = New(cfg)
	require.NoError(t, err, "a self-hosted instance needs no tenant")
	assert.Equal(t, "https://acme.halopsa.com/auth/token", c.tokenURL())
}
