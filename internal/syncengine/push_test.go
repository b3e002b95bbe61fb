package syncengine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// A QuickSync that read a record before TrueUp pushed a change to it, and commits after the
// push, leaves the pushed version in the cache.
func TestQuickSyncDoesNotUndoAPushThatLandedWhileItRan(t *testing.T) {
	f := newFixture(t)
	s := &script{accounts: accounts("Acme", "Bayside")}
	in := f.add(t, "CW", connector.KindConnectWise, s)
	f.sync(t, connector.ModeFull, in.ID)

	// The run's copy of Acme is the one it read before the push.
	s.block, s.started = make(chan struct{}), make(chan struct{})
	runs, err := f.engine.Enqueue(context.Background(), Request{IntegrationIDs: []int64{in.ID}, Mode: connector.ModeQuick})
	require.NoError(t, err)
	<-s.started

	pushed := accounts("Acme")[0]
	pushed.Name = "Acme (renamed by a push)"
	pushed.UpdatedAt = pushed.UpdatedAt.Add(3600e9)
	recs, err := connector.Encode(pushed)
	require.NoError(t, err)
	require.NoError(t, f.store.UpdateCachedRecord(context.Background(), in.ID, recs[0]))

	close(s.block)
	require.NoError(t, f.engine.Wait(context.Background(), runs[0].ID))
	run, err := f.store.Run(context.Background(), runs[0].ID)
	require.NoError(t, err)
	require.Equal(t, store.StatusSucceeded, run.Status)
	assert.Equal(t, "quick", run.Mode)
	assert.Equal(t, []string{"Acme (renamed by a push)", "Bayside"}, cachedNames(t, f.store, in.ID))
}
