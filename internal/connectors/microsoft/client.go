// Package microsoft reads customers and their subscriptions from the Microsoft Partner
// Center REST API, for partners who buy Microsoft licences directly (CSP, new commerce).
//
// API facts this package relies on, from Microsoft's documentation on learn.microsoft.com:
//   - partner-center/developer/partner-center-authentication and
//     partner-center/developer/enable-secure-app-model: App+User access under the Secure
//     Application Model; an app (client ID + secret) redeems a refresh token at
//     https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token (grant_type=refresh_token,
//     scope https://api.partnercenter.microsoft.com/.default); the answer may carry a new
//     refresh_token, which replaces the old one; refresh tokens expire after 90 days unused.
//   - partner-center/developer/get-a-list-of-customers: GET /v1/customers?size=N answers
//     {totalCount, items[{id, companyProfile{tenantId, domain, companyName}, ...}],
//     continuationToken, links{next{uri, headers[{key: MS-ContinuationToken, value}]}}};
//     the next page is GET /v1/customers?size=N&seekOperation=Next with the token in the
//     MS-ContinuationToken header. The SDK reads chunks of 40.
//   - partner-center/developer/get-all-of-a-customer-s-subscriptions and
//     partner-center/developer/subscription-resources: GET /v1/customers/{id}/subscriptions
//     answers {totalCount, items[Subscription]} with offerId, offerName, quantity, status
//     (none, active, pending, suspended, expired, disabled, deleted: parsed as a string,
//     Microsoft adds values), termDuration (ISO 8601, P1M/P1Y/P3Y), billingCycle,
//     effectiveStartDate, commitmentEndDate (inclusive), autoRenewEnabled,
//     refundableQuantity{totalQuantity, details[{quantity, allowedUntilDateTime}]},
//     cancellationAllowedUntilDate, parentSubscriptionId (add-ons).
//   - partner-center/developer/headers: every request carries MS-RequestId (unique per
//     request) and MS-CorrelationId (shared by the requests of one operation).
//   - partner-center/developer/api-throttling-guidance: 429 with Retry-After; the
//     subscriptions resource allows 500 requests a minute per tenant.
//
// Partner Center has no changed-since filter, so every sync reads every customer and
// subscription and the cache keeps only what differs.
package microsoft

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
	"github.com/trueup/trueup/internal/redact"
)

// DefaultBaseURL is the Partner Center REST API.
const DefaultBaseURL = "https://api.partnercenter.microsoft.com"

const (
	// pageSize is the customers page TrueUp asks for (the SDK's chunk).
	pageSize = 40
	// maxPages bounds paging so a confused server cannot keep a sync reading forever.
	maxPages = 100_000

	denyHint = "Partner Center accepted the sign-in but refused this request: the refresh token must belong to a user with the Admin agent role in Partner Center (Secure Application Model consent)"
)

// Connector is one configured Partner Center integration.
type Connector struct {
	base       string
	tokenURL   string
	appID      string
	appSecret  string
	tokens     *oauthtoken.Cache
	refresh    string // presented next; only tokens' fetch uses it, never two at once
	saveSecret func(ctx context.Context, key, value string) error

	hc          *http.Client
	concurrency int
	limiter     *httpx.Limiter
	budget      *minuteBudget

	// Test hooks: the wait between retries and the clock for token expiry.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time

	requests httpx.Tally // of every run's client
	// redactor knows the app's secret, every refresh token and every access token.
	redactor *redact.Redactor
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.RequestCounter = (*Connector)(nil)
)

// Requests is how many HTTP requests this connector sent, retries included.
func (c *Connector) Requests() int64 { return c.requests.Requests() }

// run is one Test or Sync: its own HTTP client, log sink and correlation ID.
type run struct {
	c           *Connector
	http        *httpx.Client
	sink        connector.Sink // nil for Test
	correlation string
}

func (c *Connector) newRun(sink connector.Sink) *run {
	opts := httpx.Options{Concurrency: c.concurrency, Limiter: c.limiter}
	if sink != nil {
		opts.OnRetry = func(n httpx.RetryNotice) {
			sink.Logf("http", connector.LevelWarn, "%s from %s: retry %d in %s", n.Reason, n.URL, n.Attempt, n.Wait.Round(time.Millisecond))
		}
	}
	hc := httpx.New(c.hc, opts)
	if c.sleep != nil {
		hc.SetSleep(c.sleep)
	}
	c.requests.Track(hc)
	return &run{c: c, http: hc, sink: sink, correlation: newUUID()}
}

func (r *run) finish() {
	r.c.requests.Finish(r.http)
}

func (r *run) logf(section string, level connector.Level, format string, args ...any) {
	if r.sink != nil {
		r.sink.Logf(section, level, format, args...)
	}
}

// get sends an authenticated GET and returns the body of a 2xx answer. A 401 gets one
// fresh token and one more try. header adds request headers (MS-ContinuationToken).
func (r *run) get(ctx context.Context, path string, query url.Values, header http.Header, what string) ([]byte, error) {
	var body []byte
	getErr, err := r.c.tokens.Use(ctx, r.c.fetch(r.http), func(tok string) (err error) {
		body, err = r.send(ctx, path, query, header, tok)
		return err
	})
	if getErr != nil {
		return nil, getErr
	}
	if err != nil {
		return nil, r.c.mapError(ctx, err, what)
	}
	return body, nil
}

func (r *run) send(ctx context.Context, path string, query url.Values, header http.Header, tok string) ([]byte, error) {
	target := r.c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	// One MS-RequestId for the call, its retries included: the documented way to let
	// Partner Center recognise a retry of the same call.
	requestID := newUUID()
	_, body, err := r.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		// Every attempt, retries included, spends the minute's budget.
		if err := r.c.budget.take(ctx); err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return nil, err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "TrueUp")
		req.Header.Set("MS-RequestId", requestID)
		req.Header.Set("MS-CorrelationId", r.correlation)
		return req, nil
	})
	return body, err
}

// mapError turns an httpx error into the typed errors the engine understands.
func (c *Connector) mapError(ctx context.Context, err error, what string) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s: %w", what, ctxErr)
	}
	if errors.Is(err, context.Canceled) || (errors.Is(err, context.DeadlineExceeded) && !isNetTimeout(err)) {
		return fmt.Errorf("%s: %w", what, err)
	}
	var se *httpx.StatusError
	if errors.As(err, &se) {
		detail := c.statusDetail(se)
		switch {
		case se.Status == http.StatusUnauthorized:
			return &connector.AuthError{Status: se.Status, Hint: authHint, Err: detail}
		case se.Status == http.StatusForbidden:
			return &connector.AuthError{Status: se.Status, Hint: denyHint, Err: detail}
		case se.Status == http.StatusNotFound:
			return &connector.NotFoundError{What: what, Err: fmt.Errorf("check that the base URL is %s: %w", DefaultBaseURL, detail)}
		case se.Status == http.StatusTooManyRequests:
			return &connector.RateLimitedError{RetryAfter: se.RetryAfter, Err: detail}
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			return &connector.TransientError{Err: fmt.Errorf("%s: %w", what, detail)}
		}
		return fmt.Errorf("Partner Center refused %s: %w", what, detail)
	}
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) {
		return fmt.Errorf("%s: the server's HTTPS certificate was not accepted: check the base URL and token URL (%w)", what, err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &connector.TransientError{Err: fmt.Errorf("%s: %w", what, err)}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// statusDetail is "GET https://...: HTTP 500: <Microsoft's message>", secrets removed.
func (c *Connector) statusDetail(se *httpx.StatusError) error {
	msg := c.redactor.String(parseAPIError(se.Body).text())
	if msg == "" {
		return se
	}
	if len(msg) > 500 {
		msg = msg[:500] + "..."
	}
	return fmt.Errorf("%w: Microsoft said %q", se, msg)
}

// apiError reads both error shapes: Entra's {error, error_description} and Partner
// Center's {code, description}.
type apiError struct {
	code string
	desc string
}

func parseAPIError(body []byte) apiError {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return apiError{}
	}
	str := func(key string) string {
		var s string
		if json.Unmarshal(raw[key], &s) == nil {
			return strings.TrimSpace(s)
		}
		var n json.Number
		if json.Unmarshal(raw[key], &n) == nil {
			return n.String()
		}
		return ""
	}
	e := apiError{code: str("error"), desc: str("error_description")}
	if e.code == "" {
		e.code = str("code")
	}
	if e.desc == "" {
		e.desc = str("description")
	}
	return e
}

func (e apiError) text() string {
	switch {
	case e.code != "" && e.desc != "":
		return e.code + ": " + e.desc
	case e.desc != "":
		return e.desc
	}
	return e.code
}

// noAnswer reports whether a request got no HTTP answer at all: Microsoft cannot be
// reached, which fails the run rather than one section.
func noAnswer(err error) bool {
	var se *httpx.StatusError
	if errors.As(err, &se) {
		return false
	}
	var ue *url.Error
	return errors.As(err, &ue)
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// newUUID is a random (version 4) UUID for MS-RequestId and MS-CorrelationId.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
