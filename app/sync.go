package app

import (
	"github.com/trueup/trueup/internal/workspace"
)

// SyncService starts, watches and cancels sync runs.
type SyncService struct{ shell *Shell }

// NewSyncService binds to shell.
func NewSyncService(shell *Shell) *SyncService { return &SyncService{shell: shell} }

// Start queues runs for the chosen integrations (PSA first, then vendors) and returns them.
func (s *SyncService) Start(req workspace.SyncRequest) ([]workspace.Run, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Sync().Start(s.shell.context(), req)
}

// SyncAll queues a run of every integration (scope "all"), or only PSAs ("psa") or vendors
// ("vendor"), PSA first.
func (s *SyncService) SyncAll(scope, mode string) ([]workspace.Run, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Sync().Scope(s.shell.context(), scope, mode, "")
}

// Cancel stops a queued or running run; nothing it read is stored.
func (s *SyncService) Cancel(runID int64) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Sync().Cancel(s.shell.context(), runID)
}

// Retry cancels the run if it is still active and queues a new one with the same mode.
func (s *SyncService) Retry(runID int64) (workspace.Run, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.Run{}, err
	}
	return ws.Sync().Retry(s.shell.context(), runID)
}

// Status is the Sync Status screen: the overview and the 10 most recent runs.
func (s *SyncService) Status() (workspace.StatusSnapshot, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.StatusSnapshot{}, err
	}
	return ws.Sync().Status(s.shell.context())
}

// Run returns one run.
func (s *SyncService) Run(runID int64) (workspace.Run, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.Run{}, err
	}
	return ws.Sync().Run(s.shell.context(), runID)
}

// Log returns a run's timestamped log lines.
func (s *SyncService) Log(runID int64) ([]workspace.LogLine, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Sync().Log(s.shell.context(), runID)
}

// LogPage returns up to limit lines of a run's log after the first offset ones, so the
// log window opens at once and reads the rest (and a live run's new lines) as it goes.
func (s *SyncService) LogPage(runID int64, offset, limit int) (workspace.LogPage, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.LogPage{}, err
	}
	return ws.Sync().LogPage(s.shell.context(), runID, offset, limit)
}

// EventShape exists so the generated TypeScript models include the "sync:changed" payload.
func (s *SyncService) EventShape() workspace.SyncEvent { return workspace.SyncEvent{} }
