package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/trueup/trueup/internal/workspace"
)

// FilePicker asks the user for a file to import and returns its path ("" when they
// cancelled). The desktop app opens the native dialog (NativeFilePicker); a dev-tagged
// build driven from a browser cannot, so it answers with a path it was given
// (internal/devbuild), and the e2e goes through the same Go calls after the dialog.
type FilePicker func(ctx context.Context) (string, error)

// NativeFilePicker opens the window's native Open dialog for CSV and XLSX files.
func NativeFilePicker(ctx context.Context) (string, error) {
	return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{
		Title: "Import a vendor export",
		Filters: []runtime.FileFilter{
			{DisplayName: "CSV or Excel files (*.csv, *.xlsx)", Pattern: "*.csv;*.xlsx"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
}

// FileImportService is the import dialog: choose a file, preview how it reads, map its
// columns, save them as a profile, import.
type FileImportService struct {
	shell *Shell
	pick  FilePicker
}

// NewFileImportService binds to shell; pick is how the file is chosen.
func NewFileImportService(shell *Shell, pick FilePicker) *FileImportService {
	return &FileImportService{shell: shell, pick: pick}
}

// ChooseFile asks for the file to import; "" means the user cancelled.
func (s *FileImportService) ChooseFile() (string, error) {
	return s.pick(s.shell.context())
}

// Preview reads the file as an import would and says how, importing nothing.
func (s *FileImportService) Preview(req workspace.FileImportRequest) (workspace.FilePreview, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.FilePreview{}, err
	}
	return ws.FileImports().Preview(s.shell.context(), req)
}

// Import reads the file into its csv integration (a Full Sync of it) and returns the run.
func (s *FileImportService) Import(req workspace.FileImportRequest) (workspace.FileImport, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.FileImport{}, err
	}
	return ws.FileImports().Import(s.shell.context(), req)
}

// SaveProfile saves how req reads its file as a profile named name.
func (s *FileImportService) SaveProfile(name string, req workspace.FileImportRequest) (workspace.ImportProfile, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.ImportProfile{}, err
	}
	return ws.FileImports().SaveProfile(s.shell.context(), name, req)
}

// Profiles lists the ready and saved import profiles.
func (s *FileImportService) Profiles() ([]workspace.ImportProfile, error) {
	ws, err := s.shell.Workspace()
	if err != nil {
		return nil, err
	}
	return ws.FileImports().Profiles(s.shell.context())
}
