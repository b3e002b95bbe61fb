package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/workspace"
)

// BackupService is Settings > Backups and the recovery screen shown when the own
// workspace's database was found damaged at start. Backups are of the user's own data
// folder, whichever workspace the window shows.
type BackupService struct {
	shell   *Shell
	dataDir string
	now     func() time.Time
}

// NewBackupService binds to shell; dataDir is the user's own data folder.
func NewBackupService(shell *Shell, dataDir string) *BackupService {
	return &BackupService{shell: shell, dataDir: dataDir, now: time.Now}
}

// Recovery says whether the own database was found damaged at start (and moved aside),
// with the newest good backup to offer.
type Recovery struct {
	Damaged bool                  `json:"damaged"`
	Reason  string                `json:"reason"`
	MovedTo string                `json:"moved_to"`
	Latest  *workspace.BackupInfo `json:"latest"`
	Message string                `json:"message"`
	// KeptIntegrations are the integrations the empty cache already holds (KeptFrom: the
	// damaged database or a backup), so starting empty does not mean setting them up again.
	KeptIntegrations []string `json:"kept_integrations"`
	KeptFrom         string   `json:"kept_from"`
}

// Recovery is what the recovery screen shows; Damaged is false when all is well.
func (s *BackupService) Recovery() Recovery {
	de := s.shell.damagedAtStart()
	if de == nil {
		return Recovery{}
	}
	return Recovery{Damaged: true, Reason: de.Reason, MovedTo: de.MovedTo, Latest: de.Latest, Message: de.Error(),
		KeptIntegrations: de.KeptIntegrations, KeptFrom: de.KeptFrom}
}

// List lists the own data folder's backups, newest first.
func (s *BackupService) List() ([]workspace.BackupInfo, error) {
	return workspace.ListBackups(s.shell.context(), s.dataDir)
}

// BackupNow takes a manual backup of the own workspace.
func (s *BackupService) BackupNow() (workspace.BackupInfo, error) {
	if s.shell.opened().Demo {
		return workspace.BackupInfo{}, errors.New("the demo workspace is open: switch to your own workspace to back it up")
	}
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.BackupInfo{}, err
	}
	return ws.Backups().Now(s.shell.context())
}

// Restore replaces the own database with the backup named name (a name from List, never
// a path: the window picks from the list). The open workspace is closed for the swap and
// the own one opened after it.
func (s *BackupService) Restore(name string) (workspace.RestoreResult, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return workspace.RestoreResult{}, &workspace.InputError{Field: "name", Msg: "choose a backup from the list"}
	}
	ctx := s.shell.context()
	return s.shell.restoreOwn(ctx, func() (workspace.RestoreResult, error) {
		return workspace.RestoreBackup(ctx, s.dataDir, name, s.now())
	})
}

// RestoreLatest restores the newest good backup (the recovery screen's offer).
func (s *BackupService) RestoreLatest() (workspace.RestoreResult, error) {
	ctx := s.shell.context()
	return s.shell.restoreOwn(ctx, func() (workspace.RestoreResult, error) {
		return workspace.RestoreBackup(ctx, s.dataDir, "", s.now())
	})
}

// StartEmpty opens the own workspace with an empty cache after its damaged database was
// moved aside (the recovery screen's other choice).
func (s *BackupService) StartEmpty() (workspace.WorkspaceInfo, error) {
	ctx := s.shell.context()
	if err := s.shell.switchTo(ctx, false, ""); err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	return ws.Info(), nil
}

// restoreOwn closes the open workspace (the restore needs the data folder to itself), runs
// restore, and opens the own workspace again; after a failed restore the database is as
// it was, so the workspace that was open comes back.
func (s *Shell) restoreOwn(ctx context.Context, restore func() (workspace.RestoreResult, error)) (workspace.RestoreResult, error) {
	s.restoring.Lock()
	defer s.restoring.Unlock()
	s.mu.Lock()
	old, subs, was := s.current, s.unsubscribe, s.target
	s.current, s.unsubscribe = nil, nil
	s.mu.Unlock()
	for _, f := range subs {
		f()
	}
	if old != nil {
		old.Close()
	}
	res, err := restore()
	if err != nil {
		if old != nil {
			if openErr := s.switchTo(ctx, was.Demo, was.PSA); openErr != nil {
				return res, errors.Join(err, openErr)
			}
		}
		return res, err
	}
	return res, s.switchTo(ctx, false, "")
}

// damagedAtStart is the damage Startup found in the own workspace, until another open of
// it succeeds.
func (s *Shell) damagedAtStart() *workspace.DamagedError {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.damaged
}
