package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchedulesOfStreamsAndIntegrations(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in, err := s.CreateIntegration(ctx, Integration{Name: "Pax8", Kind: "pax8", BaseURL: "https://x"})
	require.NoError(t, err)

	require.NoError(t, s.SetSchedule(ctx, Schedule{Stream: StreamVendors, Cadence: "monthly", Day: 5, Mode: "quick"}))
	require.NoError(t, s.SetSchedule(ctx, Schedule{IntegrationID: in.ID, Cadence: "weekly", Weekday: 2, Mode: "full", FullFirstOfMonth: true}))
	require.NoError(t, s.SetSchedule(ctx, Schedule{IntegrationID: in.ID, Cadence: "nightly", Mode: "quick"}), "setting again replaces")
	got, err := s.Schedules(ctx)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, StreamVendors, got[0].Stream, "streams first")
	assert.Equal(t, 5, got[0].Day)
	assert.Equal(t, in.ID, got[1].IntegrationID)
	assert.Equal(t, "nightly", got[1].Cadence)
	assert.False(t, got[1].FullFirstOfMonth)
	assert.False(t, got[1].SetAt.IsZero())

	assert.Error(t, s.SetSchedule(ctx, Schedule{Cadence: "nightly", Mode: "quick"}), "neither integration nor stream")
	assert.Error(t, s.SetSchedule(ctx, Schedule{IntegrationID: in.ID, Stream: StreamPSA, Cadence: "nightly", Mode: "quick"}))
	assert.Error(t, s.SetSchedule(ctx, Schedule{Stream: "billing", Cadence: "nightly", Mode: "quick"}), "the table checks the stream")
	assert.ErrorIs(t, s.SetSchedule(ctx, Schedule{IntegrationID: 999, Cadence: "nightly", Mode: "quick"}), ErrNotFound)

	require.NoError(t, s.DeleteIntegration(ctx, in.ID))
	got, err = s.Schedules(ctx)
	require.NoError(t, err)
	require.Len(t, got, 1, "an integration's schedule goes with it")
	assert.Equal(t, StreamVendors, got[0].Stream)
}

func TestADueTimeIsClaimedOnce(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in, err := s.CreateIntegration(ctx, Integration{Name: "Pax8", Kind: "pax8", BaseURL: "https://x"})
	require.NoError(t, err)
	due := time.Date(2026, 12, 8, 7, 0, 0, 0, time.UTC)

	_, ok, err := s.LastDue(ctx, in.ID)
	require.NoError(t, err)
	assert.False(t, ok)
	first, err := s.ClaimDue(ctx, DueRun{IntegrationID: in.ID, DueAt: due, StartedAt: due.Add(time.Hour), CatchUp: true, Note: "missed"})
	require.NoError(t, err)
	assert.True(t, first)
	second, err := s.ClaimDue(ctx, DueRun{IntegrationID: in.ID, DueAt: due, StartedAt: due.Add(2 * time.Hour)})
	require.NoError(t, err)
	assert.False(t, second, "another process (or a restart) finds the due time handled")
	older, err := s.ClaimDue(ctx, DueRun{IntegrationID: in.ID, DueAt: due.AddDate(0, 0, -7), StartedAt: due})
	require.NoError(t, err)
	assert.True(t, older)

	last, ok, err := s.LastDue(ctx, in.ID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, due, last.DueAt, "the latest due time, not the latest claimed")
	assert.Equal(t, due.Add(time.Hour), last.StartedAt)
	assert.True(t, last.CatchUp)
	assert.Zero(t, last.RunID)

	run, err := s.CreateRun(ctx, in.ID, "quick", "")
	require.NoError(t, err)
	require.NoError(t, s.SetDueRunID(ctx, in.ID, due, run.ID))
	byRun, ok, err := s.DueOfRun(ctx, run.ID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "missed", byRun.Note)
	_, ok, err = s.DueOfRun(ctx, run.ID+1)
	require.NoError(t, err)
	assert.False(t, ok, "a run started by hand has no due time")

	require.NoError(t, s.DeleteIntegration(ctx, in.ID))
	_, ok, err = s.LastDue(ctx, in.ID)
	require.NoError(t, err)
	assert.False(t, ok, "handled due times go with the integration")
}
