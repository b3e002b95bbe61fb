// Package halopsa simulates the parts of the HaloPSA REST API that TrueUp reads, over real
// HTTP for tests and the demo workspace. It follows the public documentation:
//   - authentication: OAuth 2 client credentials at POST {instance}/auth/token?tenant=...
//     (form body grant_type=client_credentials, client_id, client_secret, scope=all),
//     answered with {access_token, token_type:"Bearer", expires_in}; a wrong tenant or
//     client is refused with 401 and an OAuth error body {error, error_description};
//     every API call under {instance}/api carries "Authorization: Bearer <token>" and is
//     answered 401 without a valid one (Halo's guides usehalo.com/halopsa/guides/1823 and
//     halopsa.com/guides/article/?kbid=1737; n8n's HaloPSA credential docs;
//     homotechsual/HaloAPI Connect-HaloAPI.ps1);
//   - GET /api/Client, /api/ClientContract, /api/RecurringInvoice (filters client_id,
//     contract_id, includelines), /api/RecurringInvoice/{id}?includedetails=true and
//     /api/Item, with the query parameters of the Halo API v2 swagger (mirrored in
//     covenanttechnologysolutions/halopsa-rest): paging pageinate=true&page_size=&page_no=
//     with pages from 1, and list answers {record_count, <entity>:[...]} where the entity
//     key is clients, contracts, invoices or items (homotechsual/HaloAPI
//     New-HaloGETRequest.ps1 reads record_count and the ResourceType key); inactive clients,
//     contracts and items are listed only with includeinactive=true;
//   - 429 answers with Retry-After on demand (faults), which HaloAPI retries with backoff.
//
// Paths are matched without regard to case, as Halo's IIS-hosted API does. Faults (429,
// 5xx, broken bodies) can be injected, and mutations change records as an agent would in
// Halo's web app.
package halopsa

import (
	"crypto/rand"
	"encoding/hex"
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

// PathPrefix is where the resource API lives under the instance root.
const PathPrefix = "/api"

// TokenPath is the authorisation server's token endpoint under the instance root.
const TokenPath = "/auth/token"

// Credentials are what an API application must present.
type Credentials struct {
	Tenant       string // the hosted instance's tenant name; "" for an instance that needs none
	ClientID     string
	ClientSecret string
}

// DemoCredentials are the demo workspace's credentials (the simulator's default).
func DemoCredentials() Credentials {
	return Credentials{Tenant: "trueupdemo", ClientID: "5b1f7e0c-trueup-demo-halo", ClientSecret: "trueup-demo-halo-secret-0001"}
}

// Options tune a Server. Zero values take the defaults noted.
type Options struct {
	Credentials Credentials   // default DemoCredentials()
	Latency     time.Duration // added to every request
	TokenTTL    time.Duration // expires_in of issued tokens; default 3600 s
	Now         func() time.Time
	// MaxPageSize caps page_size silently, as a server may (Halo documents no maximum);
	// 0: no cap.
	MaxPageSize int
}

// Fault makes matching requests fail (see sim.Fault); Status 0 means 500, and a 2xx
// status with Body serves Body as if it were the real answer (for broken-JSON tests).
type Fault = sim.Fault

// Server is one simulated Halo instance. It is safe for concurrent use.
type Server struct {
	opts Options

	mu     sync.Mutex
	data   *Dataset
	tokens map[string]time.Time // access token -> expiry
	// issued counts the tokens handed out (tests check the client caches them).
	issued int

	faults   sim.Faults
	requests sim.Requests
	writes   writeState // write.go, writelog.go

	srvMu   sync.Mutex
	httpSrv *http.Server
	baseURL string
}

// New builds a server over a copy of data.
func New(data *Dataset, opts Options) *Server {
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = DemoCredentials()
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{opts: opts, data: data.Clone(), tokens: map[string]time.Time{}}
}

// Handler serves the instance: the token endpoint and the API.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// Start serves on 127.0.0.1 at a free port and returns the instance root
// (http://127.0.0.1:port, the base URL an integration is configured with).
func (s *Server) Start() (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.httpSrv != nil {
		return s.baseURL, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("halopsa simulator: listen: %w", err)
	}
	s.httpSrv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	s.baseURL = "http://" + ln.Addr().String()
	go func(srv *http.Server) { _ = srv.Serve(ln) }(s.httpSrv)
	return s.baseURL, nil
}

// BaseURL is the instance root Start returned ("" before Start).
func (s *Server) BaseURL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.baseURL
}

// Close stops the HTTP server started by Start, closing open connections.
func (s *Server) Close() {
	s.srvMu.Lock()
	srv := s.httpSrv
	s.httpSrv = nil
	s.srvMu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// AddFault makes matching requests fail. Faults are checked in the order they were added.
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests is how many HTTP requests the server received.
func (s *Server) Requests() int64 { return s.requests.Total() }

// RequestsFor is how many requests had a path and query containing pathContains.
func (s *Server) RequestsFor(pathContains string) int64 { return s.requests.Matching(pathContains) }

// TokensIssued is how many access tokens the token endpoint handed out.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// RevokeTokens invalidates every access token issued so far (the next call gets a 401).
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// Snapshot returns a copy of the data as it is now.
func (s *Server) Snapshot() *Dataset {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.Clone()
}

func (s *Server) now() time.Time { return s.opts.Now() }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	uri := s.requests.Count(r)
	if !sim.Delay(r.Context(), s.opts.Latency) {
		return
	}
	if f, ok := s.faults.Take(uri); ok {
		writeFault(w, f)
		return
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	if strings.EqualFold(path, TokenPath) {
		s.handleToken(w, r)
		return
	}
	rest, ok := cutPrefixFold(path, PathPrefix)
	if !ok || (rest != "" && rest[0] != '/') {
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("%s is not a Halo path: the API lives under %s and the token endpoint at %s", r.URL.Path, PathPrefix, TokenPath))
		return
	}
	if !s.authorized(w, r) {
		return
	}
	s.route(w, r, strings.ToLower(rest))
}

// route dispatches an authorised API request; path is lower-case and below /api. Writes
// (POST /RecurringInvoice, POST /Item) add one case each here, above the 405 case that
// answers methods a known path does not take.
func (s *Server) route(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	get := r.Method == http.MethodGet
	switch {
	case get && path == "/client":
		s.listClients(w, r)
	case get && len(parts) == 2 && parts[0] == "client":
		s.getClient(w, parts[1])
	case get && path == "/clientcontract":
		s.listContracts(w, r)
	case get && path == "/recurringinvoice":
		s.listInvoices(w, r)
	case get && len(parts) == 2 && parts[0] == "recurringinvoice":
		s.getInvoice(w, r, parts[1])
	case get && path == "/item":
		s.listItems(w, r)
	case get && len(parts) == 2 && parts[0] == "item":
		s.getItem(w, parts[1])
	case r.Method == http.MethodPost && path == "/recurringinvoice":
		s.postInvoices(w, r)
	case r.Method == http.MethodPost && path == "/item":
		s.postItems(w, r)
	case !get && knownPath(path):
		writeMessage(w, http.StatusMethodNotAllowed, "The requested resource does not support http method '"+r.Method+"'.")
	default:
		writeMessage(w, http.StatusNotFound, "No HTTP resource was found that matches the request URI '"+r.URL.Path+"'.")
	}
}

func knownPath(path string) bool {
	switch strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)[0] {
	case "client", "clientcontract", "recurringinvoice", "item":
		return true
	}
	return false
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// --- answers ---

// writeMessage answers with the {"message": ...} body of Halo's ASP.NET API.
func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "could not render the answer", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeFault(w http.ResponseWriter, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Body != "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	msg := "An error has occurred."
	switch {
	case status == http.StatusTooManyRequests:
		msg = "Too many requests: slow down and retry after the number of seconds in Retry-After."
	case status == http.StatusUnauthorized:
		msg = "Authorization has been denied for this request."
	case status == http.StatusForbidden:
		msg = "You do not have permission to access this resource."
	case status == http.StatusNotFound:
		msg = "The requested resource was not found."
	case status >= 400 && status < 500:
		msg = "The request is invalid."
	}
	writeMessage(w, status, msg)
}

// --- authentication ---

// oauthError is the token endpoint's error body (RFC 6749 section 5.2).
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, oauthError{Error: "invalid_request", Description: "The token endpoint takes POST."})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Error: "invalid_request", Description: "The request body is not a form."})
		return
	}
	want := s.opts.Credentials
	switch {
	case r.PostForm.Get("grant_type") != "client_credentials":
		writeJSON(w, http.StatusBadRequest, oauthError{Error: "unsupported_grant_type", Description: "Use grant_type=client_credentials."})
		return
	case want.Tenant != "" && !strings.EqualFold(r.URL.Query().Get("tenant"), want.Tenant):
		writeJSON(w, http.StatusUnauthorized, oauthError{Error: "invalid_client", Description: "The tenant is not valid for this instance."})
		return
	case r.PostForm.Get("client_id") != want.ClientID || r.PostForm.Get("client_secret") != want.ClientSecret:
		writeJSON(w, http.StatusUnauthorized, oauthError{Error: "invalid_client", Description: "The client ID or secret is not valid."})
		return
	case !strings.Contains(" "+r.PostForm.Get("scope")+" ", " all "):
		writeJSON(w, http.StatusBadRequest, oauthError{Error: "invalid_scope", Description: "Ask for scope=all."})
		return
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		writeJSON(w, http.StatusInternalServerError, oauthError{Error: "server_error"})
		return
	}
	tok := hex.EncodeToString(b)
	s.mu.Lock()
	s.tokens[tok] = s.now().Add(s.opts.TokenTTL)
	s.issued++
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "token_type": "Bearer", "expires_in": int(s.opts.TokenTTL / time.Second), "scope": "all",
	})
}

// authorized checks the bearer token, answering 401 like Halo's API when it is missing,
// unknown or expired.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if ok {
		s.mu.Lock()
		exp, known := s.tokens[strings.TrimSpace(tok)]
		s.mu.Unlock()
		if known && s.now().Before(exp) {
			return true
		}
	}
	writeMessage(w, http.StatusUnauthorized, "Authorization has been denied for this request.")
	return false
}
