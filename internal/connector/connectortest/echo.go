package connectortest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/trueup/trueup/internal/connector"
)

// EchoServer is the most indiscreet API there is: every answer quotes the request back,
// headers, body, decoded Basic credentials and all, as gateways and proxies in front of
// real APIs do in their error pages. It listens on 127.0.0.1.
type EchoServer struct {
	URL string // scheme://host:port; the harness adds the API path

	mu          sync.Mutex
	answer      Answer
	issued      []string // access tokens handed out
	credentials []string // credential parts of every Authorization header seen, decoded too
	sent        []string // every body sent back
}

// Answer is how the echo server replies to every request.
type Answer struct {
	// Status of every answer that is not a token answer; the body echoes the request.
	Status int
	// Token, when set, answers every request that has a body (a token request) with
	// 200 and this token answer instead.
	Token *TokenAnswer
}

// TokenAnswer is an OAuth token answer; a fresh access token is issued with each.
type TokenAnswer struct {
	TokenType any
	ExpiresIn any
}

// Scenario is one hostile behaviour of the echo server.
type Scenario struct {
	Name   string
	Answer Answer
	// Retried is true when connectors retry the answer with backoff: tests that cannot
	// make waits instant (end-to-end ones) skip it.
	Retried bool
}

// EchoScenarios lists the hostile answers every connector must survive without a secret
// in what it says: error statuses whose bodies echo the request, a valid token followed by
// refusals that echo it, and token answers that quote one of secrets back as their
// token_type or expires_in.
func EchoScenarios(secrets ...string) []Scenario {
	out := []Scenario{
		{Name: "400 echoes the request", Answer: Answer{Status: http.StatusBadRequest}},
		{Name: "401 echoes the request", Answer: Answer{Status: http.StatusUnauthorized}},
		{Name: "403 echoes the request", Answer: Answer{Status: http.StatusForbidden}},
		{Name: "404 echoes the request", Answer: Answer{Status: http.StatusNotFound}},
		{Name: "429 echoes the request", Answer: Answer{Status: http.StatusTooManyRequests}, Retried: true},
		{Name: "500 echoes the request", Answer: Answer{Status: http.StatusInternalServerError}, Retried: true},
		{Name: "a token, then 401s that echo it", Answer: Answer{Status: http.StatusUnauthorized, Token: &TokenAnswer{TokenType: "Bearer", ExpiresIn: 3600}}},
	}
	for i, s := range secrets {
		out = append(out,
			Scenario{Name: fmt.Sprintf("token_type holds secret %d", i+1), Answer: Answer{Status: http.StatusUnauthorized, Token: &TokenAnswer{TokenType: s, ExpiresIn: 3600}}},
			Scenario{Name: fmt.Sprintf("expires_in holds secret %d", i+1), Answer: Answer{Status: http.StatusUnauthorized, Token: &TokenAnswer{TokenType: "Bearer", ExpiresIn: s}}},
		)
	}
	return out
}

// NewEchoServer starts an echo server for the test.
func NewEchoServer(t testing.TB) *EchoServer {
	t.Helper()
	s := &EchoServer{answer: Answer{Status: http.StatusUnauthorized}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Set changes how the server answers from now on and forgets what it saw and sent.
func (s *EchoServer) Set(a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer = a
	s.issued, s.credentials, s.sent = nil, nil, nil
}

// Issued lists the access tokens the server handed out.
func (s *EchoServer) Issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.issued)
}

// Credentials lists what the server received as credentials: the part after the scheme
// of each Authorization header and, for Basic, its decoded "user:password".
func (s *EchoServer) Credentials() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.credentials)
}

// Sent is every body the server answered with, joined.
func (s *EchoServer) Sent() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.sent, "\n")
}

func (s *EchoServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	echo, decoded := s.describe(r, body)
	s.mu.Lock()
	a := s.answer
	s.mu.Unlock()

	var answer any
	status := a.Status
	if a.Token != nil && len(body) > 0 {
		tok := randomHex(24)
		s.mu.Lock()
		s.issued = append(s.issued, tok)
		s.mu.Unlock()
		status = http.StatusOK
		answer = map[string]any{"access_token": tok, "token_type": a.Token.TokenType, "expires_in": a.Token.ExpiresIn, "scope": echo}
	} else {
		// Every field a connector might quote as "the server said": ConnectWise's
		// {code, message, errors[]}, Pax8's {type, message, details[]} and OAuth's
		// {error, error_description}; the decoded credentials come first, where a message
		// cut short would still hold them.
		answer = map[string]any{
			"code": "EchoedRequest", "type": "EchoedRequest", "status": status,
			"message":           decoded + "\n" + echo,
			"error":             "echoed_request",
			"error_description": decoded + "\n" + echo,
			"errors":            []map[string]string{{"code": "Echo", "field": "authorization", "message": decoded}},
			"details":           []map[string]string{{"message": decoded}, {"message": echo}},
		}
	}
	out, _ := json.Marshal(answer)
	s.mu.Lock()
	s.sent = append(s.sent, string(out))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests || status >= 500 {
		w.Header().Set("Retry-After", "1")
	}
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// describe renders the request for echoing: the full request, and separately the values it
// carried decoded (Basic credentials, JSON and form fields, query values). It records the
// credentials it saw.
func (s *EchoServer) describe(r *http.Request, body []byte) (echo, decoded string) {
	var all, dec []string
	all = append(all, r.Method+" "+r.URL.RequestURI())
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		all = append(all, k+": "+strings.Join(r.Header[k], ", "))
	}
	all = append(all, "", string(body))

	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, cred, _ := strings.Cut(auth, " ")
		s.mu.Lock()
		s.credentials = append(s.credentials, cred)
		if strings.EqualFold(scheme, "Basic") {
			if b, err := base64.StdEncoding.DecodeString(cred); err == nil {
				s.credentials = append(s.credentials, string(b))
				dec = append(dec, "decoded Basic credentials: "+string(b))
			}
		}
		s.mu.Unlock()
	}
	var fields map[string]any
	if json.Unmarshal(body, &fields) == nil {
		for _, k := range sortedKeys(fields) {
			dec = append(dec, fmt.Sprintf("%s=%v", k, fields[k]))
		}
	} else if form, err := url.ParseQuery(string(body)); err == nil {
		for _, k := range sortedKeys(form) {
			dec = append(dec, k+"="+strings.Join(form[k], ","))
		}
	}
	for _, k := range sortedKeys(r.URL.Query()) {
		dec = append(dec, k+"="+strings.Join(r.URL.Query()[k], ","))
	}
	return strings.Join(all, "\n"), strings.Join(dec, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// NewSecret returns a random secret value with characters every encoding treats
// differently (quote, backslash, slash, plus, ampersand, angle bracket, percent, non-ASCII)
// between two random hex runs long enough for Leaks to spot any piece of it.
func NewSecret() string {
	return randomHex(8) + `"\/+&<%é` + randomHex(8)
}

// NewSecrets returns a fresh NewSecret for each field.
func NewSecrets(fields []connector.Field) map[string]string {
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		out[f.Key] = NewSecret()
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// LeakWindow is the length of the pieces Leaks looks for: a quoted prefix of a secret, or
// one cut in half by a length limit, is as much a leak as the whole of it.
const LeakWindow = 10

// Leaks reports which secret forms appear in text: each of secrets, its JSON-escaped,
// Go-quoted, percent-encoded and base64 forms, and any LeakWindow-long piece of those.
// It is written independently of package redact so that it checks it. It reads text
// once, so whole database files are cheap to check.
func Leaks(text string, secrets ...string) []string {
	type origin struct {
		secret int
		form   string
	}
	pieces := map[string]origin{} // every LeakWindow-long piece of every form
	var whole []string            // forms shorter than a window, looked for as they are
	wholeOrigin := map[string]origin{}
	for i, s := range secrets {
		if s == "" {
			continue
		}
		jsonForm, _ := json.Marshal(s)
		quoted := strconv.Quote(s)
		forms := map[string]string{
			"raw": s, "JSON": string(jsonForm[1 : len(jsonForm)-1]), "quoted": quoted[1 : len(quoted)-1],
			"query-escaped": url.QueryEscape(s), "base64": base64.StdEncoding.EncodeToString([]byte(s)),
			"base64url": base64.RawURLEncoding.EncodeToString([]byte(s)),
		}
		for _, name := range sortedKeys(forms) {
			f := forms[name]
			if len(f) < LeakWindow {
				whole = append(whole, f)
				wholeOrigin[f] = origin{i + 1, name}
				continue
			}
			for j := 0; j+LeakWindow <= len(f); j++ {
				if _, seen := pieces[f[j:j+LeakWindow]]; !seen {
					pieces[f[j:j+LeakWindow]] = origin{i + 1, name}
				}
			}
		}
	}
	var found []string
	reported := map[int]bool{} // one finding per secret is enough to read
	report := func(o origin, piece string) {
		if !reported[o.secret] {
			reported[o.secret] = true
			found = append(found, fmt.Sprintf("secret %d (%s form): %q", o.secret, o.form, piece))
		}
	}
	for _, f := range whole {
		if strings.Contains(text, f) {
			report(wholeOrigin[f], f)
		}
	}
	if len(pieces) > 0 {
		for i := 0; i+LeakWindow <= len(text); i++ {
			if o, ok := pieces[text[i:i+LeakWindow]]; ok {
				report(o, text[i:i+LeakWindow])
			}
		}
	}
	return found
}
