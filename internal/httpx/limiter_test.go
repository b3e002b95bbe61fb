package httpx_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

func TestRetryAfterBeyondTheBoundIsNotWaitedFor(t *testing.T) {
	for _, tt := range []struct {
		name, retryAfter, want string
		status                 int
		write                  bool
	}{
		{name: "429 one hour", retryAfter: "3600", status: 429, want: "the API asked to wait 1h0m0s before trying again, longer than TrueUp waits within one run (15m0s): "},
		{name: "429 huge", retryAfter: "99999999999999", status: 429, want: "the API asked to wait "},
		{name: "503 one hour", retryAfter: "3600", status: 503, want: "the API asked to wait 1h0m0s"},
		{name: "429 one hour on a write", retryAfter: "3600", status: 429, write: true, want: "the API asked to wait 1h0m0s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newScript(t, answer{status: tt.status, retryAfter: tt.retryAfter}, answer{status: 200})
			lim := httpx.NewLimiter(2)
			c, rec := newClientWith(nil, httpx.Options{Limiter: lim})
			send := c.Do
			if tt.write {
				send = c.DoWrite
			}
			start := time.Now()
			_, _, err := send(context.Background(), get(s.srv.URL))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var se *httpx.StatusError
			require.ErrorAs(t, err, &se, "the connector still sees the 429 and its Retry-After")
			assert.Equal(t, tt.status, se.Status)
			assert.Equal(t, 1, s.count())
			assert.Empty(t, rec.waits)
			if tt.status == 429 {
				assert.False(t, lim.PausedUntil().Before(start.Add(15*time.Minute)), "the other Clients hold off up to the bound")
			} else {
				assert.True(t, lim.PausedUntil().IsZero(), "only a 429 pauses the integration")
			}
		})
	}
}

func TestLimiterIsSharedByClients(t *testing.T) {
	var inFlight, maxInFlight atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)

	lim := httpx.NewLimiter(2)
	clients := []*httpx.Client{
		httpx.New(nil, httpx.Options{Limiter: lim, Concurrency: 8}), // the Limiter's slots win
		httpx.New(nil, httpx.Options{Limiter: lim}),
		httpx.New(nil, httpx.Options{Limiter: lim}),
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		assert.Equal(t, 2, c.Concurrency())
		for range 6 {
			wg.Go(func() {
				_, _, err := c.Do(context.Background(), get(srv.URL))
				assert.NoError(t, err)
			})
		}
	}
	wg.Wait()
	assert.Equal(t, int32(2), maxInFlight.Load(), "three Clients, one budget of two")
	for _, c := range clients {
		assert.Equal(t, int64(6), c.Requests(), "each Client keeps its own count")
	}
}

func TestA429PausesEveryClientOfTheLimiter(t *testing.T) {
	s := newScript(t, answer{status: 429, retryAfter: "30"}, answer{status: 200, body: "ok"})
	lim := httpx.NewLimiter(4)
	syncClient, syncWaits := newClientWith(nil, httpx.Options{Limiter: lim})
	pushClient, pushWaits := newClientWith(nil, httpx.Options{Limiter: lim})

	before := time.Now()
	_, _, err := syncClient.Do(context.Background(), get(s.srv.URL))
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{30 * time.Second}, syncWaits.waits, "the Client that got the 429 waits once, not twice")
	assert.False(t, lim.PausedUntil().Before(before.Add(30*time.Second)))

	// The push starts while the pause holds: it waits for what is left of it, then sends.
	_, body, err := pushClient.DoWrite(context.Background(), patch(s.srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "ok", string(body))
	require.Len(t, pushWaits.waits, 1)
	assert.Greater(t, pushWaits.waits[0], 20*time.Second, "the rest of the pause (time passed since is at most seconds)")
	assert.LessOrEqual(t, pushWaits.waits[0], 30*time.Second)
	assert.Equal(t, 3, s.count())
}

func TestPausedClientHonoursCancel(t *testing.T) {
	lim := httpx.NewLimiter(1)
	s := newScript(t, answer{status: 429, retryAfter: "600"}, answer{status: 200})
	first, _ := newClientWith(nil, httpx.Options{Limiter: lim})
	_, _, err := first.Do(context.Background(), get(s.srv.URL))
	require.NoError(t, err)

	second := httpx.New(nil, httpx.Options{Limiter: lim}) // real waits
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err = second.Do(ctx, get(s.srv.URL))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Zero(t, second.Requests(), "nothing was sent during the pause")
}

func TestWithoutASharedLimiterA429HoldsOffOnlyItsRequest(t *testing.T) {
	s := newScript(t, answer{status: 429, retryAfter: "30"}, answer{status: 200, body: "ok"})
	c, rec := newClient(httpx.Options{})
	_, _, err := c.Do(context.Background(), get(s.srv.URL))
	require.NoError(t, err)
	_, _, err = c.Do(context.Background(), get(s.srv.URL))
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{30 * time.Second}, rec.waits, "the second call does not wait")
}

func TestLimiterHaltHoldsOnlyItsCredentialsUntilResume(t *testing.T) {
	l := httpx.NewLimiter(3)
	refused := errors.New("refused")
	assert.NoError(t, l.Halted("a"))
	l.Halt("a", refused)
	l.Halt("a", errors.New("later"))
	assert.Equal(t, refused, l.Halted("a"), "the first refusal is kept")
	assert.NoError(t, l.Halted("b"), "other credentials are not held")
	l.Resume()
	assert.NoError(t, l.Halted("a"))
}

func TestLimiterSharedIsMadeOnce(t *testing.T) {
	l := httpx.NewLimiter(1)
	made := 0
	mk := func() any { made++; return &made }
	assert.Same(t, l.Shared("k", mk), l.Shared("k", mk))
	assert.Equal(t, 1, made)
	l.Shared("other", mk)
	assert.Equal(t, 2, made)
}
