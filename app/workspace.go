package app

import (
	"github.com/trueup/trueup/internal/workspace"
)

// WorkspaceService switches between the demo workspace and the user's own.
type WorkspaceService struct {
	shell   *Shell
	version string
}

// NewWorkspaceService binds to shell.
func NewWorkspaceService(shell *Shell, version string) *WorkspaceService {
	return &WorkspaceService{shell: shell, version: version}
}

// Info says which workspace is open.
func (s *WorkspaceService) Info() (workspace.WorkspaceInfo, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	info := ws.Info()
	info.Demo = s.shell.isDemo()
	info.Version = s.version
	return info, nil
}

// KeychainState says whether TrueUp is waiting for the user to unlock the OS keychain
// (its unlock prompt is open), with the sentence to show meanwhile.
func (s *WorkspaceService) KeychainState() (workspace.KeychainState, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.KeychainState{}, err
	}
	return ws.KeychainState(), nil
}

// UseDemo opens the demo workspace (simulated ConnectWise and Pax8 on this computer).
func (s *WorkspaceService) UseDemo() (workspace.WorkspaceInfo, error) {
	if err := s.shell.switchTo(s.shell.context(), true); err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	return s.Info()
}

// UseOwn opens the user's own workspace.
func (s *WorkspaceService) UseOwn() (workspace.WorkspaceInfo, error) {
	if err := s.shell.switchTo(s.shell.context(), false); err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	return s.Info()
}
