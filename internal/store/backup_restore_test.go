package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRestoreSwapsInTheBackupAndCanBeUndone(t *testing.T) {
	ctx := context.Background()
	path := populated(t, "CW")
	clock := &fixedClock{time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)}
	s, err := Open(ctx, path, WithClock(clock.now))
	require.NoError(t, err)
	backup, err := s.Backup(ctx, KindDaily)
	require.NoError(t, err)
	newIntegration(t, s, "Added after the backup")
	require.NoError(t, s.Close())

	clock.t = clock.t.Add(time.Hour)
	res, err := Restore(ctx, path, backup, clock.t)
	require.NoError(t, err)
	assert.Equal(t, []string{"CW"}, integrationNames(t, path))
	assert.False(t, res.KeptDamaged)
	assert.Equal(t, filepath.Join(BackupsDir(path), "trueup-2026-12-02T040000Z-before-restore.db"), res.KeptAs)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".restoring", "no staged copy is left")
	}

	_, err = Restore(ctx, path, res.KeptAs, clock.t.Add(time.Minute))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"CW", "Added after the backup"}, integrationNames(t, path), "restoring the before-restore backup undoes the restore")
}

// A crash can leave the database's last writes in its -wal file only. The before-restore
// copy must have them, and the old -wal file must not be replayed into the restored file.
func TestRestoreKeepsWritesStillInTheLog(t *testing.T) {
	ctx := context.Background()
	path := populated(t, "CW")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	backup, err := s.Backup(ctx, KindManual)
	require.NoError(t, err)
	newIntegration(t, s, "Only in the log")
	// Copy the files as a crash would leave them: the new row is in the -wal file only.
	crashed := filepath.Join(t.TempDir(), "trueup.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(crashed+suffix, b, 0o600))
	}
	require.NoError(t, s.Close())
	wal, err := os.Stat(crashed + "-wal")
	require.NoError(t, err)
	require.Positive(t, wal.Size())

	res, err := Restore(ctx, crashed, backup, time.Now())
	require.NoError(t, err)
	assert.Equal(t, []string{"CW"}, integrationNames(t, crashed), "the old log was not replayed into the restored file")
	assert.ElementsMatch(t, []string{"CW", "Only in the log"}, integrationNames(t, res.KeptAs), "the kept copy has what was in the log")
}

func TestRestoreRefusesBadBackupsAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, backup string)
		want    string
	}{
		{"damaged", func(t *testing.T, b string) { require.NoError(t, os.Truncate(b, 1000)) }, "it is damaged"},
		{"newer schema", func(t *testing.T, b string) {
			s, err := Open(ctx, b)
			require.NoError(t, err)
			_, err = s.db.Exec("PRAGMA user_version = 99")
			require.NoError(t, err)
			_, err = s.db.Exec("PRAGMA journal_mode = DELETE")
			require.NoError(t, err)
			require.NoError(t, s.Close())
		}, "written by a newer TrueUp"},
		{"missing", func(t *testing.T, b string) { require.NoError(t, os.Remove(b)) }, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := populated(t, "CW")
			s, err := Open(ctx, path)
			require.NoError(t, err)
			backup, err := s.Backup(ctx, KindManual)
			require.NoError(t, err)
			newIntegration(t, s, "Current")
			require.NoError(t, s.Close())
			tt.prepare(t, backup)

			_, err = Restore(ctx, path, backup, time.Now())
			assert.ErrorContains(t, err, tt.want)
			assert.ElementsMatch(t, []string{"CW", "Current"}, integrationNames(t, path))
			list, err := ListBackups(ctx, path)
			require.NoError(t, err)
			for _, b := range list {
				assert.NotEqual(t, KindBeforeRestore, b.Kind, "nothing was kept: nothing was replaced")
			}
		})
	}
}

func TestRestoreOverADamagedDatabaseMovesItAside(t *testing.T) {
	ctx := context.Background()
	path := bigDatabase(t)
	list, err := ListBackups(ctx, path)
	require.NoError(t, err)
	require.NoError(t, os.Truncate(path, 5000))

	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	res, err := Restore(ctx, path, list[0].Path, at)
	require.NoError(t, err)
	assert.True(t, res.KeptDamaged)
	assert.Equal(t, filepath.Join(filepath.Dir(path), "trueup-damaged-2026-12-02T030000Z.db"), res.KeptAs)
	fi, err := os.Stat(res.KeptAs)
	require.NoError(t, err)
	assert.Equal(t, int64(5000), fi.Size(), "the damaged file is kept as it was")
	assert.Len(t, integrationNames(t, path), 400)
}
