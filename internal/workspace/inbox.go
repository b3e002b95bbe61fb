package workspace

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/trueup/trueup/internal/store"
)

// Inbox is the in-app inbox: notices about scheduled syncs, automatic pushes, stuck syncs
// and the weekly summary (notices.go posts them), read and marked read by the user.
type Inbox struct{ w *Workspace }

// Inbox returns the inbox service.
func (w *Workspace) Inbox() *Inbox { return &Inbox{w: w} }

// NoticeKeep is how long a notice stays in the inbox. It is longer than any event can be
// posted again (a run's notice is posted when it ends, a week's summary in its week), so
// pruning a notice never lets its dedupe key post it twice.
const NoticeKeep = 90 * 24 * time.Hour

// The largest inbox page; the default when a caller asks for none.
const (
	maxNoticePage     = 200
	defaultNoticePage = 50
)

// settingDesktopNotices is "off" when the user turned desktop notifications off (the
// inbox still gets every notice).
const settingDesktopNotices = "desktop_notifications"

// List returns up to limit notices after the first offset ones (unread first, newest first
// in each), with the inbox's counts. unreadOnly leaves the read ones out. limit 0 means 50.
func (i *Inbox) List(ctx context.Context, unreadOnly bool, offset, limit int) (NoticePage, error) {
	switch {
	case offset < 0:
		return NoticePage{}, inputErr("offset", "the offset cannot be negative")
	case limit < 0 || limit > maxNoticePage:
		return NoticePage{}, inputErr("limit", fmt.Sprintf("ask for 1 to %d notices at a time", maxNoticePage))
	case limit == 0:
		limit = defaultNoticePage
	}
	list, err := i.w.store.Notices(ctx, unreadOnly, offset, limit)
	if err != nil {
		return NoticePage{}, err
	}
	total, unread, err := i.w.store.NoticeCounts(ctx)
	if err != nil {
		return NoticePage{}, err
	}
	out := NoticePage{Notices: make([]Notice, 0, len(list)), Total: total, Unread: unread}
	for _, n := range list {
		out.Notices = append(out.Notices, noticeDTO(n))
	}
	return out, nil
}

// UnreadCount is how many notices are unread (the sidebar's badge).
func (i *Inbox) UnreadCount(ctx context.Context) (int, error) {
	_, unread, err := i.w.store.NoticeCounts(ctx)
	return unread, err
}

// MarkRead marks one notice read.
func (i *Inbox) MarkRead(ctx context.Context, id int64) error {
	if id <= 0 {
		return inputErr("id", "give the id of a notice (trueup inbox lists them)")
	}
	err := i.w.store.MarkNoticeRead(ctx, id)
	if errors.Is(err, store.ErrNoticeNotFound) {
		return inputErr("id", fmt.Sprintf("there is no notice %d: trueup inbox lists them (notices older than 90 days are removed)", id))
	}
	if err != nil {
		return err
	}
	i.w.notices.countsChanged(ctx)
	return nil
}

// Open marks one notice read and returns it, read: what clicking its desktop notification
// shows (the window opens what the notice is about, as the inbox does).
func (i *Inbox) Open(ctx context.Context, id int64) (Notice, error) {
	if err := i.MarkRead(ctx, id); err != nil {
		return Notice{}, err
	}
	n, err := i.w.store.Notice(ctx, id)
	if err != nil {
		return Notice{}, err
	}
	return noticeDTO(n), nil
}

// MarkAllRead marks every notice read and says how many were unread.
func (i *Inbox) MarkAllRead(ctx context.Context) (int, error) {
	n, err := i.w.store.MarkAllNoticesRead(ctx)
	if err != nil {
		return 0, err
	}
	i.w.notices.countsChanged(ctx)
	return n, nil
}

// Prune removes the notices older than NoticeKeep and says how many went. The folder's
// owner prunes on its own (notices.go); this is for callers that want it now.
func (i *Inbox) Prune(ctx context.Context) (int, error) {
	n, err := i.w.store.DeleteNoticesBefore(ctx, i.w.opts.Now().Add(-NoticeKeep))
	if err != nil {
		return 0, err
	}
	if n > 0 {
		i.w.notices.countsChanged(ctx)
	}
	return n, nil
}

// Subscribe calls f for every new notice (posted in this process or found from another
// one) and every change of the unread count, until the returned function is called.
func (i *Inbox) Subscribe(f func(InboxEvent)) (unsubscribe func()) { return i.w.notices.subscribe(f) }

// DesktopEnabled says whether new notices are also shown as OS desktop notifications
// (they are unless the user turned them off; a workspace without a desktop, such as the
// CLI's, never shows them).
func (i *Inbox) DesktopEnabled(ctx context.Context) (bool, error) {
	kv, err := i.w.store.Settings(ctx)
	if err != nil {
		return false, err
	}
	return desktopEnabled(kv)
}

// SetDesktopEnabled turns desktop notifications on or off.
func (i *Inbox) SetDesktopEnabled(ctx context.Context, on bool) error {
	v := "off"
	if on {
		v = "" // the default
	}
	return i.w.store.SetSettings(ctx, map[string]string{settingDesktopNotices: v})
}

func desktopEnabled(kv map[string]string) (bool, error) {
	switch v := kv[settingDesktopNotices]; v {
	case "", "on":
		return true, nil
	case "off":
		return false, nil
	default:
		return false, fmt.Errorf("the stored setting %s is %q, not on or off: turn desktop notifications on or off again in the Inbox", settingDesktopNotices, v)
	}
}

func noticeDTO(n store.Notice) Notice {
	out := Notice{ID: n.ID, CreatedAt: fmtTime(n.CreatedAt), Kind: n.Kind, Title: n.Title, Body: n.Body,
		Target: n.Target, CardState: "", Read: !n.ReadAt.IsZero(), ReadAt: fmtTime(n.ReadAt)}
	switch n.Target {
	case store.NoticeTargetRun:
		out.RunID, _ = strconv.ParseInt(n.TargetRef, 10, 64)
	case store.NoticeTargetCards:
		out.CardState = n.TargetRef
	case store.NoticeTargetSettings:
		out.Integration = n.TargetRef
	}
	return out
}
