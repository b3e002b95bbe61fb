package app

import "github.com/trueup/trueup/internal/workspace"

// PushService is the push outbox and the activity log (ledger), with Revert.
type PushService struct{ shell *Shell }

// NewPushService binds to shell.
func NewPushService(shell *Shell) *PushService { return &PushService{shell: shell} }

// Outbox lists the pushes that are not done yet, and this cycle's others, with their state.
func (s *PushService) Outbox() ([]workspace.PushEntry, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Pushes().Outbox(s.shell.context())
}

// SendNow sends the queued pushes at once, ignoring the retry backoff.
func (s *PushService) SendNow() ([]workspace.PushEntry, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Pushes().SendNow(s.shell.context())
}

// Ledger returns the decisions and pushes that match q, newest first.
func (s *PushService) Ledger(q workspace.LedgerQuery) ([]workspace.LedgerEntry, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Pushes().Ledger(s.shell.context(), q)
}

// LedgerCSV returns the entries that match q as CSV, for the export.
func (s *PushService) LedgerCSV(q workspace.LedgerQuery) (string, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return "", err
	}
	return ws.Pushes().LedgerCSV(s.shell.context(), q)
}

// RevertPreview says exactly what reverting a push writes, and whether the PSA moved since.
func (s *PushService) RevertPreview(pushID int64) (workspace.RevertPreview, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.RevertPreview{}, err
	}
	return ws.Pushes().RevertPreview(s.shell.context(), pushID)
}

// Revert pushes the compensating change of a push; confirmChanged is needed when the PSA
// value has changed since the push.
func (s *PushService) Revert(pushID int64, confirmChanged bool) (workspace.ApproveResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ApproveResult{}, err
	}
	return ws.Pushes().Revert(s.shell.context(), pushID, confirmChanged)
}
