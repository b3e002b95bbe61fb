package app

import "github.com/trueup/trueup/internal/workspace"

// ScheduleService is Settings > Schedules: when each stream and integration syncs on its
// own (always at 07:00 UTC).
type ScheduleService struct{ shell *Shell }

// NewScheduleService binds to shell.
func NewScheduleService(shell *Shell) *ScheduleService { return &ScheduleService{shell: shell} }

// Show lists the streams' schedules and the one each integration runs on, each with its
// next n due times.
func (s *ScheduleService) Show(n int) (workspace.ScheduleList, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ScheduleList{}, err
	}
	return ws.Schedules().Show(s.shell.context(), n)
}

// Set stores one schedule and returns them all as Show(1) does.
func (s *ScheduleService) Set(in workspace.ScheduleInput) (workspace.ScheduleList, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ScheduleList{}, err
	}
	return ws.Schedules().Set(s.shell.context(), in)
}
