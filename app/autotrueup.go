package app

import "github.com/trueup/trueup/internal/workspace"

// AutoTrueUpService is the automatic true-up panel (Settings): per vendor integration, on or
// off with its billing style, the dry run's plan to approve, and Run now for a customer.
type AutoTrueUpService struct{ shell *Shell }

// NewAutoTrueUpService binds to shell.
func NewAutoTrueUpService(shell *Shell) *AutoTrueUpService { return &AutoTrueUpService{shell: shell} }

// List returns the settings, stored plan and last run of every vendor integration.
func (s *AutoTrueUpService) List() ([]workspace.AutoTrueUpSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.AutoTrueUp().List(s.shell.context())
}

// Enable turns the automatic true-up of a vendor integration on; its next run is a dry run.
func (s *AutoTrueUpService) Enable(req workspace.AutoTrueUpEnable) (workspace.AutoTrueUpSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.AutoTrueUpSettings{}, err
	}
	return ws.AutoTrueUp().Enable(s.shell.context(), req)
}

// Disable turns it off.
func (s *AutoTrueUpService) Disable(integrationID int64) (workspace.AutoTrueUpSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.AutoTrueUpSettings{}, err
	}
	return ws.AutoTrueUp().Disable(s.shell.context(), integrationID)
}

// DryRun plans the true-up (account "" for every customer) and stores the plan.
func (s *AutoTrueUpService) DryRun(integrationID int64, account string) (workspace.AutoTrueUpRun, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.AutoTrueUpRun{}, err
	}
	return ws.AutoTrueUp().DryRun(s.shell.context(), integrationID, account)
}

// ApprovePlan pushes exactly the stored dry run's plan and enables automatic runs.
func (s *AutoTrueUpService) ApprovePlan(integrationID int64) (workspace.AutoTrueUpRun, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.AutoTrueUpRun{}, err
	}
	return ws.AutoTrueUp().ApprovePlan(s.shell.context(), integrationID)
}

// RunNow runs the true-up now for one customer (or all): a dry run until one is approved.
func (s *AutoTrueUpService) RunNow(integrationID int64, account string) (workspace.AutoTrueUpRun, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.AutoTrueUpRun{}, err
	}
	return ws.AutoTrueUp().RunNow(s.shell.context(), integrationID, account)
}

// SetAgreement chooses the agreement a customer's missing products are created on ("" clears).
func (s *AutoTrueUpService) SetAgreement(integrationID int64, account, agreementID string) (workspace.AutoTrueUpSettings, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.AutoTrueUpSettings{}, err
	}
	return ws.AutoTrueUp().SetAgreement(s.shell.context(), integrationID, account, agreementID)
}
