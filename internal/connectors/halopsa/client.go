// Package halopsa reads clients, contracts, recurring invoices (with their lines) and the
// item catalog from a HaloPSA instance's REST API.
//
// API facts this package relies on, from Halo's public documentation and the code that
// follows it:
//   - Authorisation (Halo's guides usehalo.com/halopsa/guides/1823 "Authorisation" and
//     halopsa.com/guides/article/?kbid=1737 "API Details"; n8n's HaloPSA credential docs,
//     docs.n8n.io/integrations/builtin/credentials/halopsa; homotechsual/HaloAPI
//     Connect-HaloAPI.ps1, powershellgallery.com/packages/HaloAPI): OAuth 2 client
//     credentials from an application registered under Configuration > Integrations > Halo
//     API with "Client ID and Secret (Services)" and an agent to log in as. POST
//     {instance}/auth/token?tenant={tenant} (the tenant is needed on hosted instances) with
//     the form body grant_type=client_credentials, client_id, client_secret, scope=all; the
//     answer is {access_token, token_type:"Bearer", expires_in}. Access is the
//     intersection of the application's permissions and its agent's.
//   - Resources (Halo API v2 swagger, as mirrored in covenanttechnologysolutions/halopsa-rest
//     generator/spec/swagger.json): GET {instance}/api/Client (includeinactive,
//     includeactive), /api/ClientContract (client_id, includeinactive),
//     /api/RecurringInvoice (client_id, contract_id, includelines),
//     /api/RecurringInvoice/{id}?includedetails=true, /api/Item (includeinactive). Schemas
//     Area, ContractHeader (start_date, end_date, active), InvoiceHeader (disabled, lines[]),
//     InvoiceDetail (id, ihid, _itemid, item_code, item_shortdescription, qty_order,
//     unit_price, unit_cost, startdate, enddate, isinactive), Item (baseprice, costprice,
//     recurringprice, recurringcost, supplier_part_code).
//   - Paging (homotechsual/HaloAPI Private/New-HaloGETRequest.ps1): pageinate=true&
//     page_size=&page_no=, pages from 1; list answers carry record_count and the rows under
//     the resource's key (clients, contracts, invoices, items).
//   - Limits: no numeric rate limit is documented; HaloAPI (Public/Invoke/
//     Invoke-HaloRequest.ps1) retries 429 answers with exponential backoff.
//   - Change filters: only /Client takes one (lastupdatefromdate); ClientContract,
//     RecurringInvoice and Item have none, and no list reports deletions, so a QuickSync
//     reads everything and diffs on our side (see sync.go).
package halopsa

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

const (
	// apiPath and tokenPath sit under the instance root (the integration's base URL).
	apiPath   = "/api"
	tokenPath = "/auth/token"

	// defaultPageSize keeps pages of invoices with their lines to a few hundred kilobytes.
	defaultPageSize = 250
	// maxPages bounds paging so a confused server cannot keep a sync reading forever.
	maxPages = 100_000

	authHint   = "HaloPSA rejected the client ID, client secret or tenant: check them in Halo under Configuration > Integrations > Halo API (the application's Client ID, a new secret if it is no longer shown, and the tenant name for hosted instances), then update them in TrueUp"
	tokenHint  = "the API application's token was refused: check in Halo under Configuration > Integrations > Halo API that the application is active and uses client credentials with scope \"all\""
	denyHint   = "HaloPSA accepted the credentials but refused this request: give the API application (and its agent) read access to clients, contracts, recurring invoices and items in Halo under Configuration > Integrations > Halo API > Permissions"
	baseURLTip = "check that the base URL is the Halo instance root, e.g. https://yourcompany.halopsa.com"
)

// Connector is one configured HaloPSA integration.
type Connector struct {
	base        string // the instance root
	tenant      string
	clientID    string
	secret      string
	hc          *http.Client
	concurrency int
	limiter     *httpx.Limiter
	tokens      *oauthtoken.Cache
	pageSize    int

	// Test hooks: the wait between retries and the clock for token expiry.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time

	requests httpx.Tally // of every run's client
	// redactor knows the client ID, the secret and every access token issued so far.
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

// get sends an authenticated GET to {instance}/api{path} and returns the body of a 2xx
// answer. A 401 drops the token and tries once more with a fresh one (tokens can be
// revoked or expire early); a second 401 is an AuthError. what names the resource.
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
		return nil, r.c.mapError(ctx, err, what, tokenHint)
	}
	return body, nil
}

func (r *run) send(ctx context.Context, path string, query url.Values, tok string) ([]byte, error) {
	target := r.c.base + apiPath + path
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

// mapError turns an httpx error into the typed errors the engine understands, with Halo's
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
			return &connector.NotFoundError{What: what, Err: fmt.Errorf("%s: %w", baseURLTip, detail)}
		case se.Status == http.StatusTooManyRequests:
			return &connector.RateLimitedError{RetryAfter: se.RetryAfter, Err: detail}
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			return &connector.TransientError{Err: fmt.Errorf("%s: %w", what, detail)}
		}
		return fmt.Errorf("HaloPSA refused %s: %w", what, detail)
	}
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) {
		return fmt.Errorf("%s: the secure connection to HaloPSA failed because its HTTPS certificate was not accepted: %s (%w)", what, baseURLTip, err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &connector.TransientError{Err: fmt.Errorf("%s: %w", what, err)}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// statusDetail is "GET https://.../api/Client: HTTP 500: HaloPSA said ...", secrets removed.
func (c *Connector) statusDetail(se *httpx.StatusError) error {
	msg := c.redact(parseAPIError(se.Body).text())
	if msg == "" {
		return se
	}
	if len(msg) > 500 {
		msg = msg[:500] + "..."
	}
	return fmt.Errorf("%w: HaloPSA said %q", se, msg)
}

// redact removes the credentials and every access token issued to this connector from
// text that came from the server, in case it echoes them.
func (c *Connector) redact(s string) string { return c.redactor.String(s) }

// noAnswer reports whether a request got no HTTP answer at all, after the retries httpx
// allows (offline, DNS, refused or dropped connections, TLS, timeouts): Halo cannot be
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
