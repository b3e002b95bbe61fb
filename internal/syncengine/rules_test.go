package syncengine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// waitLong bounds a wait that must end; the bound only turns a hang into a failure.
const waitLong = 10 * time.Second

func waitRuns(t *testing.T, e *Engine, ids ...int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	require.NoError(t, e.Wait(ctx, ids...), "the runs did not end")
}

// rawDB opens a second connection to the fixture's database, for faults the store has no
// API for (triggers that make a write fail).
func rawDB(t *testing.T, st *store.Store) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?_pragma=busy_timeout(10000)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func logText(t *testing.T, st *store.Store, runID int64) string {
	t.Helper()
	lines, err := st.RunLog(context.Background(), runID)
	require.NoError(t, err)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Message + "\n")
	}
	return b.String()
}

func TestUnreachableSourceFailsTheRunAndStoresNothing(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme")}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)
	before, err := f.store.Integration(context.Background(), in.ID)
	require.NoError(t, err)

	s.unreached = errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	for _, mode := range []connector.Mode{connector.ModeQuick, connector.ModeFull} {
		run := f.sync(t, mode, in.ID)[0]
		assert.Equal(t, store.StatusFailed, run.Status, "a run in which every section failed is failed, not partial")
		assert.Contains(t, run.Error, "connection refused")
		assert.Contains(t, run.Error, "Check the network connection and the integration's base URL")
		assert.Contains(t, run.Error, "the cached data is unchanged")
		assert.NotContains(t, logText(t, f.store, run.ID), "nothing new at the source")
		after, err := f.store.Integration(context.Background(), in.ID)
		require.NoError(t, err)
		assert.Equal(t, before.LastFetchedAt, after.LastFetchedAt, "last fetched stays: nothing was fetched")
		assert.Equal(t, before.NewestSourceAt, after.NewestSourceAt)
		assert.Equal(t, before.Watermarks, after.Watermarks)
		assert.Equal(t, before.ActiveGeneration, after.ActiveGeneration, "nothing was committed")
		assert.Equal(t, []string{"Acme"}, cachedNames(t, f.store, in.ID))
	}
}

func TestARunThatStoredSomethingOutsideTheFailedSectionsIsPartial(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme")}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)
	s.unreached = errors.New("HTTP 500 after 6 attempts")
	s.quietSubs = []connector.Subscription{{ID: "s1", AccountID: "Acme", ProductName: "M365", Quantity: 3, Raw: []byte(`{}`)}}
	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, store.StatusPartial, run.Status, "the subscriptions were read and stored, so the run is partial")
	assert.Equal(t, []string{"Acme"}, cachedNames(t, f.store, in.ID))
}

func TestFirstQuickSyncIsQueuedAsFullSync(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme"), block: make(chan struct{}), started: make(chan struct{})}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeQuick})
	require.NoError(t, err)
	assert.Equal(t, "full", runs[0].Mode, "the queued run already says it is a Full Sync")
	stored, err := f.store.Run(context.Background(), runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "full", stored.Mode)
	f.evMu.Lock()
	assert.Equal(t, "full", f.events[0].Run.Mode, "the queued event says Full Sync too")
	f.evMu.Unlock()
	<-s.started
	assert.Contains(t, logText(t, f.store, runs[0].ID), "No earlier successful sync to continue from, so this is a Full Sync")
	close(s.block)
	waitRuns(t, f.engine, runs[0].ID)
	assert.Equal(t, connector.ModeFull, s.lastRequest().Mode)
}

func TestConcurrentEnqueuesOfOneIntegrationMakeOneRun(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme"), block: make(chan struct{})}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	const n = 50
	var wg sync.WaitGroup
	ids := make(chan int64, n)
	start := make(chan struct{})
	for range n {
		wg.Go(func() {
			<-start
			runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeFull})
			if assert.NoError(t, err) && assert.Len(t, runs, 1) {
				ids <- runs[0].ID
			}
		})
	}
	close(start)
	wg.Wait()
	close(ids)
	distinct := map[int64]bool{}
	for id := range ids {
		distinct[id] = true
	}
	assert.Len(t, distinct, 1, "every request must get the one run of the integration")
	recent, err := f.store.RecentRuns(context.Background(), 100)
	require.NoError(t, err)
	assert.Len(t, recent, 1, "exactly one run row")
	close(s.block)
	for id := range distinct {
		waitRuns(t, f.engine, id)
		r, err := f.store.Run(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, store.StatusSucceeded, r.Status)
	}
	assert.Equal(t, []string{"Acme"}, cachedNames(t, f.store, in.ID))
}

func TestEnqueueFailingHalfwayLeavesNothingRegistered(t *testing.T) {
	f := newFixture(t)
	cw := f.add(t, "CW", connector.KindConnectWise, &script{accounts: accounts("Acme")})
	pax := f.add(t, "Pax8", connector.KindPax8, &script{accounts: accounts("Acme LLC")})
	db := rawDB(t, f.store)
	_, err := db.Exec(fmt.Sprintf(`CREATE TRIGGER refuse_pax8_runs BEFORE INSERT ON sync_runs WHEN NEW.integration_id = %d
		BEGIN SELECT RAISE(ABORT, 'disk full'); END`, pax.ID))
	require.NoError(t, err)

	_, err = f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{cw.ID, pax.ID}, Mode: connector.ModeFull})
	require.ErrorContains(t, err, "disk full")
	assert.False(t, f.engine.Busy(cw.ID), "the run queued before the failure must not stay registered")
	assert.False(t, f.engine.Busy(pax.ID))
	active, err := f.store.ActiveRuns(context.Background())
	require.NoError(t, err)
	assert.Empty(t, active, "no run row is left queued forever")

	_, err = db.Exec(`DROP TRIGGER refuse_pax8_runs`)
	require.NoError(t, err)
	runs := f.sync(t, connector.ModeFull, cw.ID, pax.ID)
	assert.Equal(t, store.StatusSucceeded, runs[0].Status)
	assert.Equal(t, store.StatusSucceeded, runs[1].Status)
}

func TestCancellingAQueuedVendorRunEndsItAtOnce(t *testing.T) {
	f := newFixture(t)
	psa := &script{accounts: accounts("Acme"), block: make(chan struct{}), started: make(chan struct{})}
	cw := f.add(t, "CW", connector.KindConnectWise, psa)
	pax := f.add(t, "Pax8", connector.KindPax8, &script{accounts: accounts("Acme LLC")})
	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{cw.ID, pax.ID}, Mode: connector.ModeFull})
	require.NoError(t, err)
	<-psa.started

	require.NoError(t, f.engine.Cancel(runs[1].ID))
	waitRuns(t, f.engine, runs[1].ID) // hangs (and fails) while the vendor waits for the PSA
	vr, err := f.store.Run(context.Background(), runs[1].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusCancelled, vr.Status)
	assert.True(t, f.engine.Busy(cw.ID), "the PSA run goes on")

	close(psa.block)
	waitRuns(t, f.engine, runs[0].ID)
	pr, err := f.store.Run(context.Background(), runs[0].ID)
	require.NoError(t, err)
	assert.Equal(t, store.StatusSucceeded, pr.Status)
}

func TestCancelWhilePreparingEndsCancelled(t *testing.T) {
	var f *fixture
	f = newFixture(t, func(o *Options) {
		creds := o.Credentials
		o.Credentials = func(ctx context.Context, in store.Integration, fields []connector.Field) (map[string]string, error) {
			// The user cancels while the run reads the keychain and prepares the cache.
			active, err := f.store.ActiveRuns(ctx)
			if err != nil {
				return nil, err
			}
			for _, r := range active {
				_ = f.engine.Cancel(r.ID)
			}
			return creds(ctx, in, fields)
		}
	})
	in := f.add(t, "CW", connector.KindConnectWise, &script{accounts: accounts("Acme")})
	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, store.StatusCancelled, run.Status)
	assert.Contains(t, run.Error, "Cancelled")
	assert.Empty(t, cachedNames(t, f.store, in.ID))
}

func TestQuickSyncGetsEachEntitysWatermark(t *testing.T) {
	f := newFixture(t)
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	s := &script{accounts: accounts("Acme"), agreements: []connector.Agreement{{ID: "g1", AccountID: "Acme", Name: "MSA", UpdatedAt: day(9), Raw: []byte(`{}`)}}}
	s.accounts[0].UpdatedAt = day(2)
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)

	f.sync(t, connector.ModeQuick, in.ID)
	req := s.lastRequest()
	assert.Equal(t, day(2), req.SinceFor(connector.EntityAccounts), "companies continue from their own newest stamp")
	assert.Equal(t, day(9), req.SinceFor(connector.EntityAgreements))
	assert.Equal(t, day(2), req.Since, "one-date connectors get the oldest watermark")

	// A since-date run from after the companies' watermark leaves it where it was.
	s.accounts[0].UpdatedAt, s.agreements[0].UpdatedAt = day(20), day(20)
	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeSince, Since: day(5)})
	require.NoError(t, err)
	waitRuns(t, f.engine, runs[0].ID)
	got, err := f.store.Integration(context.Background(), in.ID)
	require.NoError(t, err)
	assert.Equal(t, day(2), got.Watermarks[connector.EntityAccounts], "the changes between Nov 2 and Nov 5 were never read")
	assert.Equal(t, day(20), got.Watermarks[connector.EntityAgreements], "Nov 5 is before the agreements' watermark: they were read completely")
	assert.Equal(t, day(20), got.NewestSourceAt)
	assert.Contains(t, logText(t, f.store, runs[0].ID), "watermark stays where it is")
}

func TestLogLinesThatCannotBeStoredAreReported(t *testing.T) {
	f := newFixture(t)
	in := f.add(t, "CW", connector.KindConnectWise, &script{accounts: accounts("Acme"), logLine: "boom"})
	_, err := rawDB(t, f.store).Exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON run_logs WHEN NEW.message = 'boom'
		BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`)
	require.NoError(t, err)
	run := f.sync(t, connector.ModeFull, in.ID)[0]
	assert.Equal(t, store.StatusSucceeded, run.Status, "the data was stored; only the log line was not")
	assert.Contains(t, run.Error, "log could not be saved completely: ")
	assert.Contains(t, run.Error, "disk I/O error")
	log := logText(t, f.store, run.ID)
	assert.Contains(t, log, "read 1 companies", "the other lines of the batch are kept")
	assert.Contains(t, log, "1 added")
}

func TestOldRunsArePruned(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.KeepRuns = 3 })
	in := f.add(t, "CW", connector.KindConnectWise, &script{accounts: accounts("Acme")})
	var last []store.Run
	for range 5 {
		last = append(last, f.sync(t, connector.ModeFull, in.ID)[0])
	}
	recent, err := f.store.RecentRuns(context.Background(), 100)
	require.NoError(t, err)
	require.Len(t, recent, 3)
	assert.Equal(t, last[4].ID, recent[0].ID)
	assert.Equal(t, last[2].ID, recent[2].ID)
	lines, err := f.store.RunLog(context.Background(), last[0].ID)
	require.NoError(t, err)
	assert.Empty(t, lines, "a pruned run's log goes with it")
}
