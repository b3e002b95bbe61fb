// Package fileimport reads vendor exports (CSV and XLSX files) into subscription lines:
// it detects the separator and the number style, finds the columns through a profile
// (generic synonyms, Dicker Data's export, or the user's own --map), parses dates and
// Dicker stock codes, and reports bad rows by their line in the file (the header is
// line 1) so the good ones still import.
package fileimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Table is a file's header and data rows as text, whatever the format it came from.
type Table struct {
	Headers []string
	Rows    [][]string
	// Lines is each row's line number in the file (the header is line 1), for messages.
	Lines []int
	// Source says how the file was read ("CSV separated by ;", "sheet DETAILS"), for the
	// preview and the log.
	Source string
	// Sheet is the XLSX sheet the table was read from ("" for CSV).
	Sheet string
}

const utf8BOM = "\ufeff"

// ReadCSV reads a CSV file: UTF-8 with or without BOM, separated by ',' or ';' (the one
// the header line uses more), with quoted fields. Empty lines are skipped.
func ReadCSV(data []byte) (Table, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	sep := detectSeparator(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1 // exports pad or trim trailing cells; rows are checked by field
	r.LazyQuotes = true
	t := Table{Source: fmt.Sprintf("CSV separated by %q", string(sep))}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Table{}, fmt.Errorf("the file is not readable as CSV: %w; save it again as CSV (UTF-8) from the spreadsheet", err)
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if t.Headers == nil {
			t.Headers = trimAll(rec)
			continue
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if t.Headers == nil {
		return Table{}, errors.New("the file is empty: export it again with its header row")
	}
	return t, nil
}

// detectSeparator picks ';' when the first line has more semicolons than commas outside
// quotes (European spreadsheets save CSV that way), else ','.
func detectSeparator(data []byte) rune {
	commas, semis := 0, 0
	quoted := false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if commas+semis > 0 {
				return pick(commas, semis)
			}
		case b == ',':
			commas++
		case b == ';':
			semis++
		}
	}
	return pick(commas, semis)
}

func pick(commas, semis int) rune {
	if semis > commas {
		return ';'
	}
	return ','
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		out[i] = strings.TrimSpace(f)
	}
	return out
}
