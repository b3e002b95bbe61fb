package autotask

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// Default thresholds of the request budget, in percent of the database's hourly limit.
const (
	DefaultSerialPercent = 75
	DefaultPausePercent  = 90
	// budgetEvery is how often ThresholdInformation is read while requests are sent, and
	// how long a paused sync waits between two readings.
	budgetEvery = time.Minute
)

// usage is one ThresholdInformation reading.
type usage struct {
	threshold, used int
}

func (u usage) percent() float64 {
	if u.threshold <= 0 {
		return 0
	}
	return float64(u.used) * 100 / float64(u.threshold)
}

func (u usage) String() string {
	return fmt.Sprintf("%.0f%% of the hourly limit (%s of %s requests in the last hour, shared by every integration of this Autotask)",
		u.percent(), thousands(u.used), thousands(u.threshold))
}

// budget keeps TrueUp inside the 10,000 requests an hour every integration of an Autotask
// database shares: it reads ThresholdInformation before the first request and then every
// minute; from serial percent it lets one request through at a time (Autotask adds latency
// from 75% anyway), and from pause percent it holds every request, re-reading each minute,
// until usage is back under serial percent, so TrueUp never pushes the database into the
// block at 100% that would stop the MSP's RMM and other tools too.
//
// A budget is one caller's view (a sync run, a push writer: its own reads, log and status
// note) of the integration's budgetState, which every caller of the integration shares
// through its limiter: a push and a running sync take turns in the one serial slot, pause
// together, and one reading a minute serves both.
type budget struct {
	serial, pause float64
	now           func() time.Time
	sleep         func(ctx context.Context, d time.Duration) error
	read          func(ctx context.Context) (usage, error)
	log           func(level connector.Level, format string, args ...any)
	note          func(text string) // shows the state on the status screen; "" clears it
	// pushes words the note for a push writer, whose waiting is the pushes' ("pushes wait
	// until ..."), not a sync's pause.
	pushes bool
	st     *budgetState

	// What this view has told its log and note (guarded by st.mu).
	seen    int  // st.seq last logged; 0: nothing yet
	paused  bool // the paused state was logged
	serialL bool // the serial state was logged
	shown   string
}

// budgetState is an integration's request budget as its last ThresholdInformation reading
// left it.
type budgetState struct {
	mu     sync.Mutex
	read1  bool      // a reading succeeded or failed at least once
	at     time.Time // of the last reading
	seq    int       // successful readings so far
	last   usage
	paused bool          // from pause percent until usage is back under serial percent
	one    chan struct{} // the single slot while serial
}

func newBudgetState() *budgetState { return &budgetState{one: make(chan struct{}, 1)} }

// budgetKey names the shared state in the limiter; the thresholds are part of it, because
// the paused state depends on them (changed settings start afresh).
type budgetKey struct{ serial, pause float64 }

func newBudget(serial, pause float64) *budget {
	return &budget{serial: serial, pause: pause, st: newBudgetState()}
}

// check reads ThresholdInformation when a minute has passed since the integration's last
// reading (or there was none), and logs what a reading this view has not told yet says.
// Auth errors end the run; other failures are logged and the budget goes on with what it
// knew (a database without ThresholdInformation is not held up).
func (b *budget) check(ctx context.Context) error {
	st := b.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.read1 || b.now().Sub(st.at) >= budgetEvery {
		u, err := b.read(ctx)
		st.read1, st.at = true, b.now()
		if err != nil {
			if fatal(ctx, err) {
				return err
			}
			b.log(connector.LevelWarn, "could not read Autotask's request usage (ThresholdInformation): %v; going on with %s", err, st.lastText())
		} else {
			st.last, st.seq = u, st.seq+1
			pct := u.percent()
			st.paused = pct >= b.pause || (st.paused && pct >= b.serial)
		}
	}
	if b.seen == st.seq {
		return nil
	}
	first := b.seen == 0
	b.seen = st.seq
	u := st.last
	pct := u.percent()
	switch {
	case pct >= b.pause:
		if !b.paused {
			b.log(connector.LevelWarn, "Autotask API usage is at %s: pausing requests from %.0f%% and re-checking every minute until usage is under %.0f%%", u, b.pause, b.serial)
		} else {
			b.log(connector.LevelInfo, "Autotask API usage is still at %s: paused", u)
		}
		b.paused = true
		b.show(b.pausedText(pct))
	case st.paused:
		b.log(connector.LevelInfo, "Autotask API usage is at %s: still paused until it is under %.0f%%", u, b.serial)
		b.paused = true
		b.show(b.pausedText(pct))
	case pct >= b.serial:
		if !b.serialL || first {
			b.log(connector.LevelWarn, "Autotask API usage is at %s: sending one request at a time from %.0f%%", u, b.serial)
		}
		b.serialL = true
		if b.pushes {
			b.show(fmt.Sprintf("Autotask API usage %.0f%%: pushes go one request at a time", pct))
		} else {
			b.show(fmt.Sprintf("Autotask API usage at %.0f%%: one request at a time", pct))
		}
	default:
		if b.paused || b.serialL {
			b.log(connector.LevelInfo, "Autotask API usage is back at %s: requests go at full speed again", u)
		} else if first {
			b.log(connector.LevelInfo, "Autotask API usage is at %s", u)
		}
		b.paused, b.serialL = false, false
		b.show("")
	}
	return nil
}

func (st *budgetState) lastText() string {
	if st.last.threshold == 0 {
		return "no reading yet"
	}
	return "the last reading, " + st.last.String()
}

// pausedText is the note while requests are held.
func (b *budget) pausedText(pct float64) string {
	if b.pushes {
		return fmt.Sprintf("Autotask API usage %.0f%%: pushes wait until it is under %.0f%%", pct, b.serial)
	}
	return fmt.Sprintf("Autotask API usage at %.0f%%: paused until it is under %.0f%%", pct, b.serial)
}

// show tells the status screen the budget's state, when it changed.
func (b *budget) show(text string) {
	if b.note != nil && text != b.shown {
		b.shown = text
		b.note(text)
	}
}

// state is what the last reading allows: paused, or one at a time.
func (b *budget) state() (paused, serial bool, next time.Duration) {
	st := b.st
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.paused, st.last.percent() >= b.serial, budgetEvery - b.now().Sub(st.at)
}

// acquire waits until the budget lets a request go; release must be called after it.
func (b *budget) acquire(ctx context.Context) (release func(), err error) {
	for {
		if err := b.check(ctx); err != nil {
			return nil, err
		}
		paused, serial, next := b.state()
		if paused {
			if err := b.sleep(ctx, max(next, time.Second)); err != nil {
				return nil, err
			}
			continue
		}
		if !serial {
			return func() {}, nil
		}
		select {
		case b.st.one <- struct{}{}:
			return func() { <-b.st.one }, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// thousands renders n with thousands separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
