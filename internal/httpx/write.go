package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// UnknownOutcomeError is a write whose request may have reached the PSA but whose answer
// did not say it was refused: a timeout, a reset or closed connection, a 5xx or 408, a
// redirect, or a success whose answer could not be read. The change may or may not have
// been applied, so it must not be sent again blindly: the caller reads the PSA first (see
// DESIGN.md, "Never twice"). Err is what happened; errors.Is/As see through to it.
type UnknownOutcomeError struct {
	Method string
	URL    string // without query string
	Err    error
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("the PSA may or may not have applied the change: TrueUp will read the PSA before trying again (%s %s: %v)", e.Method, e.URL, e.Err)
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// DoWrite sends a request that changes data at the source (POST, PUT, PATCH, DELETE) and
// never sends it again once the server may have acted on it. It is retried only when the
// server cannot have: no complete header block left this computer (a refused dial, a
// failed handshake), or the server answered 429 with Retry-After, which says it did not
// process the request. A 4xx other than that comes back as the *StatusError (a refusal:
// nothing was applied). Anything else after the request was written is an
// *UnknownOutcomeError. build is called for every attempt, as in Do.
func (c *Client) DoWrite(ctx context.Context, build func(ctx context.Context) (*http.Request, error)) (*http.Response, []byte, error) {
	var lastErr error
	var waited time.Time
	for attempt := 0; ; attempt++ {
		req, err := build(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("build request: %w", err)
		}
		resp, body, wrote, err := c.once(ctx, req, waited)
		if err == nil {
			return resp, body, nil
		}
		wait, reason, retry, final := c.classifyWrite(ctx, req, err, wrote, attempt)
		if !retry {
			return nil, nil, final
		}
		limit := c.opts.MaxRetries
		if IsUnreachable(err) {
			limit = min(limit, maxDialRetries)
		}
		if attempt >= limit {
			return nil, nil, fmt.Errorf("gave up after %d attempts: %w", attempt+1, err)
		}
		lastErr = err
		c.notify(RetryNotice{Attempt: attempt + 1, Wait: wait, Reason: reason, URL: redactURL(req)})
		waited = c.pauseAll(err, wait)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, nil, errors.Join(err, lastErr)
		}
	}
}

// classifyWrite decides whether a failed write may be sent again; when it may not, final
// is the error to return.
func (c *Client) classifyWrite(ctx context.Context, req *http.Request, err error, wrote bool, attempt int) (wait time.Duration, reason string, retry bool, final error) {
	unknown := &UnknownOutcomeError{Method: req.Method, URL: redactURL(req), Err: err}
	var se *StatusError
	if errors.As(err, &se) {
		switch {
		case se.Status == http.StatusTooManyRequests && se.RetryAfter > 0:
			if tooLong := c.retryAfterTooLong(err); tooLong != nil {
				return 0, "", false, tooLong
			}
			return se.RetryAfter, "HTTP 429 (rate limited; Retry-After)", true, nil
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			return 0, "", false, unknown // a gateway's 502/504 can come after the PSA applied it
		}
		return 0, "", false, err
	}
	var re *RedirectError
	if errors.As(err, &re) {
		return 0, "", false, unknown // a 303 after a POST can mean "done, the result is there"
	}
	if wrote {
		return 0, "", false, unknown // timeout, reset, EOF, cancellation, unreadable answer
	}
	if ctx.Err() != nil {
		return 0, "", false, ctx.Err()
	}
	// Nothing of the request can have reached the server: as safe to resend as a read.
	wait, reason, retry = c.classify(err, attempt)
	return wait, reason, retry, err
}
