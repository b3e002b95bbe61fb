package app

import (
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

// WorkspaceService switches between the demo workspace, on the PSA of the user's choice,
// and the user's own.
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
	t := s.shell.opened()
	info.Demo, info.DemoPSA = t.Demo, string(t.PSA)
	for _, p := range demo.PSAs() {
		info.DemoPSAs = append(info.DemoPSAs, workspace.DemoPSAOption{Kind: string(p.Kind()), Name: p.Name()})
	}
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

// UseDemo opens the demo workspace (a simulated PSA and Pax8 on this computer) on the PSA
// chosen last, ConnectWise at first.
func (s *WorkspaceService) UseDemo() (workspace.WorkspaceInfo, error) {
	if err := s.shell.switchByUser(s.shell.context(), true, ""); err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	return s.Info()
}

// UseDemoPSA opens the demo workspace on the PSA of kind (one of Info's demo_psas), in
// place of the open workspace, without a restart: every bound call asks the shell for the
// workspace, and the window re-reads everything on "workspace:changed". The demo already
// open on that PSA stays as it is.
func (s *WorkspaceService) UseDemoPSA(kind string) (workspace.WorkspaceInfo, error) {
	if kind == "" {
		return workspace.WorkspaceInfo{}, fmt.Errorf("choose the demo's PSA: one of %s", demoKinds())
	}
	if err := s.shell.switchByUser(s.shell.context(), true, connector.Kind(kind)); err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	return s.Info()
}

// demoKinds lists the kinds of demo.PSAs for a message.
func demoKinds() string {
	var kinds []string
	for _, p := range demo.PSAs() {
		kinds = append(kinds, string(p.Kind()))
	}
	return strings.Join(kinds, ", ")
}

// UseOwn opens the user's own workspace.
func (s *WorkspaceService) UseOwn() (workspace.WorkspaceInfo, error) {
	if err := s.shell.switchByUser(s.shell.context(), false, ""); err != nil {
		return workspace.WorkspaceInfo{}, err
	}
	return s.Info()
}
