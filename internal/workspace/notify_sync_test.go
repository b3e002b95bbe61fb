package workspace

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
)

// fakeDesktop records the desktop notifications it was asked to show.
type fakeDesktop struct {
	mu    sync.Mutex
	shown []string
	ids   []int64
}

func (d *fakeDesktop) Notify(id int64, title, _ string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.shown = append(d.shown, title)
	d.ids = append(d.ids, id)
	return nil
}

func (d *fakeDesktop) lastID() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.ids) == 0 {
		return 0
	}
	return d.ids[len(d.ids)-1]
}

func (d *fakeDesktop) titles() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string{}, d.shown...)
}

// noticeWorkspace opens a workspace in dir whose clock is now and whose checks only run
// when a test calls them (NoticeCheckEvery far beyond the test).
func noticeWorkspace(t *testing.T, dir string, now func() time.Time, desktop Desktop) *Workspace {
	t.Helper()
	ws, err := Open(context.Background(), Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(),
		Now: now, Location: time.UTC, Desktop: desktop, NoticeCheckEvery: 24 * time.Hour})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	return ws
}

func inboxTitles(t *testing.T, ws *Workspace) []string {
	t.Helper()
	page, err := ws.Inbox().List(context.Background(), false, 0, 0)
	require.NoError(t, err)
	out := []string{}
	for _, n := range page.Notices {
		out = append(out, n.Title)
	}
	return out
}

func TestScheduledRunNotices(t *testing.T) {
	due := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)
	base := ScheduledRun{IntegrationID: 2, IntegrationName: "Pax8", Kind: "pax8", Vendor: true, DueAt: due, RunID: 42}
	with := func(f func(*ScheduledRun)) *ScheduledRun { r := base; f(&r); return &r }
	type want struct{ kind, title, target, ref, key string }
	tests := []struct {
		name    string
		run     *ScheduledRun
		want    []want
		bodyHas []string
	}{
		{"succeeded with changes", with(func(r *ScheduledRun) { r.Outcome, r.Changed = "succeeded", 12 }),
			[]want{{NoticeSyncChanged, "Pax8: 12 changes", "run", "42", "run:42"}}, []string{"Scheduled sync succeeded."}},
		{"one change", with(func(r *ScheduledRun) { r.Outcome, r.Changed = "succeeded", 1 }),
			[]want{{NoticeSyncChanged, "Pax8: 1 change", "run", "42", "run:42"}}, nil},
		{"succeeded with nothing new posts nothing", with(func(r *ScheduledRun) { r.Outcome = "succeeded" }), nil, nil},
		{"cancelled posts nothing", with(func(r *ScheduledRun) { r.Outcome, r.Changed = "cancelled", 3 }), nil, nil},
		{"failed", with(func(r *ScheduledRun) {
			r.Outcome, r.Message = "failed", "Pax8 refused the credentials (401): store them again"
		}),
			[]want{{NoticeSyncFailed, "Pax8 sync failed", "run", "42", "run:42"}}, []string{"Scheduled sync failed.", "store them again."}},
		{"partial", with(func(r *ScheduledRun) { r.Outcome, r.Changed = "partial", 4 }),
			[]want{{NoticeSyncPartial, "Pax8 sync finished with errors", "run", "42", "run:42"}}, []string{"some sections failed"}},
		{"caught up at launch says so", with(func(r *ScheduledRun) { r.Outcome, r.Changed, r.CatchUp = "failed", 0, true }),
			[]want{{NoticeSyncFailed, "Pax8 sync failed", "run", "42", "run:42"}}, []string{"Missed sync of Tue 1 Dec 07:00 UTC, run later failed."}},
		{"automatic pushes open the ledger", with(func(r *ScheduledRun) { r.Outcome, r.Changed, r.AutoPushed = "succeeded", 2, 3 }),
			[]want{{NoticeSyncChanged, "Pax8: 2 changes", "run", "42", "run:42"},
				{NoticeAutoTrueUp, "Automatic true-up of Pax8: 3 changes pushed", "ledger", "", "auto:42"}}, nil},
		{"automatic changes left as cards open the cards", with(func(r *ScheduledRun) {
			r.Outcome, r.AutoWaiting, r.AutoNote = "succeeded", 1, "Large changes are never pushed automatically"
		}),
			[]want{{NoticeAutoTrueUp, "Automatic true-up of Pax8: 1 change waiting for you as cards", "cards", "", "auto:42"}},
			[]string{"Large changes are never pushed automatically."}},
		{"both", with(func(r *ScheduledRun) { r.Outcome, r.AutoPushed, r.AutoWaiting = "succeeded", 1, 2 }),
			[]want{{NoticeAutoTrueUp, "Automatic true-up of Pax8: 1 change pushed, 2 changes waiting for you as cards", "ledger", "", "auto:42"}}, nil},
		{"a dry run asks for approval in Settings, not as cards", with(func(r *ScheduledRun) {
			r.Outcome, r.AutoWaiting, r.AutoDryRun, r.AutoNote = "succeeded", 3, true, "dry run: 3 changes would be pushed"
		}),
			[]want{{NoticeAutoTrueUp, "Automatic true-up of Pax8: a dry run planned 3 changes, waiting for your approval", "settings", "Pax8", "auto:42"}},
			[]string{"was a dry run: nothing was pushed. Review its plan in Settings and approve it", "on their own. Dry run: 3 changes would be pushed."}},
		{"a dry run's large changes are counted apart", with(func(r *ScheduledRun) {
			r.Outcome, r.AutoWaiting, r.AutoLarge, r.AutoDryRun = "succeeded", 1, 1, true
		}),
			[]want{{NoticeAutoTrueUp, "Automatic true-up of Pax8: a dry run planned 1 change (1 large change would wait as a card), waiting for your approval", "settings", "Pax8", "auto:42"}}, nil},
		{"a dry run of large changes only still asks for approval", with(func(r *ScheduledRun) {
			r.Outcome, r.AutoLarge, r.AutoDryRun = "succeeded", 2, true
		}),
			[]want{{NoticeAutoTrueUp, "Automatic true-up of Pax8: a dry run planned no change (2 large changes would wait as cards), waiting for your approval", "settings", "Pax8", "auto:42"}}, nil},
		{"a note without pushes posts nothing", with(func(r *ScheduledRun) { r.Outcome, r.AutoNote = "succeeded", "dry run approved already" }), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scheduledRunNotices(tt.run)
			var gotWant []want
			for _, n := range got {
				gotWant = append(gotWant, want{n.Kind, n.Title, n.Target, n.TargetRef, n.DedupeKey})
			}
			assert.Equal(t, tt.want, gotWant)
			var bodies []string
			for _, n := range got {
				bodies = append(bodies, n.Body)
			}
			for _, s := range tt.bodyHas {
				assert.Contains(t, strings.Join(bodies, "\n"), s)
			}
		})
	}
}

func TestNotifyAfterSyncPostsOncePerRunAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 12, 1, 7, 5, 0, 0, time.UTC) }
	desk := &fakeDesktop{}
	ws := noticeWorkspace(t, dir, now, desk)
	var mu sync.Mutex
	var events []InboxEvent
	defer ws.Inbox().Subscribe(func(ev InboxEvent) { mu.Lock(); events = append(events, ev); mu.Unlock() })()

	observers := ws.scheduledRunObservers()
	require.NotEmpty(t, observers)
	notify := observers[len(observers)-1] // the notifications run after the automatic true-up
	run := &ScheduledRun{IntegrationID: 1, IntegrationName: "Pax8", RunID: 7, Outcome: "failed", Message: "unreachable",
		AutoPushed: 0}
	require.NoError(t, notify(ctx, run))
	require.NoError(t, notify(ctx, run), "a second call for the same run")
	assert.Equal(t, []string{"Pax8 sync failed"}, inboxTitles(t, ws))
	assert.Equal(t, []string{"Pax8 sync failed"}, desk.titles(), "shown on the desktop once")
	mu.Lock()
	require.Len(t, events, 1)
	assert.Equal(t, 1, events[0].Unread)
	require.NotNil(t, events[0].Notice)
	assert.Equal(t, int64(7), events[0].Notice.RunID)
	assert.Equal(t, "run", events[0].Notice.Target)
	mu.Unlock()
	ws.Close()

	// After a restart the same run is not posted or shown again, and last week's notices
	// do not pop up on the desktop at launch.
	desk2 := &fakeDesktop{}
	ws = noticeWorkspace(t, dir, now, desk2)
	require.NoError(t, lastObserver(ws)(ctx, run))
	ws.notices.scan(ctx)
	assert.Equal(t, []string{"Pax8 sync failed"}, inboxTitles(t, ws))
	assert.Empty(t, desk2.titles())

	// Turned off, the desktop shows nothing; the inbox still gets the notice.
	require.NoError(t, ws.Inbox().SetDesktopEnabled(ctx, false))
	on, err := ws.Inbox().DesktopEnabled(ctx)
	require.NoError(t, err)
	assert.False(t, on)
	require.NoError(t, lastObserver(ws)(ctx, &ScheduledRun{IntegrationName: "CW", RunID: 8, Outcome: "partial"}))
	assert.Equal(t, []string{"CW sync finished with errors", "Pax8 sync failed"}, inboxTitles(t, ws))
	assert.Empty(t, desk2.titles())
	require.NoError(t, ws.Inbox().SetDesktopEnabled(ctx, true))
	require.NoError(t, lastObserver(ws)(ctx, &ScheduledRun{IntegrationName: "CW", RunID: 9, Outcome: "failed"}))
	assert.Equal(t, []string{"CW sync failed"}, desk2.titles())
}

// TestOpenTheNoticeOfADesktopNotification: the desktop gets the notice's id, and opening
// it (the user clicked the notification) marks it read and says what it opens.
func TestOpenTheNoticeOfADesktopNotification(t *testing.T) {
	ctx := context.Background()
	desk := &fakeDesktop{}
	ws := noticeWorkspace(t, t.TempDir(), func() time.Time { return time.Date(2026, 12, 1, 7, 5, 0, 0, time.UTC) }, desk)
	require.NoError(t, lastObserver(ws)(ctx, &ScheduledRun{IntegrationName: "Pax8", RunID: 7, Outcome: "failed"}))
	id := desk.lastID()
	require.NotZero(t, id)
	unread, err := ws.Inbox().UnreadCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, unread)

	n, err := ws.Inbox().Open(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, id, n.ID)
	assert.Equal(t, "Pax8 sync failed", n.Title)
	assert.Equal(t, "run", n.Target)
	assert.Equal(t, int64(7), n.RunID)
	assert.True(t, n.Read)
	unread, err = ws.Inbox().UnreadCount(ctx)
	require.NoError(t, err)
	assert.Zero(t, unread)

	_, err = ws.Inbox().Open(ctx, id+100)
	var in *InputError
	require.ErrorAs(t, err, &in, "a notice pruned since the notification says so")
	assert.Contains(t, err.Error(), "there is no notice")
}

func TestInboxSeesNoticesOfAnotherProcess(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 12, 1, 7, 5, 0, 0, time.UTC) }
	desk := &fakeDesktop{}
	gui := noticeWorkspace(t, dir, now, desk)
	events := make(chan InboxEvent, 10)
	defer gui.Inbox().Subscribe(func(ev InboxEvent) { events <- ev })()

	// A scheduled `trueup sync` (no desktop) posts into the same folder.
	cli, err := Open(ctx, Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(), Now: now, Passive: true})
	require.NoError(t, err)
	_, err = cli.post(ctx, store.Notice{Kind: NoticeSyncFailed, Title: "Pax8 sync failed", DedupeKey: "run:3"})
	require.NoError(t, err)

	gui.notices.scan(ctx)
	ev := <-events
	require.NotNil(t, ev.Notice)
	assert.Equal(t, "Pax8 sync failed", ev.Notice.Title)
	assert.Equal(t, []string{"Pax8 sync failed"}, desk.titles(), "the app shows what the CLI posted")

	// Marked read in the CLI: the app's badge follows.
	_, err = cli.Inbox().MarkAllRead(ctx)
	require.NoError(t, err)
	cli.Close()
	gui.notices.scan(ctx)
	ev = <-events
	assert.Nil(t, ev.Notice)
	assert.Zero(t, ev.Unread)
	gui.notices.scan(ctx)
	assert.Empty(t, events, "nothing changed since")
}

func TestNotifyStuckOncePerRun(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	ws := noticeWorkspace(t, t.TempDir(), now, nil)
	in, err := ws.store.CreateIntegration(ctx, store.Integration{Name: "Pax8", Kind: "pax8", BaseURL: "http://127.0.0.1:1"})
	require.NoError(t, err)
	running, err := ws.store.CreateRun(ctx, in.ID, "quick", "")
	require.NoError(t, err)
	running.Status, running.StartedAt, running.ProgressAt = store.StatusRunning, clock, clock
	require.NoError(t, ws.store.SaveRun(ctx, running))

	tests := []struct {
		name  string
		after time.Duration
		want  []string
	}{
		{"progress 10 minutes ago is not stuck", 10 * time.Minute, []string{}},
		{"no progress for 31 minutes", 31 * time.Minute, []string{"Pax8 sync is stuck"}},
		{"still stuck an hour later: not posted again", 90 * time.Minute, []string{"Pax8 sync is stuck"}},
	}
	for _, tt := range tests {
		mu.Lock()
		clock = running.StartedAt.Add(tt.after)
		mu.Unlock()
		require.NoError(t, ws.notifyStuck(ctx), tt.name)
		assert.Equal(t, tt.want, inboxTitles(t, ws), tt.name)
	}
	page, err := ws.Inbox().List(ctx, false, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, running.ID, page.Notices[0].RunID)
	assert.Contains(t, page.Notices[0].Body, "No progress for 31 minutes")

	// The weekly summary waits while a sync runs, so it counts what the sync brings.
	require.NoError(t, ws.notifyWeekly(ctx))
	assert.Equal(t, []string{"Pax8 sync is stuck"}, inboxTitles(t, ws))
	running.Status, running.FinishedAt = store.StatusFailed, now()
	require.NoError(t, ws.store.SaveRun(ctx, running))
	require.NoError(t, ws.notifyWeekly(ctx))
	assert.Equal(t, []string{"Weekly summary, week of 30 Nov 2026", "Pax8 sync is stuck"}, inboxTitles(t, ws))
}

// lastObserver is the notifications' scheduled-run observer: the last one, after the
// automatic true-up's.
func lastObserver(ws *Workspace) ScheduledRunObserver {
	obs := ws.scheduledRunObservers()
	return obs[len(obs)-1]
}
