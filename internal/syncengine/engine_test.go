package syncengine

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// script is a fake source: it writes what the test says and can block or fail.
type script struct {
	accounts   []connector.Account
	agreements []connector.Agreement
	unreached  error                    // when set, every section fails with it (a source that cannot be reached)
	quietSubs  []connector.Subscription // Put without a log line, before the failures
	logLine    string                   // an extra log line
	fail       *connector.Scope
	err        error
	block      chan struct{} // when set, Sync waits for it (or ctx) before writing
	note       string        // when set, told to the sink's Noter before started is closed
	started    chan struct{}
	mu         sync.Mutex
	requests   []connector.Request
}

func (s *script) Test(context.Context) error { return s.err }

func (s *script) Sync(ctx context.Context, req connector.Request, sink connector.Sink) error {
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.mu.Unlock()
	if s.note != "" {
		sink.(connector.Noter).Note(s.note)
	}
	if s.started != nil {
		close(s.started)
	}
	if s.block != nil {
		select {
		case <-s.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if s.err != nil {
		return s.err
	}
	if s.unreached != nil {
		if len(s.quietSubs) > 0 {
			if err := connector.Put(ctx, sink, s.quietSubs...); err != nil {
				return err
			}
		}
		sink.Logf("companies", connector.LevelError, "could not read companies: %v", s.unreached)
		sink.Fail("companies", connector.Scope{Entity: connector.EntityAccounts}, s.unreached)
		sink.Fail("agreements", connector.Scope{Entity: connector.EntityAgreements}, s.unreached)
		return nil
	}
	if s.logLine != "" {
		sink.Logf("companies", connector.LevelInfo, "%s", s.logLine)
	}
	if len(s.agreements) > 0 {
		if err := connector.Put(ctx, sink, s.agreements...); err != nil {
			return err
		}
	}
	sink.Logf("companies", connector.LevelInfo, "read %d companies", len(s.accounts))
	sink.Progress("companies", len(s.accounts), len(s.accounts))
	if err := connector.Put(ctx, sink, s.accounts...); err != nil {
		return err
	}
	if s.fail != nil {
		sink.Fail("agreements", *s.fail, errors.New("HTTP 500 after 6 attempts"))
	}
	return nil
}

func (s *script) lastRequest() connector.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[len(s.requests)-1]
}

type fixture struct {
	store   *store.Store
	engine  *Engine
	scripts map[string]*script // by integration name
	events  []Event
	evMu    sync.Mutex
}

func newFixture(t *testing.T, tune ...func(*Options)) *fixture {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	f := &fixture{store: st, scripts: map[string]*script{}}
	factory := func(kind connector.Kind, role connector.Role) connector.Factory {
		return connector.Factory{Kind: kind, Label: string(kind), Role: role,
			Secrets: []connector.Field{{Key: "token", Required: true}},
			New: func(cfg connector.Config) (connector.Connector, error) {
				if cfg.Secrets["token"] != "good" {
					return nil, &connector.ConfigError{Field: "token", Msg: "missing"}
				}
				return f.scripts[cfg.Name], nil
			}}
	}
	opts := Options{
		Store:    st,
		Registry: connector.NewRegistry(factory(connector.KindConnectWise, connector.RolePSA), factory(connector.KindPax8, connector.RoleVendor)),
		Credentials: func(_ context.Context, in store.Integration, _ []connector.Field) (map[string]string, error) {
			if in.Settings["creds"] == "missing" {
				return nil, errors.New("the token secret is not in the keychain")
			}
			return map[string]string{"token": "good"}, nil
		},
		ProgressEvery: time.Millisecond,
	}
	for _, fn := range tune {
		fn(&opts)
	}
	f.engine = New(opts)
	f.engine.Subscribe(func(ev Event) {
		f.evMu.Lock()
		f.events = append(f.events, ev)
		f.evMu.Unlock()
	})
	t.Cleanup(func() { f.engine.Close(); st.Close() })
	return f
}

func (f *fixture) add(t *testing.T, name string, kind connector.Kind, s *script) store.Integration {
	t.Helper()
	in, err := f.store.CreateIntegration(context.Background(), store.Integration{Name: name, Kind: string(kind), BaseURL: "https://x"})
	require.NoError(t, err)
	f.scripts[name] = s
	return in
}

func (f *fixture) sync(t *testing.T, mode connector.Mode, ids ...int64) []store.Run {
	t.Helper()
	ctx := context.Background()
	runs, err := f.engine.Enqueue(ctx, Request{IntegrationIDs: ids, Mode: mode})
	require.NoError(t, err)
	var runIDs []int64
	for _, r := range runs {
		runIDs = append(runIDs, r.ID)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, f.engine.Wait(waitCtx, runIDs...))
	out := make([]store.Run, len(runIDs))
	for i, id := range runIDs {
		r, err := f.store.Run(ctx, id)
		require.NoError(t, err)
		out[i] = r
	}
	return out
}

func accounts(names ...string) []connector.Account {
	out := make([]connector.Account, len(names))
	for i, n := range names {
		out[i] = connector.Account{ID: n, Name: n, Active: true, UpdatedAt: time.Date(2026, 11, 1, 0, i, 0, 0, time.UTC), Raw: []byte(`{"n":"` + n + `"}`)}
	}
	return out
}

func cachedNames(t *testing.T, st *store.Store, id int64) []string {
	t.Helper()
	snap, err := st.CacheSnapshot(context.Background(), id, false)
	require.NoError(t, err)
	var out []string
	for _, a := range snap.Accounts {
		out = append(out, a.Name)
	}
	return out
}

func TestRunLifecycleAndEvents(t *testing.T) {
	f := newFixture(t)
	in := f.add(t, "CW", connector.KindConnectWise, &script{accounts: accounts("Acme", "Bayside")})
	run := f.sync(t, connector.ModeQuick, in.ID)[0]

	assert.Equal(t, store.StatusSucceeded, run.Status)
	assert.Equal(t, "full", run.Mode, "a QuickSync without a watermark builds the cache with a Full Sync")
	assert.Equal(t, 2, run.Added)
	assert.False(t, run.StartedAt.IsZero())
	assert.False(t, run.FinishedAt.IsZero())
	assert.Equal(t, []store.Section{{Name: "companies", Status: "ok"}}, run.Sections)
	assert.Equal(t, []string{"Acme", "Bayside"}, cachedNames(t, f.store, in.ID))

	// Wait returns once the run is off the active list; its terminal event is emitted just
	// after that (listeners must see the integration idle), so wait for it.
	require.Eventually(t, func() bool {
		f.evMu.Lock()
		defer f.evMu.Unlock()
		return len(f.events) > 0 && f.events[len(f.events)-1].Run.Status == store.StatusSucceeded
	}, 5*time.Second, time.Millisecond, "the terminal event arrives")
	f.evMu.Lock()
	var statuses []string
	for i, ev := range f.events {
		assert.Equal(t, int64(i+1), ev.Seq, "event sequence numbers have no gaps")
		if len(statuses) == 0 || statuses[len(statuses)-1] != ev.Run.Status {
			statuses = append(statuses, ev.Run.Status)
		}
	}
	f.evMu.Unlock()
	assert.Equal(t, []string{"queued", "running", "succeeded"}, statuses)

	log, err := f.store.RunLog(context.Background(), run.ID)
	require.NoError(t, err)
	assert.Contains(t, log[0].Message, "No earlier successful sync")
	assert.Contains(t, log[len(log)-1].Message+log[len(log)-2].Message, "2 added")

	// The second QuickSync continues from the newest source stamp, not the local clock.
	run = f.sync(t, connector.ModeQuick, in.ID)[0]
	assert.Equal(t, "quick", run.Mode)
	assert.Equal(t, time.Date(2026, 11, 1, 0, 1, 0, 0, time.UTC), f.scripts["CW"].lastRequest().Since)
	assert.Zero(t, run.Added+run.Updated+run.Removed, "re-reading unchanged records is not a change")
}

func TestFailedRunKeepsCache(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme")}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)

	s.err = &connector.AuthError{Status: 401, Hint: "reset the API keys in ConnectWise"}
	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, store.StatusFailed, run.Status)
	assert.Contains(t, run.Error, "reset the API keys")
	assert.Contains(t, run.Error, "cached data is unchanged")
	assert.Equal(t, []string{"Acme"}, cachedNames(t, f.store, in.ID))
}

func TestPartialRunKeepsFailedScope(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme", "Bayside")}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)

	s.accounts = accounts("Acme")
	s.fail = &connector.Scope{Entity: connector.EntityAccounts}
	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, store.StatusPartial, run.Status)
	assert.Contains(t, run.Sections, store.Section{Name: "agreements", Status: "failed", Error: "HTTP 500 after 6 attempts"})
	assert.Equal(t, []string{"Acme", "Bayside"}, cachedNames(t, f.store, in.ID), "a partial run never deletes what it could not re-read")
}

func TestCredentialsAndSettingsProblemsFailTheRun(t *testing.T) {
	f := newFixture(t)
	in, err := f.store.CreateIntegration(context.Background(), store.Integration{Name: "CW", Kind: "connectwise", BaseURL: "https://x", Settings: map[string]string{"creds": "missing"}})
	require.NoError(t, err)
	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, store.StatusFailed, run.Status)
	assert.Contains(t, run.Error, "not in the keychain")
}

func TestCancelRunningRunDiscardsItsData(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme")}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)

	s.accounts, s.block, s.started = accounts("Other"), make(chan struct{}), make(chan struct{})
	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeFull})
	require.NoError(t, err)
	<-s.started
	live, ok := f.engine.Active(runs[0].ID)
	require.True(t, ok)
	assert.Equal(t, store.StatusRunning, live.Status)
	require.NoError(t, f.engine.Cancel(runs[0].ID))
	require.NoError(t, f.engine.Wait(context.Background(), runs[0].ID))
	run, err := f.store.Run(context.Background(), runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusCancelled, run.Status)
	assert.Equal(t, []string{"Acme"}, cachedNames(t, f.store, in.ID))
	assert.Error(t, f.engine.Cancel(runs[0].ID), "an ended run cannot be cancelled")
}

// A connector's note about a running sync (Autotask's request budget pausing it) reaches
// the engine's callers while the run goes on, and is gone with the run.
func TestNoteOfARunningSync(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme"), block: make(chan struct{}), started: make(chan struct{}),
		note: "Autotask API usage at 91%: paused until it is under 75%"}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeFull})
	require.NoError(t, err)
	<-s.started
	assert.Equal(t, s.note, f.engine.Note(runs[0].ID))
	close(s.block)
	require.NoError(t, f.engine.Wait(context.Background(), runs[0].ID))
	assert.Empty(t, f.engine.Note(runs[0].ID))
}

func TestPSARunsBeforeVendorsAndOneRunPerIntegration(t *testing.T) {
	f := newFixture(t)
	psa := &script{accounts: accounts("Acme"), block: make(chan struct{}), started: make(chan struct{})}
	vendor := &script{accounts: accounts("Acme LLC")}
	pax := f.add(t, "Pax8", connector.KindPax8, vendor)
	cw := f.add(t, "CW", connector.KindConnectWise, psa)

	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{pax.ID, cw.ID}, Mode: connector.ModeQuick})
	require.NoError(t, err)
	require.Len(t, runs, 2)
	assert.Equal(t, cw.ID, runs[0].IntegrationID, "PSA first")
	<-psa.started
	vr, ok := f.engine.Active(runs[1].ID)
	require.True(t, ok)
	assert.Equal(t, store.StatusQueued, vr.Status, "the vendor waits for the PSA")
	assert.Contains(t, f.engine.Waiting(runs[1].ID), "waiting for CW")
	assert.True(t, f.engine.Busy(cw.ID))

	again, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{cw.ID}, Mode: connector.ModeFull})
	require.NoError(t, err)
	assert.Equal(t, runs[0].ID, again[0].ID, "one run per integration at a time")

	close(psa.block)
	require.NoError(t, f.engine.Wait(context.Background(), runs[0].ID, runs[1].ID))
	pr, _ := f.store.Run(context.Background(), runs[0].ID)
	vr, _ = f.store.Run(context.Background(), runs[1].ID)
	assert.Equal(t, store.StatusSucceeded, vr.Status)
	assert.False(t, vr.StartedAt.Before(pr.FinishedAt), "the vendor started after the PSA finished")
}

func TestEnqueueValidates(t *testing.T) {
	f := newFixture(t)
	in := f.add(t, "CW", connector.KindConnectWise, &script{})
	for name, req := range map[string]Request{
		"no integrations": {Mode: connector.ModeQuick},
		"unknown mode":    {IntegrationIDs: []int64{in.ID}, Mode: "turbo"},
		"since no date":   {IntegrationIDs: []int64{in.ID}, Mode: connector.ModeSince},
		"unknown id":      {IntegrationIDs: []int64{999}, Mode: connector.ModeQuick},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.engine.Enqueue(context.Background(), req)
			assert.Error(t, err)
		})
	}
}

func TestRecoverFailsInterruptedRuns(t *testing.T) {
	f := newFixture(t)
	in := f.add(t, "CW", connector.KindConnectWise, &script{})
	r, err := f.store.CreateRun(context.Background(), in.ID, "quick", "")
	require.NoError(t, err)
	require.NoError(t, f.engine.Recover(context.Background()))
	r, err = f.store.Run(context.Background(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusFailed, r.Status)
	assert.Contains(t, r.Error, "closed before this sync finished")
}

func TestTerminalEventComesAfterTheIntegrationIsIdle(t *testing.T) {
	f := newFixture(t)
	in := f.add(t, "CW", connector.KindConnectWise, &script{accounts: accounts("Acme")})
	busyAtEnd := make(chan bool, 1)
	f.engine.Subscribe(func(ev Event) {
		if ev.Run.Status == store.StatusSucceeded {
			// What a UI sees when it re-reads the status because of this event.
			busyAtEnd <- f.engine.Busy(in.ID)
		}
	})
	f.sync(t, connector.ModeFull, in.ID)
	select {
	case busy := <-busyAtEnd:
		assert.False(t, busy, "the run's end was announced while the integration still looked busy")
	case <-time.After(5 * time.Second):
		t.Fatal("no terminal event")
	}
}
