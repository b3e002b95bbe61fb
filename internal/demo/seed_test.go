package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// The first start of the demo workspace seeds its mappings and notes; a restart on the same
// folder keeps what the user made of them.
func TestDemoSeedsItsMappingsOnlyWhenItCreatesTheWorkspace(t *testing.T) {
	forEachPSA(t, testDemoSeedsItsMappingsOnlyWhenItCreatesTheWorkspace)
}

func testDemoSeedsItsMappingsOnlyWhenItCreatesTheWorkspace(t *testing.T, psa PSA) {
	ctx := context.Background()
	dataDir := t.TempDir()
	db := filepath.Join(Dir(dataDir, psa.Kind()), workspace.DatabaseFile)

	ws, err := Open(ctx, dataDir, connectors.Registry(), psa.Kind(), 0)
	require.NoError(t, err)
	psaIn, err := ws.Integrations().ByName(ctx, psa.Name())
	require.NoError(t, err)
	pax, err := ws.Integrations().ByName(ctx, Pax8Name)
	require.NoError(t, err)
	ws.Close()

	st, err := store.Open(ctx, db)
	require.NoError(t, err)
	got, err := st.Mappings(ctx, pax.ID)
	require.NoError(t, err)
	want := Mappings(psa)
	require.Len(t, got, len(want))
	byID := map[string]store.Mapping{}
	for _, m := range got {
		byID[m.Kind+"/"+m.VendorID] = m
	}
	for _, m := range want {
		s, ok := byID[string(m.Kind)+"/"+m.VendorID]
		require.True(t, ok, "%s %s is seeded", m.Kind, m.VendorName)
		assert.Equal(t, m.Excluded, s.Excluded)
		assert.Equal(t, m.PSAID, s.PSAID)
		if !m.Excluded {
			assert.Equal(t, psaIn.ID, s.PSAIntegrationID)
		}
		assert.Equal(t, seedUser, s.OSUser)
	}
	for _, left := range append(append([]string{}, UnmappedExactAccounts...), UnmappedFuzzyAccounts...) {
		for _, m := range got {
			assert.NotEqual(t, left, m.VendorName, "%s is left for the user to map", left)
		}
	}
	notes, err := st.AccountNotes(ctx)
	require.NoError(t, err)
	require.Len(t, notes, len(Notes(psa)))
	assert.Equal(t, []string{"multi-site"}, notes[0].Tags)

	// The user unmaps one account and excludes another, then restarts the demo.
	first, second := want[0], want[1]
	require.NoError(t, st.ClearMapping(ctx, pax.ID, string(first.Kind), first.VendorID))
	require.NoError(t, st.SetMappings(ctx, store.Mapping{VendorIntegrationID: pax.ID, Kind: string(second.Kind), VendorID: second.VendorID,
		Excluded: true, VendorName: second.VendorName, OSUser: "dana"}))
	require.NoError(t, st.SetAccountNote(ctx, store.AccountNote{PSAIntegrationID: psaIn.ID, AccountID: notes[0].AccountID}))
	require.NoError(t, st.Close())

	ws, err = Open(ctx, dataDir, connectors.Registry(), psa.Kind(), 0)
	require.NoError(t, err)
	ws.Close()
	st, err = store.Open(ctx, db)
	require.NoError(t, err)
	defer st.Close()
	after, err := st.Mappings(ctx, pax.ID)
	require.NoError(t, err)
	assert.Len(t, after, len(want)-1, "the cleared mapping stays cleared")
	for _, m := range after {
		assert.NotEqual(t, first.VendorID, m.VendorID)
		if m.VendorID == second.VendorID {
			assert.True(t, m.Excluded, "the user's exclusion survives the restart")
			assert.Equal(t, "dana", m.OSUser)
		}
	}
	notes, err = st.AccountNotes(ctx)
	require.NoError(t, err)
	assert.Empty(t, notes, "the removed note stays removed")
}
