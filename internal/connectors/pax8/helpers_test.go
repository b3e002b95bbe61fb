package pax8

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/sim"
	simpax8 "github.com/trueup/trueup/internal/sim/pax8"
)

var testToday = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)

// sleeps records the retry waits instead of waiting.
type sleeps = connectortest.Waits

// startSim runs a simulator on 127.0.0.1 for the test.
func startSim(t *testing.T, data *simpax8.Dataset, opts simpax8.Options) (*simpax8.Server, string) {
	t.Helper()
	srv := simpax8.New(data, opts)
	base, err := srv.Start()
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	return srv, base
}

type connOption struct {
	cfg  func(*connector.Config)
	conn func(*Connector)
}

func withSleeps(s *sleeps) connOption {
	return connOption{conn: func(c *Connector) { c.sleep = s.Sleep }}
}

func withClock(clk *sim.Clock) connOption {
	return connOption{conn: func(c *Connector) { c.now = clk.Now }}
}

func withConcurrency(n int) connOption {
	return connOption{cfg: func(cfg *connector.Config) { cfg.Concurrency = n }}
}

// newConn builds a connector against base with fast (recorded or no-op) retry waits.
func newConn(t *testing.T, base string, creds simpax8.Credentials, opts ...connOption) *Connector {
	t.Helper()
	cfg := connector.Config{
		Name:    "Pax8 test",
		BaseURL: base,
		Secrets: map[string]string{SecretClientID: creds.ClientID, SecretClientSecret: creds.ClientSecret},
	}
	for _, o := range opts {
		if o.cfg != nil {
			o.cfg(&cfg)
		}
	}
	c, err := New(cfg)
	require.NoError(t, err)
	c.sleep = (&sleeps{}).Sleep
	for _, o := range opts {
		if o.conn != nil {
			o.conn(c)
		}
	}
	return c
}

func badCreds() simpax8.Credentials {
	c := simpax8.DemoCredentials()
	c.ClientSecret = "not-the-secret-" + strings.Repeat("x", 8)
	return c
}

func runSync(t *testing.T, c *Connector, req connector.Request) (*connectortest.Recorder, error) {
	t.Helper()
	rec := &connectortest.Recorder{}
	err := c.Sync(context.Background(), req, rec)
	return rec, err
}

func full() connector.Request { return connector.Request{Mode: connector.ModeFull} }

func logText(rec *connectortest.Recorder, section string, level connector.Level) string {
	var b strings.Builder
	for _, l := range rec.Logs {
		if (section == "" || l.Section == section) && (level == "" || l.Level == level) {
			b.WriteString(l.Text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// recordingProxy serves h on 127.0.0.1 and calls seen for every request.
func recordingProxy(t *testing.T, h http.Handler, seen func(*http.Request)) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen(r)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/v1"
}
