package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHasIntegrations(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    bool
		wantErr bool
	}{
		{name: "no database yet", prepare: func(*testing.T, string) {}},
		{name: "database without integrations", prepare: func(t *testing.T, path string) {
			s, err := Open(ctx, path)
			require.NoError(t, err)
			require.NoError(t, s.Close())
		}},
		{name: "database with an integration", want: true, prepare: func(t *testing.T, path string) {
			s, err := Open(ctx, path)
			require.NoError(t, err)
			newIntegration(t, s, "CW")
			require.NoError(t, s.Close())
		}},
		{name: "open elsewhere while asked", want: true, prepare: func(t *testing.T, path string) {
			s, err := Open(ctx, path)
			require.NoError(t, err)
			newIntegration(t, s, "CW")
			t.Cleanup(func() { _ = s.Close() })
		}},
		{name: "not a database", wantErr: true, prepare: func(t *testing.T, path string) {
			require.NoError(t, os.WriteFile(path, []byte("not sqlite at all, just some text that is long enough"), 0o600))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "trueup.db")
			tt.prepare(t, path)
			got, err := HasIntegrations(ctx, path)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// Asking must leave nothing behind: a first launch that opens the demo does not create
// the own workspace's database.
func TestHasIntegrationsCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	got, err := HasIntegrations(context.Background(), filepath.Join(dir, "trueup.db"))
	require.NoError(t, err)
	assert.False(t, got)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}
