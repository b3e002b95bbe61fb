package app

import (
	"github.com/trueup/trueup/internal/workspace"
)

// IntegrationService manages integrations and their credentials.
type IntegrationService struct{ shell *Shell }

// NewIntegrationService binds to shell.
func NewIntegrationService(shell *Shell) *IntegrationService {
	return &IntegrationService{shell: shell}
}

// Kinds lists the systems TrueUp can connect to, with the fields each needs.
func (s *IntegrationService) Kinds() ([]workspace.KindInfo, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Integrations().Kinds(), nil
}

// List returns the configured integrations.
func (s *IntegrationService) List() ([]workspace.Integration, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Integrations().List(s.shell.context())
}

// Add creates an integration; its secrets go to the OS keychain only.
func (s *IntegrationService) Add(in workspace.IntegrationInput) (workspace.Integration, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.Integration{}, err
	}
	return ws.Integrations().Add(s.shell.context(), in)
}

// Update edits an integration's name, address and settings (and secrets if given).
func (s *IntegrationService) Update(id int64, in workspace.IntegrationInput) (workspace.Integration, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.Integration{}, err
	}
	return ws.Integrations().Update(s.shell.context(), id, in)
}

// Delete removes an integration with its secrets, cache and sync history.
func (s *IntegrationService) Delete(id int64) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Integrations().Delete(s.shell.context(), id)
}

// SetSecrets replaces secret fields in the keychain (a reset).
func (s *IntegrationService) SetSecrets(id int64, secrets map[string]string) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Integrations().SetSecrets(s.shell.context(), id, secrets)
}

// Test checks the connection and credentials and answers in words.
func (s *IntegrationService) Test(id int64) (workspace.TestResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.TestResult{}, err
	}
	return ws.Integrations().Test(s.shell.context(), id), nil
}
