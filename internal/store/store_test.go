package store

import (
	"context"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// latestMigration is the highest migration number embedded in the binary.
func latestMigration(t *testing.T) int {
	t.Helper()
	entries, err := migrationFS.ReadDir("migrations")
	require.NoError(t, err)
	latest := 0
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		require.NoError(t, err)
		latest = max(latest, v)
	}
	return latest
}

func newIntegration(t *testing.T, s *Store, name string) Integration {
	t.Helper()
	in, err := s.CreateIntegration(context.Background(), Integration{Name: name, Kind: "connectwise", BaseURL: "https://x.test",
		Settings: map[string]string{"company": "acme"}, SecretFields: []string{"public_key"}})
	require.NoError(t, err)
	return in
}

func TestOpenMigratesAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "trueup.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	assert.Equal(t, latestMigration(t), v)
	newIntegration(t, s, "CW")
	require.NoError(t, s.Close())

	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	list, err := s.Integrations(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1, "reopening must keep data and not re-run migrations")
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trueup.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	_, err = s.db.Exec("PRAGMA user_version = 99")
	require.NoError(t, err)
	s.Close()
	_, err = Open(ctx, path)
	require.ErrorContains(t, err, "newer TrueUp")
}

func TestIntegrationCRUD(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "ConnectWise")
	assert.Equal(t, "acme", in.Settings["company"])
	assert.Equal(t, []string{"public_key"}, in.SecretFields)

	_, err := s.CreateIntegration(ctx, Integration{Name: "connectwise", Kind: "pax8", BaseURL: "https://y"})
	require.ErrorIs(t, err, ErrNameTaken, "names are unique regardless of case")

	in.Name, in.Settings = "CW Prod", map[string]string{"company": "acme2"}
	got, err := s.UpdateIntegration(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, "CW Prod", got.Name)
	byName, err := s.IntegrationByName(ctx, "cw prod")
	require.NoError(t, err)
	assert.Equal(t, in.ID, byName.ID)

	require.NoError(t, s.DeleteIntegration(ctx, in.ID))
	_, err = s.Integration(ctx, in.ID)
	require.ErrorIs(t, err, ErrNotFound)
	require.ErrorIs(t, s.DeleteIntegration(ctx, in.ID), ErrNotFound)
}

func acct(id, name string, at time.Time) connector.Account {
	return connector.Account{ID: id, Name: name, Status: "Active", Active: true, UpdatedAt: at, Raw: []byte(`{"id":"` + id + `"}`)}
}

func agr(id, account string) connector.Agreement {
	return connector.Agreement{ID: id, AccountID: account, Name: "MSA " + id, Status: "Active", StartDate: "2025-01-01", Raw: []byte(`{}`)}
}

func line(id, agreement string, q float64) connector.ServiceLine {
	return connector.ServiceLine{ID: id, AgreementID: agreement, AccountID: "a1", ProductName: "M365", Quantity: q, Raw: []byte(`{}`)}
}

func ids(t *testing.T, s *Store, integration int64, e connector.Entity) []string {
	t.Helper()
	snap, err := s.CacheSnapshot(context.Background(), integration, false)
	require.NoError(t, err)
	var out []string
	switch e {
	case connector.EntityAccounts:
		for _, x := range snap.Accounts {
			out = append(out, x.ID)
		}
	case connector.EntityAgreements:
		for _, x := range snap.Agreements {
			out = append(out, x.ID)
		}
	case connector.EntityServiceLines:
		for _, x := range snap.ServiceLines {
			out = append(out, x.ID)
		}
	}
	sort.Strings(out)
	return out
}

// seed commits a full run with two accounts, two agreements and three lines.
func seed(t *testing.T, s *Store, integration int64) {
	t.Helper()
	ctx := context.Background()
	st, err := s.BeginStaging(ctx, integration, 1, true)
	require.NoError(t, err)
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", t0), acct("a2", "Bayside", t0.Add(time.Hour))))
	require.NoError(t, connector.Put(ctx, st, agr("g1", "a1"), agr("g2", "a2")))
	require.NoError(t, connector.Put(ctx, st, line("l1", "g1", 5), line("l2", "g1", 3), line("l3", "g2", 7)))
	ch, err := st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)
	assert.Equal(t, Changes{Added: 7, NewestSourceAt: t0.Add(time.Hour)}, ch)
}

func TestFullSyncSwapReplacesCacheAndCountsChanges(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	other := newIntegration(t, s, "Other")
	seed(t, s, in.ID)
	seed(t, s, other.ID)

	st, err := s.BeginStaging(ctx, in.ID, 2, true)
	require.NoError(t, err)
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", t0), acct("a2", "Bayside", t0.Add(time.Hour))))
	require.NoError(t, connector.Put(ctx, st, agr("g1", "a1")))                          // g2 deleted at the source
	require.NoError(t, connector.Put(ctx, st, line("l1", "g1", 6), line("l2", "g1", 3))) // l1 changed

	// Readers still see the old cache while the new one is being built.
	assert.Equal(t, []string{"g1", "g2"}, ids(t, s, in.ID, connector.EntityAgreements))

	ch, err := st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)
	assert.Equal(t, 0, ch.Added)
	assert.Equal(t, 1, ch.Updated)
	assert.Equal(t, 2, ch.Removed, "g2 and its line l3 are gone")
	assert.Equal(t, []string{"g1"}, ids(t, s, in.ID, connector.EntityAgreements))
	assert.Equal(t, []string{"l1", "l2"}, ids(t, s, in.ID, connector.EntityServiceLines))
	assert.Equal(t, []string{"g1", "g2"}, ids(t, s, other.ID, connector.EntityAgreements), "other integrations are untouched")

	c, err := s.CacheCounts(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, Counts{Accounts: 2, Agreements: 1, ServiceLines: 2}, c, "nothing is duplicated")
}

func TestFullSyncKeepsFailedScopes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)

	st, err := s.BeginStaging(ctx, in.ID, 2, true)
	require.NoError(t, err)
	t0 := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", t0), acct("a2", "Bayside", t0)))
	require.NoError(t, connector.Put(ctx, st, agr("g1", "a1"), agr("g2", "a2")))
	require.NoError(t, connector.Put(ctx, st, line("l1", "g1", 5)))
	st.Fail(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g2"}) // g2's additions could not be read
	_, err = st.Commit(ctx, CommitOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"l1", "l3"}, ids(t, s, in.ID, connector.EntityServiceLines),
		"l2 was really removed (g1 was read), l3 kept because g2 could not be re-read")

	in2, err := s.Integration(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, map[connector.Entity]time.Time{connector.EntityAccounts: t0}, in2.Watermarks,
		"the failed lines hold back their own watermark and their agreements'; the accounts were read completely")
}

func TestQuickSyncUpsertsCompletesAndRetains(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)

	st, err := s.BeginStaging(ctx, in.ID, 2, false)
	require.NoError(t, err)
	t1 := time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC)
	require.NoError(t, connector.Put(ctx, st, acct("a3", "Cedar", t1)))
	require.NoError(t, connector.Put(ctx, st, agr("g1", "a1")))     // unchanged re-read: not an update
	require.NoError(t, connector.Put(ctx, st, line("l1", "g1", 9))) // g1's additions re-read: l2 gone
	st.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g1"})
	removed, err := st.Retain(ctx, connector.EntityAgreements, []string{"g1"}) // g2 deleted at the source
	require.NoError(t, err)
	assert.Equal(t, 1, removed)
	ch, err := st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)
	assert.Equal(t, Changes{Added: 1, Updated: 1, Removed: 3, NewestSourceAt: t1}, ch, "added a3; updated l1; removed g2, l2, l3")
	assert.Equal(t, []string{"a1", "a2", "a3"}, ids(t, s, in.ID, connector.EntityAccounts))
	assert.Equal(t, []string{"l1"}, ids(t, s, in.ID, connector.EntityServiceLines))
}

func TestQuickSyncCompleteSkipsFailedScope(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)
	st, err := s.BeginStaging(ctx, in.ID, 2, false)
	require.NoError(t, err)
	st.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g1"})
	st.Fail(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g1"})
	_, err = st.Commit(ctx, CommitOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"l1", "l2", "l3"}, ids(t, s, in.ID, connector.EntityServiceLines))
}

func TestDiscardKeepsPreviousCache(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)
	st, err := s.BeginStaging(ctx, in.ID, 2, true)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("zz", "Half-read", time.Now())))
	require.NoError(t, st.Discard(ctx))
	assert.Equal(t, []string{"a1", "a2"}, ids(t, s, in.ID, connector.EntityAccounts))

	// A crashed run leaves generation N+1 rows behind; the next run clears them first.
	st, err = s.BeginStaging(ctx, in.ID, 3, true)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st, acct("zz", "Half-read", time.Now())))
	require.NoError(t, st.flushLockedForTest(ctx))
	st2, err := s.BeginStaging(ctx, in.ID, 4, true)
	require.NoError(t, err)
	require.NoError(t, connector.Put(ctx, st2, acct("a1", "Acme", time.Now())))
	_, err = st2.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"a1"}, ids(t, s, in.ID, connector.EntityAccounts))
}

func TestDeleteIntegrationRemovesCacheAndRuns(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)
	run, err := s.CreateRun(ctx, in.ID, "quick", "")
	require.NoError(t, err)
	require.NoError(t, s.AppendLog(ctx, run.ID, LogLine{At: time.Now(), Level: "info", Section: "companies", Message: "read 2"}))
	require.NoError(t, s.DeleteIntegration(ctx, in.ID))
	var n int
	require.NoError(t, s.db.QueryRow(`SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM sync_runs) + (SELECT COUNT(*) FROM run_logs)`).Scan(&n))
	assert.Zero(t, n)
}

func TestRunsAndLogs(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := newIntegration(t, s, "A")
	b := newIntegration(t, s, "B")
	r1, err := s.CreateRun(ctx, a.ID, "quick", "")
	require.NoError(t, err)
	assert.Equal(t, StatusQueued, r1.Status)
	r2, err := s.CreateRun(ctx, a.ID, "full", "")
	require.NoError(t, err)
	r3, err := s.CreateRun(ctx, b.ID, "since", "2026-11-01")
	require.NoError(t, err)
	r2.Status, r2.Added, r2.Sections = StatusPartial, 4, []Section{{Name: "additions", Status: "failed", Error: "HTTP 500"}}
	r2.StartedAt, r2.FinishedAt = time.Now(), time.Now()
	require.NoError(t, s.SaveRun(ctx, r2))

	latest, err := s.LatestRuns(ctx)
	require.NoError(t, err)
	assert.Equal(t, r2.ID, latest[a.ID].ID)
	assert.Equal(t, StatusPartial, latest[a.ID].Status)
	assert.Equal(t, "additions", latest[a.ID].Sections[0].Name)
	assert.Equal(t, "2026-11-01", latest[b.ID].Since)

	recent, err := s.RecentRuns(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, []int64{r3.ID, r2.ID}, []int64{recent[0].ID, recent[1].ID})
	active, err := s.ActiveRuns(ctx)
	require.NoError(t, err)
	assert.Len(t, active, 2)

	require.NoError(t, s.AppendLog(ctx, r1.ID, LogLine{At: time.Now(), Level: "info", Section: "companies", Message: "one"},
		LogLine{At: time.Now(), Level: "error", Section: "additions", Message: "two"}))
	log, err := s.RunLog(ctx, r1.ID)
	require.NoError(t, err)
	require.Len(t, log, 2)
	assert.Equal(t, "two", log[1].Message)
}

func TestIntegrationsGetDistinctStableUIDs(t *testing.T) {
	s := openTest(t)
	a := newIntegration(t, s, "A")
	b := newIntegration(t, s, "B")
	assert.Len(t, a.UID, 24)
	assert.NotEqual(t, a.UID, b.UID)
	a.Name = "A renamed"
	got, err := s.UpdateIntegration(context.Background(), a)
	require.NoError(t, err)
	assert.Equal(t, a.UID, got.UID, "renaming keeps the keychain item names")
}
