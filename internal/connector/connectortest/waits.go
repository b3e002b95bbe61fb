package connectortest

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Waits stands in for the sleep of an httpx.Client (Client.SetSleep): it records every wait
// the retry logic asks for and returns at once, so retry tests run instantly and can
// assert the backoff and Retry-After handling.
type Waits struct {
	mu    sync.Mutex
	waits []time.Duration
}

// Sleep records d and returns at once (or the context's error).
func (w *Waits) Sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.waits = append(w.waits, d)
	w.mu.Unlock()
	return ctx.Err()
}

// All returns the recorded waits in order.
func (w *Waits) All() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.waits)
}
