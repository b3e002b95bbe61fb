package app

import (
	"github.com/trueup/trueup/internal/workspace"
)

// DataService shows the cached data, online or not.
type DataService struct{ shell *Shell }

// NewDataService binds to shell.
func NewDataService(shell *Shell) *DataService { return &DataService{shell: shell} }

// Lines returns an integration's cached lines; with includeHidden, also the lines the
// visibility rules hide, each with the reason.
func (s *DataService) Lines(integrationID int64, includeHidden bool) (workspace.LinesResult, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.LinesResult{}, err
	}
	return ws.Data().Lines(s.shell.context(), integrationID, includeHidden)
}
