package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigDatabase is a closed database spanning many pages (so cutting or overwriting part of
// it hits real data), with one backup.
func bigDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "trueup.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	for i := range 400 {
		newIntegration(t, s, fmt.Sprintf("Integration %03d with a longer name to fill the pages", i))
	}
	_, err = s.Backup(ctx, KindDaily)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Greater(t, fi.Size(), int64(16*4096), "spans many pages")
	return path
}

func overwrite(t *testing.T, path string, at int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteAt(b, at)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

var damages = []struct {
	name   string
	damage func(t *testing.T, path string, size int64)
	reason string
}{
	{"truncated to half", func(t *testing.T, p string, size int64) { require.NoError(t, os.Truncate(p, size/2)) }, "malformed"},
	{"truncated inside the header", func(t *testing.T, p string, size int64) { require.NoError(t, os.Truncate(p, 50)) }, "malformed"},
	{"truncated to zero bytes", func(t *testing.T, p string, size int64) { require.NoError(t, os.Truncate(p, 0)) }, "truncated"},
	{"garbage over the pages", func(t *testing.T, p string, size int64) {
		for off := int64(4096); off < size; off += 4096 {
			overwrite(t, p, off+8, bytes.Repeat([]byte{0xA5}, 200))
		}
	}, ""},
	{"garbage over the header", func(t *testing.T, p string, size int64) {
		overwrite(t, p, 0, []byte("this is not the SQLite header at all"))
	}, "not a database"},
	{"not a SQLite file", func(t *testing.T, p string, size int64) {
		require.NoError(t, os.WriteFile(p, []byte("name,quantity\nM365,25\n"), 0o600))
	}, "not a database"},
}

func TestOpenRefusesADamagedDatabaseWithoutWritingIt(t *testing.T) {
	for _, tt := range damages {
		t.Run(tt.name, func(t *testing.T) {
			path := bigDatabase(t)
			fi, err := os.Stat(path)
			require.NoError(t, err)
			tt.damage(t, path, fi.Size())
			before, err := os.ReadFile(path)
			require.NoError(t, err)

			_, err = Open(context.Background(), path)
			var de *DamagedError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, path, de.Path)
			assert.Contains(t, de.Reason, tt.reason)
			assert.Contains(t, err.Error(), "is damaged")

			after, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, before, after, "a damaged database is not migrated or otherwise written")
		})
	}
}

func TestCheckFileFindsDamagedBackups(t *testing.T) {
	ctx := context.Background()
	for _, tt := range damages {
		t.Run(tt.name, func(t *testing.T) {
			path := bigDatabase(t)
			list, err := ListBackups(ctx, path)
			require.NoError(t, err)
			require.Len(t, list, 1)
			require.True(t, list[0].OK)
			tt.damage(t, list[0].Path, list[0].Size)

			_, err = CheckFile(ctx, list[0].Path, true)
			var de *DamagedError
			require.ErrorAs(t, err, &de)
			list, err = ListBackups(ctx, path)
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.False(t, list[0].OK)
			assert.NotEmpty(t, list[0].Problem)
		})
	}
	t.Run("a SQLite file of another program", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.db")
		s, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
		require.NoError(t, err)
		_, err = s.db.Exec("VACUUM INTO ?", other)
		require.NoError(t, err)
		require.NoError(t, s.Close())
		_, err = CheckFile(ctx, other, true)
		require.NoError(t, err, "a TrueUp database passes")
		raw, err := os.Create(filepath.Join(t.TempDir(), "raw.db"))
		require.NoError(t, err)
		raw.Close()
		_, err = CheckFile(ctx, raw.Name(), false)
		assert.ErrorContains(t, err, "empty")
	})
}

func TestMoveAsideKeepsTheFileAndItsLog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trueup.db")
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		require.NoError(t, os.WriteFile(name, []byte(filepath.Base(name)), 0o600))
	}
	at := time.Date(2026, 12, 2, 3, 4, 5, 0, time.UTC)
	moved, err := MoveAside(path, at)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "trueup-damaged-2026-12-02T030405Z.db"), moved)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(moved + suffix)
		require.NoError(t, err)
		assert.Equal(t, "trueup.db"+suffix, string(b))
		_, err = os.Stat(path + suffix)
		assert.ErrorIs(t, err, os.ErrNotExist)
	}
	require.NoError(t, os.WriteFile(path, []byte("again"), 0o600))
	second, err := MoveAside(path, at)
	require.NoError(t, err)
	assert.NotEqual(t, moved, second, "a second damaged file never replaces the first")
}
