package app

import (
	"github.com/trueup/trueup/internal/workspace"
)

// ScheduleService is Settings > Schedules: when syncs run on their own, per stream (PSA,
// vendors) or per integration, and what the scheduler last did.
type ScheduleService struct{ shell *Shell }

// NewScheduleService binds to shell.
func NewScheduleService(shell *Shell) *ScheduleService { return &ScheduleService{shell: shell} }

// Show lists the streams' schedules and the one each integration runs on, each with its
// next n due times (at least 1), its last scheduled run and the due times it missed.
func (s *ScheduleService) Show(n int) (workspace.ScheduleList, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ScheduleList{}, err
	}
	return ws.Schedules().Show(s.shell.context(), n)
}

// Set stores the schedule of an integration or a stream and returns every schedule.
func (s *ScheduleService) Set(in workspace.ScheduleInput) (workspace.ScheduleList, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ScheduleList{}, err
	}
	return ws.Schedules().Set(s.shell.context(), in)
}
