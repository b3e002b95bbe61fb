package halopsa

import (
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
	halosim "github.com/trueup/trueup/internal/sim/halopsa"
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
func dropping(t *testing.T, srv *halosim.Server, drop ...string) string {
	t.Helper()
	h := srv.Handler()
	return startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, d := range drop {
			if strings.Contains(r.URL.RequestURI(), d) {
				panic(http.ErrAbortHandler)
			}
		}
		h.ServeHTTP(w, r)
	}))
}

// A run that cannot reach Halo fails (exit 1): it is never a partial run that "brought
// nothing new".
func TestUnreachableFailsTheRun(t *testing.T) {
	tlsServer := func(t *testing.T) string {
		srv, _ := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
		ts := httptest.NewUnstartedServer(srv.Handler())
		ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
		ts.StartTLS()                                   // with a certificate this computer does not trust
		t.Cleanup(ts.Close)
		return ts.URL
	}
	tests := []struct {
		name string
		base func(t *testing.T) string
	}{
		{"connection refused", func(t *testing.T) string { return "http://" + closedPort(t) }},
		{"name does not resolve", func(*testing.T) string { return "https://halo.invalid" }},
		{"TLS certificate not trusted", tlsServer},
		{"every list request is dropped", func(t *testing.T) string {
			srv, _ := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
			return dropping(t, srv, "/api/")
		}},
		{"the invoices list is dropped", func(t *testing.T) string {
			srv, _ := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
			return dropping(t, srv, "/api/RecurringInvoice")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newConn(t, tc.base(t), halosim.DemoCredentials())
			for _, req := range []connector.Request{full(), quick()} {
				rec, err := runSync(t, c, req)
				require.Error(t, err, req.Mode)
				assert.Empty(t, rec.Failures, "an unreachable source is not a section failure")
				assert.Empty(t, rec.Completed, "nothing is declared complete")
			}
			if !strings.Contains(tc.name, "invoices") { // Test reads only one client
				require.Error(t, c.Test(t.Context()))
			}
		})
	}

	t.Run("the server went away after the token was cached", func(t *testing.T) {
		srv, base := startSim(t, halosim.DemoDataset(testToday), halosim.Options{})
		c := newConn(t, base, halosim.DemoCredentials())
		_, err := runSync(t, c, full())
		require.NoError(t, err)
		srv.Close()
		rec, err := runSync(t, c, quick())
		require.Error(t, err)
		assert.True(t, httpx.IsUnreachable(err), "%v", err)
		assert.Contains(t, connector.UserMessage(err), "could not reach the API")
		assert.Empty(t, rec.Failures)
	})
}
