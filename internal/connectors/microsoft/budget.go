package microsoft

import (
	"context"
	"sync"
	"time"
)

// requestsPerMinute is Partner Center's documented budget for the subscriptions resource:
// 500 requests a minute per tenant. TrueUp spends it on every call, which keeps the whole
// sync under it.
const requestsPerMinute = 500

// minuteBudget lets at most n requests start in any sliding minute. The rate limit is
// Microsoft's, the concurrency cap is httpx's: they are separate, so a burst of small
// customers cannot overrun the minute even with few requests in flight.
type minuteBudget struct {
	n     int
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu     sync.Mutex
	starts []time.Time // start times within the last minute, oldest first
}

func newMinuteBudget(n int, now func() time.Time) *minuteBudget {
	return &minuteBudget{n: n, now: now, sleep: sleepCtx}
}

// take waits until a request may start, or ctx ends.
func (b *minuteBudget) take(ctx context.Context) error {
	for {
		b.mu.Lock()
		now := b.now()
		for len(b.starts) > 0 && !b.starts[0].After(now.Add(-time.Minute)) {
			b.starts = b.starts[1:]
		}
		if len(b.starts) < b.n {
			b.starts = append(b.starts, now)
			b.mu.Unlock()
			return nil
		}
		wait := b.starts[0].Add(time.Minute).Sub(now)
		b.mu.Unlock()
		if err := b.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
