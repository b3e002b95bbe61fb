package app

import "github.com/trueup/trueup/internal/workspace"

// InboxService is the in-app inbox: notices about scheduled syncs, automatic pushes, stuck
// syncs and the weekly summary. "inbox:changed" (EventInboxChanged) tells the window when
// one arrives or the unread count moves.
type InboxService struct{ shell *Shell }

// NewInboxService binds to shell.
func NewInboxService(shell *Shell) *InboxService { return &InboxService{shell: shell} }

// List returns up to limit notices after the first offset (unread first, newest first),
// with the inbox's counts; limit 0 means 50.
func (s *InboxService) List(unreadOnly bool, offset, limit int) (workspace.NoticePage, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.NoticePage{}, err
	}
	return ws.Inbox().List(s.shell.context(), unreadOnly, offset, limit)
}

// UnreadCount is the sidebar badge's number.
func (s *InboxService) UnreadCount() (int, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return 0, err
	}
	return ws.Inbox().UnreadCount(s.shell.context())
}

// MarkRead marks one notice read (opening it does).
func (s *InboxService) MarkRead(id int64) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Inbox().MarkRead(s.shell.context(), id)
}

// MarkAllRead marks every notice read and says how many were unread.
func (s *InboxService) MarkAllRead() (int, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return 0, err
	}
	return ws.Inbox().MarkAllRead(s.shell.context())
}

// DesktopEnabled says whether new notices also show as OS desktop notifications.
func (s *InboxService) DesktopEnabled() (bool, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return false, err
	}
	return ws.Inbox().DesktopEnabled(s.shell.context())
}

// SetDesktopEnabled turns desktop notifications on or off.
func (s *InboxService) SetDesktopEnabled(on bool) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Inbox().SetDesktopEnabled(s.shell.context(), on)
}

// EventShape exists so the generated TypeScript models include the "inbox:changed" payload.
func (s *InboxService) EventShape() workspace.InboxEvent { return workspace.InboxEvent{} }
