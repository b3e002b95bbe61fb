package push_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/push"
	"github.com/trueup/trueup/internal/store"
)

// pass is one of Run's passes as OnPass saw it.
type pass struct {
	res push.Result
	err error
}

// runner drives Worker.Run with a clock and timer the test moves by hand.
type runner struct {
	mu     sync.Mutex
	now    time.Time
	timers chan time.Duration  // each wait Run asked for
	fire   chan chan time.Time // the channel of the latest timer
	passes chan pass
}

func startRun(t *testing.T, wk *push.Worker, wake chan bool) (*runner, <-chan error) {
	t.Helper()
	r := &runner{now: time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC), timers: make(chan time.Duration, 8),
		fire: make(chan chan time.Time, 8), passes: make(chan pass, 8)}
	wk.Now = func() time.Time { r.mu.Lock(); defer r.mu.Unlock(); return r.now }
	wk.After = func(d time.Duration) <-chan time.Time {
		c := make(chan time.Time, 1)
		r.timers <- d
		r.fire <- c
		return c
	}
	wk.OnPass = func(res push.Result, err error) { r.passes <- pass{res, err} }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- wk.Run(ctx, wake) }()
	t.Cleanup(func() { cancel(); <-done })
	return r, done
}

// recv takes the next value from c; a Run that never sends fails the test instead of
// hanging it (a safety net, not a timing assertion).
func recv[T any](t *testing.T, c <-chan T) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("Run did not get there")
	}
	var zero T
	return zero
}

func (r *runner) advance(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = r.now.Add(d)
}

// Approvals made while the PSA is down go out by themselves once it answers again.
func TestRunRetriesByItselfWhenTheEntryIsDue(t *testing.T) {
	f := newFixture(t, 25)
	e := f.approve(t, quantityWrite())[0]
	f.down.Store(true)
	r, _ := startRun(t, f.worker(t, push.Hooks{}), make(chan bool))

	first := recv(t, r.passes)
	require.NoError(t, first.err)
	assert.Equal(t, 1, first.res.Waiting)
	assert.Equal(t, 30*time.Second, recv(t, r.timers), "Run waits until the entry is due")

	f.down.Store(false)
	r.advance(30 * time.Second)
	recv(t, r.fire) <- time.Time{}
	second := recv(t, r.passes)
	require.NoError(t, second.err)
	assert.Equal(t, push.Result{Pushed: 1}, second.res)
	assert.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)
}

// "Send now" goes at once; a wake for a new approval respects the backoff.
func TestRunSendNowIgnoresTheBackoffANewApprovalDoesNot(t *testing.T) {
	f := newFixture(t, 25)
	e := f.approve(t, quantityWrite())[0]
	f.down.Store(true)
	wake := make(chan bool)
	r, _ := startRun(t, f.worker(t, push.Hooks{}), wake)
	recv(t, r.passes)
	recv(t, r.timers)
	recv(t, r.fire)

	f.down.Store(false)
	wake <- false // a new approval: the first entry is not due yet, and holds the queue
	p := recv(t, r.passes)
	assert.Equal(t, 1, p.res.Waiting)
	assert.Empty(t, f.sim.Writes())
	recv(t, r.timers)
	recv(t, r.fire)

	wake <- true // Send now
	p = recv(t, r.passes)
	require.NoError(t, p.err)
	assert.Equal(t, push.Result{Pushed: 1}, p.res)
	assert.Equal(t, store.OutboxPushed, f.entry(t, e.ID).State)
}
