package store

import (
	"context"
	"os"
	"path/filepath"
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
