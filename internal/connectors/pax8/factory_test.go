package pax8

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func TestFactory(t *testing.T) {
	f := Factory()
	assert.Equal(t, connector.KindPax8, f.Kind)
	assert.Equal(t, "Pax8", f.Label)
	assert.Equal(t, connector.RoleVendor, f.Role)
	assert.Equal(t, "https://api.pax8.com/v1", f.DefaultBaseURL)
	assert.NotEmpty(t, f.BaseURLHelp)
	assert.Empty(t, f.Settings)
	require.Len(t, f.Secrets, 2)
	for i, key := range []string{"client_id", "client_secret"} {
		assert.Equal(t, key, f.Secrets[i].Key)
		assert.True(t, f.Secrets[i].Required)
		assert.Contains(t, f.Secrets[i].Help, "Pax8 > Settings > Integrations > Credentials")
		assert.NotEmpty(t, f.Secrets[i].Label)
	}
	assert.False(t, f.Capabilities.ChangeFilter)
	assert.Equal(t, []connector.Entity{connector.EntityAccounts, connector.EntitySubscriptions, connector.EntityProducts}, f.Capabilities.Entities)
	assert.Equal(t, 4, f.Capabilities.DefaultConcurrency)
	require.NotNil(t, f.New)
	_ = connector.NewRegistry(f)
}

func TestNewValidatesConfig(t *testing.T) {
	good := map[string]string{"client_id": "id", "client_secret": "secret"}
	tests := []struct {
		name    string
		base    string
		secrets map[string]string
		field   string
		msg     string
	}{
		{"plain http to a remote host", "http://api.pax8.com/v1", good, "base_url", "https"},
		{"not a URL", "api.pax8.com", good, "base_url", "https://"},
		{"query in the base URL", "https://api.pax8.com/v1?x=1", good, "base_url", "query"},
		{"missing client ID", "", map[string]string{"client_secret": "s"}, "client_id", "Settings > Integrations"},
		{"blank client secret", "", map[string]string{"client_id": "i", "client_secret": "  "}, "client_secret", "Settings > Integrations"},
		{"no secrets at all", "https://api.pax8.com/v1", nil, "client_id", "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(connector.Config{BaseURL: tt.base, Secrets: tt.secrets})
			var ce *connector.ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.field, ce.Field)
			assert.Contains(t, ce.Msg, tt.msg)
			assert.NotContains(t, err.Error(), "secret\"")
		})
	}

	t.Run("defaults", func(t *testing.T) {
		c, err := New(connector.Config{Secrets: good})
		require.NoError(t, err)
		assert.Equal(t, DefaultBaseURL, c.base)
		assert.Equal(t, 4, c.concurrency)
	})
	t.Run("loopback http, trailing slash and concurrency", func(t *testing.T) {
		c, err := New(connector.Config{BaseURL: "http://127.0.0.1:8080/v1/", Secrets: good, Concurrency: 9})
		require.NoError(t, err)
		assert.Equal(t, "http://127.0.0.1:8080/v1", c.base)
		assert.Equal(t, 9, c.concurrency)
	})
}
