package app

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/desktopnotify"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// fakeNotifier is the desktop: it records what it shows, and clicks as the OS reports one.
type fakeNotifier struct {
	mu    sync.Mutex
	shown []desktopnotify.Notification
	open  desktopnotify.Opener
}

func (f *fakeNotifier) Notify(n desktopnotify.Notification) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shown = append(f.shown, n)
	return nil
}

func (f *fakeNotifier) OnOpen(o desktopnotify.Opener) { f.open = o }

func (f *fakeNotifier) list() []desktopnotify.Notification {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]desktopnotify.Notification{}, f.shown...)
}

func postNotice(t *testing.T, dir string, n store.Notice) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, workspace.DatabaseFile))
	require.NoError(t, err)
	defer st.Close()
	_, _, err = st.PostNotice(ctx, n)
	require.NoError(t, err)
}

// TestClickOnADesktopNotificationOpensItsNotice: a notice another process posts shows on
// the desktop; clicking it brings the window forward on the notice's workspace (switching
// back to it from the demo), marks it read and tells the window to show its target.
func TestClickOnADesktopNotificationOpensItsNotice(t *testing.T) {
	own, demoDir := t.TempDir(), t.TempDir()
	demoTarget := Target{Demo: true, PSA: connector.KindConnectWise}
	var shell *Shell
	shell = NewShell(func(ctx context.Context, target Target) (*workspace.Workspace, error) {
		dir := own
		if target.Demo {
			dir = demoDir
		}
		return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(),
			PollEvery: 10 * time.Millisecond, Desktop: shell.Desktop(target)})
	}, nil)
	desk := &fakeNotifier{}
	shell.UseDesktop(desk)
	opened := make(chan workspace.Notice, 4)
	shell.emit = func(_ context.Context, name string, data ...any) {
		if name == EventNoticeOpened {
			opened <- data[0].(workspace.Notice)
		}
	}
	var warnings []string
	var mu sync.Mutex
	shell.warnf = func(_ context.Context, format string, _ ...any) {
		mu.Lock()
		warnings = append(warnings, format)
		mu.Unlock()
	}
	focused := make(chan struct{}, 4)
	shell.focus = func(context.Context) { focused <- struct{}{} }
	shell.Startup(context.Background())
	t.Cleanup(func() { shell.Shutdown(context.Background()) })

	postNotice(t, own, store.Notice{Kind: workspace.NoticeSyncFailed, Title: "Pax8 sync failed",
		Target: store.NoticeTargetRun, TargetRef: "5", DedupeKey: "run:5"})
	require.Eventually(t, func() bool { return len(desk.list()) == 1 }, 10*time.Second, 10*time.Millisecond)
	shown := desk.list()[0]
	assert.Equal(t, "Pax8 sync failed", shown.Title)
	assert.Equal(t, "own:1", shown.Ref)

	// The user switched to the demo before clicking.
	require.NoError(t, shell.switchTo(context.Background(), true, connector.KindConnectWise))
	desk.open(shown.Ref)
	n := <-opened
	<-focused
	assert.Equal(t, Target{}, shell.opened(), "back on the workspace the notice is about")
	assert.Equal(t, "Pax8 sync failed", n.Title)
	assert.Equal(t, int64(5), n.RunID)
	assert.True(t, n.Read)
	unread, err := NewInboxService(shell).UnreadCount()
	require.NoError(t, err)
	assert.Zero(t, unread)

	// The demo's notice opens on the demo; a pruned one opens the inbox (no target).
	postNotice(t, demoDir, store.Notice{Kind: workspace.NoticeWeekly, Title: "Weekly summary",
		Target: store.NoticeTargetMapping, DedupeKey: "weekly:1"})
	desk.open(noticeRef(demoTarget, 1))
	n = <-opened
	<-focused
	assert.Equal(t, demoTarget, shell.opened())
	assert.Equal(t, "mapping", n.Target)
	desk.open(noticeRef(demoTarget, 40))
	n = <-opened
	<-focused
	assert.Equal(t, workspace.Notice{ID: 40}, n)

	// Arguments that are not a notice of TrueUp's open nothing and say so in the log.
	shell.openRef("demo::3")
	select {
	case n := <-opened:
		t.Fatalf("opened %+v", n)
	case <-time.After(50 * time.Millisecond):
	}
	mu.Lock()
	assert.NotEmpty(t, warnings)
	mu.Unlock()
}

func TestNoticeRefs(t *testing.T) {
	tests := []struct {
		ref    string
		target Target
		id     int64
		ok     bool
	}{
		{"own:12", Target{}, 12, true},
		{"demo:autotask:3", Target{Demo: true, PSA: connector.KindAutotask}, 3, true},
		{"own:0", Target{}, 0, false},
		{"own:x", Target{}, 0, false},
		{"demo::3", Target{}, 0, false},
		{"other:1", Target{}, 0, false},
		{"", Target{}, 0, false},
	}
	for _, tt := range tests {
		target, id, err := parseNoticeRef(tt.ref)
		if !tt.ok {
			assert.Error(t, err, tt.ref)
			continue
		}
		require.NoError(t, err, tt.ref)
		assert.Equal(t, tt.target, target)
		assert.Equal(t, tt.id, id)
		assert.Equal(t, tt.ref, noticeRef(target, id), "round trip")
	}
}
