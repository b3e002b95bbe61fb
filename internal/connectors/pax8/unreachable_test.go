package pax8

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	simpax8 "github.com/trueup/trueup/internal/sim/pax8"
)

// A run that cannot reach Pax8 fails, even when the token from an earlier run is still
// valid and no token request is needed to find out.
func TestUnreachableFailsTheRun(t *testing.T) {
	t.Run("the server went away after the token was cached", func(t *testing.T) {
		srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
		c := newConn(t, base, simpax8.DemoCredentials())
		_, err := runSync(t, c, full())
		require.NoError(t, err)
		srv.Close()

		for _, req := range []connector.Request{full(), {Mode: connector.ModeQuick, Since: testToday}} {
			rec, err := runSync(t, c, req)
			require.Error(t, err, req.Mode)
			assert.True(t, httpx.IsUnreachable(err), "%v", err)
			assert.Contains(t, connector.UserMessage(err), "could not reach the API")
			assert.Empty(t, rec.Failures, "an unreachable source is not a section failure")
		}
	})

	t.Run("list connections are dropped without an answer", func(t *testing.T) {
		srv, _ := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
		h := srv.Handler()
		base := recordingProxy(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/v1/companies") {
				panic(http.ErrAbortHandler)
			}
			h.ServeHTTP(w, r)
		}), func(*http.Request) {})
		rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), full())
		require.Error(t, err)
		assert.True(t, connector.IsTransient(err), "%T: %v", err, err)
		assert.Empty(t, rec.Failures)
		assert.Empty(t, rec.Subscriptions, "the run stopped at the first list")
	})
}

// When neither list can be read, even with HTTP answers, the run read nothing: it fails.
func TestEveryListFailedFailsTheRun(t *testing.T) {
	srv, base := startSim(t, simpax8.DemoDataset(testToday), simpax8.Options{})
	srv.AddFault(simpax8.Fault{PathContains: "/v1/companies", Status: 502, Times: -1})
	srv.AddFault(simpax8.Fault{PathContains: "/v1/subscriptions", Status: 429, Times: -1})
	rec, err := runSync(t, newConn(t, base, simpax8.DemoCredentials()), connector.Request{Mode: connector.ModeQuick, Since: testToday})
	require.Error(t, err)
	assert.True(t, connector.IsTransient(err), "%T: %v", err, err)
	assert.Contains(t, err.Error(), "neither the companies nor the subscriptions")
	assert.Empty(t, rec.Failures)
	assert.Empty(t, rec.Completed)
}
