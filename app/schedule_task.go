package app

import "github.com/trueup/trueup/internal/workspace"

// ScheduleTaskService is the OS task part of Settings > Schedules: whether the task that
// runs `trueup sync --scheduled` while the window is closed is registered, and Register /
// Remove.
type ScheduleTaskService struct{ shell *Shell }

// NewScheduleTaskService binds to shell.
func NewScheduleTaskService(shell *Shell) *ScheduleTaskService {
	return &ScheduleTaskService{shell: shell}
}

// Status says whether the OS task is registered and matches the schedules.
func (s *ScheduleTaskService) Status() (workspace.OSTaskInfo, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.OSTaskInfo{}, err
	}
	return ws.Schedules().OSTask().Status(s.shell.context())
}

// Register creates or updates the OS task for the schedules as they are now.
func (s *ScheduleTaskService) Register() (workspace.OSTaskInfo, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.OSTaskInfo{}, err
	}
	return ws.Schedules().OSTask().Register(s.shell.context())
}

// Remove deletes the OS task.
func (s *ScheduleTaskService) Remove() (workspace.OSTaskInfo, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.OSTaskInfo{}, err
	}
	return ws.Schedules().OSTask().Remove(s.shell.context())
}
