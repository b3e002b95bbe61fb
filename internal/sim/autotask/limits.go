package autotask

import (
	"sync"
	"time"
)

// usage counts the database's requests over a rolling hour: this integration's (every
// request the server answers past authentication) plus what other integrations of the
// same database used, which a test sets.
type usage struct {
	now func() time.Time

	mu    sync.Mutex
	times []time.Time // oldest first
	other int
}

// add counts one request and returns the hour's total with it.
func (u *usage) add() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.times = append(u.times, u.now())
	return u.totalLocked()
}

func (u *usage) count() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.totalLocked()
}

func (u *usage) totalLocked() int {
	cut := u.now().Add(-time.Hour)
	i := 0
	for i < len(u.times) && !u.times[i].After(cut) {
		i++
	}
	u.times = u.times[i:]
	return len(u.times) + u.other
}

// SetOtherUsage sets how many requests the database's other integrations (an RMM, a
// quoting tool) sent in the current hour: they share the threshold with TrueUp.
func (s *Server) SetOtherUsage(n int) {
	s.usage.mu.Lock()
	defer s.usage.mu.Unlock()
	s.usage.other = n
}

// Usage is the database's request count of the current rolling hour.
func (s *Server) Usage() int { return s.usage.count() }

// inflight counts requests in flight per endpoint, for the thread limit and for tests.
type inflight struct {
	mu    sync.Mutex
	per   map[string]int
	total int
	max   int
}

// enter counts a request on endpoint; ok is false (and nothing is counted beyond the
// attempt) when limit requests are already in flight there. release must be called.
func (f *inflight) enter(endpoint string, limit int) (release func(), ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.per == nil {
		f.per = map[string]int{}
	}
	f.total++
	f.max = max(f.max, f.total)
	over := limit > 0 && f.per[endpoint] >= limit
	if !over {
		f.per[endpoint]++
	}
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.total--
		if !over {
			f.per[endpoint]--
		}
	}, !over
}

func (f *inflight) maxTotal() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.max
}
