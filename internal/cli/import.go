package cli

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors/csvfile"
	"github.com/trueup/trueup/internal/fileimport"
	"github.com/trueup/trueup/internal/workspace"
)

// previewRows is how many parsed lines the import shows before it runs.
const previewRows = 5

// runImport imports a CSV or XLSX file into a csv integration: it reads the file here
// first (so an unreadable file or unmatched headers fail before anything is stored), shows
// how it was read and the first lines, saves the choices as the integration's settings
// and runs a Full Sync of it, which swaps in the file's lines as one generation.
func runImport(ctx context.Context, c *call) int {
	fs := c.flags("import")
	name := fs.String("integration", "", "the csv integration to import into")
	file := fs.String("file", "", "the CSV or XLSX file")
	profile := fs.String("profile", "", "generic or dicker (default: the integration's, else generic)")
	decimal := fs.String("decimal", "", "force the decimal mark: , or . (default: detected per file)")
	var mapFlags multi
	fs.Var(&mapFlags, "map", "FIELD=COLUMN: read FIELD from the column named COLUMN (repeatable; replaces the saved mapping)")
	asJSON := fs.Bool("json", false, "print the finished run as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	if in.Kind != string(connector.KindCSV) {
		return c.fail(fmt.Errorf("%q is a %s integration: import files into a csv one (trueup integrations add --kind csv --name NAME)", in.Name, in.KindLabel))
	}
	if strings.TrimSpace(*file) == "" {
		return c.fail(fmt.Errorf("--file PATH is required: the CSV or XLSX export to import"))
	}
	path, err := filepath.Abs(*file)
	if err != nil {
		return c.fail(fmt.Errorf("resolve --file %s: %w", *file, err))
	}
	settings := maps.Clone(in.Settings)
	if settings == nil {
		settings = map[string]string{}
	}
	settings[csvfile.SettingFile] = path
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["profile"] {
		settings[csvfile.SettingProfile] = *profile
	}
	if given["decimal"] {
		settings[csvfile.SettingDecimal] = *decimal
	}
	if given["map"] {
		m, err := fileimport.ParseMap(mapFlags)
		if err != nil {
			return c.fail(err)
		}
		settings[csvfile.SettingMap] = csvfile.EncodeMap(m)
	}
	opts, err := csvfile.Options(settings)
	if err != nil {
		return c.fail(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c.fail(fmt.Errorf("cannot read %s (nothing was imported; the cached lines are unchanged): %w", path, err))
	}
	res, err := fileimport.Parse(filepath.Base(path), data, opts)
	if err != nil {
		return c.fail(fmt.Errorf("cannot import %s (nothing was imported; the cached lines are unchanged): %w", filepath.Base(path), err))
	}
	if !*asJSON {
		c.preview(path, res)
	}
	if _, err := c.ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: in.Name, BaseURL: in.BaseURL, Settings: settings, Concurrency: in.Concurrency}); err != nil {
		return c.fail(err)
	}
	runs, err := c.ws.Sync().Start(ctx, workspace.SyncRequest{IntegrationIDs: []int64{in.ID}, Mode: "full"})
	if err != nil {
		return c.fail(err)
	}
	ids := make([]int64, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
	}
	if err := c.ws.Sync().Wait(ctx, ids...); err != nil {
		return c.stopped(ctx, ids, err)
	}
	code := ExitOK
	var done []workspace.Run
	for _, id := range ids {
		r, err := c.ws.Sync().Run(ctx, id)
		if err != nil {
			return c.fail(err)
		}
		done = append(done, r)
		switch r.Status {
		case "succeeded":
		case "partial":
			code = max(code, ExitPartial)
		default:
			code = ExitFailed
		}
	}
	// The status row names the file whose lines are cached: after a failed run that is
	// still the previous one, so its settings come back.
	if code == ExitFailed {
		settings = in.Settings
	} else {
		settings[csvfile.SettingFileRows] = strconv.Itoa(res.Rows)
		settings[csvfile.SettingImportedAt] = time.Now().UTC().Format(time.RFC3339)
	}
	if _, err := c.ws.Integrations().Update(ctx, in.ID, workspace.IntegrationInput{Name: in.Name, BaseURL: in.BaseURL, Settings: settings, Concurrency: in.Concurrency}); err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if c.printJSON(done) != ExitOK {
			return ExitFailed
		}
		return code
	}
	for _, r := range done {
		if r.NothingNew && r.Status == "succeeded" {
			fmt.Fprintf(c.env.Stdout, "%s: nothing changed: the cached lines already match %s\n", r.IntegrationName, filepath.Base(path))
			continue
		}
		fmt.Fprintf(c.env.Stdout, "%s: %s\n", r.IntegrationName, runSummary(r))
		if r.Status != "succeeded" {
			fmt.Fprintf(c.env.Stdout, "  see the log: trueup logs --run %d\n", r.ID)
		}
	}
	return code
}

// preview prints, on stderr, how the file was read and its first lines, so a wrong
// column or number style shows before the user looks at cards.
func (c *call) preview(path string, res fileimport.Result) {
	w := c.env.Stderr
	fmt.Fprintf(w, "Importing %s: %d rows, %d lines, %d bad rows\n", filepath.Base(path), res.Rows, len(res.Lines), len(res.Bad))
	for _, n := range res.Notes() {
		fmt.Fprintf(w, "  %s\n", n)
	}
	for i, l := range res.Lines {
		if i == previewRows {
			fmt.Fprintf(w, "  ... %d more\n", len(res.Lines)-previewRows)
			break
		}
		term := l.Term
		if term == "" {
			term = "-"
		}
		fmt.Fprintf(w, "  line %d: %s | %s | %s | term %s\n", l.FileLines[0], l.Account, l.Product, strconv.FormatFloat(l.Quantity, 'f', -1, 64), term)
	}
	for _, b := range res.Bad {
		fmt.Fprintf(w, "  skipped %s\n", b)
	}
}
