package store

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A data folder name is the user's: whatever it holds, the database lands in it and the
// connection settings are ours, not ones smuggled in through the name.
func TestOpenKeepsTheDatabaseInFoldersWithURICharacters(t *testing.T) {
	tests := []struct{ name, folder string }{
		{"question mark with a pragma", "data?_pragma=foreign_keys(0)&_pragma=journal_mode(DELETE)"},
		{"hash", "client#2"},
		{"percent escapes", "100%25 done %2F%41"},
		{"space, ampersand, equals", "my data&mode=ro"},
		{"non-ASCII", "Données ü"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			base := t.TempDir()
			path := filepath.Join(base, tt.folder, "trueup.db")
			s, err := Open(ctx, path)
			require.NoError(t, err)
			newIntegration(t, s, "CW")

			var fk int
			var journal string
			require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
			require.NoError(t, s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal))
			assert.Equal(t, 1, fk, "foreign keys are on")
			assert.Equal(t, "wal", journal)
			var file string
			require.NoError(t, s.db.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file))
			assert.Equal(t, path, file, "SQLite opened the file we named")
			require.NoError(t, s.Close())

			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Positive(t, fi.Size(), "the database is in the named folder")
			entries, err := os.ReadDir(base)
			require.NoError(t, err)
			require.Len(t, entries, 1, "nothing was created beside the named folder")
			assert.Equal(t, tt.folder, entries[0].Name())

			s, err = Open(ctx, path)
			require.NoError(t, err)
			defer s.Close()
			list, err := s.Integrations(ctx)
			require.NoError(t, err)
			assert.Len(t, list, 1, "reopening finds the same database")
		})
	}
}

func TestOpenMakesTheCachePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes: on Windows the files inherit %AppData%'s access list")
	}
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir, db string) // an existing folder as an older TrueUp left it
	}{
		{"new folder", func(*testing.T, string, string) {}},
		{"existing open folder and files", func(t *testing.T, dir, db string) {
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.Chmod(dir, 0o755))
			s, err := Open(context.Background(), db)
			require.NoError(t, err)
			require.NoError(t, s.Close())
			for _, name := range []string{db, db + "-wal", db + "-shm"} {
				f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY, 0o644) // keeps the database's content
				require.NoError(t, err)
				require.NoError(t, f.Close())
				require.NoError(t, os.Chmod(name, 0o644))
			}
			require.NoError(t, os.Chmod(dir, 0o755))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "TrueUp")
			db := filepath.Join(dir, "trueup.db")
			tt.prepare(t, dir, db)
			s, err := Open(ctx, db)
			require.NoError(t, err)
			defer s.Close()
			assert.Empty(t, s.Warnings())
			newIntegration(t, s, "CW") // writes the WAL

			fi, err := os.Stat(dir)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), "data folder")
			for _, name := range []string{db, db + "-wal", db + "-shm"} {
				fi, err := os.Stat(name)
				require.NoError(t, err)
				assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), filepath.Base(name))
			}
		})
	}
}

func TestOpenWarnsAboutAnOpenFolderOfAnotherUser(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() != 0 {
		t.Skip("needs root, to give the folder to another user")
	}
	dir := filepath.Join(t.TempDir(), "shared")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Chmod(dir, 0o755))
	require.NoError(t, os.Chown(dir, 65534, 65534))
	s, err := Open(context.Background(), filepath.Join(dir, "trueup.db"))
	require.NoError(t, err)
	defer s.Close()
	require.Len(t, s.Warnings(), 1)
	assert.Contains(t, s.Warnings()[0], "belongs to another user")
	assert.Contains(t, s.Warnings()[0], "chmod 700")
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), fi.Mode().Perm(), "another user's folder is left as it is")
}
