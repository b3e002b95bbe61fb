package autotask

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connector/connectortest"
	"github.com/trueup/trueup/internal/httpx"
	"github.com/trueup/trueup/internal/sim"
	atsim "github.com/trueup/trueup/internal/sim/autotask"
)

// noted records the notes a connector leaves for the status screen.
type noted struct {
	*connectortest.Recorder
	mu    sync.Mutex
	notes []string
}

func (n *noted) Note(text string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.notes = append(n.notes, text)
}

// Never more than three requests are in flight (Autotask's thread limit, which the
// simulator enforces with 429s), and a large Full Sync does use the three.
func TestThreeRequestsInFlightAtMost(t *testing.T) {
	srv := startSim(t, atsim.LargeDataset(7, 300, 1600, 3000, testToday), atsim.Options{Latency: 5 * time.Millisecond})
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)
	assert.Empty(t, rec.Failures)
	assert.LessOrEqual(t, srv.MaxInFlight(), 3)
	assert.GreaterOrEqual(t, srv.MaxInFlight(), 2, "the branches and batches run at once")
	assert.NotContains(t, strings.Join(logTexts(rec, secHTTP), "\n"), "429", "the thread limit was never hit")
}

func TestConcurrencyAboveThreeIsRefused(t *testing.T) {
	for _, cfg := range []func(*connector.Config){
		func(c *connector.Config) { c.Concurrency = 4 },
		func(c *connector.Config) { c.Limiter = httpx.NewLimiter(8) },
	} {
		c := config("https://webservices.autotask.net/atservicesrest", atsim.DemoCredentials())
		cfg(&c)
		_, err := New(c)
		var ce *connector.ConfigError
		require.ErrorAs(t, err, &ce)
		assert.Contains(t, ce.Msg, "at most 3 requests in flight")
	}
	c := config("https://webservices.autotask.net/atservicesrest", atsim.DemoCredentials())
	c.Limiter = httpx.NewLimiter(3)
	_, err := New(c)
	assert.NoError(t, err)
}

// The request budget: under 75% of the hourly limit requests go at full speed; from 75%
// one at a time; from 90% nothing is sent, ThresholdInformation is re-read every minute
// and requests go on once usage is back under 75%. Each state is logged with the
// percentage and shown on the status screen.
func TestThresholdBudget(t *testing.T) {
	tests := []struct {
		name     string
		other    []int // requests of the database's other integrations this hour, minute by minute
		wantLog  string
		wantNote string
		serial   bool
		paused   time.Duration // how long nothing but usage readings is sent
	}{
		{name: "74%", other: []int{7400}, wantLog: "Autotask API usage is at 74% of the hourly limit (7,401 of 10,000 requests"}, // the reading counts too
		{name: "75%", other: []int{7500}, wantLog: "sending one request at a time from 75%", wantNote: "Autotask API usage at 75%: one request at a time", serial: true},
		{name: "90%", other: []int{9000, 8000, 7000}, wantLog: "pausing requests from 90% and re-checking every minute until usage is under 75%",
			wantNote: "Autotask API usage at 90%: paused until it is under 75%", paused: 2 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := sim.NewClock(testToday)
			srv := startSim(t, atsim.LargeDataset(2, 600, 700, 1200, testToday), atsim.Options{Now: clock.Now, Latency: 2 * time.Millisecond})
			srv.SetOtherUsage(tc.other[0])
			var (
				mu     sync.Mutex
				first  time.Time // when the first request other than a usage reading arrived
				readAt time.Time // the last usage reading
			)
			h := srv.Handler()
			base := startHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				if strings.Contains(r.URL.Path, "ThresholdInformation") {
					readAt = clock.Now()
				} else if !strings.Contains(r.URL.Path, "ZoneInformation") && first.IsZero() {
					first = clock.Now()
				}
				mu.Unlock()
				h.ServeHTTP(w, r)
			}))
			c, _ := connAt(t, base+atsim.PathPrefix, atsim.DemoCredentials())
			c.now = clock.Now
			// A wait moves the clock to its end, and the other integrations' usage follows the
			// minute. Never past the next due reading: each paused worker waits until then, and
			// one that worked out its wait before another's wait moved the clock would carry it
			// a second minute and skip a reading (real waits started at the same time end
			// together).
			c.sleep = func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				defer mu.Unlock()
				assert.LessOrEqual(t, d, time.Minute, "a paused sync re-checks every minute")
				end := clock.Now().Add(d)
				if due := readAt.Add(time.Minute); !readAt.IsZero() && end.After(due) {
					end = due
				}
				if end.After(clock.Now()) {
					clock.Advance(end.Sub(clock.Now()))
				}
				minute := int(clock.Now().Sub(testToday) / time.Minute)
				srv.SetOtherUsage(tc.other[min(minute, len(tc.other)-1)])
				return ctx.Err()
			}
			rec := &noted{Recorder: &connectortest.Recorder{}}
			require.NoError(t, c.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
			assert.Empty(t, rec.Failures)
			logs := strings.Join(logTexts(rec.Recorder, secHTTP), "\n")
			assert.Contains(t, logs, tc.wantLog)
			if tc.serial {
				assert.Equal(t, 1, srv.MaxInFlight(), "one request at a time")
			} else {
				assert.Greater(t, srv.MaxInFlight(), 1)
			}
			assert.Equal(t, testToday.Add(tc.paused), first, "nothing but usage readings is sent while paused")
			if tc.paused > 0 {
				assert.Contains(t, logs, "still paused until it is under 75%", "80% is not low enough to go on")
				assert.Contains(t, logs, "Autotask API usage is back at 70%")
				assert.Equal(t, int64(3), srv.RequestsFor("ThresholdInformation"), "one reading a minute: 90%, 80%, 70%")
				assert.Equal(t, "", rec.notes[len(rec.notes)-1], "the note is cleared when the pause ends")
			}
			if tc.wantNote != "" {
				assert.Contains(t, rec.notes, tc.wantNote)
			} else {
				assert.Empty(t, rec.notes)
			}
		})
	}
}

// ThresholdInformation is read at the start and again once a minute has passed.
func TestBudgetReadsEveryMinute(t *testing.T) {
	clock := sim.NewClock(testToday)
	reads := 0
	b := newBudget(75, 90)
	b.now, b.sleep = clock.Now, func(context.Context, time.Duration) error { return nil }
	b.read = func(context.Context) (usage, error) { reads++; return usage{threshold: 10000, used: 100}, nil }
	b.log = func(connector.Level, string, ...any) {}
	ctx := context.Background()
	for _, step := range []struct {
		advance time.Duration
		want    int
	}{{0, 1}, {30 * time.Second, 1}, {29 * time.Second, 1}, {time.Second, 2}, {time.Minute, 3}} {
		clock.Advance(step.advance)
		release, err := b.acquire(ctx)
		require.NoError(t, err)
		release()
		assert.Equal(t, step.want, reads)
	}
}

func TestThresholdSettings(t *testing.T) {
	tests := []struct {
		serial, pause string
		wantField     string
		wantSerial    float64
		wantPause     float64
	}{
		{"", "", "", 75, 90},
		{"60", "80%", "", 60, 80},
		{"abc", "", SettingSerialPercent, 0, 0},
		{"0", "", SettingSerialPercent, 0, 0},
		{"", "101", SettingPausePercent, 0, 0},
		{"90", "80", SettingPausePercent, 0, 0},
	}
	for _, tc := range tests {
		s, p, err := thresholds(map[string]string{SettingSerialPercent: tc.serial, SettingPausePercent: tc.pause})
		if tc.wantField == "" {
			require.NoError(t, err)
			assert.Equal(t, tc.wantSerial, s)
			assert.Equal(t, tc.wantPause, p)
			continue
		}
		var ce *connector.ConfigError
		require.ErrorAs(t, err, &ce, "%q/%q", tc.serial, tc.pause)
		assert.Equal(t, tc.wantField, ce.Field)
	}
}

// A 429 is waited out (Retry-After) and the sync goes on.
func TestRateLimitedRequestsAreRetried(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{})
	srv.AddFault(atsim.Fault{PathContains: "/Contracts/query", Status: 429, RetryAfter: "7", Times: 2})
	c, sl := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)
	assert.Empty(t, rec.Failures)
	assert.Contains(t, sl.All(), 7*time.Second)
	assert.Contains(t, strings.Join(logTexts(rec, secHTTP), "\n"), "Autotask answered HTTP 429")
}

// Autotask slows integrations down from 50% usage: slower answers are only slower.
func TestLatencyThrottlingIsTolerated(t *testing.T) {
	srv := startSim(t, atsim.DemoDataset(testToday), atsim.Options{Throttle: 20 * time.Millisecond})
	srv.SetOtherUsage(6000)
	c, _ := newConn(t, srv, atsim.DemoCredentials())
	rec := fullSync(t, c)
	assert.Empty(t, rec.Failures)
	assert.NotEmpty(t, rec.ServiceLines)
}

// A push honours the ThresholdInformation budget as a sync does: at 90% it sends nothing
// but a usage reading a minute until usage is under 75% again.
func TestPushWaitsOutTheBudgetPause(t *testing.T) {
	clock := sim.NewClock(testToday)
	srv := startSim(t, writeData(), atsim.Options{Now: clock.Now})
	other := []int{9000, 8000, 7000} // the database's other integrations, minute by minute
	srv.SetOtherUsage(other[0])
	c := sharedConn(t, srv, atsim.DemoCredentials(), httpx.NewLimiter(MaxConcurrency))
	c.now = clock.Now
	var mu sync.Mutex
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		assert.LessOrEqual(t, d, time.Minute, "a paused push re-checks every minute")
		clock.Advance(d)
		srv.SetOtherUsage(other[min(int(clock.Now().Sub(testToday)/time.Minute), len(other)-1)])
		return ctx.Err()
	}
	w := c.Writer()
	var notes []string
	w.OnNote(func(text string) { notes = append(notes, text) })
	ctx := context.Background()
	_, n, _, err := w.Units(ctx, "3001", "501", "", "2026-12-01")
	require.NoError(t, err)
	assert.Equal(t, int64(25), n)
	require.Len(t, notes, 3, "%q", notes)
	assert.Equal(t, "Autotask API usage 90%: pushes wait until it is under 75%", notes[0], "the push says why it waits, with no sync running")
	assert.Equal(t, "Autotask API usage 80%: pushes wait until it is under 75%", notes[1])
	assert.Equal(t, "", notes[2], "the note clears once usage is under 75%")
	assert.Equal(t, testToday.Add(2*time.Minute), clock.Now(), "the push waited two minutes: 90%, 80%, then 70%")
	assert.Equal(t, int64(3), srv.RequestsFor("ThresholdInformation"), "one reading a minute")
	assert.Equal(t, int64(1), srv.RequestsFor("ContractServiceUnits"), "the units were read once, when the pause ended")
	// The adjustment goes at once: the reading at 70% is fresh.
	_, err = w.Adjust(ctx, []byte(`{"contractID":3001,"contractServiceID":4001,"serviceID":501,"unitChange":2,"effectiveDate":"2026-12-01T00:00:00Z"}`))
	require.NoError(t, err)
	assert.Equal(t, int64(3), srv.RequestsFor("ThresholdInformation"))
	assert.Len(t, srv.Writes(), 1)
}

// A push and a sync of one integration share the budget: one reading serves both, and
// from 75% they take turns in the one request at a time.
func TestPushAndSyncShareOneBudget(t *testing.T) {
	clock := sim.NewClock(testToday) // never moves: the first reading stays fresh
	srv := startSim(t, atsim.LargeDataset(2, 60, 120, 200, testToday), atsim.Options{Now: clock.Now, Latency: time.Millisecond})
	srv.SetOtherUsage(7500)
	lim := httpx.NewLimiter(MaxConcurrency)
	syncer, pusher := sharedConn(t, srv, atsim.DemoCredentials(), lim), sharedConn(t, srv, atsim.DemoCredentials(), lim)
	syncer.now, pusher.now = clock.Now, clock.Now
	w := pusher.Writer()
	// Zone lookups are not part of the budget (nor of Autotask's limits): both are done
	// before the two start, so that every request in flight together counts.
	_, err := w.cl.zone(context.Background())
	require.NoError(t, err)
	_, err = syncer.newClient(syncer.httpClient(nil), nil).zone(context.Background())
	require.NoError(t, err)
	done := make(chan struct{})
	var pushErr error
	var reads atomic.Int64
	go func() {
		defer close(done)
		for ctx := context.Background(); reads.Load() < 20; reads.Add(1) {
			if _, _, _, pushErr = w.Units(ctx, "3001", "501", "", "2026-12-01"); pushErr != nil {
				return
			}
		}
	}()
	rec := &noted{Recorder: &connectortest.Recorder{}}
	require.NoError(t, syncer.Sync(context.Background(), connector.Request{Mode: connector.ModeFull}, rec))
	<-done
	require.NoError(t, pushErr)
	assert.Empty(t, rec.Failures)
	assert.Equal(t, 1, srv.MaxInFlight(), "the push and the sync send one request at a time between them")
	assert.Equal(t, int64(1), srv.RequestsFor("ThresholdInformation"), "one reading serves both")
	assert.Contains(t, strings.Join(logTexts(rec.Recorder, secHTTP), "\n"), "sending one request at a time from 75%")
	assert.Contains(t, rec.notes, "Autotask API usage at 75%: one request at a time")
}
