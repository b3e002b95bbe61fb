// Package pax8 simulates the Pax8 Partner API (https://api.pax8.com/v1) over real HTTP for
// tests and the demo workspace. It follows the public documentation (devx.pax8.com and the
// published OpenAPI files): an OAuth client-credentials token from POST /v1/token, bearer
// tokens on every other call, page-number paging ({content, page:{size, totalElements,
// totalPages, number}}, page from 0, size 1..200, default 10) and the error envelope
// {type, message, instance, status, details[]}. Faults (429, 5xx, broken bodies) can be
// injected, and mutations change records the way the real API would (bumping updatedDate).
package pax8

import (
	"github.com/trueup/trueup/internal/sim"

	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Credentials are the API credentials the simulator accepts.
type Credentials struct {
	ClientID     string
	ClientSecret string
}

// DemoCredentials are the credentials of the demo workspace's simulated Pax8 tenant.
func DemoCredentials() Credentials {
	return Credentials{ClientID: "trueup-demo-pax8-client", ClientSecret: "trueup-demo-pax8-secret"}
}

// Options tune a Server. Zero values take the defaults noted.
type Options struct {
	Credentials Credentials   // default DemoCredentials()
	Latency     time.Duration // added to every request
	TokenTTL    time.Duration // default 86400 s, as documented (expires_in)
	Now         func() time.Time
}

// Fault makes matching requests fail (see sim.Fault); Status 0 means 500, and a 2xx status
// with Body serves Body as if it were the real answer (for broken-JSON tests).
type Fault = sim.Fault

// Server is one simulated Pax8 tenant. It is safe for concurrent use.
type Server struct {
	opts Options

	mu       sync.Mutex
	data     *Dataset
	tokens   map[string]time.Time // access token -> expiry
	faults   sim.Faults
	requests sim.Requests
	handler  http.Handler

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
		opts.TokenTTL = 86400 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:   opts,
		data:   data.Clone(),
		tokens: map[string]time.Time{},
	}
	s.handler = s.routes()
	return s
}

// Handler serves the API under the prefix /v1 (base URL = http://host:port/v1).
func (s *Server) Handler() http.Handler { return s.handler }

// Start serves on 127.0.0.1 at a free port and returns the base URL (ending in /v1).
func (s *Server) Start() (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.httpSrv != nil {
		return s.baseURL, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("pax8 simulator: listen: %w", err)
	}
	s.httpSrv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.baseURL = "http://" + ln.Addr().String() + "/v1"
	// Serve returns http.ErrServerClosed after Close; any other error means the listener
	// broke, which the clients see as failed requests.
	go func(srv *http.Server) { _ = srv.Serve(ln) }(s.httpSrv)
	return s.baseURL, nil
}

// BaseURL is the base URL Start returned ("" before Start).
func (s *Server) BaseURL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.baseURL
}

// Close stops the HTTP server started by Start.
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

// ExpireTokens invalidates every access token issued so far (the next call gets a 401).
func (s *Server) ExpireTokens() {
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

// serve counts, delays and injects faults before routing.
func (s *Server) serve(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, faulty := s.faults.Take(s.requests.Count(r))

		if !sim.Delay(r.Context(), s.opts.Latency) {
			return
		}
		if faulty {
			writeFault(w, r, f)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeFault(w http.ResponseWriter, r *http.Request, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Body != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	typ, msg := "INTERNAL_SERVER_ERROR", "Something went wrong on the Pax8 server"
	switch {
	case status == http.StatusTooManyRequests:
		typ, msg = "TOO_MANY_REQUESTS", "Too many requests hit the API too quickly"
	case status == http.StatusRequestTimeout:
		typ, msg = "REQUEST_TIMEOUT", "The request timed out"
	case status == http.StatusUnauthorized:
		typ, msg = "UNAUTHORIZED", "No valid access token provided"
	case status == http.StatusForbidden:
		typ, msg = "FORBIDDEN", "The credentials do not have permission to perform the request"
	case status == http.StatusNotFound:
		typ, msg = "NOT_FOUND", "The requested resource does not exist"
	case status >= 400 && status < 500:
		typ, msg = "BAD_REQUEST", "The request could not be processed"
	}
	writeError(w, r, status, typ, msg)
}
