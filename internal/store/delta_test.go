package store

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
)

// stagedRows counts the rows a Staging holds in its own generation.
func stagedRows(t *testing.T, s *Store, st *Staging) int {
	t.Helper()
	var n int
	require.NoError(t, s.db.QueryRow(`SELECT COUNT(*) FROM records WHERE integration_id = ? AND generation = ?`, st.integrationID, st.newGen).Scan(&n))
	return n
}

// A QuickSync stages what it read, not a copy of the whole cache: its cost follows the
// changes.
func TestQuickSyncStagesOnlyWhatItRead(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	seed(t, s, in.ID)

	st, err := s.BeginStaging(ctx, in.ID, 2, false)
	require.NoError(t, err)
	assert.Zero(t, stagedRows(t, s, st), "nothing copied before the run reads anything")
	require.NoError(t, connector.Put(ctx, st, line("l2", "g1", 4)))
	require.NoError(t, st.flushLockedForTest(ctx))
	assert.Equal(t, 1, stagedRows(t, s, st))
	require.NoError(t, st.Delete(ctx, connector.EntityServiceLines, "l3"))

	ch, err := st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)
	assert.Equal(t, 1, ch.Updated)
	assert.Equal(t, 1, ch.Removed)
	assert.Equal(t, []string{"a1", "a2"}, ids(t, s, in.ID, connector.EntityAccounts))
	assert.Equal(t, []string{"l1", "l2"}, ids(t, s, in.ID, connector.EntityServiceLines))
	var leftovers int
	require.NoError(t, s.db.QueryRow(`SELECT COUNT(*) FROM records WHERE integration_id = ? AND generation <> (SELECT active_generation FROM integrations WHERE id = ?)`,
		in.ID, in.ID).Scan(&leftovers))
	assert.Zero(t, leftovers, "the delta is gone once applied")
}

func cachedLine(t *testing.T, s *Store, integration int64, id string) (connector.ServiceLine, bool) {
	t.Helper()
	snap, err := s.CacheSnapshot(context.Background(), integration, true)
	require.NoError(t, err)
	for _, l := range snap.ServiceLines {
		if l.ID == id {
			return l, true
		}
	}
	return connector.ServiceLine{}, false
}

func stampedLine(id, agreement string, q float64, at time.Time) connector.ServiceLine {
	l := line(id, agreement, q)
	l.UpdatedAt = at
	return l
}

func record(t *testing.T, v connector.View) connector.Record {
	t.Helper()
	recs, err := connector.Encode(v)
	require.NoError(t, err)
	return recs[0]
}

// A sync that read a line before TrueUp pushed a change to it, and commits after the push,
// must not put the old copy back; a copy the source stamped after the push wins.
func TestASyncThatStartedBeforeAPushDoesNotUndoIt(t *testing.T) {
	read := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // the line as the sync read it
	pushed := read.Add(time.Hour)                        // the PSA's stamp on the pushed change
	later := pushed.Add(time.Hour)                       // someone changed it again at the source
	for name, tc := range map[string]struct {
		full    bool
		synced  connector.ServiceLine
		want    float64
		updated int
	}{
		"quick: the copy read before the push":    {synced: stampedLine("l1", "g1", 5, read), want: 9},
		"quick: the source changed it after":      {synced: stampedLine("l1", "g1", 12, later), want: 12, updated: 1},
		"full: the copy read before the push":     {full: true, synced: stampedLine("l1", "g1", 5, read), want: 9},
		"full: the source changed it after":       {full: true, synced: stampedLine("l1", "g1", 12, later), want: 12},
		"quick: a copy stamped like the push one": {synced: stampedLine("l1", "g1", 5, pushed), want: 9},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			in := newIntegration(t, s, "CW")
			seed(t, s, in.ID)

			st, err := s.BeginStaging(ctx, in.ID, 2, tc.full)
			require.NoError(t, err)
			if tc.full {
				require.NoError(t, connector.Put(ctx, st, acct("a1", "Acme", read), acct("a2", "Bayside", read)))
				require.NoError(t, connector.Put(ctx, st, agr("g1", "a1"), agr("g2", "a2")))
			}
			require.NoError(t, connector.Put(ctx, st, tc.synced, line("l2", "g1", 3)))
			require.NoError(t, st.flushLockedForTest(ctx))

			// The push lands while the run is still reading; it also creates a line.
			require.NoError(t, s.UpdateCachedRecord(ctx, in.ID, record(t, stampedLine("l1", "g1", 9, pushed))))
			require.NoError(t, s.UpdateCachedRecord(ctx, in.ID, record(t, stampedLine("l9", "g1", 1, pushed))))
			got, ok := cachedLine(t, s, in.ID, "l1")
			require.True(t, ok)
			assert.Equal(t, 9.0, got.Quantity, "readers see the push at once")

			st.Complete(connector.Scope{Entity: connector.EntityServiceLines, ParentID: "g1"})
			ch, err := st.Commit(ctx, CommitOptions{Succeeded: true})
			require.NoError(t, err)
			got, ok = cachedLine(t, s, in.ID, "l1")
			require.True(t, ok)
			assert.Equal(t, tc.want, got.Quantity)
			if !tc.full {
				assert.Equal(t, tc.updated, ch.Updated, "a copy that is not applied is not an update")
			}
			_, ok = cachedLine(t, s, in.ID, "l9")
			assert.True(t, ok, "a line the push created is not dropped by a list read before it")

			after, err := s.Integration(ctx, in.ID)
			require.NoError(t, err)
			assert.NotEqual(t, pushed, after.Watermarks[connector.EntityServiceLines], "a pushed stamp never becomes the watermark")
		})
	}
}

// An old database's cache moves into the records table with every field intact.
func TestMigrationCarriesTheOldCacheOver(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trueup.db")
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	db, err := sql.Open("sqlite", databaseURI(path, q))
	require.NoError(t, err)
	for _, name := range []string{"001_init.sql", "002_sync_requests.sql", "003_entity_watermarks.sql"} {
		body, err := migrationFS.ReadFile("migrations/" + name)
		require.NoError(t, err)
		_, err = db.Exec(string(body))
		require.NoError(t, err, name)
	}
	at := "2026-11-01T08:00:00.000000000Z"
	for _, stmt := range []string{
		`PRAGMA user_version = 3`,
		`INSERT INTO integrations (id, uid, name, kind, base_url, active_generation, created_at, updated_at) VALUES (1, 'u1', 'CW', 'connectwise', 'https://x', 4, '` + at + `', '` + at + `')`,
		`INSERT INTO accounts VALUES (1, 4, 'a1', 'Acme', 'Active', 'Customer', 1, 0, 0, 1, '` + at + `', 7, 3, '{"id":1}')`,
		`INSERT INTO agreements VALUES (1, 4, 'g1', 'a1', 'MSA', 'Managed', 'Active', 0, '2025-01-01', '', NULL, 7, 3, '{}')`,
		`INSERT INTO service_lines VALUES (1, 4, 'l1', 'g1', 'a1', 'p1', 'M365 E3', 12.5, 20, 15, 1, '2025-02-01', '2026-10-31', '` + at + `', 7, 3, '{"x":1}')`,
		`INSERT INTO subscriptions VALUES (1, 4, 's1', 'a1', 'p1', 'M365 E3', 10, 'Active', 1, 'Monthly', '2025-01-01', '', 11.5, 9.25, 'USD', NULL, 7, 3, '{}')`,
	} {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
	require.NoError(t, db.Close())

	s, err := Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	snap, err := s.CacheSnapshot(ctx, 1, true)
	require.NoError(t, err)
	stamp, _ := time.Parse(time.RFC3339Nano, at)
	assert.Equal(t, []connector.Account{{ID: "a1", Name: "Acme", Status: "Active", Type: "Customer", Active: true, Vendor: true,
		UpdatedAt: stamp, Raw: []byte(`{"id":1}`)}}, snap.Accounts)
	assert.Equal(t, []connector.Agreement{{ID: "g1", AccountID: "a1", Name: "MSA", Type: "Managed", Status: "Active",
		StartDate: "2025-01-01", Raw: []byte(`{}`)}}, snap.Agreements)
	assert.Equal(t, []connector.ServiceLine{{ID: "l1", AgreementID: "g1", AccountID: "a1", ProductID: "p1", ProductName: "M365 E3",
		Quantity: 12.5, UnitPrice: 20, UnitCost: 15, Cancelled: true, EffectiveDate: "2025-02-01", CancelledDate: "2026-10-31",
		UpdatedAt: stamp, Raw: []byte(`{"x":1}`)}}, snap.ServiceLines)
	assert.Equal(t, []connector.Subscription{{ID: "s1", AccountID: "a1", ProductID: "p1", ProductName: "M365 E3", Quantity: 10,
		Status: "Active", Active: true, BillingTerm: "Monthly", StartDate: "2025-01-01", Price: 11.5, Cost: 9.25, Currency: "USD",
		Raw: []byte(`{}`)}}, snap.Subscriptions)
	var parent string
	require.NoError(t, s.db.QueryRow(`SELECT parent_id FROM records WHERE entity = 'service_lines'`).Scan(&parent))
	assert.Equal(t, "g1", parent, "scopes keep working on migrated rows")
}

// Every entity goes through the same table and statements: products need nothing of their
// own, and neither would an entity this build has never heard of.
func TestAnyEntityIsCachedWithoutItsOwnTable(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := newIntegration(t, s, "CW")
	st, err := s.BeginStaging(ctx, in.ID, 1, true)
	require.NoError(t, err)
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	products := []connector.Product{
		{ID: "301", Identifier: "M365-BP", Name: "M365 Business Premium", Vendor: "Microsoft", VendorSKU: "CFQ7TTC0LCHC", Price: 26.4, Cost: 22, Recurring: true, UpdatedAt: at, Raw: []byte(`{"id":301}`)},
		{ID: "499", Identifier: "SPAM", Name: "Spam Filtering", Inactive: true, Raw: []byte(`{"id":499}`)},
	}
	require.NoError(t, connector.Put(ctx, st, products...))
	widget := connector.Record{Entity: "widgets", ID: "w1", ParentID: "301", UpdatedAt: at, Fields: []byte(`{"name":"gear"}`), Raw: []byte(`{"w":1}`)}
	require.NoError(t, st.Put(ctx, widget))
	st.Complete(connector.Scope{Entity: "widgets", ParentID: "301"})
	_, err = st.Commit(ctx, CommitOptions{Succeeded: true})
	require.NoError(t, err)

	counts, err := s.CacheCounts(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, counts.Products)
	snap, err := s.CacheSnapshot(ctx, in.ID, true)
	require.NoError(t, err)
	assert.Equal(t, []connector.Product{products[0], products[1]}, snap.Products)
	got, err := s.CachedRecords(ctx, in.ID, "widgets", true)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, widget.ID, got[0].ID)
	assert.Equal(t, widget.ParentID, got[0].ParentID)
	assert.JSONEq(t, `{"name":"gear"}`, string(got[0].Fields))
	after, err := s.Integration(ctx, in.ID)
	require.NoError(t, err)
	assert.Equal(t, at, after.Watermarks[connector.EntityProducts], "products get their own watermark")
}
