package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// TestInboxServiceForwardsNotices: a notice another process posts (a scheduled `trueup
// sync`) reaches the window as "inbox:changed", and marking it read sends the new count.
func TestInboxServiceForwardsNotices(t *testing.T) {
	dir := t.TempDir()
	shell := NewShell(func(ctx context.Context, _ Target) (*workspace.Workspace, error) {
		return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(),
			PollEvery: 10 * time.Millisecond})
	}, nil)
	events := make(chan workspace.InboxEvent, 10)
	shell.emit = func(_ context.Context, name string, data ...any) {
		if name == EventInboxChanged {
			events <- data[0].(workspace.InboxEvent)
		}
	}
	shell.Startup(context.Background())
	t.Cleanup(func() { shell.Shutdown(context.Background()) })
	svc := NewInboxService(shell)

	ctx := context.Background()
	other, err := store.Open(ctx, filepath.Join(dir, workspace.DatabaseFile))
	require.NoError(t, err)
	_, _, err = other.PostNotice(ctx, store.Notice{Kind: workspace.NoticeSyncFailed, Title: "Pax8 sync failed",
		Target: store.NoticeTargetRun, TargetRef: "5", DedupeKey: "run:5"})
	require.NoError(t, err)
	require.NoError(t, other.Close())

	var ev workspace.InboxEvent
	select {
	case ev = <-events:
	case <-time.After(10 * time.Second):
		t.Fatal("no inbox:changed event")
	}
	require.NotNil(t, ev.Notice)
	assert.Equal(t, "Pax8 sync failed", ev.Notice.Title)
	assert.Equal(t, int64(5), ev.Notice.RunID)
	assert.Equal(t, 1, ev.Unread)

	n, err := svc.UnreadCount()
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	page, err := svc.List(false, 0, 0)
	require.NoError(t, err)
	require.Len(t, page.Notices, 1)
	require.NoError(t, svc.MarkRead(page.Notices[0].ID))
	select {
	case ev = <-events:
	case <-time.After(10 * time.Second):
		t.Fatal("no inbox:changed event after marking read")
	}
	assert.Nil(t, ev.Notice)
	assert.Zero(t, ev.Unread)

	on, err := svc.DesktopEnabled()
	require.NoError(t, err)
	assert.True(t, on)
	require.NoError(t, svc.SetDesktopEnabled(false))
	on, err = svc.DesktopEnabled()
	require.NoError(t, err)
	assert.False(t, on)
}
