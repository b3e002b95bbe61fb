package autotask

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// sharedConn builds a connector of the integration whose request limiter is lim, as the
// engine builds its Test, Sync and push writer.
func sharedConn(t *testing.T, srv *atsim.Server, creds atsim.Credentials, lim *httpx.Limiter) *Connector {
	t.Helper()
	cfg := config(srv.BaseURL(), creds)
	cfg.Limiter = lim
	c, err := New(cfg)
	require.NoError(t, err)
	c.now = func() time.Time { return testToday }
	c.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return c
}

// gated makes c's waits block until release is closed, counting the waiters.
func gated(c *Connector, release <-chan struct{}, waiting *atomic.Int64) {
	c.sleep = func(ctx context.Context, _ time.Duration) error {
		waiting.Add(1)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// A 401 that any caller of the integration gets (here its Test) stops the sync and the push
// writer that are running at that moment too: the requests they would send next are not
// sent, and neither is anything a new connector with those credentials tries, until the
// integration is saved again (Limiter.Resume, which the engine calls then).
func TestA401StopsEveryCallOfTheIntegration(t *testing.T) {
	srv := startSim(t, writeData(), atsim.Options{Now: func() time.Time { return testToday }})
	lim := httpx.NewLimiter(MaxConcurrency)
	creds := atsim.DemoCredentials()
	syncer, pusher, tester := sharedConn(t, srv, creds, lim), sharedConn(t, srv, creds, lim), sharedConn(t, srv, creds, lim)

	// Every query is answered 429 with Retry-After: the sync and the writer wait (in
	// their retry or in the limiter's pause) where the 401 will find them.
	srv.AddFault(atsim.Fault{PathContains: "/query", Status: 429, RetryAfter: "7", Times: 1000})
	release := make(chan struct{})
	var syncWaits, pushWaits atomic.Int64
	gated(syncer, release, &syncWaits)
	gated(pusher, release, &pushWaits)
	var wg sync.WaitGroup
	var syncErr, pushErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		syncErr = syncer.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, &retainSink{})
	}()
	go func() {
		defer wg.Done()
		_, _, _, pushErr = pusher.Writer().Units(context.Background(), "3001", "501", "", "2026-12-01")
	}()
	require.Eventually(t, func() bool { return syncWaits.Load() > 0 && pushWaits.Load() > 0 }, 5*time.Second, 5*time.Millisecond)
	require.Eventually(t, func() bool { // nothing in flight any more
		n := srv.Requests()
		time.Sleep(100 * time.Millisecond)
		return srv.Requests() == n
	}, 5*time.Second, time.Millisecond)

	srv.ClearFaults()
	srv.SetUserState(atsim.UserLocked)
	err := tester.Test(context.Background())
	var auth *connector.AuthError
	require.ErrorAs(t, err, &auth)
	assert.Contains(t, auth.Hint, "re-enable the API user or reset its secret")
	sent := srv.Requests()

	close(release)
	wg.Wait()
	require.ErrorAs(t, syncErr, &auth, "the sync ends with the refusal")
	require.ErrorAs(t, pushErr, &auth, "and so does the push")
	assert.Contains(t, pushErr.Error(), "not sent")
	assert.Equal(t, sent, srv.Requests(), "no request is sent after the 401")

	_, err = pusher.Writer().Adjust(context.Background(), []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":2,"effectiveDate":"2026-12-01T00:00:00Z"}`))
	require.ErrorAs(t, err, &auth)
	fresh := sharedConn(t, srv, creds, lim)
	require.ErrorAs(t, fresh.Test(context.Background()), &auth, "a new Test with the same credentials is refused too")
	assert.Equal(t, sent, srv.Requests(), "without sending anything")
	assert.Empty(t, srv.Writes(), "no adjustment went out")

	// The user re-enables the API user and saves the integration again.
	srv.SetUserState(atsim.UserActive)
	lim.Resume()
	require.NoError(t, sharedConn(t, srv, creds, lim).Test(context.Background()))
	assert.Greater(t, srv.Requests(), sent, "after the save the next call goes through")
}

// A halt holds only the credentials that were refused: new ones are tried at once.
func TestNewCredentialsAreNotHeldByAnOldHalt(t *testing.T) {
	srv := startSim(t, writeData(), atsim.Options{})
	lim := httpx.NewLimiter(MaxConcurrency)
	var auth *connector.AuthError
	require.ErrorAs(t, sharedConn(t, srv, badCreds(), lim).Test(context.Background()), &auth)
	sent := srv.Requests()
	require.ErrorAs(t, sharedConn(t, srv, badCreds(), lim).Test(context.Background()), &auth)
	assert.Equal(t, sent, srv.Requests(), "the refused credentials are not sent again")

	require.NoError(t, sharedConn(t, srv, atsim.DemoCredentials(), lim).Test(context.Background()), "the corrected credentials go through")
	assert.Greater(t, srv.Requests(), sent)
}
