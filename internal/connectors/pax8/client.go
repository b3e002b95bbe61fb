// Package pax8 reads companies and subscriptions from the Pax8 Partner API.
//
// API facts this package relies on, from Pax8's public documentation:
//   - devx.pax8.com/docs/public-api-details, and the published OpenAPI files as mirrored in
//     github.com/api-evangelist/pax8:
//   - openapi/_original/pax8-authentication-openapi.json: POST https://api.pax8.com/v1/token
//     with JSON {client_id, client_secret, audience:"https://api.pax8.com",
//     grant_type:"client_credentials"}; the answer is {access_token, expires_in (86400),
//     token_type:"Bearer"}; a rejected credential answers 401
//     {"error":"access_denied","error_description":"Unauthorized"}.
//   - openapi/_original/pax8-partner-endpoints-openapi.json: GET /companies (status filter
//     Active/Inactive/Deleted; fields id, name, status, updatedDate, ...), GET /subscriptions
//     (filters status, billingTerm, companyId, productId; sort by quantity, startDate,
//     endDate, createdDate, billingStart, price; no updatedDate filter; fields id, companyId,
//     productId, productName, quantity, startDate, endDate, createdDate, updatedDate,
//     billingStart, status, price, partnerCost, currencyCode, billingTerm, commitmentTerm),
//     GET /products/{productId} (ProductDetail: id, name, vendorName, sku, vendorSku, ...).
//     Lists take page (number, default 0) and size (number, default 10, minimum 1, maximum
//     200) and answer {content:[...], page:{size, totalElements, totalPages, number}}.
//     Errors use {type, message, instance, status, details[]}. The examples mix timestamp
//     shapes ("2023-08-11T11:33:12.314-0600", "2021-01-01T08:30:00Z", "2020-12-03").
//   - conventions/pax8-conventions.yml and errors/pax8-problem-types.yml: bearer JWT,
//     token TTL 86400 s, 429 documented without Retry-After or X-RateLimit headers, 408
//     observed on partner endpoints, error envelope not RFC 9457.
//
// Pax8 has no changed-since filter, so every sync reads every company and subscription and
// lets the cache keep only what differs (see sync.go).
package pax8

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/oauthtoken"
	"github.com/trueup/trueup/internal/redact"
)

// DefaultBaseURL is Pax8's production Partner API.
const DefaultBaseURL = "https://api.pax8.com/v1"

const (
	// pageSize is the documented maximum page size; never ask for more.
	pageSize = 200
	// maxPages bounds paging (40 million records) so a confused server cannot keep a sync
	// reading forever.
	maxPages = 200_000

	authHint = "Pax8 rejected the client ID or secret: create or reset API credentials in Pax8 under Settings > Integrations, then update them in TrueUp"
	denyHint = "Pax8 accepted the credentials but refused this request: check in Pax8 under Settings > Integrations that the API credentials belong to a partner admin with access to companies, subscriptions and products"
)

// Connector is one configured Pax8 integration.
type Connector struct {
	base        string
	clientID    string
	secret      string
	hc          *http.Client
	concurrency int
	limiter     *httpx.Limiter // the integration's shared budget; nil: one per client
	tokens      *oauthtoken.Cache

	// Test hooks: the wait between retries and the clock for token expiry.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time

	requests httpx.Tally // of every run's client
	// redactor knows the client ID, the secret and every access token issued so far (an
	// error body may echo a token that has since been replaced).
	redactor *redact.Redactor
}

var (
	_ connector.Connector      = (*Connector)(nil)
	_ connector.RequestCounter = (*Connector)(nil)
)

// Requests is how many HTTP requests this connector sent, retries included.
func (c *Connector) Requests() int64 { return c.requests.Requests() }

// run is one Test or Sync: its own HTTP client (limiter, retries, counters) and log sink.
type run struct {
	c    *Connector
	http *httpx.Client
	sink connector.Sink // nil for Test
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
	return &run{c: c, http: hc, sink: sink}
}

// finish folds the run's request count into the connector's total.
func (r *run) finish() {
	r.c.requests.Finish(r.http)
}

func (r *run) logf(section string, level connector.Level, format string, args ...any) {
	if r.sink != nil {
		r.sink.Logf(section, level, format, args...)
	}
}

// get sends an authenticated GET and returns the body of a 2xx answer. A 401 gets one
// fresh token and one more try (tokens can be revoked or expire early). Errors come back
// as the typed errors of package connector; what names the resource for the message.
func (r *run) get(ctx context.Context, path string, query url.Values, what string) ([]byte, error) {
	var body []byte
	getErr, err := r.c.tokens.Use(ctx, r.c.fetch(r.http), func(tok string) (err error) {
		body, err = r.send(ctx, path, query, tok)
		return err
	})
	if getErr != nil {
		return nil, getErr
	}
	if err != nil {
		return nil, r.c.mapError(ctx, err, what, authHint)
	}
	return body, nil
}

func (r *run) send(ctx context.Context, path string, query url.Values, tok string) ([]byte, error) {
	target := r.c.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	_, body, err := r.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "TrueUp")
		return req, nil
	})
	return body, err
}

// mapError turns an httpx error into the typed errors the engine understands, with Pax8's
// own message when it sent one. unauthorized is the hint for a 401.
func (c *Connector) mapError(ctx context.Context, err error, what, unauthorized string) error {
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
			return &connector.AuthError{Status: se.Status, Hint: unauthorized, Err: detail}
		case se.Status == http.StatusForbidden:
			return &connector.AuthError{Status: se.Status, Hint: denyHint, Err: detail}
		case se.Status == http.StatusNotFound:
			return &connector.NotFoundError{What: what, Err: fmt.Errorf("check that the Pax8 base URL is %s: %w", DefaultBaseURL, detail)}
		case se.Status == http.StatusTooManyRequests:
			return &connector.RateLimitedError{RetryAfter: se.RetryAfter, Err: detail}
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			return &connector.TransientError{Err: fmt.Errorf("%s: %w", what, detail)}
		}
		return fmt.Errorf("Pax8 refused %s: %w", what, detail)
	}
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) {
		return fmt.Errorf("%s: the server's HTTPS certificate was not accepted: check the Pax8 base URL (%w)", what, err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &connector.TransientError{Err: fmt.Errorf("%s: %w", what, err)}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// statusDetail is "GET https://.../companies: HTTP 500: <Pax8's message>", secrets removed.
func (c *Connector) statusDetail(se *httpx.StatusError) error {
	msg := c.redact(parseAPIError(se.Body).text())
	if msg == "" {
		return se
	}
	if len(msg) > 500 {
		msg = msg[:500] + "..."
	}
	return fmt.Errorf("%w: Pax8 said %q", se, msg)
}

// redact removes the credentials and every access token issued to this connector from
// text that came from the server, in case it echoes them.
func (c *Connector) redact(s string) string { return c.redactor.String(s) }

// noAnswer reports whether a request got no HTTP answer at all, after the retries httpx
// allows: the name did not resolve, the connection was refused or broke, the TLS handshake
// failed, or it timed out. A list failing like that means Pax8 cannot be reached, which
// fails the run rather than one section (the token, when cached, does not prove it).
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
