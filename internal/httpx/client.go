package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// StatusError is a non-2xx answer that retries did not cure. Connectors turn it into the
// typed errors of package connector, using the vendor's documented error body.
type StatusError struct {
	Method     string
	URL        string // without query string: queries can carry filters but never secrets; keep logs short
	Status     int
	Body       []byte // at most 64 KiB of the error body
	RetryAfter time.Duration
	Header     http.Header
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d", e.Method, e.URL, e.Status)
}

// RetryNotice describes one retry, for the run log.
type RetryNotice struct {
	Attempt int
	Wait    time.Duration
	Reason  string // "HTTP 429", "HTTP 503", "timeout", ...
	URL     string
}

// Options tune a Client. Zero values take the defaults noted.
type Options struct {
	Concurrency int           // requests in flight; default 4
	MaxRetries  int           // retries after the first attempt; default 5
	BaseDelay   time.Duration // first backoff; default 500ms
	MaxDelay    time.Duration // cap per backoff wait; default 60s
	// MaxRetryAfter is the longest Retry-After honoured by waiting; default 15 minutes. An
	// API that asks for longer gets no retry in this run: the error carries its Retry-After.
	MaxRetryAfter time.Duration
	// MaxResponseBytes caps one response body, counted after decompression; default
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// OnRetry is called before each wait (for the run log). Optional.
	OnRetry func(RetryNotice)
	// Limiter, if set, is shared with other Clients of the same integration: its slots
	// replace Concurrency, and a 429's Retry-After pauses all of them. Default: Concurrency
	// slots for this Client alone, and a 429 holds off only the request that got it.
	Limiter *Limiter
	// Final, if set, marks answers the API means as final although their status is one
	// that is retried: Autotask answers validation errors with HTTP 500 and an errors
	// array, which no retry can cure. Optional.
	Final func(status int, body []byte) bool
}

// DefaultMaxRetryAfter bounds the wait a Retry-After can ask for within one run.
const DefaultMaxRetryAfter = 15 * time.Minute

// Client wraps an *http.Client with a concurrency limit, retries and counters. One Client
// serves one integration for one run, so limits never leak between integrations.
type Client struct {
	http     *http.Client
	opts     Options
	limiter  *Limiter
	requests atomic.Int64
	sleep    func(ctx context.Context, d time.Duration) error
}

// New builds a Client. hc nil means NewHTTPClient(). The Client works on a shallow copy of
// hc that refuses redirects (see refuseRedirect), so the caller's client keeps its own policy.
func New(hc *http.Client, opts Options) *Client {
	if hc == nil {
		hc = NewHTTPClient()
	}
	own := *hc
	own.CheckRedirect = refuseRedirect
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.MaxRetries <= 0 {
		opts.MaxRetries = 5
	}
	if opts.BaseDelay <= 0 {
		opts.BaseDelay = 500 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 60 * time.Second
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	lim := opts.Limiter
	if lim == nil {
		lim = NewLimiter(opts.Concurrency)
	}
	opts.Concurrency = lim.Concurrency()
	return &Client{http: &own, opts: opts, limiter: lim, sleep: sleepCtx}
}

// SetSleep replaces the wait function (tests use it to avoid real waits).
func (c *Client) SetSleep(f func(ctx context.Context, d time.Duration) error) { c.sleep = f }

// Requests is how many HTTP requests were sent, retries included.
func (c *Client) Requests() int64 { return c.requests.Load() }

// Concurrency is the in-flight limit (of the Limiter, when one is shared).
func (c *Client) Concurrency() int { return c.opts.Concurrency }

// Do sends the read request (GET or HEAD) built by build, called again for every attempt,
// and returns the response of the first 2xx answer with its body fully read. 429, 408, 5xx
// and network timeouts are retried with backoff; other statuses return a *StatusError at
// once, a 3xx a *RedirectError. The context cancels waits and requests. Requests that change
// data go through DoWrite, which never sends them twice; Do refuses them.
func (c *Client) Do(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) (*http.Response, []byte, error) {
	return c.retrying(ctx, build, true)
}

// DoIdempotent is Do for a request that changes nothing whatever its method, so that
// sending it twice is harmless: an OAuth client-credentials token POST only issues a token.
// It is retried like a read.
func (c *Client) DoIdempotent(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) (*http.Response, []byte, error) {
	return c.retrying(ctx, build, false)
}

func (c *Client) retrying(ctx context.Context, build func(ctx context.Context) (*http.Request, error), readsOnly bool) (*http.Response, []byte, error) {
	var lastErr error
	var waited time.Time // the end of the Retry-After pause this call slept through
	for attempt := 0; ; attempt++ {
		req, err := build(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("build request: %w", err)
		}
		if readsOnly && req.Method != "" && req.Method != http.MethodGet && req.Method != http.MethodHead {
			return nil, nil, fmt.Errorf("httpx: Do retries, so it sends only GET and HEAD: send %s %s with DoWrite (or DoIdempotent if it changes nothing)", req.Method, redactURL(req))
		}
		resp, body, _, err := c.once(ctx, req, waited)
		if err == nil {
			return resp, body, nil
		}
		if ctx.Err() != nil {
			// Keep the answer that came with the cancellation (a 429, say) for the log; a
			// cancellation can land between the answer and the retry decision.
			return nil, nil, errors.Join(ctx.Err(), err)
		}
		if tooLong := c.retryAfterTooLong(err); tooLong != nil {
			return nil, nil, tooLong
		}
		if c.final(err) {
			return nil, nil, err
		}
		wait, reason, retryable := c.classify(err, attempt)
		limit := c.opts.MaxRetries
		if IsUnreachable(err) {
			// Nothing answered at all (offline, wrong host, firewall): a couple of quick
			// retries cover a blip; more would only keep the user waiting.
			limit = min(limit, maxDialRetries)
		}
		if !retryable || attempt >= limit {
			if retryable {
				return nil, nil, fmt.Errorf("gave up after %d attempts: %w", attempt+1, err)
			}
			return nil, nil, err
		}
		lastErr = err
		c.notify(RetryNotice{Attempt: attempt + 1, Wait: wait, Reason: reason, URL: redactURL(req)})
		waited = c.pauseAll(err, wait)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, nil, errors.Join(err, lastErr)
		}
	}
}

// pauseAll pauses every Client of a shared Limiter (Options.Limiter) when err is a 429 with
// Retry-After: the API asked the integration, not this one request, to slow down. It
// returns the end of the pause (zero if none) so that the caller, who sleeps through it,
// does not wait twice. A Client without a shared Limiter keeps the per-request behaviour:
// only the request that got the 429 waits.
func (c *Client) pauseAll(err error, wait time.Duration) time.Time {
	if c.opts.Limiter == nil {
		return time.Time{}
	}
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusTooManyRequests && se.RetryAfter > 0 {
		return c.limiter.pause(wait)
	}
	return time.Time{}
}

// retryAfterTooLong is the error for an answer whose Retry-After is beyond MaxRetryAfter:
// waiting that long inside one run would look like a hang, so the run stops and says so.
// A 429's pause still holds the other Clients of a shared Limiter off, up to MaxRetryAfter.
// It returns nil when err is not such an answer.
func (c *Client) retryAfterTooLong(err error) error {
	var se *StatusError
	if !errors.As(err, &se) || se.RetryAfter <= c.opts.MaxRetryAfter {
		return nil
	}
	if se.Status != http.StatusTooManyRequests && se.Status != http.StatusRequestTimeout && se.Status < 500 {
		return nil // not a status that is retried anyway
	}
	if se.Status == http.StatusTooManyRequests && c.opts.Limiter != nil {
		c.limiter.pause(c.opts.MaxRetryAfter)
	}
	return fmt.Errorf("the API asked to wait %s before trying again, longer than TrueUp waits within one run (%s): %w",
		se.RetryAfter.Round(time.Second), c.opts.MaxRetryAfter, err)
}

// final reports whether err is an answer Options.Final says no retry can cure.
func (c *Client) final(err error) bool {
	var se *StatusError
	return c.opts.Final != nil && errors.As(err, &se) && c.opts.Final(se.Status, se.Body)
}

func (c *Client) notify(n RetryNotice) {
	if c.opts.OnRetry != nil {
		c.opts.OnRetry(n)
	}
}

// once sends req one time. wrote reports whether the request may have reached the server
// whole (its header block was written, or an answer came), which DoWrite needs to know.
func (c *Client) once(ctx context.Context, req *http.Request, waited time.Time) (resp *http.Response, body []byte, wrote bool, err error) {
	release, err := c.limiter.acquire(ctx, waited, c.sleep)
	if err != nil {
		return nil, nil, false, err
	}
	defer release()
	c.requests.Add(1)
	req, g := guard(req)
	resp, err = c.http.Do(req)
	if gerr := g.err(); gerr != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		return nil, nil, false, gerr
	}
	if err != nil {
		return nil, nil, g.wrote.Load(), err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, nil, true, redirectError(req, resp)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		body, err := readBody(req, resp, c.opts.MaxResponseBytes)
		if err != nil {
			return nil, nil, true, err
		}
		return resp, body, true, nil
	}
	return nil, nil, true, &StatusError{
		Method:     req.Method,
		URL:        redactURL(req),
		Status:     resp.StatusCode,
		Body:       readErrorBody(resp),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		Header:     resp.Header.Clone(),
	}
}

// classify decides whether err deserves another attempt and how long to wait first.
func (c *Client) classify(err error, attempt int) (time.Duration, string, bool) {
	var se *StatusError
	if errors.As(err, &se) {
		switch {
		case se.Status == http.StatusTooManyRequests:
			if se.RetryAfter > 0 {
				return se.RetryAfter, "HTTP 429 (rate limited; Retry-After)", true // at most MaxRetryAfter: see retryAfterTooLong
			}
			return c.backoff(attempt), "HTTP 429 (rate limited)", true
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			if se.RetryAfter > 0 {
				return se.RetryAfter, fmt.Sprintf("HTTP %d", se.Status), true
			}
			return c.backoff(attempt), fmt.Sprintf("HTTP %d", se.Status), true
		}
		return 0, "", false
	}
	if IsUnreachable(err) {
		return c.backoff(attempt), "could not connect", true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return c.backoff(attempt), "timeout", true
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return c.backoff(attempt), "connection closed", true
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return c.backoff(attempt), "connection error", true
	}
	return 0, "", false
}

// maxDialRetries bounds retries when the host cannot be reached at all.
const maxDialRetries = 2

// IsUnreachable reports whether err means no connection could be made: the name did not
// resolve, or dialling was refused or timed out.
func IsUnreachable(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff is exponential with full jitter in [d/2, d], capped at MaxDelay.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.opts.BaseDelay << min(attempt, 16)
	if d > c.opts.MaxDelay || d <= 0 {
		d = c.opts.MaxDelay
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		if secs > int(math.MaxInt64/int64(time.Second)) { // would overflow into a negative or tiny wait
			return time.Duration(math.MaxInt64)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func redactURL(req *http.Request) string {
	u := *req.URL
	u.RawQuery = ""
	u.User = nil
	return u.String()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
