package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLatestFullRuns(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := newIntegration(t, s, "A")
	b := newIntegration(t, s, "B")
	finish := func(integration int64, mode, status string, at time.Time) Run {
		r, err := s.CreateRun(ctx, integration, mode, "")
		require.NoError(t, err)
		r.Status, r.StartedAt, r.FinishedAt = status, at, at
		require.NoError(t, s.SaveRun(ctx, r))
		return r
	}
	day := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
	full := finish(a.ID, "full", StatusSucceeded, day)
	finish(a.ID, "quick", StatusSucceeded, day.AddDate(0, 0, 1))
	finish(a.ID, "full", StatusFailed, day.AddDate(0, 0, 2))
	finish(b.ID, "quick", StatusSucceeded, day)

	got, err := s.LatestFullRuns(ctx)
	require.NoError(t, err)
	require.Contains(t, got, a.ID)
	assert.Equal(t, full.ID, got[a.ID].ID, "the newest succeeded Full Sync: quick and failed runs do not count")
	assert.True(t, got[a.ID].FinishedAt.Equal(day))
	assert.NotContains(t, got, b.ID, "never fully synced")
}
