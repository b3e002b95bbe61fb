package fileimport

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads the first sheet of an XLSX workbook whose name is one of prefer (matched
// ignoring case, spaces and underscores), else the first sheet. Cells come as the sheet
// shows them (excelize applies the number format), so numbers and dates go through the
// same parsing as a CSV's.
func ReadXLSX(data []byte, prefer ...string) (Table, error) {
	return readXLSX(data, "", prefer)
}

// readXLSX reads the sheet named want (an error naming the sheets when it is missing), or
// when want is empty the first sheet of prefer present, else the first sheet.
func readXLSX(data []byte, want string, prefer []string) (Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return Table{}, fmt.Errorf("the file is not a readable XLSX workbook: %w; open it in the spreadsheet and save it again as .xlsx", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Table{}, fmt.Errorf("the workbook has no sheets: export it again")
	}
	sheet := sheets[0]
	if want != "" {
		prefer = []string{want}
		if !slices.ContainsFunc(sheets, func(s string) bool { return squash(s) == squash(want) }) {
			return Table{}, fmt.Errorf("the workbook has no sheet %q; its sheets are %s: choose one of them", want, quoteAll(sheets))
		}
	}
pickSheet:
	for _, want := range prefer {
		for _, s := range sheets {
			if squash(s) == squash(want) {
				sheet = s
				break pickSheet
			}
		}
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return Table{}, fmt.Errorf("read sheet %q of the workbook: %w", sheet, err)
	}
	t := Table{Source: fmt.Sprintf("sheet %q of %d", sheet, len(sheets)), Sheet: sheet}
	for i, rec := range rows {
		if blank(rec) {
			continue
		}
		if t.Headers == nil {
			t.Headers = trimAll(rec)
			continue
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, i+1)
	}
	if t.Headers == nil {
		return Table{}, fmt.Errorf("sheet %q is empty: export it again with its header row", sheet)
	}
	return t, nil
}

// squash is a header or sheet name without case, spaces, underscores or dashes, the way
// exports vary them ("TENANT NAME", "Tenant_Name", "tenantname").
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '_', '-', '.', '\u00a0':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
