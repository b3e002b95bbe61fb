package halopsa

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
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
)

var testToday = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)

// sleeps records the retry waits instead of waiting.
type sleeps = connectortest.Waits

// startSim runs a simulator on 127.0.0.1 for the test and returns it with its root URL.
func startSim(t testing.TB, data *halosim.Dataset, opts halosim.Options) (*halosim.Server, string) {
	t.Helper()
	srv := halosim.New(data, opts)
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

func withPageSize(n int) connOption {
	return connOption{conn: func(c *Connector) { c.pageSize = n }}
}

func config(base string, creds halosim.Credentials) connector.Config {
	return connector.Config{
		Name:     "Halo test",
		BaseURL:  base,
		Settings: map[string]string{SettingTenant: creds.Tenant},
		Secrets:  map[string]string{SecretClientID: creds.ClientID, SecretClientSecret: creds.ClientSecret},
	}
}

// newConn builds a connector against base with instant (recorded) retry waits.
func newConn(t testing.TB, base string, creds halosim.Credentials, opts ...connOption) *Connector {
	t.Helper()
	cfg := config(base, creds)
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

func badSecret() halosim.Credentials {
	c := halosim.DemoCredentials()
	c.ClientSecret = "not-the-secret-" + strings.Repeat("x", 8)
	return c
}

func badTenant() halosim.Credentials {
	c := halosim.DemoCredentials()
	c.Tenant = "someoneelse"
	return c
}

func runSync(t *testing.T, c *Connector, req connector.Request) (*connectortest.Recorder, error) {
	t.Helper()
	rec := &connectortest.Recorder{}
	err := c.Sync(context.Background(), req, rec)
	return rec, err
}

func full() connector.Request  { return connector.Request{Mode: connector.ModeFull} }
func quick() connector.Request { return connector.Request{Mode: connector.ModeQuick, Since: testToday} }

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

// startHandler serves h on 127.0.0.1 and returns its root URL.
func startHandler(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
