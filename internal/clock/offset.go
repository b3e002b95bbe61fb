package clock

import (
	"sync"
	"time"
)

// Offset is the wall clock moved by an offset that Set and Advance change: time goes on as
// usual, and a jump fires at once every timer whose deadline it passed. A dev build's
// end-to-end test moves it past a schedule's due time (TRUEUP_DEV_CLOCK); release builds
// never use it.
type Offset struct {
	mu     sync.Mutex
	offset time.Duration
	timers map[*offsetTimer]struct{}
	real   func() time.Time
}

// NewOffset starts at the wall clock's time.
func NewOffset() *Offset {
	return &Offset{timers: map[*offsetTimer]struct{}{}, real: time.Now}
}

// Now is the wall clock plus the offset.
func (o *Offset) Now() time.Time {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.real().Add(o.offset)
}

// NewTimer fires d from now: after d of real time, or when the clock is moved past it.
func (o *Offset) NewTimer(d time.Duration) Timer {
	o.mu.Lock()
	defer o.mu.Unlock()
	t := &offsetTimer{o: o, at: o.real().Add(o.offset + d), c: make(chan time.Time, 1)}
	o.timers[t] = struct{}{}
	t.real = time.AfterFunc(d, func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.fireLocked(t, o.real().Add(o.offset))
	})
	return t
}

// Set moves the clock to t (backwards too: that fires nothing).
func (o *Offset) Set(t time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.offset = t.Sub(o.real())
	for tm := range o.timers {
		if !tm.at.After(t) {
			o.fireLocked(tm, t)
		}
	}
}

// Advance moves the clock forward by d.
func (o *Offset) Advance(d time.Duration) { o.Set(o.Now().Add(d)) }

func (o *Offset) fireLocked(t *offsetTimer, now time.Time) {
	if t.done {
		return
	}
	t.done = true
	delete(o.timers, t)
	t.real.Stop()
	t.c <- now
}

type offsetTimer struct {
	o    *Offset
	at   time.Time
	c    chan time.Time
	real *time.Timer
	done bool // fired or stopped (guarded by o.mu)
}

func (t *offsetTimer) C() <-chan time.Time { return t.c }

func (t *offsetTimer) Stop() bool {
	t.o.mu.Lock()
	defer t.o.mu.Unlock()
	if t.done {
		return false
	}
	t.done = true
	delete(t.o.timers, t)
	t.real.Stop()
	return true
}
