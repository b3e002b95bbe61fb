package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/desktopnotify"
	"github.com/trueup/trueup/internal/workspace"
)

// Notifier shows OS desktop notifications and reports clicks on them
// (desktopnotify.Notifier).
type Notifier interface {
	Notify(n desktopnotify.Notification) error
	OnOpen(f desktopnotify.Opener)
}

// UseDesktop shows the workspaces' new notices as desktop notifications through n; a click
// on one opens its notice in the window (OpenNotice). Call it before Startup.
func (s *Shell) UseDesktop(n Notifier) {
	s.mu.Lock()
	s.notifier = n
	s.mu.Unlock()
	n.OnOpen(s.openRef)
}

// Desktop is the workspace.Desktop of the workspace t: its notifications say which
// workspace they came from, since the user may switch to another before clicking one. Nil
// without UseDesktop.
func (s *Shell) Desktop(t Target) workspace.Desktop {
	s.mu.RLock()
	n := s.notifier
	s.mu.RUnlock()
	if n == nil {
		return nil
	}
	return targetDesktop{n: n, t: t}
}

type targetDesktop struct {
	n Notifier
	t Target
}

func (d targetDesktop) Notify(id int64, title, body string) error {
	return d.n.Notify(desktopnotify.Notification{Title: title, Body: body, Ref: noticeRef(d.t, id)})
}

// noticeRef names a workspace's notice: "own:ID", or "demo:PSA:ID".
func noticeRef(t Target, id int64) string {
	if t.Demo {
		return fmt.Sprintf("demo:%s:%d", t.PSA, id)
	}
	return fmt.Sprintf("own:%d", id)
}

func parseNoticeRef(ref string) (Target, int64, error) {
	parts := strings.Split(ref, ":")
	var t Target
	switch {
	case len(parts) == 2 && parts[0] == "own":
	case len(parts) == 3 && parts[0] == "demo" && parts[1] != "":
		t = Target{Demo: true, PSA: connector.Kind(parts[1])}
	default:
		return Target{}, 0, fmt.Errorf("%q is not a notice of TrueUp's", ref)
	}
	id, err := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	if err != nil || id <= 0 {
		return Target{}, 0, fmt.Errorf("%q names no notice", ref)
	}
	return t, id, nil
}

func (s *Shell) openRef(ref string) {
	t, id, err := parseNoticeRef(ref)
	if err != nil {
		s.warnf(s.context(), "clicked desktop notification: %v", err)
		return
	}
	s.OpenNotice(t, id)
}

// OpenNotice is a click on the desktop notification of notice id of the workspace t: the
// window comes to the front on that workspace (switching to it if the user has since
// switched away), the notice is marked read, and EventNoticeOpened tells the window to show
// what it is about. A notice that is gone (pruned) opens the inbox.
func (s *Shell) OpenNotice(t Target, id int64) {
	ctx := s.context()
	defer s.Focus()
	if err := s.switchTo(ctx, t.Demo, t.PSA); err != nil {
		s.warnf(ctx, "open the workspace of a clicked desktop notification: %v", err)
		return
	}
	ws, err := s.Workspace()
	if err != nil {
		s.warnf(ctx, "open a clicked desktop notification: %v", err)
		return
	}
	n, err := ws.Inbox().Open(ctx, id)
	if err != nil {
		s.warnf(ctx, "open notice %d of a clicked desktop notification: %v", id, err)
		n = workspace.Notice{ID: id} // no target: the window shows the inbox
	}
	s.emitWindow(EventNoticeOpened, n)
}

// emitWindow emits an event to the window once it exists.
func (s *Shell) emitWindow(name string, data any) {
	s.mu.RLock()
	wctx := s.ctx
	s.mu.RUnlock()
	if wctx != nil {
		s.emit(wctx, name, data)
	}
}
