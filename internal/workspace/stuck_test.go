package workspace

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
)

func TestStuckFlags(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ws, err := Open(context.Background(), Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry(),
		Now: func() time.Time { return now }})
	require.NoError(t, err)
	defer ws.Close()
	in := store.Integration{ID: 1, Name: "CW", Kind: "connectwise"}
	tests := []struct {
		name  string
		run   store.Run
		stuck bool
	}{
		{"queued 1 minute", store.Run{Status: store.StatusQueued, QueuedAt: now.Add(-time.Minute)}, false},
		{"queued 3 minutes", store.Run{Status: store.StatusQueued, QueuedAt: now.Add(-3 * time.Minute)}, true},
		{"running, progress 10 minutes ago", store.Run{Status: store.StatusRunning, StartedAt: now.Add(-2 * time.Hour), ProgressAt: now.Add(-10 * time.Minute)}, false},
		{"running, no progress for 31 minutes", store.Run{Status: store.StatusRunning, StartedAt: now.Add(-time.Hour), ProgressAt: now.Add(-31 * time.Minute)}, true},
		{"finished long ago", store.Run{Status: store.StatusSucceeded, QueuedAt: now.Add(-48 * time.Hour)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dto := ws.runDTO(tt.run, in)
			assert.Equal(t, tt.stuck, dto.Stuck)
			if tt.stuck {
				assert.Contains(t, dto.StuckReason, "retry")
			}
		})
	}
	assert.True(t, ws.runDTO(store.Run{Status: store.StatusSucceeded}, in).NothingNew)
	assert.False(t, ws.runDTO(store.Run{Status: store.StatusSucceeded, Updated: 1}, in).NothingNew)
	assert.False(t, ws.runDTO(store.Run{Status: store.StatusFailed}, in).NothingNew, "a failed run brought nothing, but not because nothing was new")
}
