package app

import "github.com/trueup/trueup/internal/workspace"

// MappingService maps vendor accounts and products to PSA ones (the Mapping screen).
type MappingService struct{ shell *Shell }

// NewMappingService binds to shell.
func NewMappingService(shell *Shell) *MappingService { return &MappingService{shell: shell} }

// List returns the vendor accounts and products of one vendor integration (0: every one)
// with their mapping state and suggestions; unmappedOnly leaves the mapped and excluded out.
func (s *MappingService) List(integrationID int64, unmappedOnly bool) (workspace.MappingList, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.MappingList{}, err
	}
	return ws.Mappings().List(s.shell.context(), integrationID, unmappedOnly)
}

// Map maps, excludes or clears one vendor item.
func (s *MappingService) Map(req workspace.MapRequest) (workspace.MappingRow, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.MappingRow{}, err
	}
	return ws.Mappings().Map(s.shell.context(), req)
}

// AcceptExact accepts every exact suggestion of one vendor integration (0: every one) and
// says how many it accepted.
func (s *MappingService) AcceptExact(integrationID int64) (int, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return 0, err
	}
	return ws.Mappings().AcceptExact(s.shell.context(), integrationID)
}

// Options lists the PSA accounts or catalog products (kind) whose name matches query, for
// picking a target by hand.
func (s *MappingService) Options(psaIntegrationID int64, kind, query string) ([]workspace.PSAOption, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.Mappings().Options(s.shell.context(), psaIntegrationID, kind, query)
}

// SetAccountNote sets a PSA account's note and tags (empty ones remove them).
func (s *MappingService) SetAccountNote(in workspace.AccountNoteInput) error {
	ws, err := s.shell.Workspace()
	if err != nil {
		return err
	}
	return ws.Mappings().SetAccountNote(s.shell.context(), in)
}
