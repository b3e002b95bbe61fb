package app

import (
	"encoding/json"
	"errors"
	"fmt"
)

// FirstScreen answers the reads of the page's first screen (Sync Status in the shell, as
// frontend/src/app/boot.ts and the shell's hooks make them) the way the bindings answer them,
// keyed as the build's server render looks them up: the binding's name and its arguments as
// JSON ("app.MappingService.List[0,false]"). A data folder that has kept no startup view gets
// the build's rendering of the demo's first screen when these answers are the ones it was
// rendered from (internal/startupview: Template, FillFirstScreen).
type FirstScreen struct {
	shell     *Shell
	workspace *WorkspaceService
	sync      *SyncService
	month     *MonthService
	inbox     *InboxService
	mapping   *MappingService
	backups   *BackupService
}

// NewFirstScreen reads through the services the window binds, for shell's window.
func NewFirstScreen(shell *Shell, ws *WorkspaceService, sync *SyncService, month *MonthService, inbox *InboxService,
	mapping *MappingService, backups *BackupService) *FirstScreen {
	return &FirstScreen{shell: shell, workspace: ws, sync: sync, month: month, inbox: inbox, mapping: mapping, backups: backups}
}

// ErrNotTheDemo is Reads' answer when the window shows the own workspace: the build renders
// only the demo's first screen.
var ErrNotTheDemo = errors.New("the window shows the own workspace: the build's first screen is the demo's")

// Reads answers every read of the first screen; it waits for the workspace as the bindings
// do, and fails with the first read that fails. When the window shows the own workspace it
// answers ErrNotTheDemo at once, without waiting for the workspace or reading anything (an
// own workspace's mappings can run to thousands of rows, and its page is not held up).
func (f *FirstScreen) Reads() (map[string]json.RawMessage, error) {
	if !f.shell.ShowsDemo(f.shell.context()) {
		return nil, ErrNotTheDemo
	}
	reads := []struct {
		key  string
		read func() (any, error)
	}{
		{"app.WorkspaceService.Info[]", func() (any, error) { return f.workspace.Info() }},
		{"app.WorkspaceService.KeychainState[]", func() (any, error) { return f.workspace.KeychainState() }},
		{"app.SyncService.Status[]", func() (any, error) { return f.sync.Status() }},
		{"app.MonthService.Progress[]", func() (any, error) { return f.month.Progress() }},
		{"app.InboxService.UnreadCount[]", func() (any, error) { return f.inbox.UnreadCount() }},
		{"app.MappingService.List[0,false]", func() (any, error) { return f.mapping.List(0, false) }},
		{"app.BackupService.Recovery[]", func() (any, error) { return f.backups.Recovery(), nil }},
	}
	out := make(map[string]json.RawMessage, len(reads))
	for _, r := range reads {
		v, err := r.read()
		if err != nil {
			return nil, fmt.Errorf("read %s for the first screen: %w", r.key, err)
		}
		b, err := json.Marshal(v) // as Wails answers a call
		if err != nil {
			return nil, fmt.Errorf("write %s for the first screen: %w", r.key, err)
		}
		out[r.key] = b
	}
	return out, nil
}
