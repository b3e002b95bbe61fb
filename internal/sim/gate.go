package sim

import (
	"net/http"
	"strings"
	"sync"
)

// Gate holds the requests whose path starts with a prefix until Release, so a test can keep
// a sync mid-run for as long as it needs, without timing assumptions. Other requests pass.
type Gate struct {
	next      http.Handler
	prefix    string
	reached   chan struct{}
	open      chan struct{}
	reachOnce sync.Once
	openOnce  sync.Once
}

// NewGate wraps next, holding requests under prefix (e.g. "/v1/subscriptions").
func NewGate(next http.Handler, prefix string) *Gate {
	return &Gate{next: next, prefix: prefix, reached: make(chan struct{}), open: make(chan struct{})}
}

// ServeHTTP passes the request on, after Release for a held path (or drops it when the
// client gives up first).
func (g *Gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, g.prefix) {
		g.reachOnce.Do(func() { close(g.reached) })
		select {
		case <-g.open:
		case <-r.Context().Done():
			return
		}
	}
	g.next.ServeHTTP(w, r)
}

// Reached is closed when the first held request arrives.
func (g *Gate) Reached() <-chan struct{} { return g.reached }

// Release lets held requests, and every later one, through. Safe to call more than once.
func (g *Gate) Release() { g.openOnce.Do(func() { close(g.open) }) }
