// Package connectwise simulates the parts of the ConnectWise Manage (PSA) REST API that
// TrueUp reads: companies, company types, agreements, agreement additions and the product
// catalog (/procurement/catalog), with the
// documented authentication (Basic company+publicKey:privateKey plus a clientId header),
// both documented paging modes (navigable: page/pageSize up to 1000 and a Link header with
// first/prev/next/last; forward-only, asked for with the request header "pagination-type:
// forward-only": rows in id order, pageId meaning id > pageId, and a Link header whose
// rel="next" carries the next pageId, empty on the last page), the conditions/fields/
// orderBy query parameters and the {code,message,errors} error body. Tests and the demo
// workspace run it on a real loopback socket; fault injection and mutations let tests
// exercise retries, partial failures and QuickSync. It also takes the writes TrueUp's push
// sends (write.go): PATCH, POST and DELETE of agreement additions and PATCH of catalog items, with
// write faults that strike before or after the change is applied and a log of every write.
package connectwise

import (
	"github.com/trueup/trueup/internal/sim"

	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PathPrefix is where the API lives on a ConnectWise cloud or on-premise server.
const PathPrefix = "/v4_6_release/apis/3.0"

// Credentials are what an API client must present.
type Credentials struct {
	Company    string // the company ID typed on the login screen
	ClientID   string // from developer.connectwise.com/ClientID
	PublicKey  string // API member key pair
	PrivateKey string
}

// DemoCredentials are the demo workspace's credentials (the simulator's default).
func DemoCredentials() Credentials {
	return Credentials{
		Company:    "trueupdemo",
		ClientID:   "5f0b3c1e-8d2a-4c47-9b1e-7a6c2d9e4f10",
		PublicKey:  "DemoPublicKey00001",
		PrivateKey: "DemoPrivateKey00001",
	}
}

// Options tune a Server.
type Options struct {
	// Credentials accepted by the server; zero means DemoCredentials().
	Credentials Credentials
	// Latency is added to every request (for realistic benchmarks).
	Latency time.Duration
	// Now stamps _info.lastUpdated on mutations; nil means time.Now.
	Now func() time.Time
	// OmitLinkHeader leaves out the Link paging header (in both paging modes), as some
	// proxies and older servers do; clients must then page on by themselves.
	OmitLinkHeader bool
}

// Fault is an injected failure (see sim.Fault); without Body it is answered with a
// ConnectWise error body, and Status 0 means 200.
type Fault = sim.Fault

// Server is one simulated ConnectWise tenant. It is safe for concurrent use.
type Server struct {
	opts Options

	mu         sync.RWMutex
	types      []*record
	companies  []*record // sorted by id
	agreements []*record // sorted by id
	additions  map[int][]*record
	company    map[int]*Company
	agreement  map[int]*Agreement
	addition   map[int]*Addition
	catalog    []*record // sorted by id
	item       map[int]*CatalogItem
	// nextAddition is the id the next created addition gets: one past the largest ever held.
	nextAddition int

	faults      sim.Faults
	writeFaults writeFaults
	writes      writeLog

	requests sim.Requests

	srv     *http.Server
	baseURL string
}

// New builds a server holding a copy of data.
func New(data *Dataset, opts Options) *Server {
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = DemoCredentials()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:      opts,
		additions: map[int][]*record{},
		company:   map[int]*Company{},
		agreement: map[int]*Agreement{},
		addition:  map[int]*Addition{},
		item:      map[int]*CatalogItem{},
	}
	s.nextAddition = 1
	if data == nil {
		data = &Dataset{}
	}
	for _, t := range data.CompanyTypes {
		t := t
		normInfo(&t.Info)
		s.types = append(s.types, &record{id: t.ID, get: companyTypeGetter(&t), raw: mustJSON(&t)})
	}
	for _, c := range data.Companies {
		c := c
		c.Types = slices.Clone(c.Types)
		normInfo(&c.Info)
		s.company[c.ID] = &c
		s.companies = append(s.companies, s.companyRecord(&c))
	}
	for _, a := range data.Agreements {
		a := a
		normInfo(&a.Info)
		s.agreement[a.ID] = &a
		s.agreements = append(s.agreements, s.agreementRecord(&a))
	}
	for _, a := range data.Additions {
		a := a
		normInfo(&a.Info)
		s.addition[a.ID] = &a
		s.additions[a.AgreementID] = append(s.additions[a.AgreementID], additionRecord(&a))
		s.nextAddition = max(s.nextAddition, a.ID+1)
	}
	for _, c := range data.Catalog {
		c := c
		normInfo(&c.Info)
		s.item[c.ID] = &c
		s.catalog = append(s.catalog, &record{id: c.ID, get: catalogGetter(&c), raw: mustJSON(&c)})
	}
	byID := func(a, b *record) int { return a.id - b.id }
	slices.SortFunc(s.types, byID)
	slices.SortFunc(s.companies, byID)
	slices.SortFunc(s.agreements, byID)
	slices.SortFunc(s.catalog, byID)
	for _, rows := range s.additions {
		slices.SortFunc(rows, byID)
	}
	return s
}

func normInfo(i *Info) {
	i.LastUpdated = i.LastUpdated.UTC().Truncate(time.Second)
	i.DateEntered = i.DateEntered.UTC().Truncate(time.Second)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("connectwise sim: marshal %T: %v", v, err))
	}
	return b
}

func (s *Server) companyRecord(c *Company) *record {
	return &record{id: c.ID, get: companyGetter(c), raw: mustJSON(c)}
}

func (s *Server) agreementRecord(a *Agreement) *record {
	return &record{id: a.ID, get: agreementGetter(a), raw: mustJSON(a)}
}

func additionRecord(a *Addition) *record {
	return &record{id: a.ID, get: additionGetter(a), raw: mustJSON(a)}
}

// Start serves the API on a fresh loopback port and returns the base URL (up to and
// including /apis/3.0).
func (s *Server) Start() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("connectwise sim: listen: %w", err)
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.baseURL = "http://" + ln.Addr().String() + PathPrefix
	go func() { _ = s.srv.Serve(ln) }()
	return s.baseURL, nil
}

// BaseURL is the URL Start returned ("" before Start).
func (s *Server) BaseURL() string { return s.baseURL }

// Close stops a started server at once, closing open connections (a client's spare
// keep-alive connection would otherwise hold a graceful shutdown for seconds).
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Close()
}

// AddFault injects a failure (see Fault).
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every injected failure.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests is how many requests the server received.
func (s *Server) Requests() int64 { return s.requests.Total() }

// RequestsFor is how many requests had a path and query containing pathContains.
func (s *Server) RequestsFor(pathContains string) int64 { return s.requests.Matching(pathContains) }

// Handler serves the API under PathPrefix.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serve)
}

// apiError is ConnectWise's error body.
type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Errors  []validationError `json:"errors,omitempty"`
}

type validationError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Resource string `json:"resource,omitempty"`
	Field    string `json:"field,omitempty"`
}

func writeError(w http.ResponseWriter, status int, code, msg string, errs ...validationError) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(apiError{Code: code, Message: msg, Errors: errs})
}

func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	uri := s.requests.Count(r)

	if !sim.Delay(r.Context(), s.opts.Latency) {
		return
	}
	w.Header().Set("x-server-name", "TRUEUPSIM01")
	if f, ok := s.faults.Take(uri); ok {
		s.writeFault(w, f)
		return
	}
	if !s.authorized(w, r) {
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, PathPrefix)
	if !ok {
		writeError(w, http.StatusNotFound, "NotFound", fmt.Sprintf("%s is not a ConnectWise API path: the API lives under %s", r.URL.Path, PathPrefix))
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.route(w, r, strings.TrimSuffix(path, "/"))
	case http.MethodPatch, http.MethodPost, http.MethodDelete:
		s.routeWrite(w, r, strings.TrimSuffix(path, "/"))
	default:
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "The simulator answers GET, and PATCH, POST or DELETE where ConnectWise takes writes.")
	}
}

func (s *Server) writeFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Body != "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	switch {
	case status == http.StatusTooManyRequests:
		writeError(w, status, "TooManyRequests", "Request volume exceeds capacity limits. Retry after the number of seconds in the Retry-After header.")
	case status == http.StatusForbidden:
		writeError(w, status, "Forbidden", "You do not have access to this resource. Check the security role of the API member.")
	case status == http.StatusUnauthorized:
		writeError(w, status, "Unauthorized", "The authentication credentials are invalid.")
	case status >= 500:
		writeError(w, status, "UnexpectedServerError", "An unexpected server error occurred.")
	case status >= 400:
		writeError(w, status, "BadRequest", "The request could not be processed.")
	default:
		writeJSON(w, []byte("[]"))
	}
}

// authorized checks Basic company+publicKey:privateKey and the clientId header, answering
// 401 with ConnectWise's error body when they are wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	want := s.opts.Credentials
	user, pass, ok := basicAuth(r.Header.Get("Authorization"))
	company, public, split := strings.Cut(user, "+")
	if !ok || !split || !strings.EqualFold(company, want.Company) || public != want.PublicKey || pass != want.PrivateKey {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "The authentication credentials are invalid or the API member is inactive.")
		return false
	}
	clientID := r.Header.Get("clientId")
	if clientID == "" {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "A clientId header is required: register one at https://developer.connectwise.com/ClientID.")
		return false
	}
	if want.ClientID != "" && !strings.EqualFold(clientID, want.ClientID) {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "The clientId is not valid.")
		return false
	}
	return true
}

func basicAuth(h string) (user, pass string, ok bool) {
	const prefix = "basic "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len(prefix):]))
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(b), ":")
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case path == "/system/info":
		writeJSON(w, []byte(`{"version":"v2025.1.10431","isCloud":true,"serverTimeZone":"Eastern Standard Time","cloudRegion":"NA"}`))
	case path == "/company/companies":
		s.list(w, r, companySchema, func() []*record { return s.companies })
	case path == "/company/companies/count":
		s.count(w, r, companySchema, func() []*record { return s.companies })
	case path == "/company/companies/types":
		s.list(w, r, companyTypeSchema, func() []*record { return s.types })
	case path == "/company/companies/types/count":
		s.count(w, r, companyTypeSchema, func() []*record { return s.types })
	case path == "/finance/agreements":
		s.list(w, r, agreementSchema, func() []*record { return s.agreements })
	case path == "/finance/agreements/count":
		s.count(w, r, agreementSchema, func() []*record { return s.agreements })
	case path == "/procurement/catalog":
		s.list(w, r, catalogSchema, func() []*record { return s.catalog })
	case path == "/procurement/catalog/count":
		s.count(w, r, catalogSchema, func() []*record { return s.catalog })
	case len(parts) == 3 && parts[0] == "procurement" && parts[1] == "catalog":
		s.one(w, parts[2], "CatalogItem", func(id int) *record { return find(s.catalog, id) })
	case len(parts) == 3 && parts[0] == "company" && parts[1] == "companies":
		s.one(w, parts[2], "Company", func(id int) *record { return find(s.companies, id) })
	case len(parts) == 3 && parts[0] == "finance" && parts[1] == "agreements":
		s.one(w, parts[2], "Agreement", func(id int) *record { return find(s.agreements, id) })
	case len(parts) >= 4 && parts[0] == "finance" && parts[1] == "agreements" && parts[3] == "additions":
		id, err := strconv.Atoi(parts[2])
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidObject", fmt.Sprintf("%q is not an agreement id.", parts[2]))
			return
		}
		rows := func() []*record { return s.additions[id] }
		s.mu.RLock()
		_, exists := s.agreement[id]
		s.mu.RUnlock()
		if !exists {
			writeError(w, http.StatusNotFound, "NotFound", fmt.Sprintf("Agreement with id %d was not found.", id))
			return
		}
		switch {
		case len(parts) == 4:
			s.list(w, r, additionSchema, rows)
		case len(parts) == 5 && parts[4] == "count":
			s.count(w, r, additionSchema, rows)
		case len(parts) == 5:
			s.one(w, parts[4], "Addition", func(aid int) *record { return find(s.additions[id], aid) })
		default:
			writeError(w, http.StatusNotFound, "NotFound", "The requested URL was not found.")
		}
	default:
		writeError(w, http.StatusNotFound, "NotFound", fmt.Sprintf("The requested URL %s was not found.", path))
	}
}

func find(rows []*record, id int) *record {
	i, ok := slices.BinarySearchFunc(rows, id, func(r *record, id int) int { return r.id - id })
	if !ok {
		return nil
	}
	return rows[i]
}

// forwardOnly reports whether a request asks for forward-only paging.
func forwardOnly(r *http.Request) bool {
	return strings.EqualFold(strings.TrimSpace(r.Header.Get("pagination-type")), "forward-only")
}

func (s *Server) list(w http.ResponseWriter, r *http.Request, sc schema, rows func() []*record) {
	lq, err := parseListQuery(r.URL.Query(), sc, forwardOnly(r))
	if err != nil {
		badQuery(w, err)
		return
	}
	if lq.forwardOnly {
		s.listForward(w, r, lq, rows)
		return
	}
	s.mu.RLock()
	page, total := lq.result(rows())
	body, err := lq.body(page)
	s.mu.RUnlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "UnexpectedServerError", "Could not render the records.")
		return
	}
	if !s.opts.OmitLinkHeader {
		if link := linkHeader(r, lq.page, lq.pageSize, total); link != "" {
			w.Header().Set("Link", link)
		}
	}
	writeJSON(w, body)
}

// listForward answers a forward-only list request: rows in id order after pageId, and a
// Link header on every answer (empty on the last page).
func (s *Server) listForward(w http.ResponseWriter, r *http.Request, lq listQuery, rows func() []*record) {
	s.mu.RLock()
	page, more := lq.forward(rows())
	body, err := lq.body(page)
	s.mu.RUnlock()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "UnexpectedServerError", "Could not render the records.")
		return
	}
	if !s.opts.OmitLinkHeader {
		w.Header().Set("Link", forwardLinkHeader(r, page, lq.pageSize, more))
	}
	writeJSON(w, body)
}

func (s *Server) count(w http.ResponseWriter, r *http.Request, sc schema, rows func() []*record) {
	lq, err := parseListQuery(r.URL.Query(), sc, false)
	if err != nil {
		badQuery(w, err)
		return
	}
	lq.page, lq.pageSize, lq.order = 1, 1, nil
	s.mu.RLock()
	_, total := lq.result(rows())
	s.mu.RUnlock()
	writeJSON(w, fmt.Appendf(nil, `{"count":%d}`, total))
}

func (s *Server) one(w http.ResponseWriter, idText, what string, get func(int) *record) {
	id, err := strconv.Atoi(idText)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidObject", fmt.Sprintf("%q is not a %s id.", idText, strings.ToLower(what)))
		return
	}
	s.mu.RLock()
	rec := get(id)
	var body []byte
	if rec != nil {
		body = rec.raw
	}
	s.mu.RUnlock()
	if rec == nil {
		writeError(w, http.StatusNotFound, "NotFound", fmt.Sprintf("%s with id %d was not found.", what, id))
		return
	}
	writeJSON(w, body)
}

func badQuery(w http.ResponseWriter, err error) {
	var ce *conditionError
	msg := err.Error()
	if errors.As(err, &ce) {
		msg = ce.msg
	}
	writeError(w, http.StatusBadRequest, "InvalidObject", "The query is not valid.",
		validationError{Code: "InvalidField", Message: msg, Resource: "query", Field: "conditions"})
}
