package autotask

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// retainSink is the Recorder, which implements connector.Retainer as the store's sink does.
type retainSink = connectortest.Recorder

// sleeps records the retry waits instead of waiting.
type sleeps = connectortest.Waits

// testToday is the day the tests' databases are built around.
var testToday = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// startSim runs a simulator on a loopback port for the test.
func startSim(t testing.TB, data *atsim.Dataset, opts atsim.Options) *atsim.Server {
	t.Helper()
	s := atsim.New(data, opts)
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func config(base string, creds atsim.Credentials) connector.Config {
	return connector.Config{
		Name:     "at-test",
		BaseURL:  base,
		Settings: map[string]string{SettingUserName: creds.UserName},
		Secrets:  map[string]string{SecretIntegrationCode: creds.IntegrationCode, SecretSecret: creds.Secret},
	}
}

// startHandler serves h on a loopback httptest server and returns its URL.
func startHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// connAt builds a connector against base whose waits are recorded, not slept, and whose
// "today" is testToday.
func connAt(t testing.TB, base string, creds atsim.Credentials) (*Connector, *sleeps) {
	t.Helper()
	c, err := New(config(base, creds))
	require.NoError(t, err)
	sl := &sleeps{}
	c.sleep = sl.Sleep
	c.now = func() time.Time { return testToday }
	return c, sl
}

func newConn(t testing.TB, s *atsim.Server, creds atsim.Credentials) (*Connector, *sleeps) {
	t.Helper()
	return connAt(t, s.BaseURL(), creds)
}

func badCreds() atsim.Credentials {
	c := atsim.DemoCredentials()
	c.Secret = "not-the-secret"
	return c
}

func fullSync(t *testing.T, c *Connector) *retainSink {
	t.Helper()
	rec := &retainSink{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
	return rec
}

func logTexts(rec *connectortest.Recorder, section string) []string {
	var out []string
	for _, l := range rec.Logs {
		if section == "" || l.Section == section {
			out = append(out, l.Text)
		}
	}
	return out
}
