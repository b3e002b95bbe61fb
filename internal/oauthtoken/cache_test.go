package oauthtoken_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
)

var start = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is a settable clock for one goroutine.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// counter is a Fetch that issues tok-1, tok-2, ... with a fixed lifetime.
type counter struct {
	ttl   time.Duration
	calls atomic.Int32
}

func (f *counter) fetch(context.Context) (string, time.Duration, error) {
	n := f.calls.Add(1)
	return fmt.Sprintf("tok-%d", n), f.ttl, nil
}

// held is a Fetch that issues tok-1 once release is closed. Make it inside the synctest
// bubble that uses it.
type held struct {
	release chan struct{}
	calls   atomic.Int32
}

func newHeld() *held { return &held{release: make(chan struct{})} }

func (f *held) fetch(context.Context) (string, time.Duration, error) {
	f.calls.Add(1)
	<-f.release
	return "tok-1", time.Hour, nil
}

func get(t *testing.T, c *oauthtoken.Cache, fetch oauthtoken.Fetch) string {
	t.Helper()
	tok, err := c.Get(t.Context(), fetch)
	require.NoError(t, err)
	return tok
}

// A token is reused until a tenth of its lifetime (at most five minutes) before it
// expires, and fetched anew from then on.
func TestTokenIsReusedUntilTheRefreshMargin(t *testing.T) {
	tests := []struct {
		ttl       time.Duration
		refetchAt time.Duration // after the first fetch
	}{
		{ttl: time.Hour, refetchAt: 55 * time.Minute}, // a tenth would be 6m: capped at five
		{ttl: 24 * time.Hour, refetchAt: 23*time.Hour + 55*time.Minute},
		{ttl: 50 * time.Minute, refetchAt: 45 * time.Minute},               // the five-minute cap, just reached
		{ttl: 10 * time.Second, refetchAt: 9 * time.Second},                // a tenth, far below the cap
		{ttl: 49 * time.Minute, refetchAt: 44*time.Minute + 6*time.Second}, // a tenth, just below it
	}
	for _, tc := range tests {
		t.Run(tc.ttl.String(), func(t *testing.T) {
			clk := &clock{t: start}
			f := &counter{ttl: tc.ttl}
			c := oauthtoken.New("an Example access token", clk.now)

			assert.Equal(t, "tok-1", get(t, c, f.fetch))
			clk.advance(tc.refetchAt - time.Nanosecond)
			assert.Equal(t, "tok-1", get(t, c, f.fetch), "still fresh just before the margin")
			assert.EqualValues(t, 1, f.calls.Load())

			clk.advance(time.Nanosecond)
			assert.Equal(t, "tok-2", get(t, c, f.fetch), "due at the margin")
			assert.Equal(t, "tok-2", get(t, c, f.fetch), "and the new one is cached in turn")
			assert.EqualValues(t, 2, f.calls.Load())
		})
	}
}

// Drop forgets the token a 401 refused, but not one fetched since.
func TestDrop(t *testing.T) {
	tests := []struct {
		name     string
		drop     string
		wantNext string
	}{
		{"the current token is fetched anew", "tok-2", "tok-3"},
		{"an older token leaves the current one", "tok-1", "tok-2"},
		{"a token never issued changes nothing", "tok-9", "tok-2"},
		{"an empty token changes nothing", "", "tok-2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{t: start}
			f := &counter{ttl: time.Hour}
			c := oauthtoken.New("an Example access token", clk.now)
			require.Equal(t, "tok-1", get(t, c, f.fetch))
			c.Drop("tok-1")
			require.Equal(t, "tok-2", get(t, c, f.fetch))

			c.Drop(tc.drop)
			assert.Equal(t, tc.wantNext, get(t, c, f.fetch))
		})
	}
}

// Callers that ask at once wait for one fetch and share its token.
func TestConcurrentCallersShareOneFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const callers = 20
		f := newHeld()
		c := oauthtoken.New("an Example access token", time.Now)

		got := make([]string, callers)
		errs := make([]error, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() { got[i], errs[i] = c.Get(t.Context(), f.fetch) })
		}
		synctest.Wait() // one caller is in fetch, the others wait for it
		assert.EqualValues(t, 1, f.calls.Load())
		close(f.release)
		wg.Wait()

		assert.EqualValues(t, 1, f.calls.Load())
		for i := range callers {
			require.NoError(t, errs[i])
			assert.Equal(t, "tok-1", got[i])
		}
	})
}

// A caller waiting for another's fetch gives up when its context ends, without fetching.
func TestWaitingCallerHonoursItsContext(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func(context.Context) (context.Context, context.CancelFunc)
		cancel  bool
		wantErr error
	}{
		{"cancelled", context.WithCancel, true, context.Canceled},
		{"deadline", func(ctx context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, time.Second)
		}, false, context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newHeld()
				c := oauthtoken.New("an Example access token", time.Now)

				first := make(chan error, 1)
				go func() {
					_, err := c.Get(t.Context(), f.fetch)
					first <- err
				}()
				synctest.Wait() // the first caller is in fetch

				ctx, cancel := tc.ctx(t.Context())
				defer cancel()
				waiter := make(chan error, 1)
				go func() {
					tok, err := c.Get(ctx, f.fetch)
					assert.Empty(t, tok)
					waiter <- err
				}()
				synctest.Wait() // the second caller waits for the first
				if tc.cancel {
					cancel()
				}
				err := <-waiter // with a deadline, fake time passes once everything is blocked
				require.ErrorIs(t, err, tc.wantErr)
				assert.Equal(t, "get an Example access token: "+tc.wantErr.Error(), err.Error())
				assert.EqualValues(t, 1, f.calls.Load(), "the waiter did not fetch")

				close(f.release)
				require.NoError(t, <-first)
			})
		})
	}
}

// A failed fetch is returned as it is and leaves nothing cached: the next call fetches.
func TestFetchErrorIsReturnedAndNotCached(t *testing.T) {
	refused := errors.New("the Example token endpoint: refused")
	tests := []struct {
		name   string
		cached bool // a token was cached, and is due for refresh, when the fetch fails
	}{
		{"nothing cached before", false},
		{"a due token cached before", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{t: start}
			c := oauthtoken.New("an Example access token", clk.now)
			if tc.cached {
				require.Equal(t, "old", get(t, c, func(context.Context) (string, time.Duration, error) { return "old", time.Hour, nil }))
				clk.advance(time.Hour)
			}
			calls := 0
			fetch := func(context.Context) (string, time.Duration, error) {
				calls++
				if calls == 1 {
					return "", 0, refused
				}
				return "tok-2", time.Hour, nil
			}
			tok, err := c.Get(t.Context(), fetch)
			assert.Same(t, refused, err, "not wrapped")
			assert.Empty(t, tok)

			assert.Equal(t, "tok-2", get(t, c, fetch))
			assert.Equal(t, 2, calls)
		})
	}
}

// Drop needs no context and does not wait for a fetch in progress.
func TestDropDoesNotWaitForAFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newHeld()
		c := oauthtoken.New("an Example access token", time.Now)
		got := make(chan string, 1)
		go func() {
			tok, _ := c.Get(t.Context(), f.fetch)
			got <- tok
		}()
		synctest.Wait() // the fetch is in progress

		dropped := make(chan struct{})
		go func() {
			c.Drop("tok-0")
			close(dropped)
		}()
		synctest.Wait()
		select {
		case <-dropped:
		default:
			t.Fatal("Drop waited for the fetch in progress")
		}
		close(f.release)
		assert.Equal(t, "tok-1", <-got)
	})
}

func status(code int) error { return &httpx.StatusError{Status: code} }

// Use retries once, with a fresh token, after a 401, and only then.
func TestUse(t *testing.T) {
	fetchFailed := errors.New("the Example token endpoint: refused")
	unknown401 := &httpx.UnknownOutcomeError{Method: http.MethodPost, URL: "https://example.test/x", Err: status(http.StatusUnauthorized)}
	tests := []struct {
		name       string
		answers    []error // call's error, one per call
		fetchFails int     // the fetch with this number (from 1) fails; 0: none does
		wantTokens []string
		wantGetErr error
		wantErr    error
	}{
		{name: "success", answers: []error{nil}, wantTokens: []string{"tok-1"}},
		{name: "401, then success with a fresh token", answers: []error{status(401), nil}, wantTokens: []string{"tok-1", "tok-2"}},
		{name: "a second 401 is not retried", answers: []error{status(401), status(401)}, wantTokens: []string{"tok-1", "tok-2"}, wantErr: status(401)},
		{name: "a wrapped 401 counts", answers: []error{fmt.Errorf("GET /x: %w", status(401)), nil}, wantTokens: []string{"tok-1", "tok-2"}},
		{name: "403 is not retried", answers: []error{status(403)}, wantTokens: []string{"tok-1"}, wantErr: status(403)},
		{name: "an unknown outcome is not retried", answers: []error{unknown401}, wantTokens: []string{"tok-1"}, wantErr: unknown401},
		{name: "no token: call never runs", fetchFails: 1, wantGetErr: fetchFailed},
		{name: "no fresh token after a 401", answers: []error{status(401)}, fetchFails: 2, wantTokens: []string{"tok-1"}, wantGetErr: fetchFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := oauthtoken.New("an Example access token", (&clock{t: start}).now)
			fetches := 0
			fetch := func(context.Context) (string, time.Duration, error) {
				fetches++
				if fetches == tc.fetchFails {
					return "", 0, fetchFailed
				}
				return fmt.Sprintf("tok-%d", fetches), time.Hour, nil
			}
			var tokens []string
			getErr, err := c.Use(t.Context(), fetch, func(tok string) error {
				tokens = append(tokens, tok)
				if len(tokens) > len(tc.answers) {
					t.Fatalf("call ran %d times, tokens %v", len(tokens), tokens)
				}
				return tc.answers[len(tokens)-1]
			})
			assert.Equal(t, tc.wantTokens, tokens)
			assert.Equal(t, tc.wantGetErr, getErr)
			assert.Equal(t, tc.wantErr, err)
		})
	}
}
