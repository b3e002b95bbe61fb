package httpx_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// answer is one scripted response of a test server.
type answer struct {
	status     int
	retryAfter string
	body       string
}

// script is an httptest server (127.0.0.1) that answers with the given responses in order,
// repeating the last one, and records what it received.
type script struct {
	srv     *httptest.Server
	answers []answer
	mu      sync.Mutex
	calls   int
	bodies  []string
	queries []string
}

func newScript(t *testing.T, answers ...answer) *script {
	t.Helper()
	s := &script{answers: answers}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		a := s.answers[min(s.calls, len(s.answers)-1)]
		s.calls++
		s.bodies = append(s.bodies, string(b))
		s.queries = append(s.queries, r.URL.RawQuery)
		s.mu.Unlock()
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// recorder replaces the client's sleep and keeps the waits it was asked for.
type recorder struct {
	mu      sync.Mutex
	waits   []time.Duration
	notices []httpx.RetryNotice
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, d)
	return ctx.Err()
}

func (r *recorder) onRetry(n httpx.RetryNotice) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, n)
}

// newClient builds a client whose waits and retry notices go to a recorder.
func newClient(opts httpx.Options) (*httpx.Client, *recorder) { return newClientWith(nil, opts) }

// newClientWith is newClient over an injected *http.Client (nil: the default one).
func newClientWith(hc *http.Client, opts httpx.Options) (*httpx.Client, *recorder) {
	rec := &recorder{}
	opts.OnRetry = rec.onRetry
	c := httpx.New(hc, opts)
	c.SetSleep(rec.sleep)
	return c, rec
}

func get(url string) func(ctx context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	}
}

func TestDoSuccess(t *testing.T) {
	s := newScript(t, answer{status: http.StatusOK, body: `{"ok":true}`})
	c, rec := newClient(httpx.Options{})
	resp, body, err := c.Do(context.Background(), get(s.srv.URL+"/items?page=1"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"ok":true}`, string(body))
	assert.Equal(t, int64(1), c.Requests())
	assert.Empty(t, rec.waits)
	assert.Empty(t, rec.notices)
	assert.Equal(t, []string{"page=1"}, s.queries)
}

func TestDoDefaults(t *testing.T) {
	c := httpx.New(nil, httpx.Options{})
	assert.Equal(t, 4, c.Concurrency())
	assert.Equal(t, int64(0), c.Requests())
}

func TestDoRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter func() string
		maxDelay   time.Duration
		wantMin    time.Duration
		wantMax    time.Duration
		wantReason string
	}{
		{
			name: "429 seconds", status: http.StatusTooManyRequests, retryAfter: func() string { return "7" },
			wantMin: 7 * time.Second, wantMax: 7 * time.Second, wantReason: "HTTP 429 (rate limited; Retry-After)",
		},
		{
			name: "429 HTTP date", status: http.StatusTooManyRequests,
			retryAfter: func() string { return time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat) },
			// The date has whole seconds, so up to one second is lost; allow slack for slow machines.
			wantMin: 25 * time.Second, wantMax: 30 * time.Second, wantReason: "HTTP 429 (rate limited; Retry-After)",
		},
		{
			// MaxDelay caps backoff only: the API's own Retry-After is honoured up to MaxRetryAfter.
			name: "429 beyond MaxDelay", status: http.StatusTooManyRequests, retryAfter: func() string { return "120" },
			maxDelay: 10 * time.Second, wantMin: 2 * time.Minute, wantMax: 2 * time.Minute,
			wantReason: "HTTP 429 (rate limited; Retry-After)",
		},
		{
			name: "429 at the bound", status: http.StatusTooManyRequests, retryAfter: func() string { return "900" },
			wantMin: 15 * time.Minute, wantMax: 15 * time.Minute, wantReason: "HTTP 429 (rate limited; Retry-After)",
		},
		{
			name: "503 beyond MaxDelay", status: http.StatusServiceUnavailable, retryAfter: func() string { return "90" },
			wantMin: 90 * time.Second, wantMax: 90 * time.Second, wantReason: "HTTP 503",
		},
		{
			name: "503 seconds", status: http.StatusServiceUnavailable, retryAfter: func() string { return "2" },
			wantMin: 2 * time.Second, wantMax: 2 * time.Second, wantReason: "HTTP 503",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScript(t, answer{status: tt.status, retryAfter: tt.retryAfter()}, answer{status: http.StatusOK, body: "done"})
			c, rec := newClient(httpx.Options{MaxDelay: tt.maxDelay})
			_, body, err := c.Do(context.Background(), get(s.srv.URL+"/x?secretish=filter"))
			require.NoError(t, err)
			assert.Equal(t, "done", string(body))
			assert.Equal(t, int64(2), c.Requests())
			require.Len(t, rec.waits, 1)
			assert.GreaterOrEqual(t, rec.waits[0], tt.wantMin)
			assert.LessOrEqual(t, rec.waits[0], tt.wantMax)
			require.Len(t, rec.notices, 1)
			n := rec.notices[0]
			assert.Equal(t, 1, n.Attempt)
			assert.Equal(t, rec.waits[0], n.Wait)
			assert.Equal(t, tt.wantReason, n.Reason)
			assert.Equal(t, s.srv.URL+"/x", n.URL, "no query string in notices")
		})
	}
}

func TestDoBackoffWithoutRetryAfter(t *testing.T) {
	const (
		base     = 100 * time.Millisecond
		maxDelay = time.Second
		failures = 8
	)
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			answers := make([]answer, 0, failures+1)
			for range failures {
				answers = append(answers, answer{status: status})
			}
			answers = append(answers, answer{status: http.StatusOK})
			s := newScript(t, answers...)
			c, rec := newClient(httpx.Options{BaseDelay: base, MaxDelay: maxDelay, MaxRetries: failures})
			_, _, err := c.Do(context.Background(), get(s.srv.URL))
			require.NoError(t, err)
			require.Len(t, rec.waits, failures)
			for n, w := range rec.waits {
				ceiling := min(base<<n, maxDelay)
				assert.GreaterOrEqual(t, w, ceiling/2, "wait %d", n)
				assert.LessOrEqual(t, w, ceiling, "wait %d", n)
				assert.LessOrEqual(t, w, maxDelay, "wait %d", n)
			}
			assert.Equal(t, int64(failures+1), c.Requests())
		})
	}
}

func TestDoRetriesThenSucceeds(t *testing.T) {
	tests := []struct {
		name    string
		answers []answer
		reasons []string
	}{
		{
			name:    "503 twice",
			answers: []answer{{status: 503}, {status: 503}, {status: 200, body: "ok"}},
			reasons: []string{"HTTP 503", "HTTP 503"},
		},
		{
			name:    "429 then 503",
			answers: []answer{{status: 429}, {status: 503}, {status: 200, body: "ok"}},
			reasons: []string{"HTTP 429 (rate limited)", "HTTP 503"},
		},
		{name: "408", answers: []answer{{status: 408}, {status: 200, body: "ok"}}, reasons: []string{"HTTP 408"}},
		{name: "500", answers: []answer{{status: 500}, {status: 200, body: "ok"}}, reasons: []string{"HTTP 500"}},
		{name: "502", answers: []answer{{status: 502}, {status: 200, body: "ok"}}, reasons: []string{"HTTP 502"}},
		{name: "201", answers: []answer{{status: 201, body: "ok"}}},
		{name: "204 empty body", answers: []answer{{status: 204}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScript(t, tt.answers...)
			c, rec := newClient(httpx.Options{})
			resp, body, err := c.Do(context.Background(), get(s.srv.URL))
			require.NoError(t, err)
			last := tt.answers[len(tt.answers)-1]
			assert.Equal(t, last.status, resp.StatusCode)
			assert.Equal(t, last.body, string(body))
			assert.Equal(t, int64(len(tt.answers)), c.Requests(), "Requests counts retries")
			assert.Equal(t, len(tt.answers), s.count())
			require.Len(t, rec.notices, len(tt.reasons))
			for i, n := range rec.notices {
				assert.Equal(t, i+1, n.Attempt)
				assert.Equal(t, tt.reasons[i], n.Reason)
				assert.Equal(t, rec.waits[i], n.Wait)
			}
		})
	}
}

func TestDoNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 422} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			s := newScript(t, answer{status: status, body: `{"message":"bad"}`, retryAfter: "1"})
			c, rec := newClient(httpx.Options{})
			resp, body, err := c.Do(context.Background(), get(s.srv.URL+"/companies/7?fields=id"))
			require.Error(t, err)
			assert.Nil(t, resp)
			assert.Nil(t, body)
			var se *httpx.StatusError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, status, se.Status)
			assert.Equal(t, http.MethodGet, se.Method)
			assert.Equal(t, s.srv.URL+"/companies/7", se.URL)
			assert.JSONEq(t, `{"message":"bad"}`, string(se.Body))
			assert.Equal(t, time.Second, se.RetryAfter)
			assert.Equal(t, "1", se.Header.Get("Retry-After"))
			assert.Equal(t, fmt.Sprintf("GET %s/companies/7: HTTP %d", s.srv.URL, status), err.Error())
			assert.Equal(t, 1, s.count())
			assert.Equal(t, int64(1), c.Requests())
			assert.Empty(t, rec.waits)
			assert.Empty(t, rec.notices)
		})
	}
}

func TestDoErrorBodyLimited(t *testing.T) {
	s := newScript(t, answer{status: 400, body: strings.Repeat("e", 100<<10)})
	c, _ := newClient(httpx.Options{})
	_, _, err := c.Do(context.Background(), get(s.srv.URL))
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se)
	assert.Len(t, se.Body, 64<<10)
}

func TestDoRetriesExhausted(t *testing.T) {
	s := newScript(t, answer{status: 503, body: "down"})
	c, rec := newClient(httpx.Options{MaxRetries: 3})
	_, _, err := c.Do(context.Background(), get(s.srv.URL))
	require.Error(t, err)
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 503, se.Status)
	assert.Equal(t, "down", string(se.Body))
	assert.Contains(t, err.Error(), "gave up after 4 attempts")
	assert.Equal(t, int64(4), c.Requests())
	assert.Equal(t, 4, s.count())
	assert.Len(t, rec.waits, 3)
	assert.Len(t, rec.notices, 3)
}

// DoIdempotent is the path of requests that change nothing whatever their method, such as
// an OAuth token POST: retried like a read, with the body rebuilt for every attempt.
func TestDoIdempotentRebuildsRequestPerAttempt(t *testing.T) {
	s := newScript(t, answer{status: 503}, answer{status: 429}, answer{status: 200, body: "token"})
	c, _ := newClient(httpx.Options{})
	var builds atomic.Int32
	_, body, err := c.DoIdempotent(context.Background(), func(ctx context.Context) (*http.Request, error) {
		builds.Add(1)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.srv.URL+"/token", strings.NewReader(`{"grant_type":"client_credentials"}`))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		return req, nil
	})
	require.NoError(t, err)
	assert.Equal(t, "token", string(body))
	assert.Equal(t, int32(3), builds.Load())
	want := `{"grant_type":"client_credentials"}`
	assert.Equal(t, []string{want, want, want}, s.bodies, "the body is sent in full on every attempt")
}

// Do is for reads: a write handed to it is refused before anything is sent, so it can never
// be retried blindly.
func TestDoRefusesWrites(t *testing.T) {
	s := newScript(t, answer{status: 200})
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			c, _ := newClient(httpx.Options{})
			_, _, err := c.Do(context.Background(), func(ctx context.Context) (*http.Request, error) {
				return http.NewRequestWithContext(ctx, method, s.srv.URL+"/additions/7?x=1", strings.NewReader(`{}`))
			})
			require.Error(t, err)
			assert.Equal(t, "httpx: Do retries, so it sends only GET and HEAD: send "+method+" "+s.srv.URL+"/additions/7 with DoWrite (or DoIdempotent if it changes nothing)", err.Error())
			assert.Zero(t, c.Requests())
		})
	}
	assert.Zero(t, s.count())
}

func TestDoBuildError(t *testing.T) {
	c, _ := newClient(httpx.Options{})
	boom := errors.New("boom")
	_, _, err := c.Do(context.Background(), func(context.Context) (*http.Request, error) { return nil, boom })
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "build request")
	assert.Equal(t, int64(0), c.Requests())
}

func TestDoConcurrencyLimit(t *testing.T) {
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
		time.Sleep(30 * time.Millisecond)
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)

	c, _ := newClient(httpx.Options{Concurrency: 3})
	assert.Equal(t, 3, c.Concurrency())
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, body, err := c.Do(context.Background(), get(srv.URL))
			assert.NoError(t, err)
			assert.Equal(t, "ok", string(body))
		})
	}
	wg.Wait()
	assert.Equal(t, int32(3), maxInFlight.Load(), "never more than Concurrency requests in flight, and the limit is used")
	assert.Equal(t, int64(20), c.Requests())
}

func TestDoCancelDuringWait(t *testing.T) {
	s := newScript(t, answer{status: 429, retryAfter: "30"})
	c := httpx.New(nil, httpx.Options{}) // real waits
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, _, err := c.Do(ctx, get(s.srv.URL))
	assert.Less(t, time.Since(start), 5*time.Second, "returns promptly, not after Retry-After")
	require.ErrorIs(t, err, context.Canceled)
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se, "the last answer is kept for the log")
	assert.Equal(t, 429, se.Status)
	assert.Equal(t, int64(1), c.Requests())
}

func TestDoCancelDuringRequest(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, rec := newClient(httpx.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := c.Do(ctx, get(srv.URL))
	assert.Less(t, time.Since(start), 5*time.Second)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Empty(t, rec.waits, "a cancelled request is not retried")
}

func TestDoCancelWhileWaitingForSlot(t *testing.T) {
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	t.Cleanup(srv.Close)
	c, _ := newClient(httpx.Options{Concurrency: 1})

	done := make(chan error, 1)
	go func() {
		_, _, err := c.Do(context.Background(), get(srv.URL))
		done <- err
	}()
	<-entered // the only slot is taken

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := c.Do(ctx, get(srv.URL))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int64(1), c.Requests(), "the waiting call sent nothing")

	close(release)
	require.NoError(t, <-done)
}

func TestDoNetworkErrors(t *testing.T) {
	t.Run("connection refused is retried", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		c, rec := newClient(httpx.Options{MaxRetries: 2})
		_, _, err := c.Do(context.Background(), get(url))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "gave up after 3 attempts")
		assert.Equal(t, int64(3), c.Requests())
		require.Len(t, rec.notices, 2)
		assert.Equal(t, "could not connect", rec.notices[0].Reason)
	})
	t.Run("timeout is retried", func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				select {
				case <-r.Context().Done():
				case <-release:
				}
				return
			}
			_, _ = io.WriteString(w, "late but fine")
		}))
		t.Cleanup(srv.Close)
		t.Cleanup(func() { close(release) })
		rec := &recorder{}
		c := httpx.New(&http.Client{Timeout: 100 * time.Millisecond}, httpx.Options{OnRetry: rec.onRetry})
		c.SetSleep(rec.sleep)
		_, body, err := c.Do(context.Background(), get(srv.URL))
		require.NoError(t, err)
		assert.Equal(t, "late but fine", string(body))
		require.Len(t, rec.notices, 1)
		assert.Equal(t, "timeout", rec.notices[0].Reason)
		assert.Equal(t, int64(2), c.Requests())
	})
}
