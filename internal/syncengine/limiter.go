package syncengine

import (
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/store"
)

// limiters holds one request budget per integration, shared by everything that talks to
// it (Test, Sync and, later, Push), so a 429 that one of them gets pauses all of them and
// the API's limit is never exceeded by two callers that each think they own it.
type limiters struct {
	mu sync.Mutex
	by map[int64]*httpx.Limiter
	// seen is the newest UpdatedAt of each integration a caller asked with: a newer one
	// means its settings or credentials were saved since (storing credentials updates the
	// integration too), which lifts a 401's halt (httpx.Limiter.Resume).
	seen map[int64]time.Time
}

// Limiter returns the integration's shared request budget. Its size is the integration's
// concurrency (the kind's default when unset); after that setting changes, the next caller
// gets a budget of the new size (callers holding the old one finish with it). A caller
// with a newer integration than the last one (saved settings or credentials) lifts the
// halt a 401 put on the budget: the user fixed the credentials and may try again.
func (e *Engine) Limiter(in store.Integration, f connector.Factory) *httpx.Limiter {
	n := in.Concurrency
	if n <= 0 {
		n = f.Capabilities.DefaultConcurrency
	}
	if n <= 0 {
		n = 1
	}
	l := &e.limiters
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.by == nil {
		l.by = map[int64]*httpx.Limiter{}
		l.seen = map[int64]time.Time{}
	}
	newer := in.UpdatedAt.After(l.seen[in.ID])
	if newer {
		l.seen[in.ID] = in.UpdatedAt
	}
	if cur, ok := l.by[in.ID]; ok && cur.Concurrency() == n {
		if newer {
			cur.Resume()
		}
		return cur
	}
	lim := httpx.NewLimiter(n)
	l.by[in.ID] = lim
	return lim
}
