// Package connectwise is TrueUp's ConnectWise Manage (PSA) connector: it reads companies,
// company types, agreements and agreement additions through the REST API and turns them
// into connector records, and its Writer (write*.go) changes additions and catalog items
// for the push.
//
// API facts this package relies on, with the public pages they come from:
//   - Base URL https://{site}/v4_6_release/apis/3.0 (cloud: api-na/api-eu/api-au.myconnectwise.net);
//     auth "Authorization: Basic base64(company+publicKey:privateKey)" plus a required
//     "clientId" header: https://developer.connectwise.com/ClientID-testing ("The ConnectWise
//     ClientID is a required header that must be included with all API Requests"),
//     https://app.preshmarketingsolutions.com/help/connectwise-developer-documentation (a copy
//     of ConnectWise's developer documentation), https://help.flowgear.net/articles/nodes/connectwise-manage
//     ("Username: your company plus your API public key"), and
//     https://agentskills.market/skills/asachs01-msp-claude-plugins-msp-claude-plugins-connectwise-manage-skills-api-patterns.
//   - Paging: pageSize, default 25, "hard limit of 1,000 records". Two modes: navigable
//     (page numbers; a Link header with rel="next"/first/prev/last) and forward-only, asked
//     for with the request header "pagination-type: forward-only", where pageId is "treated
//     like an additional condition of Id > pageId" and the Link header's rel="next" carries
//     the next pageId: ConnectWise's "PSA Pagination" page (Mar 31 2023), copied at
//     https://gitea.resolutionflow.com/chihlasm/resolutionflow/src/branch/main/docs/connectwise/best-practices/PSA-Pagination.md,
//     https://www.thelazyadministrator.com/2024/06/06/how-the-connectwise-manage-api-handles-pagination-with-powershell/
//     (query parameters page, pageSize, pageId; `Link: <…/company/companies?pageSize=1000&page=2>; rel="next"`),
//     and ConnectWiseManageAPI's Invoke-CWMAllResult.ps1
//     (https://www.powershellgallery.com/packages/ConnectWiseManageAPI/0.5.0/Content/Public%5CInvoke%5CInvoke-CWMAllResult.ps1:
//     sends pagination-type: forward-only, follows the Link header until it is empty, and
//     reports an endpoint without any Link header as not supporting forward-only paging).
//     This package reads every list forward-only: page numbers shift when a record is
//     deleted while a list is read, which would drop a live record from an id sweep.
//   - Statuses: 401 "supplied authentication is incorrect", 403 "improper security role
//     settings", 404 "resource URL not found", 429 "request volume exceeds capacity limits"
//     with Retry-After in seconds, retry 500s:
//     https://gitea.resolutionflow.com/chihlasm/resolutionflow/src/commit/ecb9dd77dc1bd9fd66a1e79c62f059b43136db72/docs/connectwise/best-practices/PSA-API-Requests.md
//   - Query parameters conditions (strings quoted, datetimes in [brackets], e.g.
//     `lastUpdated > [2016-08-20T18:04:26Z]`), orderBy, fields, page, pageSize; the error body
//     {code, message, errors[]}; /system/info {version, isCloud, serverTimeZone}: the
//     connectwise-rest type definitions (github.com/covenanttechnologysolutions/connectwise-rest)
//     and vc3/connectwise-rest-api:src/api/systemAPI.ts.
//   - Record fields (CompanyModel: status, types[], isVendorFlag, deletedFlag, _info;
//     CompanyTypeModel.vendorFlag; AgreementModel: company, type, agreementStatus
//     Active/Cancelled/Expired/Inactive, startDate, endDate, noEndingDateFlag, cancelledFlag;
//     AdditionModel: product (IvItemReference id/identifier), quantity, unitPrice, unitCost,
//     effectiveDate, cancelledDate, description, agreementId, _info) and the child-only
//     route /finance/agreements/{id}/additions: github.com/HealthITAU/pyconnectwise
//     (src/pyconnectwise/models/manage/*.py, endpoints/manage/*.py), generated from
//     ConnectWise's OpenAPI document.
//   - Security role names for the 403 hints (Companies > Company Maintenance, Finance >
//     Agreements): https://docs.cloudblue.com/cbc/20.5/premium/content/PSA-Integration/Obtaining-ConnectWise-API-Credentials.htm
//   - Incremental reads do not reveal deletions (hence the id sweep in QuickSync):
//     portal.topleft.team/knowledgebase/12, Servosity/msp-skills#146.
//
// Writes (research/psa-write-apis.md §1): PATCH /finance/agreements/{agreementId}/additions/{id}
// and PATCH /procurement/catalog/{id} take a JSON Patch array ([{"op":"replace","path":
// "quantity","value":27}]) and answer 200 with the record; POST …/additions takes an
// Addition (product and billCustomer required) and answers 201 with it, id included
// ([spec] ai-connor/connectwise api_agreement_additions.go, api_catalogs_item.go; [code]
// christaylorcodes/ConnectWiseManageAPI Update-CWMAgreementAddition.ps1). Errors carry
// ErrorResponseMessage {code, message, errors[{code, message, resource, field}]}.
//
// A created addition carries its push's marker, "(TrueUp KEY)", at the end of its
// description, so that a POST whose outcome is unknown can be found before anything is
// sent again. Of the Addition's writable fields, description is the one that is free
// text on every site (customFields must be defined per site first), survives edits in the
// UI and is listed in the Additions tab where a person can see why the line exists;
// invoiceDescription, which the invoice prints, is sent too, without the marker. Whether
// ConnectWise prints description when invoiceDescription is empty is not documented:
// hence both are always sent. The lookup uses conditions=description like "%(TrueUp KEY)%"
// on the child route (conditions apply to every list route) and checks the exact tag here.
//
// The connector follows the documentation rather than the simulator: it tolerates missing
// optional fields, parses enums as strings, and pages on by itself (pageId = the last id)
// until an empty page when an answer comes without any Link header.
package connectwise

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/redact"
)

// client sends authenticated GET requests to one ConnectWise site.
type client struct {
	base     string // validated, no trailing slash, up to and including /apis/3.0
	auth     string // the Authorization header value; never logged
	clientID string
	http     *httpx.Client
	redact   *redact.Redactor // knows the keys and the Authorization value
}

func (c *client) get(ctx context.Context, endpoint, path, rawQuery string) (*http.Response, []byte, error) {
	return c.send(ctx, endpoint, path, rawQuery, nil)
}

// send is get with extra request headers.
func (c *client) send(ctx context.Context, endpoint, path, rawQuery string, extra http.Header) (*http.Response, []byte, error) {
	u := c.base + path
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	resp, body, err := c.http.Do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", c.auth)
		req.Header.Set("clientId", c.clientID)
		req.Header.Set("Accept", "application/json")
		for k, v := range extra {
			req.Header[k] = v
		}
		return req, nil
	})
	if err != nil {
		return nil, nil, mapError(ctx, endpoint, err, c.redact)
	}
	return resp, body, nil
}

func basicAuth(company, publicKey, privateKey string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(company+"+"+publicKey+":"+privateKey))
}

// apiError is ConnectWise's documented error body.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Errors  []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"errors"`
}

// cwMessage extracts the human part of an error body, or "" when there is none. Gateways
// and proxies echo the request (Authorization header included) into such bodies, so the
// text is redacted here, before it is shortened: a secret cut in half by the length limit
// would no longer be recognised by any later redaction.
func cwMessage(body []byte, r *redact.Redactor) string {
	var e apiError
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	msg := strings.TrimSpace(e.Message)
	var details []string
	for _, d := range e.Errors {
		if m := strings.TrimSpace(d.Message); m != "" && m != msg {
			details = append(details, m)
		}
	}
	if len(details) > 0 {
		msg = strings.TrimSpace(msg + " " + strings.Join(details, "; "))
	}
	msg = r.String(msg)
	if len(msg) > 300 {
		msg = strings.ToValidUTF8(msg[:300], "") + "…"
	}
	return msg
}

// said wraps an HTTP failure with what ConnectWise said about it, secrets removed.
func said(se *httpx.StatusError, endpoint string, r *redact.Redactor) error {
	if msg := cwMessage(se.Body, r); msg != "" {
		return fmt.Errorf("GET %s: HTTP %d: ConnectWise said %q", endpoint, se.Status, msg)
	}
	return fmt.Errorf("GET %s: HTTP %d", endpoint, se.Status)
}

// permissionFor names the security-role setting an endpoint needs.
func permissionFor(endpoint string) string {
	switch {
	case strings.HasPrefix(endpoint, "/company/companies/types"):
		return "Companies > Company Maintenance and System > Table Setup (Inquire Level: All)"
	case strings.HasPrefix(endpoint, "/company"):
		return "Companies > Company Maintenance (Inquire Level: All)"
	case strings.HasPrefix(endpoint, "/finance/agreements"):
		return "Finance > Agreements (Inquire Level: All)"
	}
	return "the module that holds it (Inquire Level: All)"
}

// mapError turns a failed request into the typed errors of package connector. endpoint is
// the route template (e.g. /finance/agreements/{id}/additions), never a URL with secrets;
// r removes secrets from what the server said.
func mapError(ctx context.Context, endpoint string, err error, r *redact.Redactor) error {
	if ctx.Err() != nil {
		return fmt.Errorf("GET %s: %w", endpoint, ctx.Err())
	}
	var se *httpx.StatusError
	if errors.As(err, &se) {
		switch {
		case se.Status == http.StatusUnauthorized:
			return &connector.AuthError{Status: se.Status, Err: said(se, endpoint, r),
				Hint: "ConnectWise rejected the API keys: check the company ID, public and private key of the API member (System > Members > API Members), and the clientId"}
		case se.Status == http.StatusForbidden:
			return &connector.AuthError{Status: se.Status, Err: said(se, endpoint, r),
				Hint: fmt.Sprintf("the API member's security role lacks access to %s: in ConnectWise open System > Security Roles, edit the API member's role and allow %s", endpoint, permissionFor(endpoint))}
		case se.Status == http.StatusNotFound:
			return &connector.NotFoundError{What: "the ConnectWise endpoint " + endpoint,
				Err: fmt.Errorf("check the base URL: it must be the API root up to and including /apis/3.0, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0: %w", said(se, endpoint, r))}
		case se.Status == http.StatusTooManyRequests:
			return &connector.RateLimitedError{RetryAfter: se.RetryAfter, Err: said(se, endpoint, r)}
		case se.Status == http.StatusRequestTimeout || se.Status >= 500:
			return &connector.TransientError{Err: said(se, endpoint, r)}
		}
		return said(se, endpoint, r)
	}
	if isTLS(err) {
		return &connector.TransientError{Err: fmt.Errorf("GET %s: the secure connection to ConnectWise failed: check the host name in the base URL, this computer's clock, and any proxy or antivirus that inspects HTTPS: %w", endpoint, err)}
	}
	var ne net.Error
	var ue *url.Error
	if errors.As(err, &ne) || errors.As(err, &ue) {
		return &connector.TransientError{Err: fmt.Errorf("GET %s: %w", endpoint, err)}
	}
	return fmt.Errorf("GET %s: %w", endpoint, err)
}

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

// fatal reports whether err must end the run rather than one section: bad credentials or
// permissions, and cancellation.
func fatal(ctx context.Context, err error) bool {
	return connector.IsAuth(err) || ctx.Err() != nil ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// noAnswer reports whether a request got no HTTP answer at all, after the retries httpx
// allows: the name did not resolve, the connection was refused or broke, the TLS handshake
// failed, or it timed out. A list failing like that means ConnectWise cannot be reached,
// not that one section is broken.
func noAnswer(err error) bool {
	var se *httpx.StatusError
	if errors.As(err, &se) {
		return false
	}
	var ue *url.Error
	return errors.As(err, &ue)
}

// countingTransport counts every request the connector sends (retries included).
type countingTransport struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (t countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(req)
}

func countingClient(hc *http.Client, n *atomic.Int64) *http.Client {
	if hc == nil {
		hc = httpx.NewHTTPClient()
	}
	c := *hc
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = countingTransport{base: base, n: n}
	return &c
}
