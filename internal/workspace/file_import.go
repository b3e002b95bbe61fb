package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/csvfile"
	"github.com/trueup/trueup/internal/fileimport"
	"github.com/trueup/trueup/internal/store"
)

// FileImports reads CSV/XLSX exports into csv integrations: a preview of how a file will be
// read, the import itself (a Full Sync of the integration over the chosen file), and the
// saved profiles that remember a vendor's columns from one month to the next.
type FileImports struct{ w *Workspace }

// FileImports returns the file-import service.
func (w *Workspace) FileImports() *FileImports { return &FileImports{w: w} }

// previewLines is how many of the file's lines a preview shows.
const previewLines = 10

// profileKeyPrefix is where saved profiles live among the workspace's key/value
// settings (one JSON value per profile, keyed by its lower-cased name): a profile is a
// few fields read whole, so it needs no table of its own.
const profileKeyPrefix = "import_profile:"

// FileImportRequest is a file to read into a csv integration and how. Empty fields keep
// the integration's own choices (those of its last import).
type FileImportRequest struct {
	IntegrationID int64  `json:"integration_id"`
	Path          string `json:"path"`
	// Profile is generic, dicker or a saved profile's name; choosing one drops the
	// integration's own mapping, decimal mark, date order and sheet (the profile has its
	// own) unless given here too. Empty: the integration's, detected when it has none.
	Profile string `json:"profile"`
	// Map is field -> column; when given it replaces the integration's mapping.
	Map map[string]string `json:"map"`
	// Decimal is "," or "." to force the number style.
	Decimal string `json:"decimal"`
	// DateOrder is day-first or month-first to force the order of slashed dates.
	DateOrder string `json:"date_order"`
	// Sheet is the XLSX sheet to read.
	Sheet string `json:"sheet"`
}

// FilePreview is how a file will be read, without importing it.
type FilePreview struct {
	IntegrationID int64  `json:"integration_id"`
	Path          string `json:"path"`
	FileName      string `json:"file_name"`
	// Profile is the profile the file is read with; ProfileDetected says TrueUp chose it
	// from the file's headers (the integration had none and none was asked for).
	Profile         string `json:"profile"`
	ProfileDetected bool   `json:"profile_detected"`
	Source          string `json:"source"`
	Sheet           string `json:"sheet"`
	// Columns are the file's headers in order, each with the field it is read as ("" for
	// a column TrueUp does not read).
	Columns []PreviewColumn `json:"columns"`
	// NumberStyle is the decimal mark chosen ("," or "."); DateOrder day-first or
	// month-first; the notes say whether each was detected, defaulted or forced.
	NumberStyle string `json:"number_style"`
	NumberNote  string `json:"number_note"`
	DateOrder   string `json:"date_order"`
	DateNote    string `json:"date_note"`
	// Rows are the data rows; LineCount the lines they make (usage rows are summed).
	Rows      int           `json:"rows"`
	LineCount int           `json:"line_count"`
	Lines     []PreviewLine `json:"lines"` // the first 10, as they will be imported
	BadRows   []BadRow      `json:"bad_rows"`
	// Problem is set when the file cannot be imported as it is read (a required column is
	// missing): it says which and how to map them. The columns found are still shown.
	Problem string `json:"problem"`
	// Fields are the fields a column can be read as, for the mapping choices.
	Fields []string `json:"fields"`
}

// PreviewColumn is one header of the file and the field it is read as.
type PreviewColumn struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// PreviewLine is one line as it will be imported.
type PreviewLine struct {
	FileLines        []int   `json:"file_lines"`
	Account          string  `json:"account"`
	Product          string  `json:"product"`
	SKU              string  `json:"sku"`
	Quantity         float64 `json:"quantity"`
	Cost             float64 `json:"cost"`
	Price            float64 `json:"price"`
	Term             string  `json:"term"`
	BillingFrequency string  `json:"billing_frequency"`
	Start            string  `json:"start"`
	End              string  `json:"end"`
	SubscriptionID   string  `json:"subscription_id"`
}

// BadRow is a row that will not import, by its line in the file (the header is line 1).
type BadRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// ImportProfile is a profile a file can be read with: a ready one or one the user saved.
type ImportProfile struct {
	Name    string            `json:"name"`
	Builtin bool              `json:"builtin"`
	Base    string            `json:"base"`
	Map     map[string]string `json:"map"`
	Decimal string            `json:"decimal"`
	Dates   string            `json:"date_order"`
	Sheet   string            `json:"sheet"`
	Headers []string          `json:"headers"`
}

// FileImport is a finished import: how the file was read and the run that stored it.
type FileImport struct {
	Preview FilePreview `json:"preview"`
	Runs    []Run       `json:"runs"`
	// NothingChanged: the cached lines already matched the file.
	NothingChanged bool `json:"nothing_changed"`
}

// ImportWaitError is returned when the import's run was started but waiting for it
// failed (the context ended): RunIDs are the runs to cancel or look at.
type ImportWaitError struct {
	RunIDs []int64
	Err    error
}

func (e *ImportWaitError) Error() string { return "waiting for the import failed: " + e.Err.Error() }
func (e *ImportWaitError) Unwrap() error { return e.Err }

// importPlan is a request resolved against its integration: the settings the import stores and
// the options they read the file with.
type importPlan struct {
	in       store.Integration
	settings map[string]string
	opts     fileimport.Options
	detected bool
	path     string
	data     []byte
}

func (f *FileImports) plan(ctx context.Context, req FileImportRequest) (importPlan, error) {
	w := f.w
	in, err := w.lookup(ctx, req.IntegrationID)
	if err != nil {
		return importPlan{}, err
	}
	if connector.Kind(in.Kind) != connector.KindCSV {
		return importPlan{}, inputErr("integration_id", fmt.Sprintf("%q is a %s integration: import files into a csv one (trueup integrations add --kind csv --name NAME)", in.Name, in.Kind))
	}
	if strings.TrimSpace(req.Path) == "" {
		return importPlan{}, inputErr("path", "choose the CSV or XLSX export to import")
	}
	path, err := filepath.Abs(strings.TrimSpace(req.Path))
	if err != nil {
		return importPlan{}, inputErr("path", fmt.Sprintf("the path %s cannot be resolved: %v", req.Path, err))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return importPlan{}, fmt.Errorf("cannot read %s (nothing was imported; the cached lines are unchanged): %w", path, err)
	}
	settings := maps.Clone(in.Settings)
	if settings == nil {
		settings = map[string]string{}
	}
	settings[csvfile.SettingFile] = path
	p := importPlan{in: in, settings: settings, path: path, data: data}
	if name := strings.TrimSpace(req.Profile); name != "" {
		settings[csvfile.SettingProfile] = name
		for _, k := range []string{csvfile.SettingMap, csvfile.SettingDecimal, csvfile.SettingDates, csvfile.SettingSheet} {
			delete(settings, k)
		}
	}
	if len(req.Map) > 0 {
		pairs := make([]string, 0, len(req.Map))
		for k, v := range req.Map {
			pairs = append(pairs, k+"="+v)
		}
		m, err := fileimport.ParseMap(pairs)
		if err != nil {
			return importPlan{}, inputErr("map", err.Error())
		}
		settings[csvfile.SettingMap] = csvfile.EncodeMap(m)
	}
	for key, v := range map[string]string{csvfile.SettingDecimal: req.Decimal, csvfile.SettingDates: req.DateOrder, csvfile.SettingSheet: req.Sheet} {
		if v = strings.TrimSpace(v); v != "" {
			settings[key] = v
		}
	}
	if settings[csvfile.SettingProfile] == "" {
		if p.detected, err = f.detect(ctx, path, data, settings); err != nil {
			return importPlan{}, err
		}
	}
	if err := w.copySavedProfile(ctx, settings); err != nil {
		return importPlan{}, err
	}
	if p.opts, err = csvfile.Options(settings); err != nil {
		var ce *connector.ConfigError
		if errors.As(err, &ce) {
			return importPlan{}, inputErr(ce.Field, ce.Msg)
		}
		return importPlan{}, err
	}
	return p, nil
}

// detect chooses the profile of an integration that has none from the file's headers: a
// saved profile whose columns are all there, else dicker or generic.
func (f *FileImports) detect(ctx context.Context, path string, data []byte, settings map[string]string) (bool, error) {
	t, err := fileimport.ReadFile(filepath.Base(path), data, fileimport.Dicker(), settings[csvfile.SettingSheet])
	if err != nil {
		return false, fmt.Errorf("cannot import %s (nothing was imported; the cached lines are unchanged): %w", filepath.Base(path), err)
	}
	saved, err := f.w.savedProfiles(ctx)
	if err != nil {
		return false, err
	}
	name, _ := fileimport.Detect(t.Headers, saved)
	settings[csvfile.SettingProfile] = name
	return true, nil
}

// Preview reads the file as the import would and says how, importing nothing. A file
// whose required columns are not found is a preview with Problem set, so the user can map
// them; a file that cannot be read at all is an error.
func (f *FileImports) Preview(ctx context.Context, req FileImportRequest) (FilePreview, error) {
	p, err := f.plan(ctx, req)
	if err != nil {
		return FilePreview{}, err
	}
	res, perr := fileimport.Parse(filepath.Base(p.path), p.data, p.opts)
	if perr != nil && res.Headers == nil {
		return FilePreview{}, fmt.Errorf("cannot import %s (nothing was imported; the cached lines are unchanged): %w", filepath.Base(p.path), perr)
	}
	return previewOf(p, res, perr), nil
}

func previewOf(p importPlan, res fileimport.Result, problem error) FilePreview {
	pv := FilePreview{IntegrationID: p.in.ID, Path: p.path, FileName: filepath.Base(p.path), Profile: p.settings[csvfile.SettingProfile],
		ProfileDetected: p.detected, Source: res.Source, Sheet: res.Sheet, Rows: res.Rows, LineCount: len(res.Lines),
		NumberStyle: ".", NumberNote: res.StyleNote, DateOrder: res.DateOrder.Flag(), DateNote: res.DateNote,
		Columns: []PreviewColumn{}, Lines: []PreviewLine{}, BadRows: []BadRow{}}
	if res.Style == fileimport.DecimalComma {
		pv.NumberStyle = ","
	}
	for _, fl := range fileimport.Fields {
		pv.Fields = append(pv.Fields, string(fl))
	}
	byIndex := map[int]string{}
	for fl, i := range res.Columns {
		byIndex[i] = string(fl)
	}
	for i, h := range res.Headers {
		pv.Columns = append(pv.Columns, PreviewColumn{Header: h, Field: byIndex[i]})
	}
	for i, l := range res.Lines {
		if i == previewLines {
			break
		}
		pv.Lines = append(pv.Lines, PreviewLine{FileLines: l.FileLines, Account: l.Account, Product: l.Product, SKU: l.SKU, Quantity: l.Quantity,
			Cost: l.Cost, Price: l.Price, Term: l.Term, BillingFrequency: l.BillingFrequency, Start: l.Start, End: l.End, SubscriptionID: l.SubscriptionID})
	}
	for _, b := range res.Bad {
		pv.BadRows = append(pv.BadRows, BadRow{Line: b.Line, Reason: b.Reason})
	}
	if problem != nil {
		pv.Problem = problem.Error()
	}
	return pv
}

// Import reads the file into the integration: the choices become its settings, and a
// Full Sync of it swaps in the file's lines as one generation (bad rows fail on their own,
// so the run is partial and the good rows import). A file that cannot be read, or whose
// columns are not found, imports nothing and changes nothing. After a failed run the
// integration's settings are those of the file whose lines are still cached.
func (f *FileImports) Import(ctx context.Context, req FileImportRequest) (FileImport, error) {
	w := f.w
	p, err := f.plan(ctx, req)
	if err != nil {
		return FileImport{}, err
	}
	res, err := fileimport.Parse(filepath.Base(p.path), p.data, p.opts)
	if err != nil {
		return FileImport{}, inputErr("path", fmt.Sprintf("cannot import %s (nothing was imported; the cached lines are unchanged): %v", filepath.Base(p.path), err))
	}
	out := FileImport{Preview: previewOf(p, res, nil)}
	if err := f.saveSettings(ctx, p.in, p.settings); err != nil {
		return out, err
	}
	runs, err := w.Sync().Start(ctx, SyncRequest{IntegrationIDs: []int64{p.in.ID}, Mode: "full"})
	if err != nil {
		_ = f.saveSettings(context.WithoutCancel(ctx), p.in, p.in.Settings)
		return out, err
	}
	ids := make([]int64, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
	}
	if err := w.Sync().Wait(ctx, ids...); err != nil {
		// The run stores nothing once it is cancelled: the cached lines are the old file's.
		_ = f.saveSettings(context.WithoutCancel(ctx), p.in, p.in.Settings)
		out.Runs = runs
		return out, &ImportWaitError{RunIDs: ids, Err: err}
	}
	failed := false
	out.NothingChanged = true
	for _, id := range ids {
		r, err := w.Sync().Run(ctx, id)
		if err != nil {
			return out, err
		}
		out.Runs = append(out.Runs, r)
		failed = failed || (r.Status != "succeeded" && r.Status != "partial")
		out.NothingChanged = out.NothingChanged && r.Status == "succeeded" && r.NothingNew
	}
	settings := p.in.Settings
	if !failed {
		settings = p.settings
		settings[csvfile.SettingFileRows] = strconv.Itoa(res.Rows)
		settings[csvfile.SettingImportedAt] = w.opts.Now().UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	return out, f.saveSettings(ctx, p.in, settings)
}

func (f *FileImports) saveSettings(ctx context.Context, in store.Integration, settings map[string]string) error {
	_, err := f.w.Integrations().Update(ctx, in.ID, IntegrationInput{Name: in.Name, BaseURL: in.BaseURL, Settings: settings, Concurrency: in.Concurrency})
	return err
}

// SaveProfile saves how the request reads its file as a profile named name: the column of
// every field found, the number style and date order chosen (forced from then on) and the
// sheet. A profile of that name is replaced. The file's required columns must be found.
func (f *FileImports) SaveProfile(ctx context.Context, name string, req FileImportRequest) (ImportProfile, error) {
	name, err := fileimport.CheckProfileName(name)
	if err != nil {
		return ImportProfile{}, inputErr("name", err.Error())
	}
	p, err := f.plan(ctx, req)
	if err != nil {
		return ImportProfile{}, err
	}
	res, err := fileimport.Parse(filepath.Base(p.path), p.data, p.opts)
	if err != nil {
		return ImportProfile{}, inputErr("map", fmt.Sprintf("the profile was not saved: %v", err))
	}
	saved := fileimport.SaveFrom(name, p.opts, res)
	raw, err := json.Marshal(saved)
	if err != nil {
		return ImportProfile{}, fmt.Errorf("encode profile %q: %w", name, err)
	}
	if err := f.w.store.SetSettings(ctx, map[string]string{profileKey(name): string(raw)}); err != nil {
		return ImportProfile{}, err
	}
	return profileDTO(saved), nil
}

// Profiles lists the ready profiles, then the saved ones by name.
func (f *FileImports) Profiles(ctx context.Context) ([]ImportProfile, error) {
	saved, err := f.w.savedProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := []ImportProfile{
		{Name: "generic", Builtin: true, Base: "generic", Map: map[string]string{}, Headers: []string{}},
		{Name: "dicker", Builtin: true, Base: "dicker", Map: map[string]string{}, Headers: []string{}},
	}
	for _, s := range saved {
		out = append(out, profileDTO(s))
	}
	return out, nil
}

func profileDTO(s fileimport.Saved) ImportProfile {
	p := ImportProfile{Name: s.Name, Base: s.Base, Map: map[string]string{}, Decimal: s.Decimal, Dates: s.DateOrder, Sheet: s.Sheet, Headers: s.Headers}
	for f, c := range s.Map {
		p.Map[string(f)] = c
	}
	if p.Headers == nil {
		p.Headers = []string{}
	}
	return p
}

func profileKey(name string) string {
	return profileKeyPrefix + strings.ToLower(strings.TrimSpace(name))
}

func (w *Workspace) savedProfiles(ctx context.Context) ([]fileimport.Saved, error) {
	kv, err := w.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	var out []fileimport.Saved
	for k, v := range kv {
		if !strings.HasPrefix(k, profileKeyPrefix) {
			continue
		}
		var s fileimport.Saved
		if err := json.Unmarshal([]byte(v), &s); err != nil {
			return nil, fmt.Errorf("the saved import profile %s is damaged: save it again with trueup import --save-profile: %w", strings.TrimPrefix(k, profileKeyPrefix), err)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b fileimport.Saved) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out, nil
}

// fileProfile copies the saved profile a csv integration being saved names (see
// copySavedProfile); other kinds have none.
func (w *Workspace) fileProfile(ctx context.Context, v validated) error {
	if v.factory.Kind != connector.KindCSV {
		return nil
	}
	return w.copySavedProfile(ctx, v.settings)
}

// copySavedProfile keeps a csv integration's copy of the saved profile its profile setting
// names up to date (the connector reads the copy: it has no access to the store), and
// refuses a profile name that is neither ready nor saved.
func (w *Workspace) copySavedProfile(ctx context.Context, settings map[string]string) error {
	name := strings.TrimSpace(settings[csvfile.SettingProfile])
	if _, ok := fileimport.Builtin(name); ok {
		delete(settings, csvfile.SettingSavedProfile)
		return nil
	}
	kv, err := w.store.Settings(ctx)
	if err != nil {
		return err
	}
	raw, ok := kv[profileKey(name)]
	if !ok {
		return inputErr(csvfile.SettingProfile, fmt.Sprintf("there is no profile named %q: use generic, dicker or a saved one (trueup import --list-profiles lists them; --save-profile NAME saves one)", name))
	}
	settings[csvfile.SettingSavedProfile] = raw
	return nil
}

// fileImportStatus fills the file columns of a csv integration's status row from the
// settings an import stores after a file's lines were stored (file, file_rows,
// imported_at); before the first import they stay empty.
func fileImportStatus(st *IntegrationStatus, in store.Integration) {
	if connector.Kind(in.Kind) != connector.KindCSV || in.Settings[csvfile.SettingImportedAt] == "" {
		return
	}
	st.FileName = filepath.Base(in.Settings[csvfile.SettingFile])
	st.FileRows, _ = strconv.Atoi(in.Settings[csvfile.SettingFileRows]) // written by the import as digits
	st.ImportedAt = in.Settings[csvfile.SettingImportedAt]
}
