package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/trueup/trueup/internal/workspace"
)

// AboutService is the About screen (version, commit, data folder, licences: the list
// itself is generated into the frontend at build time) and "Export diagnostics".
type AboutService struct {
	shell *Shell
	opts  AboutOptions
}

// AboutOptions wire the service.
type AboutOptions struct {
	Version, Commit string
	DataDir         string // the user's own data folder
	// SaveAs asks where to save a file (the native save dialog), offering name; "" and no
	// error: the user cancelled. A dev build answers without a dialog (main).
	SaveAs func(ctx context.Context, name string) (string, error)
	// Open shows a folder in the system's file manager; nil: the OS's own opener.
	Open func(ctx context.Context, folder string) error
}

// NewAboutService binds to shell.
func NewAboutService(shell *Shell, opts AboutOptions) *AboutService {
	if opts.Open == nil {
		opts.Open = openFolder
	}
	return &AboutService{shell: shell, opts: opts}
}

// About is what the About screen shows.
type About struct {
	Version    string `json:"version"`
	Commit     string `json:"commit"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	Go         string `json:"go"`
	DataFolder string `json:"data_folder"` // the open workspace's (the demo's while it is open)
	Demo       bool   `json:"demo"`
}

// Info describes the build and the open data folder.
func (s *AboutService) Info() (About, error) {
	a := About{Version: s.opts.Version, Commit: s.opts.Commit, OS: goruntime.GOOS, Arch: goruntime.GOARCH,
		Go: goruntime.Version(), DataFolder: s.opts.DataDir}
	ws, err := s.shell.Workspace()
	if err != nil {
		return a, nil // the screen still says what the build is
	}
	a.DataFolder = ws.Info().DataDir
	a.Demo = s.shell.opened().Demo
	return a, nil
}

// OpenDataFolder shows the open workspace's data folder in the file manager.
func (s *AboutService) OpenDataFolder() error {
	a, _ := s.Info()
	if err := s.opts.Open(s.shell.context(), a.DataFolder); err != nil {
		return fmt.Errorf("open %s in the file manager: %w; open it by hand", a.DataFolder, err)
	}
	return nil
}

// ExportDiagnostics asks where to save the diagnostics zip and writes it; a cancelled
// dialog returns an empty result and no error.
func (s *AboutService) ExportDiagnostics() (workspace.DiagnosticsResult, error) {
	ctx := s.shell.context()
	ws, err := s.shell.Workspace()
	if err != nil {
		return workspace.DiagnosticsResult{}, err
	}
	if s.opts.SaveAs == nil {
		return workspace.DiagnosticsResult{}, errors.New("this build cannot ask where to save: run `trueup diagnostics --out FILE`")
	}
	name := "trueup-diagnostics-" + time.Now().UTC().Format("2006-01-02-150405") + ".zip"
	path, err := s.opts.SaveAs(ctx, name)
	if err != nil || path == "" {
		return workspace.DiagnosticsResult{}, err
	}
	if filepath.Ext(path) == "" {
		path += ".zip"
	}
	return ws.Diagnostics().Export(ctx, path, workspace.Build{Version: s.opts.Version, Commit: s.opts.Commit})
}

// openFolder runs the OS's opener on folder: explorer on Windows, open on macOS,
// xdg-open elsewhere.
func openFolder(ctx context.Context, folder string) error {
	var cmd *exec.Cmd
	switch goruntime.GOOS {
	case "windows":
		cmd = exec.CommandContext(ctx, "explorer", folder)
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", folder)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", folder)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // explorer exits 1 even when it opened the folder
	return nil
}

// NativeSaveAs is AboutOptions.SaveAs for the desktop window: the system's save dialog.
func NativeSaveAs(ctx context.Context, name string) (string, error) {
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title: "Export diagnostics", DefaultFilename: name,
		Filters: []runtime.FileFilter{{DisplayName: "Zip archive (*.zip)", Pattern: "*.zip"}},
	})
}

// ScratchSaveAs is AboutOptions.SaveAs for a dev build, whose window is a browser page
// that cannot show a native dialog: it saves into diagnostics/ in the (scratch) data
// folder and says where, so the end-to-end tests run the same export.
func ScratchSaveAs(dataDir string) func(context.Context, string) (string, error) {
	return func(_ context.Context, name string) (string, error) {
		dir := filepath.Join(dataDir, "diagnostics")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		return filepath.Join(dir, name), nil
	}
}
