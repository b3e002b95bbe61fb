package connectwise

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	cwsim "github.com/trueup/trueup/internal/sim/connectwise"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// dropping serves srv but drops the connection, without any HTTP answer, of every request
// whose URL contains one of drop.
func dropping(t *testing.T, srv *cwsim.Server, drop ...string) string {
	t.Helper()
	h := srv.Handler()
	return startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, d := range drop {
			if strings.Contains(r.URL.RequestURI(), d) {
				panic(http.ErrAbortHandler)
			}
		}
		h.ServeHTTP(w, r)
	})) + cwsim.PathPrefix
}

func connAt(t *testing.T, base string) (*Connector, *sleeps) {
	t.Helper()
	c, err := New(config(base, cwsim.DemoCredentials()))
	require.NoError(t, err)
	sl := &sleeps{}
	c.sleep = sl.Sleep
	return c, sl
}

// A run that cannot reach ConnectWise fails (exit 1), it is not a partial run that "brought
// nothing new".
func TestUnreachableFailsTheRun(t *testing.T) {
	tlsServer := func(t *testing.T) string {
		srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
		ts := httptest.NewUnstartedServer(srv.Handler())
		ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
		ts.StartTLS()                                   // with a certificate this computer does not trust
		t.Cleanup(ts.Close)
		return ts.URL + cwsim.PathPrefix
	}
	tests := []struct {
		name    string
		base    func(t *testing.T) string
		wantMsg string
	}{
		{"connection refused", func(t *testing.T) string { return "http://" + closedPort(t) + cwsim.PathPrefix }, "could not reach the API"},
		{"name does not resolve", func(*testing.T) string { return "https://cw.invalid" + cwsim.PathPrefix }, "could not reach the API"},
		{"TLS certificate not trusted", tlsServer, "secure connection to ConnectWise failed"},
		{"every list request is dropped", func(t *testing.T) string {
			return dropping(t, startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{}), "/company/", "/finance/")
		}, "did not answer properly"},
		{"the agreements list is dropped", func(t *testing.T) string {
			return dropping(t, startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{}), "/finance/agreements?")
		}, "did not answer properly"},
		{"the companies id sweep is dropped", func(t *testing.T) string {
			return dropping(t, startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{}), "/company/companies?fields=id")
		}, "did not answer properly"},
	}
	for _, tc := range tests {
		for _, mode := range []connector.Request{{Mode: connector.ModeFull}, {Mode: connector.ModeQuick, Since: testToday}} {
			t.Run(tc.name+"/"+string(mode.Mode), func(t *testing.T) {
				if mode.Mode == connector.ModeFull && strings.Contains(tc.name, "sweep") {
					t.Skip("a Full Sync has no id sweep")
				}
				c, _ := connAt(t, tc.base(t))
				rec := &retainSink{}
				err := c.Sync(context.Background(), mode, rec)
				require.Error(t, err)
				assert.True(t, connector.IsTransient(err), "%T: %v", err, err)
				assert.Contains(t, connector.UserMessage(err), tc.wantMsg)
				assert.Empty(t, rec.Failures, "an unreachable source is not a section failure")
				// What the other branch read is discarded with the failed run: nothing changes.
			})
		}
	}

	t.Run("dial errors are retried only briefly", func(t *testing.T) {
		c, sl := connAt(t, "http://"+closedPort(t)+cwsim.PathPrefix)
		err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{})
		assert.True(t, httpx.IsUnreachable(err), "%v", err)
		assert.LessOrEqual(t, len(sl.All()), 3*2, "three lists at once (companies, agreements, catalog), two quick retries each")
	})
}

// When every whole-entity list fails, even with HTTP answers, the run read nothing: it fails.
func TestEveryListFailedFailsTheRun(t *testing.T) {
	tests := []struct {
		name   string
		faults []cwsim.Fault
	}{
		{"companies and agreements answer 500", []cwsim.Fault{
			{PathContains: "/company/companies?", Status: 500, Times: -1},
			{PathContains: "/finance/agreements?", Status: 500, Times: -1},
			{PathContains: "/procurement/catalog", Status: 500, Times: -1},
		}},
		{"company types and agreements answer 502 and 429", []cwsim.Fault{
			{PathContains: "/company/companies/types", Status: 502, Times: -1},
			{PathContains: "/finance/agreements?", Status: 429, Times: -1},
			{PathContains: "/procurement/catalog", Status: 503, Times: -1},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSim(t, cwsim.DemoDataset(testToday), cwsim.Options{})
			for _, f := range tc.faults {
				srv.AddFault(f)
			}
			c, _ := newConn(t, srv, cwsim.DemoCredentials())
			rec := &retainSink{}
			err := c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec)
			require.Error(t, err)
			assert.True(t, connector.IsTransient(err), "%T: %v", err, err)
			assert.Contains(t, err.Error(), "neither the companies nor the agreements")
			assert.Empty(t, rec.Failures)
			assert.Empty(t, rec.Completed)
		})
	}
}

// A connection lost while additions are read keeps what was read: the agreements not read
// yet are marked failed without sending a request each, and the run is partial.
func TestConnectionLostDuringAdditions(t *testing.T) {
	srv := startSim(t, cwsim.LargeDataset(1, 20, 200, 400, testToday), cwsim.Options{})
	base := dropping(t, srv, "/additions")
	c, _ := connAt(t, base)
	rec := &retainSink{}
	require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
	assert.Len(t, rec.Accounts, 20)
	assert.Len(t, rec.Agreements, 200)
	assert.Empty(t, rec.ServiceLines)
	require.Len(t, rec.Failures, 200, "every agreement's lines are kept from the cache")
	for _, f := range rec.Failures {
		assert.Equal(t, connector.EntityServiceLines, f.Scope.Entity)
		assert.NotEmpty(t, f.Scope.ParentID)
	}
	assert.LessOrEqual(t, srv.RequestsFor("/additions"), int64(0), "the dropped requests never reached the simulator")
	assert.LessOrEqual(t, c.Requests()-4, int64(6*c.concurrency), "no request per agreement once ConnectWise stopped answering")
	assert.NotContains(t, rec.Completed, connector.Scope{Entity: connector.EntityServiceLines})
	assert.Contains(t, strings.Join(logTexts(rec, "additions"), "\n"), "ConnectWise stopped answering")
}
