// Package autotask simulates the parts of the Autotask PSA REST API v1.0 that TrueUp reads:
// zone discovery (GET {root}/v1.0/ZoneInformation?user=), the ApiIntegrationCode/UserName/
// Secret headers, the query endpoints (POST /V1.0/{Entity}/query with a JSON filter, and
// GET …/query?search=) with their operators, and/or groups, IncludeFields and MaxRecords,
// pages of at most 500 records in ascending id with pageDetails{count, requestCount,
// prevPageUrl, nextPageUrl}, the {"errors":[…]} body (validation errors on HTTP 500),
// ThresholdInformation with a rolling hour of requests shared by every integration, the
// thread limit (3 requests in flight per endpoint) and latency throttling from 50% usage.
// Entities: Companies, Contracts, ContractServices, ContractServiceUnits (one row per
// billing period) and Services. Tests and the demo workspace run it on a real loopback
// socket; faults, user states and mutations let tests exercise retries, refusals, limits
// and QuickSync.
//
// The API's documentation: ww1.autotask.net/help/DeveloperHelp/Content/APIs/REST/ —
// General_Topics/REST_Zones.htm (zone discovery), API_Calls/REST_Basic_Query_Calls.htm and
// REST_Advanced_Query_Features.htm (filters, paging), General/ThreadLimiting.htm and
// ThresholdInformation (limits), the Entities/*.htm pages (fields).
package autotask

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/sim"
)

// PathPrefix is where the zone-lookup root lives on the simulator, as on
// https://webservices.autotask.net/atservicesrest.
const PathPrefix = "/atservicesrest"

// Credentials are what an API client must present.
type Credentials struct {
	UserName        string // the API user's user name (an email-like name)
	IntegrationCode string // the tracking identifier of the integration
	Secret          string
}

// DemoCredentials are the demo workspace's credentials (the simulator's default).
func DemoCredentials() Credentials {
	return Credentials{
		UserName:        "trueup-api@trueupdemo.example",
		IntegrationCode: "TRUEUPDEMO7QX2KJ4M3N5P6RSAAA",
		Secret:          "Demo*Secret#00001",
	}
}

// UserState is the API user's state in Autotask.
type UserState int

const (
	UserActive UserState = iota
	UserInactive
	UserLocked
)

// Options tune a Server.
type Options struct {
	// Credentials accepted by the server; zero means DemoCredentials().
	Credentials Credentials
	// Latency is added to every request (for realistic benchmarks).
	Latency time.Duration
	// Now is the server's clock (modified stamps, the rolling hour of requests); nil:
	// time.Now.
	Now func() time.Time
	// Threshold is the requests allowed per rolling hour for the whole database; 0: 10,000.
	Threshold int
	// ThreadLimit is how many requests may be in flight per endpoint; 0: 3, -1: no limit.
	ThreadLimit int
	// Throttle is the latency added to every call from 75% of the threshold (half of it
	// from 50%), as Autotask slows integrations down; 0: none.
	Throttle time.Duration
	// CompanyTypeLabels replaces the Companies.companyType picklist that
	// entityInformation/fields answers (value -> label), for a database whose labels or
	// values differ from the English defaults; nil: the defaults.
	CompanyTypeLabels map[int]string
}

// Fault is an injected failure (see sim.Fault); without Body it is answered with an
// Autotask error body, and Status 0 means 200.
type Fault = sim.Fault

// Server is one simulated Autotask database. It is safe for concurrent use.
type Server struct {
	opts Options

	mu       sync.RWMutex
	tables   map[string]*table // by lower-cased entity name
	user     UserState
	zone     int // the zone number in the zone's path
	usage    usage
	inflight inflight

	faults   sim.Faults
	requests sim.Requests
	writes   writeState // the write side (write.go, writelog.go): its log, faults and cost permission
	mux      *http.ServeMux

	srv  *http.Server
	root string // scheme://host:port
}

// Entity names as the URLs spell them.
const (
	EntityCompanies            = "Companies"
	EntityContracts            = "Contracts"
	EntityContractServices     = "ContractServices"
	EntityContractServiceUnits = "ContractServiceUnits"
	EntityServices             = "Services"
)

// New builds a server holding a copy of data.
func New(data *Dataset, opts Options) *Server {
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = DemoCredentials()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Threshold <= 0 {
		opts.Threshold = 10000
	}
	if opts.ThreadLimit == 0 {
		opts.ThreadLimit = 3
	}
	if data == nil {
		data = &Dataset{}
	}
	s := &Server{opts: opts, zone: 5, tables: map[string]*table{}}
	s.usage.now = opts.Now
	add := func(name string, sample any) *table {
		t := newTable(name, sample)
		s.tables[strings.ToLower(name)] = t
		return t
	}
	companies := add(EntityCompanies, &Company{})
	contracts := add(EntityContracts, &Contract{})
	services := add(EntityContractServices, &ContractService{})
	units := add(EntityContractServiceUnits, &ContractServiceUnit{})
	catalog := add(EntityServices, &Service{})
	for _, c := range data.Companies {
		companies.put(c.ID, &c)
	}
	for _, c := range data.Contracts {
		contracts.put(c.ID, &c)
	}
	for _, c := range data.ContractServices {
		services.put(c.ID, &c)
	}
	for _, u := range data.Units {
		units.put(u.ID, &u)
	}
	for _, sv := range data.Services {
		catalog.put(sv.ID, &sv)
	}
	s.mux = http.NewServeMux()
	s.routes(s.mux)
	return s
}

// routes registers every endpoint, on lower-cased paths below the zone's root (Autotask's
// paths are case-insensitive: /V1.0/Companies and /v1.0/companies are the same). One line
// per endpoint: the write side adds its own here.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /v1.0/zoneinformation", s.zoneInformation)
	mux.HandleFunc("GET /v1.0/thresholdinformation", s.thresholdInformation)
	mux.HandleFunc("POST /v1.0/{entity}/query", s.query)
	mux.HandleFunc("GET /v1.0/{entity}/query", s.query)
	mux.HandleFunc("GET /v1.0/{entity}/query/next", s.queryNext)
	mux.HandleFunc("GET /v1.0/{entity}/{id}", s.one)
	mux.HandleFunc("GET /v1.0/{entity}/entityinformation/fields", s.entityFields)
	mux.HandleFunc("POST /v1.0/contractserviceadjustments", s.adjust)
	mux.HandleFunc("POST /v1.0/contracts/{id}/serviceadjustments", s.adjust)
	mux.HandleFunc("PATCH /v1.0/services", s.patchService)
	mux.HandleFunc("PATCH /v1.0/contractservices", s.patchContractService)
}

// Start serves the API on a fresh loopback port and returns the zone-lookup root (the
// connector's base URL), e.g. http://127.0.0.1:port/atservicesrest.
func (s *Server) Start() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("autotask sim: listen: %w", err)
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.root = "http://" + ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	return s.BaseURL(), nil
}

// BaseURL is the zone-lookup root Start returned ("" before Start).
func (s *Server) BaseURL() string {
	if s.root == "" {
		return ""
	}
	return s.root + PathPrefix
}

// ZoneURL is the url ZoneInformation answers now: the same server under the zone's own
// path (as webservices5.autotask.net/ATServicesRest/ is another host than the root), with
// Autotask's trailing slash.
func (s *Server) ZoneURL() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.root + s.zonePath() + "/"
}

// zoneURLFor is the zone's url as the client reached the server (its Host header), so a
// test proxy in front of the simulator stays in the path of every later call.
func (s *Server) zoneURLFor(r *http.Request) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return "http://" + r.Host + s.zonePath() + "/"
}

func (s *Server) zonePath() string { return fmt.Sprintf("/zone%d/ATServicesRest", s.zone) }

// MoveZone moves the database to another zone, as Autotask does when it rebalances: the
// old zone's url answers 404 from now on, and ZoneInformation names the new one.
func (s *Server) MoveZone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zone++
}

// SetUserState activates, deactivates or locks the API user.
func (s *Server) SetUserState(u UserState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user = u
}

// Close stops a started server at once, closing open connections.
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

// MaxInFlight is the most requests that were in flight at once, over all endpoints.
func (s *Server) MaxInFlight() int { return s.inflight.maxTotal() }

// Handler serves the zone-lookup root and the zone.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// apiError is Autotask's error body.
type apiError struct {
	Errors []string `json:"errors"`
}

func writeError(w http.ResponseWriter, status int, msgs ...string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(apiError{Errors: msgs})
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "Could not render the answer.")
		return
	}
	writeBody(w, b)
}

func writeBody(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	uri := s.requests.Count(r)
	s.mu.RLock()
	zonePath := strings.ToLower(s.zonePath())
	s.mu.RUnlock()
	lower := strings.ToLower(r.URL.Path)
	var rest string
	switch {
	case strings.HasPrefix(lower, strings.ToLower(PathPrefix)+"/v1.0/zoneinformation"):
		rest = strings.TrimPrefix(lower, strings.ToLower(PathPrefix))
	case strings.HasPrefix(lower, zonePath+"/"):
		rest = strings.TrimPrefix(lower, zonePath)
	}
	zoneLookup := rest == "/v1.0/zoneinformation"
	if rest != "" && !zoneLookup {
		// A request is in flight from its arrival until its answer starts, latency included.
		// ZoneInformation is outside the thread limit and the threshold. The count ends when
		// the answer is first written, not when the handler returns: a large answer reaches
		// the client before the handler's deferred calls run, and the client's next request
		// would otherwise be counted beside this finished one.
		endpoint := endpointOf(rest)
		enterRelease, ok := s.inflight.enter(endpoint, s.opts.ThreadLimit)
		release := sync.OnceFunc(enterRelease)
		defer release()
		w = answerStarts{ResponseWriter: w, started: release}
		if !ok {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, fmt.Sprintf("Thread limit exceeded: at most %d requests may be in flight on %s per integration.", s.opts.ThreadLimit, endpoint))
			return
		}
	}
	if !sim.Delay(r.Context(), s.opts.Latency) {
		return
	}
	switch {
	case rest != "":
	case strings.HasPrefix(lower, "/zone"):
		writeError(w, http.StatusNotFound, "The database is not hosted in this zone: look up its zone with ZoneInformation.")
		return
	default:
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s was not found: the API lives in the database's zone (see ZoneInformation).", r.URL.Path))
		return
	}
	if f, ok := s.faults.Take(uri); ok {
		s.writeFault(w, f)
		return
	}
	if !zoneLookup {
		if !s.authorized(w, r) {
			return
		}
		used := s.usage.add()
		if used > s.opts.Threshold {
			w.Header().Set("Retry-After", "60")
			writeError(w, http.StatusTooManyRequests, fmt.Sprintf("The request threshold of %d requests per hour was exceeded for this database: requests are refused until usage drops.", s.opts.Threshold))
			return
		}
		if d := s.throttle(used); d > 0 && !sim.Delay(r.Context(), d) {
			return
		}
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = rest
	r2.URL.RawPath = ""
	s.mux.ServeHTTP(notFoundJSON{w}, r2)
}

// notFoundJSON answers the mux's own 404 and 405 with Autotask's error body.
type notFoundJSON struct{ http.ResponseWriter }

func (n notFoundJSON) WriteHeader(status int) {
	if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
		n.ResponseWriter.Header().Set("Content-Type", "application/json; charset=utf-8")
		n.ResponseWriter.WriteHeader(status)
		_, _ = n.ResponseWriter.Write([]byte(`{"errors":["The requested resource does not exist."]}` + "\n"))
		return
	}
	n.ResponseWriter.WriteHeader(status)
}

func (n notFoundJSON) Write(b []byte) (int, error) {
	if strings.HasPrefix(string(b), "404 page not found") || strings.HasPrefix(string(b), "Method Not Allowed") {
		return len(b), nil // the mux's plain-text body, replaced above
	}
	return n.ResponseWriter.Write(b)
}

// endpointOf is the endpoint a path counts against for the thread limit: its entity.
func endpointOf(rest string) string {
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	if len(parts) >= 2 {
		return parts[1]
	}
	return rest
}

func (s *Server) throttle(used int) time.Duration {
	switch pct := used * 100 / s.opts.Threshold; {
	case s.opts.Throttle <= 0:
		return 0
	case pct >= 75:
		return s.opts.Throttle
	case pct >= 50:
		return s.opts.Throttle / 2
	}
	return 0
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
		writeError(w, status, "Rate limit exceeded: retry later.")
	case status == http.StatusUnauthorized:
		w.WriteHeader(status)
	case status == http.StatusForbidden:
		writeError(w, status, "The logged in user does not have permission to access this resource.")
	case status >= 500:
		writeError(w, status, "An unexpected error occurred on the server.")
	case status >= 400:
		writeError(w, status, "The request is invalid.")
	default:
		writeBody(w, []byte(`{"items":[],"pageDetails":{"count":0,"requestCount":500,"prevPageUrl":null,"nextPageUrl":null}}`))
	}
}

// authorized checks the three authentication headers. Wrong ones get a bare 401, as
// Autotask answers; an inactive or locked API user gets a 401 that says so.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	want := s.opts.Credentials
	if !strings.EqualFold(r.Header.Get("UserName"), want.UserName) || r.Header.Get("Secret") != want.Secret ||
		r.Header.Get("ApiIntegrationCode") != want.IntegrationCode {
		w.WriteHeader(http.StatusUnauthorized)
		return false
	}
	s.mu.RLock()
	state := s.user
	s.mu.RUnlock()
	switch state {
	case UserInactive:
		writeError(w, http.StatusUnauthorized, "User account is inactive.")
		return false
	case UserLocked:
		writeError(w, http.StatusUnauthorized, "User account is locked.")
		return false
	}
	return true
}

// zoneInformation answers the zone of a user name, without authentication.
func (s *Server) zoneInformation(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	if user == "" {
		writeError(w, http.StatusBadRequest, "The user parameter is required.")
		return
	}
	if !strings.EqualFold(user, s.opts.Credentials.UserName) {
		writeError(w, http.StatusInternalServerError, "Zone information could not be determined for this user.")
		return
	}
	s.mu.RLock()
	zone := s.zone
	s.mu.RUnlock()
	writeJSON(w, map[string]any{
		"zoneName": fmt.Sprintf("America West %d", zone),
		"url":      s.zoneURLFor(r),
		"webUrl":   fmt.Sprintf("http://%s/zone%d/", r.Host, zone),
		"ci":       zone * 10,
	})
}

func (s *Server) thresholdInformation(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"externalRequestThreshold":     s.opts.Threshold,
		"requestThresholdTimeframe":    60,
		"currentTimeframeRequestCount": s.usage.count(),
	})
}

// table finds an entity's table by its name in the URL.
func (s *Server) table(name string) *table { return s.tables[strings.ToLower(name)] }

// answerStarts calls started before the first byte of the answer is written.
type answerStarts struct {
	http.ResponseWriter
	started func()
}

func (a answerStarts) WriteHeader(code int) {
	a.started()
	a.ResponseWriter.WriteHeader(code)
}

func (a answerStarts) Write(b []byte) (int, error) {
	a.started()
	return a.ResponseWriter.Write(b)
}

// Unwrap gives the server's own writer to what needs it (dropConnection hijacks it).
func (a answerStarts) Unwrap() http.ResponseWriter { return a.ResponseWriter }
