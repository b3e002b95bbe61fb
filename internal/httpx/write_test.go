package httpx_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/httpx"
)

// writeServer runs handle for every request after reading its whole body, and counts the
// requests that arrived whole.
func writeServer(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int32)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var got atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		handle(w, r, got.Add(1))
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func patch(url string) func(ctx context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPatch, url, strings.NewReader(`[{"op":"replace","path":"quantity","value":12}]`))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}
}

// hangUp closes the connection without an answer; reset makes the close a TCP RST.
func hangUp(reset bool) func(w http.ResponseWriter, r *http.Request, n int32) {
	return func(w http.ResponseWriter, r *http.Request, n int32) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		if tcp, ok := conn.(*net.TCPConn); ok && reset {
			_ = tcp.SetLinger(0)
		}
		_ = conn.Close()
	}
}

func status(code int, retryAfter string) func(w http.ResponseWriter, r *http.Request, n int32) {
	return func(w http.ResponseWriter, r *http.Request, n int32) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
	}
}

func TestDoWriteSendsOnceWhenTheOutcomeIsUnknown(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	tests := []struct {
		name   string
		handle func(w http.ResponseWriter, r *http.Request, n int32)
		hc     *http.Client
		inner  string // in the error
	}{
		{name: "500", handle: status(500, ""), inner: "HTTP 500"},
		{name: "502", handle: status(502, ""), inner: "HTTP 502"},
		{name: "503 with Retry-After", handle: status(503, "1"), inner: "HTTP 503"},
		{name: "504", handle: status(504, ""), inner: "HTTP 504"},
		{name: "408", handle: status(408, ""), inner: "HTTP 408"},
		{name: "connection closed after the request", handle: hangUp(false), inner: "EOF"},
		{name: "connection reset after the request", handle: hangUp(true)},
		{
			name: "timeout after the request",
			handle: func(w http.ResponseWriter, r *http.Request, n int32) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			},
			hc:    &http.Client{Timeout: 100 * time.Millisecond},
			inner: "Client.Timeout exceeded",
		},
		{
			name: "success whose answer is too large",
			handle: func(w http.ResponseWriter, r *http.Request, n int32) {
				_, _ = io.WriteString(w, strings.Repeat("x", 2<<10))
			},
			inner: "more than 1 KB",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, got := writeServer(t, tt.handle)
			c, rec := newClientWith(tt.hc, httpx.Options{MaxResponseBytes: 1 << 10})
			resp, body, err := c.DoWrite(context.Background(), patch(srv.URL+"/finance/agreements/7/additions/9?x=1"))
			assert.Nil(t, resp)
			assert.Nil(t, body)
			var uo *httpx.UnknownOutcomeError
			require.ErrorAs(t, err, &uo)
			assert.Equal(t, http.MethodPatch, uo.Method)
			assert.Equal(t, srv.URL+"/finance/agreements/7/additions/9", uo.URL)
			assert.True(t, strings.HasPrefix(err.Error(), "the PSA may or may not have applied the change: TrueUp will read the PSA before trying again ("), err.Error())
			assert.Contains(t, err.Error(), tt.inner)
			assert.Equal(t, int32(1), got.Load(), "the PSA received the write exactly once")
			assert.Equal(t, int64(1), c.Requests())
			assert.Empty(t, rec.notices)
		})
	}
}

func TestDoWriteKeepsTheStatusError(t *testing.T) {
	srv, _ := writeServer(t, status(502, ""))
	c, _ := newClient(httpx.Options{})
	_, _, err := c.DoWrite(context.Background(), patch(srv.URL))
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se, "the PSA's answer stays readable for the log")
	assert.Equal(t, 502, se.Status)
}

func TestDoWriteCancelledAfterSendingIsUnknown(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	arrived := make(chan struct{}, 1)
	srv, got := writeServer(t, func(w http.ResponseWriter, r *http.Request, n int32) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c, _ := newClient(httpx.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	_, _, err := c.DoWrite(ctx, patch(srv.URL))
	var uo *httpx.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(1), got.Load())
}

func TestDoWriteDefiniteRefusals(t *testing.T) {
	for _, code := range []int{400, 401, 403, 404, 409, 412, 422, 429} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv, got := writeServer(t, status(code, "")) // 429 without Retry-After included
			c, rec := newClient(httpx.Options{})
			_, _, err := c.DoWrite(context.Background(), patch(srv.URL))
			var se *httpx.StatusError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, code, se.Status)
			var uo *httpx.UnknownOutcomeError
			assert.NotErrorAs(t, err, &uo, "a refusal says nothing was applied")
			assert.Equal(t, int32(1), got.Load())
			assert.Empty(t, rec.notices)
		})
	}
}

func TestDoWriteRetries429WithRetryAfter(t *testing.T) {
	srv, got := writeServer(t, func(w http.ResponseWriter, r *http.Request, n int32) {
		if n <= 2 {
			status(http.StatusTooManyRequests, "4")(w, r, n)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":9}`)
	})
	c, rec := newClient(httpx.Options{})
	resp, body, err := c.DoWrite(context.Background(), patch(srv.URL))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.JSONEq(t, `{"id":9}`, string(body))
	assert.Equal(t, int32(3), got.Load())
	assert.Equal(t, []time.Duration{4 * time.Second, 4 * time.Second}, rec.waits)
	require.Len(t, rec.notices, 2)
	assert.Equal(t, "HTTP 429 (rate limited; Retry-After)", rec.notices[0].Reason)
}

func TestDoWrite429RetriesAreBounded(t *testing.T) {
	srv, got := writeServer(t, status(http.StatusTooManyRequests, "1"))
	c, _ := newClient(httpx.Options{MaxRetries: 2})
	_, _, err := c.DoWrite(context.Background(), patch(srv.URL))
	var se *httpx.StatusError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, err.Error(), "gave up after 3 attempts")
	assert.Equal(t, int32(3), got.Load())
}

func TestDoWriteRetriesWhenNothingWasSent(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // connection refused: nothing can have been sent

	c, rec := newClient(httpx.Options{})
	_, _, err = c.DoWrite(context.Background(), patch("http://"+addr+"/x"))
	require.Error(t, err)
	assert.True(t, httpx.IsUnreachable(err), "got %v", err)
	var uo *httpx.UnknownOutcomeError
	assert.NotErrorAs(t, err, &uo)
	assert.Contains(t, err.Error(), "gave up after 3 attempts")
	assert.Equal(t, int64(3), c.Requests())
	require.Len(t, rec.notices, 2)
	assert.Equal(t, "could not connect", rec.notices[0].Reason)
}

func TestDoWriteRedirectIsUnknownAndNotFollowed(t *testing.T) {
	b, bHits := thief(t)
	a, aHits := redirector(t, false, http.StatusSeeOther, b.URL+"/result")
	c, _ := newClient(httpx.Options{})
	_, _, err := c.DoWrite(context.Background(), patch(a.URL))
	var uo *httpx.UnknownOutcomeError
	require.ErrorAs(t, err, &uo, "a 303 can mean the change was made")
	var re *httpx.RedirectError
	require.ErrorAs(t, err, &re)
	assert.Contains(t, err.Error(), "the API redirected to "+strings.TrimPrefix(b.URL, "http://")+": update the base URL")
	assert.Equal(t, int32(1), aHits.Load())
	assert.Zero(t, bHits.Load())
}

func TestDoWriteSuccess(t *testing.T) {
	srv, got := writeServer(t, func(w http.ResponseWriter, r *http.Request, n int32) {
		_, _ = io.WriteString(w, `{"quantity":12}`)
	})
	c, _ := newClient(httpx.Options{})
	_, body, err := c.DoWrite(context.Background(), patch(srv.URL))
	require.NoError(t, err)
	assert.JSONEq(t, `{"quantity":12}`, string(body))
	assert.Equal(t, int32(1), got.Load())
}
