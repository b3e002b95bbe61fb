package connectortest

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/redact"
)

// Hostile tells the suite how to point a connector at its echo server.
type Hostile struct {
	Factory  connector.Factory
	BaseURL  string            // the API root on the echo server
	Settings map[string]string // non-secret settings the factory needs
	// Prepare readies a connector the factory built, e.g. makes its retry waits instant
	// (the 429 and 500 scenarios retry). Optional.
	Prepare func(t *testing.T, c connector.Connector)
}

// runHostile: against a server that echoes every request into its answers, nothing the
// connector says (errors of Test and Sync, their user messages, log lines, section
// failures) holds a secret or a piece of one, and the run's redactor knows every form in
// which the credentials went over the wire, so the engine's redaction covers the rest.
func runHostile(t *testing.T, h Harness) {
	ctx := context.Background()
	srv := NewEchoServer(t)
	hs := h.Hostile(t, srv.URL)
	secrets := NewSecrets(hs.Factory.Secrets)
	values := slices.Sorted(maps.Values(secrets))
	for _, sc := range EchoScenarios(values...) {
		t.Run(sc.Name, func(t *testing.T) {
			srv.Set(sc.Answer)
			red := redact.New(values...) // what the engine does with the keychain's values
			conn, err := hs.Factory.New(connector.Config{Name: "Echo", BaseURL: hs.BaseURL, Settings: hs.Settings,
				Secrets: secrets, Redact: red})
			require.NoError(t, err)
			if hs.Prepare != nil {
				hs.Prepare(t, conn)
			}

			var said []string
			testErr := conn.Test(ctx)
			require.Error(t, testErr, "Test must fail against a server that refuses everything")
			said = append(said, testErr.Error(), connector.UserMessage(testErr))
			rec := &Recorder{}
			if err := conn.Sync(ctx, connector.Request{Mode: connector.ModeFull}, rec); err != nil {
				said = append(said, err.Error(), connector.UserMessage(err))
			} else {
				assert.NotEmpty(t, rec.Failures, "a sync against a refusing server must fail or record failures")
			}
			for _, l := range rec.Logs {
				said = append(said, l.Text)
			}
			for _, f := range rec.Failures {
				said = append(said, f.Err.Error(), connector.UserMessage(f.Err))
			}

			wire := append(append(slices.Clone(values), srv.Credentials()...), srv.Issued()...)
			require.NotEmpty(t, Leaks(srv.Sent(), wire...), "the echo server should have quoted a secret back (else this test proves nothing)")
			for _, text := range said {
				assert.Empty(t, Leaks(text, wire...), "the connector said: %s", text)
			}
			for _, w := range append(srv.Credentials(), srv.Issued()...) {
				assert.Empty(t, Leaks(red.String(w), wire...), "the run's redactor does not know %q: the connector must Add what it derives from the secrets", w)
			}
		})
	}
}
