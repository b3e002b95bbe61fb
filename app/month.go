package app

import "github.com/trueup/trueup/internal/workspace"

// MonthService is the guided month ("Start this month's true-up").
type MonthService struct{ shell *Shell }

// NewMonthService binds to shell.
func NewMonthService(shell *Shell) *MonthService { return &MonthService{shell: shell} }

// Progress says where this cycle's true-up stands.
func (s *MonthService) Progress() (workspace.MonthProgress, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.MonthProgress{}, err
	}
	return ws.Month().Progress(s.shell.context())
}

// Start starts (or resumes) this cycle's guided true-up.
func (s *MonthService) Start() (workspace.MonthProgress, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.MonthProgress{}, err
	}
	return ws.Month().Start(s.shell.context())
}

// SetStep moves the guided month to step (mapping, sync, review, costs, sanity, done).
func (s *MonthService) SetStep(step string) (workspace.MonthProgress, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.MonthProgress{}, err
	}
	return ws.Month().SetStep(s.shell.context(), step)
}
