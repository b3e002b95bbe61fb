package workspace

import (
	"context"
	"sync"
	"time"

	"github.com/trueup/trueup/internal/store"
)

// Desktop shows a notification on the OS desktop (a Windows toast, the macOS notification
// centre, org.freedesktop.Notifications on Linux). The GUI passes one; the CLI and tests
// pass none, and then notices only reach the inbox. id is the notice's, so that clicking
// the notification can open it (Inbox.Open).
type Desktop interface {
	Notify(id int64, title, body string) error
}

// noticeBoard tells subscribers, and the desktop, about each new notice once: the ones this
// process posts at once, the ones other processes post (a scheduled `trueup sync` run by
// the OS while the app is open) when its watch finds them in the store.
type noticeBoard struct {
	w *Workspace

	mu      sync.Mutex
	subs    map[int]func(InboxEvent)
	nextSub int
	// lastID is the newest notice announced; the ones before the workspace opened count as
	// announced, so a launch never pops up last week's notices again.
	lastID int64
	unread int // the unread count last announced
	seq    int64

	emitMu sync.Mutex // one announcement at a time, in id order
}

func newNoticeBoard(ctx context.Context, w *Workspace) *noticeBoard {
	b := &noticeBoard{w: w, subs: map[int]func(InboxEvent){}}
	b.lastID, _ = w.store.LastNoticeID(ctx)
	_, b.unread, _ = w.store.NoticeCounts(ctx)
	return b
}

// post stores n unless its event was posted before (by this process, an earlier one or
// another one), and announces it when it is new.
func (w *Workspace) post(ctx context.Context, n store.Notice) (bool, error) {
	got, added, err := w.store.PostNotice(ctx, n)
	if err != nil || !added {
		return false, err
	}
	w.notices.announce(ctx, []store.Notice{got})
	return true, nil
}

func (b *noticeBoard) subscribe(f func(InboxEvent)) func() {
	b.mu.Lock()
	id := b.nextSub
	b.nextSub++
	b.subs[id] = f
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		delete(b.subs, id)
		b.mu.Unlock()
	}
}

// announce tells subscribers and the desktop about the notices not announced yet.
func (b *noticeBoard) announce(ctx context.Context, list []store.Notice) {
	b.emitMu.Lock()
	defer b.emitMu.Unlock()
	_, unread, err := b.w.store.NoticeCounts(ctx)
	if err != nil {
		return // the next scan tries again
	}
	desktop := b.desktop(ctx)
	for _, n := range list {
		b.mu.Lock()
		if n.ID <= b.lastID {
			b.mu.Unlock()
			continue
		}
		b.lastID = n.ID
		b.mu.Unlock()
		dto := noticeDTO(n)
		b.emit(InboxEvent{Unread: unread, Notice: &dto})
		if desktop != nil {
			if err := desktop.Notify(n.ID, n.Title, n.Body); err != nil && b.w.opts.Logger != nil {
				b.w.opts.Logger.Warn("desktop notification", "notice", n.ID, "err", err)
			}
		}
	}
}

// desktop is the desktop to show new notices on, nil when there is none or the user
// turned desktop notifications off.
func (b *noticeBoard) desktop(ctx context.Context) Desktop {
	if b.w.opts.Desktop == nil {
		return nil
	}
	on, err := b.w.Inbox().DesktopEnabled(ctx)
	if err != nil || !on {
		return nil
	}
	return b.w.opts.Desktop
}

// countsChanged tells subscribers the unread count when it moved (notices marked read or
// pruned).
func (b *noticeBoard) countsChanged(ctx context.Context) {
	b.emitMu.Lock()
	defer b.emitMu.Unlock()
	_, unread, err := b.w.store.NoticeCounts(ctx)
	if err != nil {
		return
	}
	b.mu.Lock()
	same := unread == b.unread
	b.mu.Unlock()
	if !same {
		b.emit(InboxEvent{Unread: unread})
	}
}

// emit sends ev to every subscriber; callers hold emitMu.
func (b *noticeBoard) emit(ev InboxEvent) {
	b.mu.Lock()
	b.seq++
	ev.Seq = b.seq
	b.unread = ev.Unread
	subs := make([]func(InboxEvent), 0, len(b.subs))
	for _, f := range b.subs {
		subs = append(subs, f)
	}
	b.mu.Unlock()
	for _, f := range subs {
		f(ev)
	}
}

// scan announces what other processes posted or marked read since the last look.
func (b *noticeBoard) scan(ctx context.Context) {
	b.mu.Lock()
	last := b.lastID
	b.mu.Unlock()
	list, err := b.w.store.NoticesAfter(ctx, last)
	if err != nil {
		return
	}
	if len(list) > 0 {
		b.announce(ctx, list)
	}
	b.countsChanged(ctx)
}

// watchNotices scans for other processes' notices until the workspace closes.
func (w *Workspace) watchNotices() {
	defer w.background.Done()
	t := time.NewTicker(w.opts.PollEvery)
	defer t.Stop()
	for {
		select {
		case <-w.life.Done():
			return
		case <-t.C:
		}
		w.notices.scan(w.life)
	}
}

// noticeChecks runs, in the folder's owner, the producers that are not told about an event
// but look for one: stuck syncs, the weekly summary and pruning. The first check comes one
// interval after the owner starts, not at once: a summary missed while no TrueUp ran is
// still caught up at launch, but after the launch's own work (opening the window, the
// catch-up syncs it queues, whose end the summary waits for) instead of racing it.
func (w *Workspace) noticeChecks() {
	defer w.background.Done()
	t := time.NewTicker(w.opts.NoticeCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-w.life.Done():
			return
		case <-t.C:
		}
		w.checkNotices(w.life)
	}
}

func (w *Workspace) checkNotices(ctx context.Context) {
	checks := []struct {
		what string
		run  func(context.Context) error
	}{
		{"stuck syncs", w.notifyStuck},
		{"weekly summary", w.notifyWeekly},
		{"prune", func(ctx context.Context) error { _, err := w.Inbox().Prune(ctx); return err }},
	}
	for _, c := range checks {
		if err := c.run(ctx); err != nil && ctx.Err() == nil && w.opts.Logger != nil {
			w.opts.Logger.Warn("notices", "check", c.what, "err", err)
		}
	}
}
