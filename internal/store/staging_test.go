package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

// liveRun stores a run that is running, as the engine does before it stages.
func liveRun(t *testing.T, s *Store, integration int64) Run {
	t.Helper()
	r, err := s.CreateRun(context.Background(), integration, "full", "")
	require.NoError(t, err)
	r.Status = StatusRunning
	require.NoError(t, s.SaveRun(context.Background(), r))
	return r
}

func TestOnlyOneRunOwnsTheStagedCache(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)

	winner := liveRun(t, s, in.ID)
	st, err := s.BeginStaging(ctx, in.ID, winner.ID, true)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("w1", "Winner", time.Now())))
	require.NoError(t, st.flushLockedForTest(ctx))

	loser := liveRun(t, s, in.ID)
	_, err = s.BeginStaging(ctx, in.ID, loser.ID, true)
	require.ErrorIs(t, err, ErrStagingBusy, "a second live run of the integration must not stage the same generation")

	_, err = st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err, "the refused run must not have disturbed the owner")
	assert.Equal(t, []string{"w1"}, ids(t, s, in.ID, connector.EntityAccounts))
}

func TestANonOwnerCannotTouchTheOwnersRows(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)

	// The old run stops counting as live (TrueUp closed, the run was marked failed) while
	// its Staging is still open; a new run takes the staged generation over.
	stale := liveRun(t, s, in.ID)
	old, err := s.BeginStaging(ctx, in.ID, stale.ID, true)
	require.NoError(t, err)
	stale.Status = StatusFailed
	require.NoError(t, s.SaveRun(ctx, stale))

	owner := liveRun(t, s, in.ID)
	st, err := s.BeginStaging(ctx, in.ID, owner.ID, true)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("o1", "Owner's", time.Now())))
	require.NoError(t, st.flushLockedForTest(ctx))

	require.NoError(t, connector.Put(ctx, old, acct("x1", "Stale", time.Now())))
	require.ErrorIs(t, old.flushLockedForTest(ctx), ErrNotOwner, "a non-owner's writes are refused")
	require.ErrorIs(t, old.Discard(ctx), ErrNotOwner)
	_, err = old.Commit(ctx, CommitOptions{Succeeded: true})
	require.Error(t, err)

	_, err = st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err, "the owner's staged rows survived the stale run's discard and commit")
	assert.Equal(t, []string{"o1"}, ids(t, s, in.ID, connector.EntityAccounts))
}

func TestAFailedScopeKeepsItsPreviousRowsWhateverWasPut(t *testing.T) {
	for _, mode := range []string{"full", "quick", "since"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			in := newIntegration(t, s, "CW")
			seed(t, s, in.ID)

			st, err := s.BeginStaging(ctx, in.ID, 2, mode == "full")
			require.NoError(t, err)
			t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
			// The accounts list failed half-way: what it Put (a renamed a1, a new a9) came
			// from a read that did not finish.
			require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme renamed", t0.Add(time.Hour)), acct("a9", "Half-read", t0)))
			st.Fail(connector.Scope{Entity: connector.EntityAccounts})
			require.NoError(t, connector.Put(ctx, st, agr("g1", "a1"), agr("g2", "a2")))
			// g2's additions failed after a changed l3 and a new l8 were Put; in a QuickSync
			// the connector also dropped l3's sibling through a deletion report.
			require.NoError(t, connector.Put(ctx, st, line("l1", "g1", 5), line("l2", "g1", 3),
				line("l3", "g2", 99), line("l8", "g2", 1)))
			if mode != "full" {
				require.NoError(t, st.Delete(ctx, connector.EntityServiceLines, "l3"))
			}
			st.Fail(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g2"})
			st.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g2"})
			opts := CommitOptions{}
			if mode == "since" {
				opts.Since = t0
			}
			_, err = st.Commit(ctx, opts)
			require.NoError(t, err)

			snap, err := s.CacheSnapshot(ctx, in.ID, false)
			require.NoError(t, err)
			names := map[string]string{}
			for _, a := range snap.Accounts {
				names[a.ID] = a.Name
			}
			assert.Equal(t, map[string]string{"a1": "Acme", "a2": "Bayside"}, names, "the failed accounts scope is exactly as before")
			g2 := map[string]float64{}
			for _, l := range snap.ServiceLines {
				if l.AgreementID == "g2" {
					g2[l.ID] = l.Quantity
				}
			}
			assert.Equal(t, map[string]float64{"l3": 7}, g2, "the failed lines of g2 are exactly as before")
			assert.Equal(t, []string{"l1", "l2", "l3"}, ids(t, s, in.ID, connector.EntityServiceLines))
		})
	}
}

func stamped(id, account string, at time.Time) connector.Agreement {
	a := agr(id, account)
	a.UpdatedAt = at
	return a
}

func TestWatermarksArePerEntity(t *testing.T) {
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	s := openTest(t)
	in := newIntegration(t, s, "CW")

	// A Full Sync: companies are read early (newest stamp Nov 2), agreements later (Nov 5).
	st, err := s.BeginStaging(ctx, in.ID, 1, true)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", day(2))))
	require.NoError(t, connector.Put(ctx, st, stamped("g1", "a1", day(5))))
	ch, err := st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)
	assert.Equal(t, day(5), ch.NewestSourceAt, "the status screen still shows the newest stamp of any entity")
	got, err := s.Integration(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, map[connector.Entity]time.Time{connector.EntityAccounts: day(2), connector.EntityAgreements: day(5)}, got.Watermarks,
		"a company edited on Nov 3 must still be newer than the companies' watermark")
	assert.Equal(t, day(5), got.NewestSourceAt)

	// A QuickSync whose additions of g1 failed: accounts advance, agreements and lines are
	// held back so g1's additions are re-read through g1 next time.
	st, err = s.BeginStaging(ctx, in.ID, 2, false)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", day(6))))
	require.NoError(t, connector.Put(ctx, st, stamped("g1", "a1", day(7))))
	st.Fail(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g1"})
	_, err = st.Commit(ctx, CommitOptions{})
	require.NoError(t, err)
	got, err = s.Integration(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, map[connector.Entity]time.Time{connector.EntityAccounts: day(6), connector.EntityAgreements: day(5)}, got.Watermarks)

	// A since-date run from a date after a watermark never read what changed between the
	// watermark and the date: it must not advance that watermark.
	st, err = s.BeginStaging(ctx, in.ID, 3, false)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", day(20))))
	require.NoError(t, connector.Put(ctx, st, stamped("g1", "a1", day(20))))
	_, err = st.Commit(ctx, CommitOptions{Succeeded: true, Since: day(10)})
	require.NoError(t, err)
	got, err = s.Integration(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, map[connector.Entity]time.Time{connector.EntityAccounts: day(6), connector.EntityAgreements: day(5)}, got.Watermarks)
	assert.Equal(t, day(20), got.NewestSourceAt)

	// From a date at or before the watermarks it read everything since them.
	st, err = s.BeginStaging(ctx, in.ID, 4, false)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", day(21))))
	_, err = st.Commit(ctx, CommitOptions{Succeeded: true, Since: day(5)})
	require.NoError(t, err)
	got, err = s.Integration(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, map[connector.Entity]time.Time{connector.EntityAccounts: day(21), connector.EntityAgreements: day(20)}, got.Watermarks)
}

func TestMigrationCarriesTheSharedWatermarkOverPerEntity(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trueup.db")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	v1, err := migrationFS.ReadFile("migrations/001_init.sql")
	require.NoError(t, err)
	_, err = db.Exec(string(v1) + "; PRAGMA user_version = 1")
	require.NoError(t, err)
	// Schema 1: one shared watermark (Nov 5); companies newest Nov 2, agreements Nov 9
	// (stored by a later partial run), no lines.
	_, err = db.Exec(`INSERT INTO integrations (id, uid, name, kind, base_url, active_generation, watermark, created_at, updated_at)
		VALUES (1, 'u1', 'CW', 'connectwise', 'https://x', 3, '2026-11-05T00:00:00.000000000Z', 'x', 'x'),
		       (2, 'u2', 'New', 'connectwise', 'https://y', 0, NULL, 'x', 'x');
		INSERT INTO accounts VALUES (1, 3, 'a1', 'Acme', '', '', 1, 0, 0, 0, '2026-11-02T00:00:00.000000000Z', 0, 0, x'7b7d');
		INSERT INTO accounts VALUES (1, 2, 'a0', 'Old gen', '', '', 1, 0, 0, 0, '2026-11-30T00:00:00.000000000Z', 0, 0, x'7b7d');
		INSERT INTO agreements VALUES (1, 3, 'g1', 'a1', 'MSA', '', '', 0, '', '', '2026-11-09T00:00:00.000000000Z', 0, 0, x'7b7d');`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	in, err := s.Integration(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, map[connector.Entity]time.Time{
		connector.EntityAccounts:   time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
		connector.EntityAgreements: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
	}, in.Watermarks)
	fresh, err := s.Integration(ctx, 2)
	require.NoError(t, err)
	assert.Empty(t, fresh.Watermarks, "no successful run, no watermark")
}

func TestPutsRacingCommitAreRefusedNotPanics(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	for attempt := range 5 {
		st, err := s.BeginStaging(ctx, in.ID, int64(10+attempt), true)
		require.NoError(t, err)
		batch := make([]connector.Account, flushEvery)
		for i := range batch {
			batch[i] = acct("a"+strconv.Itoa(i), "A", time.Now())
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				<-start
				// A connector worker that has not noticed the run ended keeps Putting.
				for connector.Put(ctx, st, batch...) == nil {
				}
			})
		}
		close(start)
		_, err = st.Commit(ctx, CommitOptions{Succeeded: true})
		require.NoError(t, err)
		wg.Wait()
		require.Error(t, connector.Put(ctx, st, batch...), "a Put after Commit is refused")
	}
}

func TestPruneRunsKeepsTheNewestAndActiveRuns(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := newIntegration(t, s, "A")
	b := newIntegration(t, s, "B")
	var runs []Run
	for i := range 8 {
		r, err := s.CreateRun(ctx, a.ID, "quick", "")
		require.NoError(t, err)
		if i > 0 { // the oldest is still queued: never pruned
			r.Status = StatusSucceeded
			require.NoError(t, s.SaveRun(ctx, r))
		}
		require.NoError(t, s.AppendLog(ctx, r.ID, LogLine{At: time.Now(), Level: "info", Section: "sync", Message: "line"}))
		runs = append(runs, r)
	}
	other, err := s.CreateRun(ctx, b.ID, "quick", "")
	require.NoError(t, err)

	n, err := s.PruneRuns(ctx, a.ID, 5)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	left, err := s.RecentRuns(ctx, 100)
	require.NoError(t, err)
	var got []int64
	for _, r := range left {
		got = append(got, r.ID)
	}
	assert.Equal(t, []int64{other.ID, runs[7].ID, runs[6].ID, runs[5].ID, runs[4].ID, runs[3].ID, runs[0].ID}, got)
	var logs int
	require.NoError(t, s.db.QueryRow(`SELECT COUNT(*) FROM run_logs WHERE run_id IN (?, ?)`, runs[1].ID, runs[2].ID).Scan(&logs))
	assert.Zero(t, logs, "the logs of pruned runs go with them")
}
