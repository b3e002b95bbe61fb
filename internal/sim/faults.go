package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Fault is an injected failure: requests whose path and query contain PathContains are
// answered with Status, the optional Retry-After header and Body instead of the real
// answer. Each simulator renders it in its vendor's error format (and picks the default
// status). Times is how many matching requests it hits: -1 forever, 0 once.
type Fault struct {
	PathContains string
	Status       int
	Times        int
	RetryAfter   string
	Body         string
}

// Faults is a simulator's list of injected failures; safe for concurrent use.
type Faults struct {
	mu   sync.Mutex
	list []*faultState
}

type faultState struct {
	Fault
	left int // -1 forever
}

// Add appends a fault; faults are matched in the order they were added.
func (fs *Faults) Add(f Fault) {
	left := f.Times
	switch {
	case left == 0:
		left = 1
	case left < -1:
		left = -1
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list = append(fs.list, &faultState{Fault: f, left: left})
}

// Clear removes every fault.
func (fs *Faults) Clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.list = nil
}

// Take returns the first fault matching uri and uses it up once.
func (fs *Faults) Take(uri string) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.list {
		if !strings.Contains(uri, f.PathContains) {
			continue
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				fs.list = slices.Delete(fs.list, i, i+1)
			}
		}
		return f.Fault, true
	}
	return Fault{}, false
}

// Requests counts a simulator's requests, per path and query; safe for concurrent use.
type Requests struct {
	total atomic.Int64
	mu    sync.Mutex
	per   map[string]int64
}

// Count records r and returns its URI (path and unescaped query) for fault matching.
func (c *Requests) Count(r *http.Request) string {
	uri := r.URL.Path
	if r.URL.RawQuery != "" {
		q, err := url.QueryUnescape(r.URL.RawQuery)
		if err != nil {
			q = r.URL.RawQuery
		}
		uri += "?" + q
	}
	c.total.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.per == nil {
		c.per = map[string]int64{}
	}
	c.per[uri]++
	return uri
}

// Total is how many requests were received.
func (c *Requests) Total() int64 { return c.total.Load() }

// Matching is how many requests had a path and query containing s.
func (c *Requests) Matching(s string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for uri, k := range c.per {
		if strings.Contains(uri, s) {
			n += k
		}
	}
	return n
}
