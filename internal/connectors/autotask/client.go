// Package autotask is TrueUp's Autotask PSA connector: it reads companies, recurring
// service contracts, their contract services and the units of the period covering today,
// and the service catalog through the REST API v1.0, and turns them into connector records.
//
// API facts this package relies on, with the public pages they come from:
//   - Zone discovery: GET https://webservices.autotask.net/atservicesrest/v1.0/ZoneInformation?user={user}
//     answers {zoneName, url, webUrl, ci}; every other call goes to {url}V1.0/{Entity}
//     (ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/General_Topics/REST_Zones.htm;
//     [code] api-evangelist/kaseya openapi, ZoneInformationApiIntegration).
//   - Authentication: the headers ApiIntegrationCode (the integration's tracking
//     identifier), UserName and Secret of an API user
//     (ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/General_Topics/REST_Security_Auth.htm).
//     An API user that is inactive or locked is refused; the vendor guides tell MSPs to
//     re-enable it or reset its secret, never to delete and recreate it, which breaks the
//     integration (seeds/gradient-autotask-troubleshooting.txt, section 1 step 3).
//   - Queries: POST /V1.0/{Entity}/query with {"filter":[…],"IncludeFields":[…],"MaxRecords":n}
//     (or GET …/query?search=); operators eq, noteq, gt, gte, lt, lte, beginsWith, endsWith,
//     contains, exist, notExist, in, notIn, and and/or groups; at least one filter; at most
//     500 records per page, with pageDetails{count, requestCount, prevPageUrl, nextPageUrl}
//     and nextPageUrl followed with GET; results in ascending id; id must be in
//     IncludeFields for results over one page; at most 500 values in one in list
//     (ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/API_Calls/REST_Basic_Query_Calls.htm,
//     …/REST_Advanced_Query_Features.htm; [code] tphakala/go-autotask child.go).
//   - Errors: {"errors":["…"]} (strings, or {message} objects), validation errors on HTTP
//     500; an errors array on a 2xx answer is a failure ([code] tphakala/go-autotask
//     error.go; [issue] WYRE-AI/autotask-mcp#46).
//   - Limits: 10,000 requests per rolling hour per database, shared by every integration;
//     latency added from 50% and 75% of it; blocked at 100%. GET /V1.0/ThresholdInformation
//     answers externalRequestThreshold, requestThresholdTimeframe and
//     currentTimeframeRequestCount. Three threads per endpoint per integration (ZoneInformation
//     exempt) (ww1.autotask.net/help/DeveloperHelp/Content/APIs/General/ThreadLimiting.htm,
//     …/APIs/General/API_Calls_Thresholds.htm; docs.mspintegrations.com …/autotask/api-threshold).
//     A 401 halts every call of the integration, to protect the API login
//     ([code] GDSTechnology/autotask-mcp src/services/backpressure.ts).
//   - Entities and fields: Companies (companyType picklist, read per run from GET
//     /V1.0/Companies/entityInformation/fields ("fields[].picklistValues[]": value, label,
//     isActive; …/APIs/REST/API_Calls/REST_Entity_Information.htm and
//     …/General/Understanding_Picklists.htm); without it the SOAP AccountType values 1
//     Customer, 2 Lead, 3 Prospect, 4 Dead, 6 Cancellation, 7 Vendor, 8 Partner; isActive;
//     lastTrackedModifiedDateTime),
//     Contracts (contractType 7 Recurring Service; status 1 Active, 0 Inactive; startDate,
//     endDate; lastModifiedDateTime), ContractServices (contractID, serviceID, unitPrice,
//     unitCost, adjustedPrice, invoiceDescription; no units, no modified stamp),
//     ContractServiceUnits (one row per billing period: contractServiceID, units,
//     startDate, endDate, price, cost), Services (name, sku, unitCost, unitPrice, isActive,
//     lastModifiedDate) (ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/Entities/
//     CompaniesEntity.htm, ContractsEntity.htm, ContractServicesEntity.htm,
//     ContractServiceUnitsEntity.htm, ServicesEntity.htm; research/psa-write-apis.md §2.2).
//   - Watermarks: Companies lastTrackedModifiedDateTime, Contracts lastModifiedDateTime;
//     ContractServices has none (peers refresh it in full) and stamps arrive out of order,
//     so reads reach back behind the watermark ([code] GDSTechnology/autotask-mcp
//     src/db/shadow-entities.ts).
//
// The connector follows the documentation rather than the simulator: it tolerates missing
// optional fields, parses picklists and numbers leniently, checks the ascending-id order of
// pages, and follows a nextPageUrl only within the zone it discovered.
package autotask

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// session is what every client of one connector shares: the zone it discovered, and the
// 401 that stopped it (the gate also halts the integration's shared limiter).
type session struct {
	mu   sync.Mutex
	zone string // the zone's API root, with a trailing slash; "" before discovery
	// budget is the request budget of a connector without a shared limiter (see
	// Connector.budgetState).
	budget *budgetState
	// stopped is the AuthError of the first 401 or 403 of a credentials refusal: no
	// request is sent after it.
	stopped atomic.Pointer[connector.AuthError]
}

// client sends authenticated requests to one Autotask database.
type client struct {
	root   string // the zone-lookup root, validated, no trailing slash
	user   string
	code   string // ApiIntegrationCode: never logged
	secret string // never logged
	http   *httpx.Client
	redact *redact.Redactor
	s      *session
	gate   *gate
	budget *budget // nil: no threshold budget (Test, threshold reads)
}

// zoneInfo is the ZoneInformation answer.
type zoneInfo struct {
	ZoneName string `json:"zoneName"`
	URL      string `json:"url"`
	WebURL   string `json:"webUrl"`
	CI       any    `json:"ci"`
}

const epZone = "/v1.0/ZoneInformation"

// zone returns the remembered zone url, discovering it first if needed.
func (c *client) zone(ctx context.Context) (string, error) {
	c.s.mu.Lock()
	z := c.s.zone
	c.s.mu.Unlock()
	if z != "" {
		return z, nil
	}
	return c.discover(ctx, "")
}

// discover asks ZoneInformation for the database's zone. stale is the zone that just
// failed ("" on first use): when another request re-discovered meanwhile, its answer is
// taken without asking again.
func (c *client) discover(ctx context.Context, stale string) (string, error) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.s.zone != "" && c.s.zone != stale {
		return c.s.zone, nil
	}
	u := c.root + epZone + "?" + url.Values{"user": {c.user}}.Encode()
	_, body, err := c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err == nil {
			// ZoneInformation needs no credentials, but the zone-lookup root is
			// Autotask's own and peers send them: one code path for every request.
			c.authorize(req)
		}
		return req, err
	})
	if err != nil {
		// An unknown user name is answered as a validation error (HTTP 500 with errors).
		var se *httpx.StatusError
		if errors.As(err, &se) && (se.Status == http.StatusBadRequest || validation(se.Status, se.Body)) {
			return "", &connector.AuthError{Status: se.Status, Err: said(se, "GET "+epZone, c.redact),
				Hint: fmt.Sprintf("Autotask could not find the zone of the API user %q: check the user name (Admin > Resources/Users > API User: the user name, not the display name) and that the base URL is the zone-lookup root, e.g. https://webservices.autotask.net/atservicesrest", c.user)}
		}
		return "", mapError(ctx, "GET "+epZone, err, c.redact)
	}
	var zi zoneInfo
	if err := json.Unmarshal(body, &zi); err != nil {
		return "", fmt.Errorf("GET %s: the answer is not Autotask's zone information (%v): check the base URL, it must be the zone-lookup root, e.g. https://webservices.autotask.net/atservicesrest", epZone, err)
	}
	zu, err := httpx.CheckBaseURL(strings.TrimSpace(zi.URL))
	if err != nil {
		return "", fmt.Errorf("GET %s: Autotask named a zone TrueUp cannot use (%q: %v)", epZone, c.redact.String(zi.URL), err)
	}
	c.s.zone = strings.TrimRight(zu, "/") + "/"
	return c.s.zone, nil
}

// call is one API request: method and path below the zone root (e.g. "V1.0/Companies/query")
// or, when abs is set, an absolute URL inside the zone (a nextPageUrl). endpoint names it
// for messages. A 404 or no answer at all at the zone is re-discovered once: Autotask
// moves databases between zones.
func (c *client) call(ctx context.Context, endpoint, method, path, abs string, body []byte) ([]byte, error) {
	if a := c.gate.halted(); a != nil {
		return nil, notSent(a)
	}
	zone, err := c.zone(ctx)
	if err != nil {
		return nil, c.stop(err)
	}
	for attempt := 0; ; attempt++ {
		target := zone + path
		if abs != "" {
			target = abs
		}
		out, err := c.send(ctx, endpoint, method, target, body)
		if err == nil || attempt > 0 || !zoneGone(err) || ctx.Err() != nil {
			return out, c.stop(err)
		}
		fresh, derr := c.discover(ctx, zone)
		if derr != nil {
			return nil, c.stop(derr)
		}
		if fresh == zone {
			return nil, c.stop(err)
		}
		if abs != "" {
			if !strings.HasPrefix(strings.ToLower(abs), strings.ToLower(zone)) {
				return nil, c.stop(err)
			}
			abs = fresh + abs[len(zone):]
		}
		zone = fresh
	}
}

// authorize sets the authentication headers.
func (c *client) authorize(req *http.Request) {
	req.Header.Set("ApiIntegrationCode", c.code)
	req.Header.Set("UserName", c.user)
	req.Header.Set("Secret", c.secret)
	req.Header.Set("Accept", "application/json")
}

// stop remembers a refusal of the credentials, so that nothing more is sent with them by
// any client of the integration (the transport halts at the 401 itself; this covers a
// refusal it could not read).
func (c *client) stop(err error) error {
	var a *connector.AuthError
	if errors.As(err, &a) && a.Status == http.StatusUnauthorized {
		c.gate.halt(a)
	}
	return err
}

// zoneGone reports whether a failure at the zone means the zone may have moved.
func zoneGone(err error) bool {
	var nf *connector.NotFoundError
	return errors.As(err, &nf) || noAnswer(err)
}

// send is one request with the authentication headers, through the budget.
func (c *client) send(ctx context.Context, endpoint, method, target string, body []byte) ([]byte, error) {
	if c.budget != nil {
		release, err := c.budget.acquire(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	if a := c.gate.halted(); a != nil {
		return nil, notSent(a)
	}
	build := func(ctx context.Context) (*http.Request, error) {
		var rd *bytes.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		var req *http.Request
		var err error
		if rd != nil {
			req, err = http.NewRequestWithContext(ctx, method, target, rd)
		} else {
			req, err = http.NewRequestWithContext(ctx, method, target, nil)
		}
		if err != nil {
			return nil, err
		}
		c.authorize(req)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, nil
	}
	var out []byte
	var err error
	if method == http.MethodGet {
		_, out, err = c.http.Do(ctx, build)
	} else {
		// Only query POSTs come here: they read, so sending one twice is harmless. Writes
		// go through httpx's DoWrite (write*.go), which never resends.
		_, out, err = c.http.DoIdempotent(ctx, build)
	}
	if err != nil {
		return nil, mapError(ctx, method+" "+endpoint, err, c.redact)
	}
	if msg := errorsOn2xx(out, c.redact); msg != "" {
		return nil, fmt.Errorf("%s %s: Autotask answered with errors: %q", method, endpoint, msg)
	}
	return out, nil
}

// apiErrors is Autotask's error body; its entries are strings or {message, field} objects.
type apiErrors struct {
	Errors []json.RawMessage `json:"errors"`
}

// atMessage extracts the text of an error body, or "" when there is none. Proxies echo
// requests (headers included) into such bodies, so the text is redacted before it is
// shortened: a secret cut in half would escape later redaction.
func atMessage(body []byte, r *redact.Redactor) string {
	var e apiErrors
	if json.Unmarshal(bytes.TrimSpace(body), &e) != nil {
		return ""
	}
	var parts []string
	for _, raw := range e.Errors {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, s)
			}
			continue
		}
		var o struct {
			Message string `json:"message"`
			Field   string `json:"field"`
		}
		if json.Unmarshal(raw, &o) == nil && strings.TrimSpace(o.Message) != "" {
			m := strings.TrimSpace(o.Message)
			if f := strings.TrimSpace(o.Field); f != "" {
				m += " (" + f + ")"
			}
			parts = append(parts, m)
		}
	}
	msg := r.String(strings.Join(parts, "; "))
	if len(msg) > 300 {
		msg = strings.ToValidUTF8(msg[:300], "") + "…"
	}
	return msg
}

// errorsOn2xx is the text of an errors array in a successful answer ("" when none).
func errorsOn2xx(body []byte, r *redact.Redactor) string {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' || !bytes.Contains(b, []byte(`"errors"`)) {
		return ""
	}
	return atMessage(b, r)
}

// validation reports whether an answer is one of Autotask's final refusals: HTTP 500 with
// an errors array (validation errors come so), which no retry can cure.
func validation(status int, body []byte) bool {
	return status == http.StatusInternalServerError && atMessage(body, redact.New()) != ""
}

// said wraps an HTTP failure with what Autotask said about it, secrets removed.
func said(se *httpx.StatusError, endpoint string, r *redact.Redactor) error {
	if msg := atMessage(se.Body, r); msg != "" {
		return fmt.Errorf("%s: HTTP %d: Autotask said %q", endpoint, se.Status, msg)
	}
	return fmt.Errorf("%s: HTTP %d", endpoint, se.Status)
}

// Hints for refusals, in the seed troubleshooting guide's words.
const (
	hintRefused  = "Autotask refused the API user's credentials: check the user name, the integration code (the API tracking identifier) and the secret of the API user (Admin > Resources/Users > API User)"
	hintDisabled = "the Autotask API user is inactive or locked: re-enable the API user or reset its secret in Autotask; do not delete and recreate it (that breaks the integration)"
)

// mapError turns a failed request into the typed errors of package connector. endpoint is
// the method and route (e.g. "POST Companies/query"), never a URL with secrets.
func mapError(ctx context.Context, endpoint string, err error, r *redact.Redactor) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", endpoint, ctx.Err())
	}
	var halted *connector.AuthError
	if errors.As(err, &halted) {
		return halted // a request the 401 stop kept from being sent
	}
	var se *httpx.StatusError
	if errors.As(err, &se) {
		switch {
		case se.Status == http.StatusUnauthorized:
			hint := hintRefused
			if msg := strings.ToLower(atMessage(se.Body, r)); strings.Contains(msg, "inactive") || strings.Contains(msg, "locked") || strings.Contains(msg, "disabled") {
				hint = hintDisabled
			} else {
				hint += "; if the API user is inactive or locked, re-enable the API user or reset its secret in Autotask; do not delete and recreate it (that breaks the integration)"
			}
			return &connector.AuthError{Status: se.Status, Err: said(se, endpoint, r), Hint: hint}
		case se.Status == http.StatusForbidden:
			return &connector.AuthError{Status: se.Status, Err: said(se, endpoint, r),
				Hint: "the Autotask API user's security level does not allow " + endpoint + ": give the API user a security level that can read Companies, Contracts and Services (Admin > Resources/Users > Security Levels)"}
		case se.Status == http.StatusNotFound:
			return &connector.NotFoundError{What: "the Autotask endpoint " + endpoint,
				Err: fmt.Errorf("check the base URL: it must be the zone-lookup root, e.g. https://webservices.autotask.net/atservicesrest: %w", said(se, endpoint, r))}
		case se.Status == http.StatusTooManyRequests:
			return &connector.RateLimitedError{RetryAfter: se.RetryAfter, Err: said(se, endpoint, r)}
		case validation(se.Status, se.Body):
			return &refusal{err: said(se, endpoint, r)}
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			return &connector.TransientError{Err: said(se, endpoint, r)}
		}
		return said(se, endpoint, r)
	}
	if isTLS(err) {
		return &connector.TransientError{Err: fmt.Errorf("%s: the secure connection to Autotask failed: check the host name in the base URL, this computer's clock, and any proxy or antivirus that inspects HTTPS: %w", endpoint, err)}
	}
	var ne net.Error
	var ue *url.Error
	if errors.As(err, &ne) || errors.As(err, &ue) {
		return &connector.TransientError{Err: fmt.Errorf("%s: %w", endpoint, err)}
	}
	return fmt.Errorf("%s: %w", endpoint, err)
}

// refusal is a request Autotask refused as invalid (HTTP 500 with an errors array): its
// text says why; it is not retried.
type refusal struct{ err error }

func (e *refusal) Error() string { return "Autotask refused the request: " + e.err.Error() }
func (e *refusal) Unwrap() error { return e.err }

func isTLS(err error) bool {
	var (
		cert   *tls.CertificateVerificationError
		ca     x509.UnknownAuthorityError
		host   x509.HostnameError
		record tls.RecordHeaderError
		alert  tls.AlertError
	)
	return errors.As(err, &cert) || errors.As(err, &ca) || errors.As(err, &host) ||
		errors.As(err, &record) || errors.As(err, &alert)
}

// fatal reports whether err must end the run rather than one section: refused
// credentials or permissions, and cancellation.
func fatal(ctx context.Context, err error) bool {
	return connector.IsAuth(err) || ctx.Err() != nil ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// noAnswer reports whether a request got no HTTP answer at all, after the retries httpx
// allows: Autotask cannot be reached.
func noAnswer(err error) bool {
	var se *httpx.StatusError
	if errors.As(err, &se) {
		return false
	}
	var ue *url.Error
	return errors.As(err, &ue)
}

// countingTransport counts every request the connector sends (retries included) and is
// where a 401 stops the integration: it sits under every client of the connector (reads,
// writes, zone and usage lookups, httpx's retries), so a refusal it sees halts the shared
// limiter before the answer is even handed back, and a request that would go out after
// that is answered here, without being sent.
type countingTransport struct {
	base http.RoundTripper
	n    *atomic.Int64
	gate *gate
}

// gate is a connector's 401 stop: halts go to the integration's shared limiter (every Test,
// Sync and Push of it) when there is one, else to the connector's session.
type gate struct {
	lim    *httpx.Limiter // nil: the connector's own stop only
	key    string         // the credentials' fingerprint (see credentialsKey)
	s      *session
	redact *redact.Redactor
}

// halted is the refusal that stops these credentials, or nil.
func (g *gate) halted() *connector.AuthError {
	if a := g.s.stopped.Load(); a != nil {
		return a
	}
	if g.lim == nil {
		return nil
	}
	var a *connector.AuthError
	if errors.As(g.lim.Halted(g.key), &a) {
		return a
	}
	return nil
}

// halt stops these credentials everywhere they are used.
func (g *gate) halt(a *connector.AuthError) {
	g.s.stopped.CompareAndSwap(nil, a)
	if g.lim != nil {
		g.lim.Halt(g.key, a)
	}
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if a := t.gate.halted(); a != nil {
		return nil, notSent(a)
	}
	t.n.Add(1)
	resp, err := t.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusUnauthorized {
		// Read the (small) error body for the hint, and hand it on unread.
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		se := &httpx.StatusError{Method: req.Method, Status: resp.StatusCode, Body: b}
		var a *connector.AuthError
		if errors.As(mapError(context.Background(), req.Method+" "+trimZone(req.URL.Path), se, t.gate.redact), &a) {
			t.gate.halt(a)
		}
	}
	return resp, err
}

// notSent is the answer to a request a 401 stopped before it left: the original refusal,
// saying that nothing was sent.
func notSent(a *connector.AuthError) *connector.AuthError {
	return &connector.AuthError{Status: a.Status, Hint: a.Hint,
		Err: fmt.Errorf("not sent: Autotask refused these credentials before (%w), and TrueUp sends nothing more with them until the credentials or the integration's settings are saved again", a.Err)}
}

// credentialsKey fingerprints what Autotask authenticates, so a halt holds only the
// credentials it was for: new credentials (or another user name or zone root) try afresh.
func credentialsKey(root, user, code, secret string) string {
	h := sha256.New()
	for _, v := range []string{root, user, code, secret} {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func countingClient(hc *http.Client, n *atomic.Int64, g *gate) *http.Client {
	if hc == nil {
		hc = httpx.NewHTTPClient()
	}
	c := *hc
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = countingTransport{base: base, n: n, gate: g}
	return &c
}
