package fileimport

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Options are the user's choices for one import.
type Options struct {
	Profile Profile
	// Map are explicit FIELD=COLUMN choices; they win over the profile's synonyms.
	Map map[Field]string
	// Decimal forces the number style when ForceDecimal is set; else it is detected.
	Decimal      NumberStyle
	ForceDecimal bool
	// DateOrder forces the order of slashed dates when ForceDateOrder is set; else it is
	// detected.
	DateOrder      DateOrder
	ForceDateOrder bool
	// Sheet is the XLSX sheet to read; empty: the profile's preferred sheets, else the first.
	Sheet string
}

// Line is one subscription line read from the file; rows with the same key (the
// subscription id, else account + product + term) are summed into one line, which is how
// Dicker's per-day Azure usage rows become one line per customer and product. A summed
// line's Cost is the sum of its rows' costs: each usage row is a charge of its own, and
// the month's cost of the product is all of them.
type Line struct {
	Key              string
	Account          string
	Product          string
	ProductID        string
	SKU              string
	Quantity         float64
	Cost             float64
	Price            float64
	Term             string
	BillingFrequency string
	Start            string
	End              string
	SubscriptionID   string
	// FileLines are the lines of the file the line was read from.
	FileLines []int
}

// RowError is a row that could not be read, by its line in the file (header = line 1).
type RowError struct {
	Line   int
	Reason string
}

func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Result is what a file holds.
type Result struct {
	Source string // "CSV separated by \";\"", "sheet \"DETAILS\" of 3"
	// Sheet is the XLSX sheet read ("" for CSV).
	Sheet string
	// Headers are the file's column names; Columns says which field each was read as.
	Headers   []string
	Columns   Columns
	Style     NumberStyle
	StyleNote string // how the style was chosen, for the preview
	DateOrder DateOrder
	DateNote  string
	Rows      int // data rows read (bad ones included)
	Lines     []Line
	Bad       []RowError
}

// Notes are the choices made, for the preview and the log.
func (r Result) Notes() []string {
	return []string{"read as " + r.Source, "numbers: " + r.StyleNote, "dates: " + r.DateNote}
}

// ErrNoRows is returned when a file has a header but no row could be read at all.
var ErrNoRows = errors.New("no row of the file could be read")

// ReadFile reads data by the file name's extension (.xlsx, else CSV) into a Table: of an
// XLSX, the sheet named sheet (an error when it is missing), else the first of the
// profile's preferred sheets present, else the first sheet.
func ReadFile(name string, data []byte, p Profile, sheet string) (Table, error) {
	if strings.EqualFold(filepath.Ext(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		if sheet != "" {
			return readXLSX(data, sheet, nil)
		}
		return ReadXLSX(data, p.Sheets...)
	}
	return ReadCSV(data)
}

// Parse reads a file's lines with opts. A file it cannot read at all (not CSV/XLSX, no
// header match) is an error; rows it cannot read are in Result.Bad.
func Parse(name string, data []byte, opts Options) (Result, error) {
	if opts.Profile.Name == "" {
		opts.Profile = Generic()
	}
	t, err := ReadFile(name, data, opts.Profile, opts.Sheet)
	if err != nil {
		return Result{}, err
	}
	return ParseTable(t, opts)
}

// ParseTable turns a table into lines. When the columns are not found, the Result
// still says how the file was read and which columns were found.
func ParseTable(t Table, opts Options) (Result, error) {
	if opts.Profile.Name == "" {
		opts.Profile = Generic()
	}
	cols, err := Resolve(t.Headers, opts.Profile, opts.Map)
	if err != nil {
		// How far the columns were found, for a preview that lets the user map the rest.
		return Result{Source: t.Source, Sheet: t.Sheet, Headers: t.Headers, Columns: cols, Rows: len(t.Rows)}, err
	}
	res := Result{Source: t.Source, Sheet: t.Sheet, Headers: t.Headers, Columns: cols, Rows: len(t.Rows)}
	res.Style, res.StyleNote = chooseStyle(t, cols, opts)
	res.DateOrder, res.DateNote = chooseDateOrder(t, cols, opts)
	order := res.DateOrder
	byKey := map[string]int{}
	for i, row := range t.Rows {
		l, err := parseRow(row, cols, opts.Profile, res.Style, order)
		if err != nil {
			res.Bad = append(res.Bad, RowError{Line: t.Lines[i], Reason: err.Error()})
			continue
		}
		l.FileLines = []int{t.Lines[i]}
		if at, ok := byKey[l.Key]; ok {
			sum := &res.Lines[at]
			sum.Quantity += l.Quantity
			sum.Cost += l.Cost
			sum.FileLines = append(sum.FileLines, t.Lines[i])
			sum.Start = earlier(sum.Start, l.Start)
			sum.End = later(sum.End, l.End)
			continue
		}
		byKey[l.Key] = len(res.Lines)
		res.Lines = append(res.Lines, l)
	}
	if len(res.Lines) == 0 && len(res.Bad) > 0 {
		return res, fmt.Errorf("%w: %d bad rows, the first %s", ErrNoRows, len(res.Bad), res.Bad[0])
	}
	return res, nil
}

func chooseDateOrder(t Table, cols Columns, opts Options) (DateOrder, string) {
	if opts.ForceDateOrder {
		return opts.DateOrder, opts.DateOrder.String() + ", as chosen"
	}
	var dates []string
	for _, row := range t.Rows {
		dates = append(dates, cell(row, cols, FieldStart), cell(row, cols, FieldEnd))
	}
	order, decided := DetectDateOrder(dates)
	if !decided {
		return order, order.String() + ", the default: no slashed date in the file says otherwise"
	}
	return order, order.String() + ", detected"
}

func chooseStyle(t Table, cols Columns, opts Options) (NumberStyle, string) {
	if opts.ForceDecimal {
		return opts.Decimal, opts.Decimal.String() + ", as --decimal says"
	}
	var nums []string
	for _, row := range t.Rows {
		for _, f := range []Field{FieldQuantity, FieldCost, FieldPrice} {
			nums = append(nums, cell(row, cols, f))
		}
	}
	style, decided := DetectStyle(nums)
	if !decided {
		return style, style.String() + ", the default: no number in the file says otherwise (force with --decimal)"
	}
	return style, style.String() + ", detected (force with --decimal)"
}

func cell(row []string, cols Columns, f Field) string {
	i, ok := cols[f]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func parseRow(row []string, cols Columns, p Profile, style NumberStyle, order DateOrder) (Line, error) {
	l := Line{
		Account:        cell(row, cols, FieldAccount),
		Product:        cell(row, cols, FieldProduct),
		SKU:            cell(row, cols, FieldSKU),
		Term:           cell(row, cols, FieldTerm),
		SubscriptionID: cell(row, cols, FieldSubscriptionID),
	}
	if l.Account == "" {
		return Line{}, errors.New("the account is empty")
	}
	if l.Product == "" && l.SKU == "" {
		return Line{}, errors.New("the product and the SKU are empty")
	}
	q := cell(row, cols, FieldQuantity)
	if q == "" {
		return Line{}, errors.New("the quantity is empty")
	}
	var err error
	if l.Quantity, err = ParseNumber(q, style); err != nil {
		return Line{}, fmt.Errorf("quantity: %w", err)
	}
	for f, dst := range map[Field]*float64{FieldCost: &l.Cost, FieldPrice: &l.Price} {
		if v := cell(row, cols, f); v != "" {
			if *dst, err = ParseNumber(v, style); err != nil {
				return Line{}, fmt.Errorf("%s: %w", f, err)
			}
		}
	}
	for f, dst := range map[Field]*string{FieldStart: &l.Start, FieldEnd: &l.End} {
		if *dst, err = ParseDate(cell(row, cols, f), order); err != nil {
			return Line{}, fmt.Errorf("%s date: %w", f, err)
		}
	}
	l.ProductID = l.SKU
	if p.StockCodes && l.SKU != "" {
		sc := DecodeStockCode(l.SKU)
		l.ProductID = sc.ProductID
		if l.Term == "" {
			l.Term = sc.Term
		}
		l.BillingFrequency = sc.BillingFrequency
	}
	if l.Product == "" {
		l.Product = l.SKU
	}
	if l.ProductID == "" {
		l.ProductID = strings.ToLower(l.Product)
	}
	if l.SubscriptionID != "" {
		l.Key = "sub:" + l.SubscriptionID
	} else {
		l.Key = strings.Join([]string{AccountID(l.Account), strings.ToLower(l.ProductID), strings.ToUpper(l.Term)}, "|")
	}
	return l, nil
}

// AccountID is the stable id of an account named in a file: its name without case or
// spacing differences, since files carry no account ids.
func AccountID(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), " ")
}

func earlier(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

func later(a, b string) string {
	if b > a {
		return b
	}
	return a
}
