package pax8

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging, as documented for every list endpoint: `page` is a number, default 0; `size` is a
// number, default 10, minimum 1, maximum 200. The docs give the bounds in the schema but do
// not say what happens outside them; this simulator reads them as validation rules and
// answers 400 with the error envelope (type INVALID_PARAM) for size < 1, size > 200, a
// negative page or a value that is not a whole number. A page past the end is not an error:
// it answers an empty content array with the real totals. totalPages = ceil(total/size).
const (
	defaultPageSize = 10
	maxPageSize     = 200
)

var (
	companyStatuses      = []string{"Active", "Inactive", "Deleted"}
	subscriptionStatuses = []string{"Active", "Cancelled", "PendingManual", "PendingAutomated", "PendingCancel", "WaitingForDetails", "Trial", "Converted", "PendingActivation", "Activated"}
	billingTerms         = []string{"Monthly", "Annual", "2-Year", "3-Year", "One-Time", "Trial", "Activation"}
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/token", s.handleToken)
	mux.Handle("GET /v1/companies", s.auth(s.listCompanies))
	mux.Handle("GET /v1/companies/{id}", s.auth(s.getCompany))
	mux.Handle("GET /v1/subscriptions", s.auth(s.listSubscriptions))
	mux.Handle("GET /v1/subscriptions/{id}", s.auth(s.getSubscription))
	mux.Handle("GET /v1/products", s.auth(s.listProducts))
	mux.Handle("GET /v1/products/{id}", s.auth(s.getProduct))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "No endpoint "+r.Method+" "+r.URL.Path)
	})
	return s.serve(mux)
}

// apiError is the documented error envelope.
type apiError struct {
	Type     string        `json:"type"`
	Message  string        `json:"message"`
	Instance string        `json:"instance"`
	Status   int           `json:"status"`
	Details  []errorDetail `json:"details"`
}

type errorDetail struct {
	Type    string `json:"type,omitempty"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, r *http.Request, status int, typ, msg string, details ...errorDetail) {
	if details == nil {
		details = []errorDetail{}
	}
	writeJSON(w, status, apiError{Type: typ, Message: msg, Instance: r.URL.Path, Status: status, Details: details})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"type":"INTERNAL_SERVER_ERROR","message":"encode failed","status":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// --- token ---

type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Audience     string `json:"audience"`
	GrantType    string `json:"grant_type"`
}

// tokenError is the documented shape of token failures (the token endpoint is an OAuth
// server, not a Partner API resource): {"error":"access_denied","error_description":"Unauthorized"}.
type tokenError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			writeJSON(w, http.StatusBadRequest, tokenError{"invalid_request", "the form body could not be read"})
			return
		}
		req = tokenRequest{r.PostForm.Get("client_id"), r.PostForm.Get("client_secret"), r.PostForm.Get("audience"), r.PostForm.Get("grant_type")}
	} else {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil || json.Unmarshal(body, &req) != nil {
			writeJSON(w, http.StatusBadRequest, tokenError{"invalid_request", "the body must be a JSON object with client_id, client_secret, audience and grant_type"})
			return
		}
	}
	switch {
	case req.GrantType != "client_credentials":
		writeJSON(w, http.StatusBadRequest, tokenError{"unsupported_grant_type", "Unsupported grant type: " + req.GrantType})
		return
	case req.Audience != "https://api.pax8.com":
		writeJSON(w, http.StatusBadRequest, tokenError{"invalid_request", "The audience must be https://api.pax8.com for the partner endpoints"})
		return
	case req.ClientID != s.opts.Credentials.ClientID || req.ClientSecret != s.opts.Credentials.ClientSecret:
		writeJSON(w, http.StatusUnauthorized, tokenError{"access_denied", "Unauthorized"})
		return
	}
	tok, err := newToken()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, tokenError{"server_error", "token generation failed"})
		return
	}
	s.mu.Lock()
	s.tokens[tok] = s.now().Add(s.opts.TokenTTL)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"expires_in":   int64(s.opts.TokenTTL / time.Second),
		"token_type":   "Bearer",
	})
}

func newToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "sim-pax8." + hex.EncodeToString(b), nil
}

// auth requires a live bearer token.
func (s *Server) auth(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
			writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "No valid access token provided: send Authorization: Bearer <access_token>")
			return
		}
		s.mu.Lock()
		exp, known := s.tokens[tok]
		expired := known && !s.now().Before(exp)
		if expired {
			delete(s.tokens, tok)
		}
		s.mu.Unlock()
		if !known || expired {
			writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "The access token is invalid or has expired")
			return
		}
		h(w, r)
	})
}

// --- paging ---

type pageMeta struct {
	Size          int `json:"size"`
	TotalElements int `json:"totalElements"`
	TotalPages    int `json:"totalPages"`
	Number        int `json:"number"`
}

type pageBody[T any] struct {
	Content []T      `json:"content"`
	Page    pageMeta `json:"page"`
}

func wholeParam(r *http.Request, name string, def int) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || math.IsInf(f, 0) || f > math.MaxInt32 || f < math.MinInt32 {
		return 0, fmt.Errorf("%s must be a whole number, got %q", name, v)
	}
	return int(f), nil
}

func pageParams(r *http.Request) (page, size int, err error) {
	if page, err = wholeParam(r, "page", 0); err != nil {
		return 0, 0, err
	}
	if size, err = wholeParam(r, "size", defaultPageSize); err != nil {
		return 0, 0, err
	}
	if page < 0 {
		return 0, 0, fmt.Errorf("page must be 0 or more, got %d", page)
	}
	if size < 1 || size > maxPageSize {
		return 0, 0, fmt.Errorf("size must be between 1 and %d, got %d", maxPageSize, size)
	}
	return page, size, nil
}

func writePage[T any](w http.ResponseWriter, r *http.Request, all []T) {
	page, size, err := pageParams(r)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "INVALID_PARAM", err.Error())
		return
	}
	total := len(all)
	out := pageBody[T]{Content: []T{}, Page: pageMeta{Size: size, TotalElements: total, TotalPages: (total + size - 1) / size, Number: page}}
	if from := page * size; from < total {
		out.Content = all[from:min(from+size, total)]
	}
	writeJSON(w, http.StatusOK, out)
}

func enumParam(r *http.Request, name string, allowed []string) (string, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return "", nil
	}
	for _, a := range allowed {
		if strings.EqualFold(a, v) {
			return a, nil
		}
	}
	return "", fmt.Errorf("%s must be one of %s, got %q", name, strings.Join(allowed, ", "), v)
}

// sortParam parses "field" or "field,asc|desc" against the allowed fields.
func sortParam(r *http.Request, allowed []string) (field string, desc bool, err error) {
	v := r.URL.Query().Get("sort")
	if v == "" {
		return "", false, nil
	}
	f, dir, _ := strings.Cut(v, ",")
	f = strings.TrimSpace(f)
	switch strings.ToLower(strings.TrimSpace(dir)) {
	case "", "asc":
	case "desc":
		desc = true
	default:
		return "", false, fmt.Errorf("sort direction must be asc or desc, got %q", dir)
	}
	if !slices.Contains(allowed, f) {
		return "", false, fmt.Errorf("sort must be one of %s (optionally followed by ,asc or ,desc), got %q", strings.Join(allowed, ", "), v)
	}
	return f, desc, nil
}

func badParam(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, http.StatusBadRequest, "INVALID_PARAM", err.Error())
}

// --- companies ---

func (s *Server) listCompanies(w http.ResponseWriter, r *http.Request) {
	status, err := enumParam(r, "status", companyStatuses)
	if err != nil {
		badParam(w, r, err)
		return
	}
	field, desc, err := sortParam(r, []string{"name", "city", "country", "stateOrProvince", "postalCode"})
	if err != nil {
		badParam(w, r, err)
		return
	}
	q := r.URL.Query()
	boolFilter := func(name string) (*bool, error) {
		v := q.Get(name)
		if v == "" {
			return nil, nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("%s must be true or false, got %q", name, v)
		}
		return &b, nil
	}
	var bools [3]*bool
	for i, name := range []string{"selfServiceAllowed", "billOnBehalfOfEnabled", "orderApprovalRequired"} {
		if bools[i], err = boolFilter(name); err != nil {
			badParam(w, r, err)
			return
		}
	}
	s.mu.Lock()
	var out []Company
	for _, c := range s.data.Companies {
		switch {
		case status != "" && c.Status != status,
			q.Get("city") != "" && !strings.EqualFold(c.Address.City, q.Get("city")),
			q.Get("country") != "" && !strings.EqualFold(c.Address.Country, q.Get("country")),
			q.Get("stateOrProvince") != "" && !strings.EqualFold(c.Address.StateOrProvince, q.Get("stateOrProvince")),
			q.Get("postalCode") != "" && c.Address.PostalCode != q.Get("postalCode"),
			bools[0] != nil && c.SelfServiceAllowed != *bools[0],
			bools[1] != nil && c.BillOnBehalfOfEnabled != *bools[1],
			bools[2] != nil && c.OrderApprovalRequired != *bools[2]:
			continue
		}
		out = append(out, c)
	}
	s.mu.Unlock()
	if field != "" {
		key := func(c Company) string {
			switch field {
			case "city":
				return c.Address.City
			case "country":
				return c.Address.Country
			case "stateOrProvince":
				return c.Address.StateOrProvince
			case "postalCode":
				return c.Address.PostalCode
			}
			return c.Name
		}
		slices.SortStableFunc(out, func(a, b Company) int { return direction(desc, strings.Compare(key(a), key(b))) })
	}
	writePage(w, r, out)
}

func (s *Server) getCompany(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	i := slices.IndexFunc(s.data.Companies, func(c Company) bool { return c.ID == id })
	var c Company
	if i >= 0 {
		c = s.data.Companies[i]
	}
	s.mu.Unlock()
	if i < 0 {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Company not found: "+id)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// --- subscriptions ---

func (s *Server) listSubscriptions(w http.ResponseWriter, r *http.Request) {
	status, err := enumParam(r, "status", subscriptionStatuses)
	if err != nil {
		badParam(w, r, err)
		return
	}
	term, err := enumParam(r, "billingTerm", billingTerms)
	if err != nil {
		badParam(w, r, err)
		return
	}
	field, desc, err := sortParam(r, []string{"quantity", "startDate", "endDate", "createdDate", "billingStart", "price"})
	if err != nil {
		badParam(w, r, err)
		return
	}
	companyID, productID := r.URL.Query().Get("companyId"), r.URL.Query().Get("productId")
	s.mu.Lock()
	var out []Subscription
	for _, sub := range s.data.Subscriptions {
		switch {
		case status != "" && sub.Status != status,
			term != "" && sub.BillingTerm != term,
			companyID != "" && sub.CompanyID != companyID,
			productID != "" && sub.ProductID != productID:
			continue
		}
		out = append(out, sub)
	}
	s.mu.Unlock()
	if field != "" {
		slices.SortStableFunc(out, func(a, b Subscription) int {
			var c int
			switch field {
			case "quantity":
				c = cmp.Compare(a.Quantity, b.Quantity)
			case "price":
				c = cmp.Compare(a.Price, b.Price)
			case "startDate":
				c = a.StartDate.Compare(b.StartDate)
			case "endDate":
				c = a.EndDate.Compare(b.EndDate)
			case "createdDate":
				c = a.CreatedDate.Compare(b.CreatedDate)
			case "billingStart":
				c = a.BillingStart.Compare(b.BillingStart)
			}
			return direction(desc, c)
		})
	}
	writePage(w, r, out)
}

func (s *Server) getSubscription(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	i := slices.IndexFunc(s.data.Subscriptions, func(x Subscription) bool { return x.ID == id })
	var sub Subscription
	if i >= 0 {
		sub = s.data.Subscriptions[i]
	}
	s.mu.Unlock()
	if i < 0 {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Subscription not found: "+id)
		return
	}
	writeJSON(w, http.StatusOK, sub)
}

// --- products ---

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request) {
	field, desc, err := sortParam(r, []string{"name", "vendor"})
	if err != nil {
		badParam(w, r, err)
		return
	}
	vendor := r.URL.Query().Get("vendorName")
	search := strings.ToLower(r.URL.Query().Get("search"))
	s.mu.Lock()
	var out []Product
	for _, p := range s.data.Products {
		if vendor != "" && !strings.EqualFold(p.VendorName, vendor) {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(p.Name+"\x00"+p.VendorName+"\x00"+p.SKU+"\x00"+p.ID), search) {
			continue
		}
		out = append(out, p)
	}
	s.mu.Unlock()
	if field != "" {
		slices.SortStableFunc(out, func(a, b Product) int {
			if field == "vendor" {
				return direction(desc, strings.Compare(a.VendorName, b.VendorName))
			}
			return direction(desc, strings.Compare(a.Name, b.Name))
		})
	}
	writePage(w, r, out)
}

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	i := slices.IndexFunc(s.data.Products, func(p Product) bool { return p.ID == id })
	var p Product
	if i >= 0 {
		p = s.data.Products[i]
	}
	s.mu.Unlock()
	if i < 0 {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "Product not found: "+id)
		return
	}
	writeJSON(w, http.StatusOK, p.wire(true))
}

func direction(desc bool, c int) int {
	if desc {
		return -c
	}
	return c
}
