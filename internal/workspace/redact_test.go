package workspace_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// quoter fails its Test quoting its secret and a token it registered with the test's
// redactor, as a connector relaying an echoing server might.
type quoter struct {
	secret, token string
}

func (q quoter) Test(context.Context) error {
	return &connector.AuthError{Status: 401, Hint: "reset the key", Err: errors.New("server said key=" + q.secret + " token=" + q.token)}
}

func (quoter) Sync(context.Context, connector.Request, connector.Sink) error { return nil }

func TestConnectionTestResultIsRedacted(t *testing.T) {
	secret, token := connectortest.NewSecret(), "tok-"+connectortest.NewSecret()
	var gotRedactor bool
	reg := connector.NewRegistry(connector.Factory{Kind: connector.KindPax8, Label: "Pax8", Role: connector.RoleVendor,
		Secrets: []connector.Field{{Key: "client_secret", Label: "Client secret", Required: true}},
		New: func(cfg connector.Config) (connector.Connector, error) {
			gotRedactor = cfg.Redact != nil
			if gotRedactor {
				cfg.Redact.Add(token) // a derived form only the connector knows
			}
			return quoter{secret: cfg.Secrets["client_secret"], token: token}, nil
		}})
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: reg})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	in, err := ws.Integrations().Add(context.Background(), workspace.IntegrationInput{Kind: "pax8", Name: "P", BaseURL: "https://api.pax8.com/v1",
		Secrets: map[string]string{"client_secret": secret}})
	require.NoError(t, err)

	res := ws.Integrations().Test(context.Background(), in.ID)
	require.True(t, gotRedactor, "the test's redactor reaches the connector")
	assert.False(t, res.OK)
	assert.Contains(t, res.Message, "reset the key")
	assert.Contains(t, res.Message, "key=[redacted] token=[redacted]")
	assert.Empty(t, connectortest.Leaks(res.Message, secret, token), res.Message)
}
