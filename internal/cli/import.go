package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/fileimport"
	"github.com/trueup/trueup/internal/workspace"
)

// previewRows is how many parsed lines the import shows before it runs.
const previewRows = 5

// runImport imports a CSV or XLSX file into a csv integration (workspace.FileImports): the
// file is read first (so an unreadable file or unmatched headers fail before anything is
// stored), how it was read and its first lines go to stderr, the choices become the
// integration's settings and a Full Sync of it swaps in the file's lines as one
// generation. --preview only shows how the file would be read; --save-profile keeps the
// choices as a named profile; --list-profiles lists the profiles.
func runImport(ctx context.Context, c *call) int {
	fs := c.flags("import")
	name := fs.String("integration", "", "the csv integration to import into")
	file := fs.String("file", "", "the CSV or XLSX file")
	profile := fs.String("profile", "", "generic, dicker or a saved profile (default: the integration's, else detected from the headers)")
	decimal := fs.String("decimal", "", "force the decimal mark: , or . (default: detected per file)")
	dates := fs.String("dates", "", "force the order of slashed dates: day-first or month-first (default: detected per file)")
	sheet := fs.String("sheet", "", "the XLSX sheet to read (default: the profile's, else the first)")
	var mapFlags multi
	fs.Var(&mapFlags, "map", "FIELD=COLUMN: read FIELD from the column named COLUMN (repeatable; replaces the saved mapping)")
	saveProfile := fs.String("save-profile", "", "save how the file is read as a profile of this name, and import with it")
	preview := fs.Bool("preview", false, "show how the file would be read and import nothing")
	listProfiles := fs.Bool("list-profiles", false, "list the ready and saved profiles")
	asJSON := fs.Bool("json", false, "print the finished run (or the preview, or the profiles) as JSON")
	if err := fs.Parse(c.args); err != nil {
		return ExitFailed
	}
	if *listProfiles {
		return c.listProfiles(ctx, *asJSON)
	}
	in, err := c.integration(ctx, *name)
	if err != nil {
		return c.fail(err)
	}
	if strings.TrimSpace(*file) == "" {
		return c.fail(fmt.Errorf("--file PATH is required: the CSV or XLSX export to import"))
	}
	req := workspace.FileImportRequest{IntegrationID: in.ID, Path: *file, Profile: *profile, Decimal: *decimal, DateOrder: *dates, Sheet: *sheet}
	if len(mapFlags) > 0 {
		m, err := fileimport.ParseMap(mapFlags)
		if err != nil {
			return c.fail(err)
		}
		req.Map = map[string]string{}
		for f, col := range m {
			req.Map[string(f)] = col
		}
	}
	imports := c.ws.FileImports()
	if *saveProfile != "" {
		p, err := imports.SaveProfile(ctx, *saveProfile, req)
		if err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.env.Stderr, "Saved the profile %q (%s); later files of this vendor import with --profile %q\n", p.Name, profileSummary(p), p.Name)
		// The profile holds the choices now: import with it alone.
		req = workspace.FileImportRequest{IntegrationID: in.ID, Path: *file, Profile: p.Name}
	}
	if *preview {
		pv, err := imports.Preview(ctx, req)
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			if code := c.printJSON(pv); code != ExitOK {
				return code
			}
		} else {
			printPreview(c.env.Stdout, pv, previewLinesAll)
		}
		if pv.Problem != "" {
			if !*asJSON {
				fmt.Fprintf(c.env.Stderr, "trueup import: %s\n", pv.Problem)
			}
			return ExitFailed
		}
		return ExitOK
	}
	out, err := imports.Import(ctx, req)
	var waitErr *workspace.ImportWaitError
	if errors.As(err, &waitErr) {
		return c.stopped(ctx, waitErr.RunIDs, waitErr.Err)
	}
	if err != nil {
		return c.fail(err)
	}
	if !*asJSON {
		printPreview(c.env.Stderr, out.Preview, previewRows)
	}
	code := ExitOK
	for _, r := range out.Runs {
		switch r.Status {
		case "succeeded":
		case "partial":
			code = max(code, ExitPartial)
		default:
			code = ExitFailed
		}
	}
	if *asJSON {
		if c.printJSON(out.Runs) != ExitOK {
			return ExitFailed
		}
		return code
	}
	for _, r := range out.Runs {
		if r.NothingNew && r.Status == "succeeded" {
			fmt.Fprintf(c.env.Stdout, "%s: nothing changed: the cached lines already match %s\n", r.IntegrationName, out.Preview.FileName)
			continue
		}
		fmt.Fprintf(c.env.Stdout, "%s: %s\n", r.IntegrationName, runSummary(r))
		if r.Status != "succeeded" {
			fmt.Fprintf(c.env.Stdout, "  see the log: trueup logs --run %d\n", r.ID)
		}
	}
	return code
}

// previewLinesAll prints every line the preview holds (its first 10).
const previewLinesAll = -1

// printPreview prints how the file was read and its first lines (at most n; all the
// preview holds when n < 0), so a wrong column or number style shows before the user looks
// at cards.
func printPreview(w io.Writer, pv workspace.FilePreview, n int) {
	fmt.Fprintf(w, "Importing %s: %d rows, %d lines, %d bad rows\n", pv.FileName, pv.Rows, pv.LineCount, len(pv.BadRows))
	how := "profile " + pv.Profile
	if pv.ProfileDetected {
		how += " (detected from the headers)"
	}
	fmt.Fprintf(w, "  %s\n  read as %s\n  numbers: %s\n  dates: %s\n", how, pv.Source, pv.NumberNote, pv.DateNote)
	var mapped []string
	for _, col := range pv.Columns {
		field := col.Field
		if field == "" {
			field = "-"
		}
		mapped = append(mapped, fmt.Sprintf("%s -> %s", col.Header, field))
	}
	fmt.Fprintf(w, "  columns: %s\n", strings.Join(mapped, ", "))
	for i, l := range pv.Lines {
		if n >= 0 && i == n {
			fmt.Fprintf(w, "  ... %d more\n", pv.LineCount-n)
			break
		}
		term := l.Term
		if term == "" {
			term = "-"
		}
		fmt.Fprintf(w, "  line %d: %s | %s | %s | term %s\n", l.FileLines[0], l.Account, l.Product, strconv.FormatFloat(l.Quantity, 'f', -1, 64), term)
	}
	if n < 0 && pv.LineCount > len(pv.Lines) {
		fmt.Fprintf(w, "  ... %d more\n", pv.LineCount-len(pv.Lines))
	}
	for _, b := range pv.BadRows {
		fmt.Fprintf(w, "  skipped line %d: %s\n", b.Line, b.Reason)
	}
}

func (c *call) listProfiles(ctx context.Context, asJSON bool) int {
	list, err := c.ws.FileImports().Profiles(ctx)
	if err != nil {
		return c.fail(err)
	}
	if asJSON {
		return c.printJSON(list)
	}
	var rows [][]string
	for _, p := range list {
		kind := "saved"
		if p.Builtin {
			kind = "ready"
		}
		rows = append(rows, []string{p.Name, kind, profileSummary(p)})
	}
	c.table("NAME\tKIND\tREADS", rows)
	return ExitOK
}

// profileSummary says in one line what a profile reads.
func profileSummary(p workspace.ImportProfile) string {
	if p.Builtin {
		if p.Name == "dicker" {
			return "Dicker Data's CSP invoice / annuity export (TENANT NAME, STOCK CODE, QTY, ...)"
		}
		return "common header names (customer, product, sku, quantity, ...)"
	}
	var parts []string
	for _, f := range fileimport.Fields {
		if col, ok := p.Map[string(f)]; ok {
			parts = append(parts, fmt.Sprintf("%s=%s", f, col))
		}
	}
	s := strings.Join(parts, " ") + ", decimal " + p.Decimal + ", dates " + p.Dates
	if p.Sheet != "" {
		s += ", sheet " + p.Sheet
	}
	return s + ", on " + p.Base
}
