// Package microsoft simulates the Microsoft Partner Center REST API
// (https://api.partnercenter.microsoft.com) and the Microsoft Entra token endpoint the
// Secure Application Model redeems refresh tokens at, over real HTTP, for tests and the
// demo workspace. It follows the public documentation on learn.microsoft.com:
//   - POST /{tenant}/oauth2/v2.0/token with grant_type=refresh_token, client_id,
//     client_secret, refresh_token and scope; every redemption rotates the refresh token,
//     and a refresh token that was replaced is refused with 400 invalid_grant, as Entra
//     refuses a revoked or superseded one;
//   - GET /v1/customers?size=N, then GET /v1/customers?size=N&seekOperation=Next with the
//     previous page's continuationToken in the MS-ContinuationToken header;
//   - GET /v1/customers/{id}/subscriptions with the new-commerce (NCE) fields;
//   - 429 with Retry-After when throttled (ThrottleNext), and a status value the docs never
//     listed (enum drift) in the demo data.
package microsoft

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Credentials are the Entra app and the refresh token the simulator accepts at first.
type Credentials struct {
	AppID        string
	AppSecret    string
	RefreshToken string
}

// DemoCredentials are the credentials of the demo workspace's simulated partner tenant.
func DemoCredentials() Credentials {
	return Credentials{AppID: "trueup-demo-ms-app", AppSecret: "trueup-demo-ms-secret", RefreshToken: "trueup-demo-ms-refresh-0"}
}

// DemoTenantID is the partner's Entra tenant of the demo workspace.
const DemoTenantID = "c0ffee00-0000-4000-8000-000000000001"

// Options tune a Server. Zero values take the defaults noted.
type Options struct {
	Credentials Credentials // default DemoCredentials()
	// PageSize is the largest customers page served whatever size asks; default 40 (the
	// chunk the Partner Center SDK reads).
	PageSize int
	TokenTTL time.Duration // default one hour
}

// Server is one simulated partner tenant. It is safe for concurrent use.
type Server struct {
	opts Options

	mu        sync.Mutex
	data      Dataset
	refresh   string               // the one refresh token that works now
	retired   map[string]bool      // refresh tokens already redeemed (refused from now on)
	access    map[string]time.Time // access token -> expiry
	throttle  int                  // the next requests answered 429
	retryIn   int                  // their Retry-After in seconds
	requests  int
	missingID int            // API requests that came without MS-RequestId or MS-CorrelationId
	broken    map[string]int // customer ID -> the status its subscriptions list answers
	requestID map[string]int // MS-RequestId -> how many requests carried it
}

// New builds a server over a copy of data.
func New(data Dataset, opts Options) *Server {
	if opts.Credentials == (Credentials{}) {
		opts.Credentials = DemoCredentials()
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 40
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = time.Hour
	}
	return &Server{opts: opts, data: data.clone(), refresh: opts.Credentials.RefreshToken,
		retired: map[string]bool{}, access: map[string]time.Time{}, broken: map[string]int{}, requestID: map[string]int{}}
}

// RefreshToken is the refresh token the simulator accepts now (the one it last issued).
func (s *Server) RefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh
}

// ThrottleNext answers the next n API requests with 429 and Retry-After: seconds.
func (s *Server) ThrottleNext(n, seconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttle, s.retryIn = n, seconds
}

// BreakSubscriptions makes the subscriptions list of customer id answer status (0: heal it).
func (s *Server) BreakSubscriptions(id string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if status == 0 {
		delete(s.broken, id)
		return
	}
	s.broken[id] = status
}

// RequestIDUses is how many API requests carried MS-RequestId id (retries of one call
// carry the same one).
func (s *Server) RequestIDUses(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestID[id]
}

// RequestIDs lists every MS-RequestId the server saw.
func (s *Server) RequestIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.requestID))
	for id := range s.requestID {
		out = append(out, id)
	}
	return out
}

// Requests is how many requests the server answered (token requests included).
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// MissingIDs is how many API requests came without MS-RequestId or MS-CorrelationId.
func (s *Server) MissingIDs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.missingID
}

// Snapshot is a copy of the data the server holds now.
func (s *Server) Snapshot() Dataset {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.clone()
}

// SetQuantity changes a subscription's seat count, as a partner does in Partner Center.
func (s *Server) SetQuantity(id string, q int) error {
	return s.update(id, func(sub *Subscription) { sub.Quantity = q })
}

// SetStatus gives a subscription a status, documented or not.
func (s *Server) SetStatus(id, status string) error {
	return s.update(id, func(sub *Subscription) { sub.Status = status })
}

// DeleteSubscription removes a subscription from the customer's list.
func (s *Server) DeleteSubscription(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sub := range s.data.Subscriptions {
		if sub.ID == id {
			s.data.Subscriptions = slices.Delete(s.data.Subscriptions, i, i+1)
			return nil
		}
	}
	return fmt.Errorf("no subscription %q", id)
}

func (s *Server) update(id string, f func(*Subscription)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.data.Subscriptions {
		if s.data.Subscriptions[i].ID == id {
			f(&s.data.Subscriptions[i])
			return nil
		}
	}
	return fmt.Errorf("no subscription %q", id)
}

// ServeHTTP routes the token endpoint and the Partner Center API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
	switch {
	case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
		s.token(w, r)
	case strings.HasPrefix(r.URL.Path, "/v1/"):
		s.api(w, r)
	default:
		writeJSON(w, http.StatusNotFound, apiError{Code: 404, Description: "Resource not found"})
	}
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		writeJSON(w, http.StatusBadRequest, entraError{"invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'."})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	creds := s.opts.Credentials
	switch {
	case r.PostForm.Get("grant_type") != "refresh_token":
		writeJSON(w, http.StatusBadRequest, entraError{"unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type."})
	case r.PostForm.Get("client_id") != creds.AppID:
		writeJSON(w, http.StatusBadRequest, entraError{"unauthorized_client", "AADSTS700016: Application was not found in the directory."})
	case r.PostForm.Get("client_secret") != creds.AppSecret:
		writeJSON(w, http.StatusUnauthorized, entraError{"invalid_client", "AADSTS7000215: Invalid client secret provided."})
	case r.PostForm.Get("refresh_token") == "" || r.PostForm.Get("refresh_token") != s.refresh:
		desc := "AADSTS9002313: Invalid request. The refresh token is malformed or not valid."
		if s.retired[r.PostForm.Get("refresh_token")] {
			desc = "AADSTS70008: The provided authorization code or refresh token has expired or was revoked."
		}
		writeJSON(w, http.StatusBadRequest, entraError{"invalid_grant", desc})
	default:
		s.retired[s.refresh] = true
		s.refresh = "rt-" + randomHex(16)
		tok := "at-" + randomHex(16)
		s.access[tok] = time.Now().Add(s.opts.TokenTTL)
		writeJSON(w, http.StatusOK, map[string]any{
			"token_type": "Bearer", "scope": "https://api.partnercenter.microsoft.com/user_impersonation",
			"expires_in": int(s.opts.TokenTTL / time.Second), "access_token": tok, "refresh_token": s.refresh,
		})
	}
}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("MS-RequestId") == "" || r.Header.Get("MS-CorrelationId") == "" {
		s.missingID++
	}
	s.requestID[r.Header.Get("MS-RequestId")]++
	if s.throttle > 0 {
		s.throttle--
		w.Header().Set("Retry-After", strconv.Itoa(s.retryIn))
		writeJSON(w, http.StatusTooManyRequests, apiError{Code: 429, Description: "Rate limit is exceeded."})
		return
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if exp, known := s.access[tok]; !ok || !known || time.Now().After(exp) {
		writeJSON(w, http.StatusUnauthorized, apiError{Code: 401, Description: "Authorization failed: the access token is missing, invalid or expired."})
		return
	}
	if r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, apiError{Code: 405, Description: "Method not allowed"})
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 2 && parts[1] == "customers":
		s.customers(w, r)
	case len(parts) == 4 && parts[1] == "customers" && parts[3] == "subscriptions":
		s.subscriptions(w, parts[2])
	default:
		writeJSON(w, http.StatusNotFound, apiError{Code: 404, Description: "Resource not found"})
	}
}

// customers serves one page. The continuation token is opaque to clients; here it is the
// offset of the next page, and a token this server never issued is refused with 400.
func (s *Server) customers(w http.ResponseWriter, r *http.Request) {
	size := s.opts.PageSize
	if v := r.URL.Query().Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeJSON(w, http.StatusBadRequest, apiError{Code: 400, Description: "size must be a positive number"})
			return
		}
		size = min(n, s.opts.PageSize)
	}
	from := 0
	if r.URL.Query().Get("seekOperation") == "Next" {
		ct := r.Header.Get("MS-ContinuationToken")
		n, err := strconv.Atoi(strings.TrimPrefix(ct, "ct-"))
		if !strings.HasPrefix(ct, "ct-") || err != nil || n <= 0 || n >= len(s.data.Customers) {
			writeJSON(w, http.StatusBadRequest, apiError{Code: 400, Description: "The continuation token is invalid or expired."})
			return
		}
		from = n
	}
	to := min(from+size, len(s.data.Customers))
	items := make([]map[string]any, 0, to-from)
	for _, c := range s.data.Customers[from:to] {
		items = append(items, map[string]any{
			"id": c.ID, "companyProfile": map[string]any{"tenantId": c.ID, "domain": c.Domain, "companyName": c.CompanyName},
			"relationshipToPartner": "reseller", "attributes": map[string]any{"objectType": "Customer"},
		})
	}
	page := map[string]any{"totalCount": len(items), "items": items, "attributes": map[string]any{"objectType": "Collection"}}
	if to < len(s.data.Customers) {
		ct := "ct-" + strconv.Itoa(to)
		page["continuationToken"] = ct
		page["links"] = map[string]any{"next": map[string]any{
			"uri": "/customers?size=" + strconv.Itoa(size) + "&seekOperation=Next", "method": "GET",
			"headers": []map[string]string{{"key": "MS-ContinuationToken", "value": ct}},
		}}
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) subscriptions(w http.ResponseWriter, customerID string) {
	if status, ok := s.broken[customerID]; ok {
		writeJSON(w, status, apiError{Code: status, Description: "The subscriptions of this customer cannot be read now."})
		return
	}
	if !slices.ContainsFunc(s.data.Customers, func(c Customer) bool { return c.ID == customerID }) {
		writeJSON(w, http.StatusNotFound, apiError{Code: 600001, Description: "Customer not found."})
		return
	}
	items := []Subscription{}
	for _, sub := range s.data.Subscriptions {
		if sub.CustomerID == customerID {
			items = append(items, sub)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"totalCount": len(items), "items": items, "attributes": map[string]any{"objectType": "Collection"}})
}

type apiError struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

type entraError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
