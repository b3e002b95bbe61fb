package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Salvaged integrations keep their uid and settings in the new database, start never
// synced, and are not added twice (by name or by uid).
func TestSalvageAndAdoptIntegrations(t *testing.T) {
	ctx := context.Background()
	old := populated(t, "CW", "Pax8")
	ins, err := SalvageIntegrations(ctx, old)
	require.NoError(t, err)
	require.Len(t, ins, 2)

	s, err := Open(ctx, filepath.Join(t.TempDir(), "trueup.db"))
	require.NoError(t, err)
	defer s.Close()
	newIntegration(t, s, "Pax8") // already set up again by hand: kept as it is
	added, err := s.AdoptIntegrations(ctx, ins)
	require.NoError(t, err)
	assert.Equal(t, []string{"CW"}, added)
	again, err := s.AdoptIntegrations(ctx, ins)
	require.NoError(t, err)
	assert.Empty(t, again)

	list, err := s.Integrations(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	for _, in := range list {
		if in.Name == "CW" {
			assert.Equal(t, ins[0].UID, in.UID, "the keychain items are filed under the uid")
			assert.Equal(t, ins[0].Kind, in.Kind)
			assert.Equal(t, ins[0].Settings, in.Settings)
			assert.Zero(t, in.ActiveGeneration, "never synced here")
			assert.True(t, in.LastSuccessAt.IsZero())
		}
	}

	_, err = SalvageIntegrations(ctx, filepath.Join(t.TempDir(), "missing.db"))
	assert.Error(t, err)
}
