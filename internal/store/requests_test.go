package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSyncRequestsAreAnsweredOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	id, err := s.AddSyncRequest(ctx, SyncRequest{IntegrationIDs: []int64{2, 1}, Mode: "since", Since: "2026-11-01", RequestedBy: 4242, RequestedAt: at})
	require.NoError(t, err)
	old, err := s.AddSyncRequest(ctx, SyncRequest{IntegrationIDs: []int64{1}, Mode: "quick", RequestedBy: 7, RequestedAt: at.Add(-time.Hour)})
	require.NoError(t, err)

	pending, err := s.PendingSyncRequests(ctx)
	require.NoError(t, err)
	require.Len(t, pending, 2)
	assert.Equal(t, SyncRequest{ID: id, IntegrationIDs: []int64{2, 1}, Mode: "since", Since: "2026-11-01", RequestedBy: 4242,
		RequestedAt: at, State: RequestPending, RunIDs: []int64{}}, pending[0])

	require.NoError(t, s.DropSyncRequestsBefore(ctx, at.Add(-time.Minute)))
	require.NoError(t, s.AnswerSyncRequest(ctx, id, []int64{10, 11}, ""))
	require.NoError(t, s.AnswerSyncRequest(ctx, id, []int64{99}, "too late"), "a second answer changes nothing")
	r, err := s.SyncRequest(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, RequestAnswered, r.State)
	assert.Equal(t, []int64{10, 11}, r.RunIDs)
	assert.Empty(t, r.Error)
	_, err = s.SyncRequest(ctx, old)
	assert.ErrorIs(t, err, ErrNotFound, "requests older than the cut-off are dropped")

	pending, err = s.PendingSyncRequests(ctx)
	require.NoError(t, err)
	assert.Empty(t, pending)
	require.NoError(t, s.DeleteSyncRequest(ctx, id))
	_, err = s.SyncRequest(ctx, id)
	assert.ErrorIs(t, err, ErrNotFound)

	pid, err := s.FolderOwner(ctx)
	require.NoError(t, err)
	assert.Zero(t, pid, "no owner yet")
	require.NoError(t, s.SetFolderOwner(ctx, 100, at))
	require.NoError(t, s.SetFolderOwner(ctx, 200, at.Add(time.Minute)))
	pid, err = s.FolderOwner(ctx)
	require.NoError(t, err)
	assert.Equal(t, 200, pid)
}
