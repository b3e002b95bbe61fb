package httpx

import (
	"context"
	"sync"
	"time"
)

// Limiter is the request budget of one integration. Clients that share it (one
// integration's Test, Sync and Push, each with its own Client for its own counters and
// log) together keep at most Concurrency requests in flight, and all of them hold off while
// the API has said to wait: a 429 with Retry-After on any request pauses every request that
// starts after it, instead of each caller finding the limit for itself.
type Limiter struct {
	slots chan struct{}
	now   func() time.Time

	mu          sync.Mutex
	pausedUntil time.Time
	// halted holds, per credentials key, the refusal that stopped them (see Halt).
	halted map[string]error
	// shared holds state the connector of the integration keeps across its clients (see
	// Shared).
	shared map[any]any
}

// NewLimiter returns a Limiter with concurrency slots (at least 1).
func NewLimiter(concurrency int) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(concurrency, 1)), now: time.Now}
}

// Concurrency is how many requests may be in flight at once.
func (l *Limiter) Concurrency() int { return cap(l.slots) }

// PausedUntil is when the last Retry-After ends; the zero time if none was given.
func (l *Limiter) PausedUntil() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pausedUntil
}

// pause holds off every request for d from now, unless a longer pause is already set. It
// returns the end of this pause (d from now), for acquire's waited.
func (l *Limiter) pause(d time.Duration) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.now().Add(d)
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
	return until
}

// acquire waits out the pause, then for a slot; release gives the slot back. waited is the
// end of a pause the caller has already slept through (its own Retry-After): that one is
// not waited for twice. sleep is the Client's wait, so tests need no real waiting.
func (l *Limiter) acquire(ctx context.Context, waited time.Time, sleep func(context.Context, time.Duration) error) (release func(), err error) {
	for {
		until := l.PausedUntil()
		if !until.After(waited) {
			break
		}
		if d := until.Sub(l.now()); d > 0 {
			if err := sleep(ctx, d); err != nil {
				return nil, err
			}
		}
		waited = until // waited out; go round only if the pause was extended meanwhile
	}
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Halt stops every request made with the credentials key, from now on: the API refused
// them (a 401), and each further attempt counts against the login until the account is
// locked. key identifies the credentials (a hash of them, never the secrets); err is what
// Halted answers. The first refusal is kept.
func (l *Limiter) Halt(key string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.halted == nil {
		l.halted = map[string]error{}
	}
	if _, ok := l.halted[key]; !ok {
		l.halted[key] = err
	}
}

// Halted is the refusal that stopped the credentials key, or nil. Other credentials (the
// user stored new ones) are not held up by it.
func (l *Limiter) Halted(key string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.halted[key]
}

// Resume clears every halt: the integration's settings or credentials were saved again
// (the user fixed the account at the source and says so), so its requests may try again.
func (l *Limiter) Resume() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.halted)
}

// Shared returns the integration's value for key, made by make on first use: state a
// connector keeps for the integration as a whole rather than per client (Autotask's
// hourly request budget), so its Sync and Push see one reading.
func (l *Limiter) Shared(key any, make func() any) any {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shared == nil {
		l.shared = map[any]any{}
	}
	v, ok := l.shared[key]
	if !ok {
		v = make()
		l.shared[key] = v
	}
	return v
}
