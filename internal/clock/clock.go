// Package clock is the time the scheduler waits on: the real one, or a fake one that tests
// (and a dev build's end-to-end test) move by hand, so a schedule's due time can pass
// without waiting for it.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time and makes timers.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer fires once on C unless stopped first.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// Real is the wall clock; its Now may be replaced (a workspace's Options.Now) while its
// timers stay real.
type Real struct {
	NowFunc func() time.Time // nil: time.Now
}

// Now is the current time.
func (r Real) Now() time.Time {
	if r.NowFunc != nil {
		return r.NowFunc()
	}
	return time.Now()
}

// NewTimer is a real timer.
func (Real) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// Fake is a clock that only moves when told to. Its timers fire when Set or Advance moves
// the time to or past their deadline.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	// waiters are told each time a timer is made, so a test can wait for a loop to sleep.
	waiters []chan struct{}
}

// NewFake starts a fake clock at now.
func NewFake(now time.Time) *Fake { return &Fake{now: now} }

// Now is the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// NewTimer makes a timer that fires d after the fake now.
func (f *Fake) NewTimer(d time.Duration) Timer {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{f: f, at: f.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- f.now
		t.fired = true
	} else {
		f.timers = append(f.timers, t)
	}
	for _, w := range f.waiters {
		close(w)
	}
	f.waiters = nil
	return t
}

// Advance moves the time forward by d.
func (f *Fake) Advance(d time.Duration) { f.Set(f.Now().Add(d)) }

// Set moves the time to t (backwards too: a clock set back fires nothing) and fires every
// timer whose deadline has come.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
	kept := f.timers[:0]
	for _, tm := range f.timers {
		if !tm.at.After(t) {
			tm.fired = true
			tm.c <- t
			continue
		}
		kept = append(kept, tm)
	}
	f.timers = kept
}

// Sleeping returns a channel closed when the next timer is made: a loop has gone to sleep.
func (f *Fake) Sleeping() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := make(chan struct{})
	f.waiters = append(f.waiters, c)
	return c
}

type fakeTimer struct {
	f     *Fake
	at    time.Time
	c     chan time.Time
	fired bool
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	if t.fired {
		return false
	}
	for i, tm := range t.f.timers {
		if tm == t {
			t.f.timers = append(t.f.timers[:i], t.f.timers[i+1:]...)
			break
		}
	}
	t.fired = true
	return true
}
