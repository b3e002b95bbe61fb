package sim

import (
	"context"
	"time"
)

// Delay waits d (a simulated API's latency) unless ctx ends first; it reports whether the
// request should still be answered.
func Delay(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
