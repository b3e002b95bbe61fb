package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixedClock is an injectable clock that tests move by hand.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

// populated opens a database in a new folder with two integrations and closes it.
func populated(t *testing.T, names ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trueup.db")
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	for _, n := range names {
		newIntegration(t, s, n)
	}
	require.NoError(t, s.Close())
	return path
}

func integrationNames(t *testing.T, path string) []string {
	t.Helper()
	s, err := Open(context.Background(), path)
	require.NoError(t, err)
	defer s.Close()
	list, err := s.Integrations(context.Background())
	require.NoError(t, err)
	var out []string
	for _, in := range list {
		out = append(out, in.Name)
	}
	return out
}

func TestBackupIsACheckedCompleteCopy(t *testing.T) {
	ctx := context.Background()
	path := populated(t, "CW", "Pax8")
	clock := &fixedClock{time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)}
	s, err := Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	newIntegration(t, s, "Halo") // still in the -wal file: VACUUM INTO copies it too

	first, err := s.Backup(ctx, KindManual)
	require.NoError(t, err)
	second, err := s.Backup(ctx, KindManual)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	assert.Equal(t, filepath.Join(filepath.Dir(path), "backups", "trueup-2026-12-02T030000Z-manual.db"), first)
	assert.Equal(t, filepath.Join(filepath.Dir(path), "backups", "trueup-2026-12-02T030001Z-manual.db"), second,
		"a second backup in the same second gets the next free name")

	fi, err := os.Stat(first)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "a backup is as private as the database")
	entries, err := os.ReadDir(filepath.Dir(first))
	require.NoError(t, err)
	assert.Len(t, entries, 2, "no -wal, -shm or partial file in the backups folder")
	assert.ElementsMatch(t, []string{"CW", "Pax8", "Halo"}, integrationNames(t, second))

	list, err := ListBackups(ctx, path)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, second, list[0].Path, "newest first")
	for _, b := range list {
		assert.True(t, b.OK, b.Problem)
		assert.Equal(t, latestMigration(t), b.SchemaVersion)
		assert.Positive(t, b.Size)
		assert.Equal(t, KindManual, b.Kind)
	}
}

// olderDatabase writes a database as an older TrueUp left it: every migration but the
// newest, and returns the version it stands at. Migration numbers may have gaps (each
// feature branch owns a number), so the version is the applied one's, not a count.
func olderDatabase(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", databaseURI(path, nil))
	require.NoError(t, err)
	defer db.Close()
	migs, err := migrations()
	require.NoError(t, err)
	older := migs[:len(migs)-1]
	for _, m := range older {
		body, err := migrationFS.ReadFile("migrations/" + m.name)
		require.NoError(t, err)
		_, err = db.Exec(string(body))
		require.NoError(t, err, m.name)
	}
	_, err = db.Exec(`INSERT INTO integrations (uid, name, kind, base_url, created_at, updated_at)
		VALUES ('old-uid', 'Old CW', 'connectwise', 'https://x.test', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`)
	require.NoError(t, err)
	version := older[len(older)-1].version
	_, err = db.Exec(fmt.Sprintf("PRAGMA user_version = %d", version))
	require.NoError(t, err)
	return version
}

func TestOpenBacksUpBeforeMigrating(t *testing.T) {
	ctx := context.Background()
	latest := latestMigration(t)
	path := filepath.Join(t.TempDir(), "trueup.db")
	previous := olderDatabase(t, path)
	clock := &fixedClock{time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)}

	s, err := Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	require.NoError(t, s.Close())

	list, err := ListBackups(ctx, path)
	require.NoError(t, err)
	require.Len(t, list, 1)
	b := list[0]
	assert.Equal(t, BackupName(clock.t, KindPreMigration, latest), b.Name)
	assert.Equal(t, KindPreMigration, b.Kind)
	assert.Equal(t, previous, b.SchemaVersion, "the copy is of the database before the migration")
	assert.True(t, b.OK, b.Problem)
	assert.Equal(t, []string{"Old CW"}, integrationNames(t, path))

	s, err = Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	require.NoError(t, s.Close())
	list, err = ListBackups(ctx, path)
	require.NoError(t, err)
	assert.Len(t, list, 1, "an open that migrates nothing backs up nothing")

	fresh := filepath.Join(t.TempDir(), "trueup.db")
	s, err = Open(ctx, fresh)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	_, err = os.Stat(BackupsDir(fresh))
	assert.ErrorIs(t, err, os.ErrNotExist, "a new database has nothing to back up")
}

func TestRotateBackupsRenamesAndDeletes(t *testing.T) {
	ctx := context.Background()
	path := populated(t, "CW")
	clock := &fixedClock{time.Date(2026, 11, 16, 3, 0, 0, 0, time.UTC)}
	s, err := Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Backup(ctx, KindManual)
	require.NoError(t, err)
	for range 20 {
		_, err := s.Backup(ctx, KindDaily)
		require.NoError(t, err)
		require.NoError(t, RotateBackups(path, time.UTC))
		clock.t = clock.t.AddDate(0, 0, 1)
	}
	files, err := backupFiles(BackupsDir(path))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{
		"trueup-2026-12-05T030000Z-daily.db", "trueup-2026-12-04T030000Z-daily.db", "trueup-2026-12-03T030000Z-daily.db",
		"trueup-2026-12-02T030000Z-daily.db", "trueup-2026-12-01T030000Z-daily.db", "trueup-2026-11-30T030000Z-daily.db",
		"trueup-2026-11-29T030000Z-daily.db",
		"trueup-2026-11-23T030000Z-weekly.db", "trueup-2026-11-16T030000Z-weekly.db",
		"trueup-2026-11-16T030000Z-manual.db",
	}, names)
}

// A half-written backup that a crash left behind is deleted by the next rotation once it
// is an hour old; a young one (a backup in progress elsewhere) and files that are not
// TrueUp's stay.
func TestRotateBackupsDeletesStalePartials(t *testing.T) {
	path := populated(t, "CW")
	dir := BackupsDir(path)
	require.NoError(t, os.MkdirAll(dir, 0o700))
	stale := filepath.Join(dir, "trueup-2026-12-01T030000Z-daily.db.partial")
	young := filepath.Join(dir, "trueup-2026-12-02T030000Z-before-v7.db.partial")
	foreign := filepath.Join(dir, "notes.txt.partial")
	for _, f := range []string{stale, young, foreign} {
		require.NoError(t, os.WriteFile(f, []byte("half a database"), 0o600))
	}
	old := time.Now().Add(-2 * time.Hour)
	require.NoError(t, os.Chtimes(stale, old, old))
	require.NoError(t, os.Chtimes(foreign, old, old))

	require.NoError(t, RotateBackups(path, time.UTC))
	assert.NoFileExists(t, stale)
	assert.FileExists(t, young)
	assert.FileExists(t, foreign)
}
