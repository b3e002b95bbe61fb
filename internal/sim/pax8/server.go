// Package pax8 simulates the Pax8 Partner API (https://api.pax8.com/v1) over real HTTP for
// tests and the demo workspace. It follows the public documentation (devx.pax8.com and the
// published OpenAPI files): an OAuth client-credentials token from POST /v1/token, bearer
// tokens on every other call, page-number paging ({content, page:{size, totalElements,
// totalPages, number}}, page from 0, size 1..200, default 10) and the error envelope
// {type, message, instance, status, details[]}. Faults (429, 5xx, broken bodies) can be
// injected, and mutations change records the way the real API would (bumping updatedDate).
package pax8

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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

// Fault makes matching requests fail (or answer Body with Status).
type Fault struct {
	// PathContains is matched against the request's path and query
	// (e.g. "/v1/subscriptions", "/v1/products/<id>", "page=1").
	PathContains string
	// Status is the HTTP status to answer; default 500. A 2xx status with Body serves Body
	// as if it were the real answer (for broken-JSON tests).
	Status int
	// Times is how many matching requests fail; -1 means forever, 0 means once.
	Times int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Body replaces the default error envelope.
	Body string
}

type faultState struct {
	Fault
	left int // -1 forever
}

// Server is one simulated Pax8 tenant. It is safe for concurrent use.
type Server struct {
	opts Options

	mu     sync.Mutex
	data   *Dataset
	tokens map[string]time.Time // access token -> expiry
	faults []*faultState
	perURI map[string]int64

	requests atomic.Int64
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
		perURI: map[string]int64{},
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
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	left := f.Times
	if left == 0 {
		left = 1
	}
	if left < -1 {
		left = -1
	}
	s.faults = append(s.faults, &faultState{Fault: f, left: left})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Requests is how many HTTP requests the server received.
func (s *Server) Requests() int64 { return s.requests.Load() }

// RequestsFor is how many requests had a path and query containing pathContains.
func (s *Server) RequestsFor(pathContains string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for uri, c := range s.perURI {
		if strings.Contains(uri, pathContains) {
			n += c
		}
	}
	return n
}

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
		s.requests.Add(1)
		uri := r.URL.RequestURI()
		s.mu.Lock()
		s.perURI[uri]++
		f := s.takeFault(uri)
		s.mu.Unlock()

		if d := s.opts.Latency; d > 0 {
			if err := sleep(r.Context(), d); err != nil {
				return
			}
		}
		if f != nil {
			writeFault(w, r, *f)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// takeFault returns the first live fault matching uri and uses it up. Caller holds s.mu.
func (s *Server) takeFault(uri string) *Fault {
	for i, f := range s.faults {
		if !strings.Contains(uri, f.PathContains) {
			continue
		}
		out := f.Fault
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return &out
	}
	return nil
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

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
