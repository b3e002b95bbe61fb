package connectwise

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// retainSink is the Recorder, which implements connector.Retainer as the store's sink does.
type retainSink = connectortest.Recorder

// plainSink hides Retain: a sink that cannot take a complete ID list.
type plainSink struct{ *connectortest.Recorder }

func (p plainSink) Retain() {} // shadows Recorder.Retain with a different signature

// sleeps records the retry waits instead of waiting.
type sleeps = connectortest.Waits

// startSim runs a simulator on a loopback port for the test.
func startSim(t testing.TB, data *cwsim.Dataset, opts cwsim.Options) *cwsim.Server {
	t.Helper()
	s := cwsim.New(data, opts)
	_, err := s.Start()
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func config(base string, creds cwsim.Credentials) connector.Config {
	return connector.Config{
		Name:    "cw-test",
		BaseURL: base,
		Settings: map[string]string{
			SettingCompany:  creds.Company,
			SettingClientID: creds.ClientID,
		},
		Secrets: map[string]string{
			SecretPublicKey:  creds.PublicKey,
			SecretPrivateKey: creds.PrivateKey,
		},
	}
}

// startHandler serves h on a loopback httptest server and returns its URL.
func startHandler(t testing.TB, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// newConn builds a connector against s whose retry waits are recorded, not slept.
func newConn(t testing.TB, s *cwsim.Server, creds cwsim.Credentials) (*Connector, *sleeps) {
	t.Helper()
	c, err := New(config(s.BaseURL(), creds))
	require.NoError(t, err)
	sl := &sleeps{}
	c.sleep = sl.Sleep
	return c, sl
}

func badCreds() cwsim.Credentials {
	c := cwsim.DemoCredentials()
	c.PrivateKey = "not-the-private-key"
	return c
}

func fullSync(t *testing.T, c *Connector) *retainSink {
	t.Helper()
	rec := &retainSink{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
	return rec
}

func linesByAgreement(rec *connectortest.Recorder) map[string][]string {
	out := map[string][]string{}
	for _, l := range rec.ServiceLines {
		out[l.AgreementID] = append(out[l.AgreementID], l.ID)
	}
	return out
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

func newestStamp(rec *connectortest.Recorder) time.Time {
	var n time.Time
	for _, a := range rec.Accounts {
		n = later(n, a.UpdatedAt)
	}
	for _, a := range rec.Agreements {
		n = later(n, a.UpdatedAt)
	}
	for _, l := range rec.ServiceLines {
		n = later(n, l.UpdatedAt)
	}
	return n
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

var testToday = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
