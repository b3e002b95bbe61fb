package workspace

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/applog"
	"github.com/trueup/trueup/internal/store"
)

// Diagnostics builds the zip a user sends with a support request ("Export diagnostics",
// `trueup diagnostics --out FILE`). It holds what helps to find a problem and nothing
// that must not leave the machine: the keychain is never read, so no credential can be in
// it; run messages and logs were redacted when they were written; integrations appear
// with their non-secret settings and the names (never the values) of their secret
// fields; pushes appear as counts, not as the lines they change.
type Diagnostics struct{ w *Workspace }

// Diagnostics returns the workspace's diagnostics export.
func (w *Workspace) Diagnostics() *Diagnostics { return &Diagnostics{w: w} }

// Build names the build the export describes.
type Build struct {
	Version string `json:"version"`
	Commit  string `json:"commit,omitempty"`
}

// DiagnosticsResult says what was written.
type DiagnosticsResult struct {
	Path  string   `json:"path"`
	Size  int64    `json:"size"`
	Files []string `json:"files"`
}

// Limits of the export: the latest runs, and the full logs of the latest few.
const (
	diagRuns    = 100
	diagRunLogs = 20
)

// Export writes the zip to path (replacing a file there only once the new one is
// complete) and lists what it holds.
func (d *Diagnostics) Export(ctx context.Context, path string, b Build) (DiagnosticsResult, error) {
	if path == "" {
		return DiagnosticsResult{}, fmt.Errorf("say where to write the diagnostics: a file name ending in .zip")
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".trueup-diagnostics-*.zip")
	if err != nil {
		return DiagnosticsResult{}, fmt.Errorf("write the diagnostics to %s: check that the folder exists and that you can write to it: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // after the rename this removes nothing
	files, err := d.write(ctx, tmp, b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return DiagnosticsResult{}, fmt.Errorf("write the diagnostics to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return DiagnosticsResult{}, fmt.Errorf("write the diagnostics to %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return DiagnosticsResult{}, err
	}
	return DiagnosticsResult{Path: path, Size: fi.Size(), Files: files}, nil
}

func (d *Diagnostics) write(ctx context.Context, out io.Writer, b Build) ([]string, error) {
	w := d.w
	z := zip.NewWriter(out)
	var files []string
	add := func(name string, write func(io.Writer) error) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: w.opts.Now()})
		if err != nil {
			return err
		}
		files = append(files, name)
		return write(f)
	}
	addJSON := func(name string, v any) error {
		return add(name, func(f io.Writer) error {
			enc := json.NewEncoder(f)
			enc.SetIndent("", "  ")
			return enc.Encode(v)
		})
	}

	schema, err := w.store.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	about := map[string]any{
		"version": b.Version, "commit": b.Commit, "go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH,
		"schema_version": schema, "data_folder": w.opts.DataDir, "secrets_store": w.opts.SecretsStore,
		"folder_owner": w.isOwner(), "generated_at": w.opts.Now().UTC().Format(time.RFC3339), "warnings": w.Warnings(),
	}
	if err := addJSON("about.json", about); err != nil {
		return nil, err
	}

	ins, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	type integration struct {
		ID             int64             `json:"id"`
		Name           string            `json:"name"`
		Kind           string            `json:"kind"`
		BaseURL        string            `json:"base_url"`
		Settings       map[string]string `json:"settings"`
		Concurrency    int               `json:"concurrency"`
		SecretFields   []string          `json:"secret_fields"`
		Generation     int64             `json:"active_generation"`
		Watermarks     map[string]string `json:"watermarks"`
		LastSuccessAt  string            `json:"last_success_at"`
		LastFetchedAt  string            `json:"last_fetched_at"`
		NewestSourceAt string            `json:"newest_source_at"`
		CreatedAt      string            `json:"created_at"`
	}
	var list []integration
	for _, in := range ins {
		names[in.ID] = in.Name
		marks := map[string]string{}
		for e, at := range in.Watermarks {
			marks[string(e)] = fmtTime(at)
		}
		list = append(list, integration{ID: in.ID, Name: in.Name, Kind: in.Kind, BaseURL: in.BaseURL, Settings: in.Settings,
			Concurrency: in.Concurrency, SecretFields: in.SecretFields, Generation: in.ActiveGeneration, Watermarks: marks,
			LastSuccessAt: fmtTime(in.LastSuccessAt), LastFetchedAt: fmtTime(in.LastFetchedAt),
			NewestSourceAt: fmtTime(in.NewestSourceAt), CreatedAt: fmtTime(in.CreatedAt)})
	}
	if err := addJSON("integrations.json", list); err != nil {
		return nil, err
	}

	runs, err := w.store.RecentRuns(ctx, diagRuns)
	if err != nil {
		return nil, err
	}
	type run struct {
		store.Run
		Integration string `json:"integration"`
	}
	var rs []run
	for _, r := range runs {
		rs = append(rs, run{Run: r, Integration: names[r.IntegrationID]})
	}
	if err := addJSON("runs.json", rs); err != nil {
		return nil, err
	}
	for i, r := range runs {
		if i == diagRunLogs {
			break
		}
		lines, err := w.store.RunLog(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		err = add(fmt.Sprintf("run-logs/%d-%s.log", r.ID, fileSafe(names[r.IntegrationID])), func(f io.Writer) error {
			for _, l := range lines {
				if _, err := fmt.Fprintf(f, "%s %-5s [%s] %s\n", fmtTime(l.At), l.Level, l.Section, l.Message); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	pushes := map[string]map[string]int{}
	for _, in := range ins {
		entries, err := w.store.Outbox(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if pushes[in.Name] == nil {
				pushes[in.Name] = map[string]int{}
			}
			pushes[in.Name][string(e.State)]++
		}
	}
	if err := addJSON("pushes.json", pushes); err != nil {
		return nil, err
	}

	if backups, err := ListBackups(ctx, w.opts.DataDir); err == nil {
		if err := addJSON("backups.json", backups); err != nil {
			return nil, err
		}
	}

	logs, err := applog.Files(w.opts.DataDir)
	if err != nil {
		return nil, err
	}
	for _, p := range logs {
		err := add("app-log/"+filepath.Base(p), func(f io.Writer) error {
			src, err := os.Open(p)
			if err != nil {
				return err
			}
			defer src.Close()
			_, err = io.Copy(f, src)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// fileSafe keeps letters, digits, '-' and '_' of a name for a file name in the zip.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "integration"
	}
	return b.String()
}
