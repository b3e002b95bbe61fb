package fileimport

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// golden compares what a file parses to with testdata/NAME.golden.json.
func golden(t *testing.T, name string, res Result) {
	t.Helper()
	got, err := json.MarshalIndent(struct {
		Notes []string
		Rows  int
		Lines []Line
		Bad   []RowError
	}{res.Notes(), res.Rows, res.Lines, res.Bad}, "", "  ")
	require.NoError(t, err)
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		require.NoError(t, os.WriteFile(path, append(got, '\n'), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update once to write %s", path)
	assert.JSONEq(t, string(want), string(got))
}

func parseFile(t *testing.T, name string, opts Options) (Result, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return Parse(name, data, opts)
}

func TestGoldenFiles(t *testing.T) {
	tests := []struct {
		file    string
		profile Profile
	}{
		{"bom_semicolon.csv", Generic()},
		{"dicker.csv", Dicker()},
		{"bad_rows.csv", Generic()},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := parseFile(t, tt.file, Options{Profile: tt.profile})
			require.NoError(t, err)
			golden(t, strings.TrimSuffix(tt.file, filepath.Ext(tt.file)), res)
		})
	}
}

func TestBOMSemicolonFile(t *testing.T) {
	res, err := parseFile(t, "bom_semicolon.csv", Options{})
	require.NoError(t, err)
	assert.Equal(t, DecimalComma, res.Style)
	assert.Contains(t, res.Source, `";"`)
	require.Len(t, res.Lines, 2)
	assert.Equal(t, "Müller GmbH", res.Lines[0].Account, "the BOM is not part of the first header or cell")
	assert.Equal(t, 18.5, res.Lines[0].Cost)
	assert.Equal(t, "2025-11-15", res.Lines[0].Start)
	assert.Equal(t, "Exchange Online; Plan 1", res.Lines[1].Product, "a quoted field keeps its separator")
	assert.Equal(t, 1250.0, res.Lines[1].Quantity, "'.' is the thousands separator in a decimal-comma file")
}

func TestDickerExport(t *testing.T) {
	res, err := parseFile(t, "dicker.csv", Options{Profile: Dicker()})
	require.NoError(t, err)
	require.Len(t, res.Lines, 4, "the two Azure usage rows of Acme are one line")
	assert.Equal(t, "P1Y", res.Lines[0].Term)
	assert.Equal(t, "annual", res.Lines[0].BillingFrequency)
	assert.Equal(t, "CFQ7TTC0LH04", res.Lines[0].ProductID)
	assert.Equal(t, "monthly", res.Lines[1].BillingFrequency)
	azure := res.Lines[2]
	assert.Equal(t, 3.75, azure.Quantity)
	assert.Equal(t, []int{4, 5}, azure.FileLines)
	assert.Equal(t, "2025-11-01", azure.Start)
	assert.Equal(t, "2025-11-30", azure.End)
	assert.Equal(t, 1200.0, res.Lines[3].Quantity, "a quoted 1,200 in a decimal-point file")
}

func TestBadRowsKeepTheirLineNumbers(t *testing.T) {
	res, err := parseFile(t, "bad_rows.csv", Options{})
	require.NoError(t, err)
	assert.Len(t, res.Lines, 2)
	require.Len(t, res.Bad, 3)
	assert.Equal(t, 3, res.Bad[0].Line)
	assert.Contains(t, res.Bad[0].Reason, "account is empty")
	assert.Equal(t, 4, res.Bad[1].Line)
	assert.Contains(t, res.Bad[1].Reason, `"ten" is not a number`)
	assert.Equal(t, 5, res.Bad[2].Line)
	assert.Contains(t, res.Bad[2].Reason, "start date")
}

func TestNoHeaderMatchListsHeadersAndMap(t *testing.T) {
	_, err := parseFile(t, "no_headers.csv", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"Klant", "Artikel", "Aantal"`)
	assert.Contains(t, err.Error(), "--map account=")

	res, err := parseFile(t, "no_headers.csv", Options{Map: map[Field]string{FieldAccount: "klant", FieldProduct: "Artikel", FieldQuantity: "AANTAL"}})
	require.NoError(t, err)
	require.Len(t, res.Lines, 1)
	assert.Equal(t, 3.0, res.Lines[0].Quantity)
}

func TestForcedDecimal(t *testing.T) {
	data := []byte("Customer,Product,Qty,Cost\nAcme,E3,\"1,000\",\"2,500\"\n")
	res, err := Parse("x.csv", data, Options{})
	require.NoError(t, err)
	assert.Equal(t, 1000.0, res.Lines[0].Quantity, "an all-ambiguous file keeps the decimal point")
	assert.Contains(t, res.StyleNote, "default")

	res, err = Parse("x.csv", data, Options{Decimal: DecimalComma, ForceDecimal: true})
	require.NoError(t, err)
	assert.Equal(t, 1.0, res.Lines[0].Quantity)
	assert.Contains(t, res.StyleNote, "--decimal")
}

func TestXLSXPicksDetailsSheet(t *testing.T) {
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Summary", "Total"}))
	require.NoError(t, f.SetSheetRow("Sheet1", "A2", &[]any{"November", 1234}))
	_, err := f.NewSheet("Invoice Details")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("Invoice Details", "A1", &[]any{"Tenant_Name", "StockCode", "Description", "Quantity"}))
	require.NoError(t, f.SetSheetRow("Invoice Details", "A2", &[]any{"Acme", "P1Y:CFQ7TTC0LH04:0001", "Business Premium", 7}))
	require.NoError(t, f.SetSheetRow("Invoice Details", "A4", &[]any{"Bravo", "P1M:CFQ7TTC0LH18:0001", "Business Basic", 2}))
	var buf strings.Builder
	_, err = f.WriteTo(&buf)
	require.NoError(t, err)

	res, err := Parse("export.xlsx", []byte(buf.String()), Options{Profile: Dicker()})
	require.NoError(t, err)
	golden(t, "dicker_xlsx", res)
	assert.Contains(t, res.Source, `"Invoice Details"`)
	require.Len(t, res.Lines, 2)
	assert.Equal(t, 7.0, res.Lines[0].Quantity)
	assert.Equal(t, []int{4}, res.Lines[1].FileLines, "the empty row 3 still counts in line numbers")

	// The generic profile has no preferred sheet: the first one, which has no such columns.
	_, err = Parse("export.xlsx", []byte(buf.String()), Options{Profile: Generic()})
	assert.ErrorContains(t, err, `"Summary", "Total"`)
}

func TestDates(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"2025-11-01", DayFirst, "2025-11-01"},
		{"01-Nov-2025", DayFirst, "2025-11-01"},
		{"1 Nov 2025", DayFirst, "2025-11-01"},
		{"02/11/2025", DayFirst, "2025-11-02"},
		{"02/11/2025", MonthFirst, "2025-02-11"},
		{"2/11/25", DayFirst, "2025-11-02"},
		{"2025-11-01T10:00:00Z", DayFirst, "2025-11-01"},
		{"", DayFirst, ""},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.order)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	_, err := ParseDate("31/31/2025", DayFirst)
	assert.Error(t, err)

	order, decided := DetectDateOrder([]string{"01/02/2025", "11/13/2025"})
	assert.True(t, decided)
	assert.Equal(t, MonthFirst, order)
}

func TestStockCodes(t *testing.T) {
	tests := []struct {
		in   string
		want StockCode
	}{
		{"P1Y:CFQ7TTC0LH04:0001", StockCode{Term: "P1Y", BillingFrequency: "annual", ProductID: "CFQ7TTC0LH04", SKU: "0001"}},
		{"P1Y:CFQ7TTC0LH04:0001:M", StockCode{Term: "P1Y", BillingFrequency: "monthly", ProductID: "CFQ7TTC0LH04", SKU: "0001"}},
		{"p1m:CFQ7TTC0LH18:0001", StockCode{Term: "P1M", BillingFrequency: "monthly", ProductID: "CFQ7TTC0LH18", SKU: "0001"}},
		{"P3Y:DZH318Z0BQ3Q:0007", StockCode{Term: "P3Y", BillingFrequency: "triennial", ProductID: "DZH318Z0BQ3Q", SKU: "0007"}},
		{"AZURE-PLAN", StockCode{ProductID: "AZURE-PLAN"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, DecodeStockCode(tt.in), tt.in)
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		in    string
		style NumberStyle
		want  float64
	}{
		{"1,234.56", DecimalPoint, 1234.56},
		{"1.234,56", DecimalComma, 1234.56},
		{"€ 12,50", DecimalComma, 12.5},
		{"(3.00)", DecimalPoint, -3},
		{"1 000", DecimalPoint, 1000},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in, tt.style)
		require.NoError(t, err, tt.in)
		assert.InDelta(t, tt.want, got, 1e-9, tt.in)
	}
	_, err := ParseNumber("", DecimalPoint)
	assert.Error(t, err)
}

func TestSummedUsageLinesSumTheirCosts(t *testing.T) {
	data := []byte("TENANT NAME,STOCK CODE,STOCK DESCRIPTION,QTY,UNIT PRICE\n" +
		"Acme,AZURE-PLAN,Azure plan usage,1.5,10.25\n" +
		"Acme,AZURE-PLAN,Azure plan usage,2.5,4.75\n" +
		"Acme,AZURE-PLAN,Azure plan usage,1,0.50\n")
	res, err := Parse("usage.csv", data, Options{Profile: Dicker()})
	require.NoError(t, err)
	require.Len(t, res.Lines, 1)
	assert.Equal(t, 5.0, res.Lines[0].Quantity)
	assert.InDelta(t, 15.5, res.Lines[0].Cost, 1e-9, "the month's usage cost is every row's, not the first row's")
}

func TestSavedProfile(t *testing.T) {
	data := []byte("Klant;Artikel;Aantal;Begin\nAcme;E3;3,5;02/03/2026\n")
	res, err := Parse("nl.csv", data, Options{Map: map[Field]string{FieldAccount: "Klant", FieldProduct: "Artikel", FieldQuantity: "Aantal", FieldStart: "Begin"}})
	require.NoError(t, err)
	saved := SaveFrom("dutch", Options{Profile: Generic()}, res)
	assert.Equal(t, Saved{Name: "dutch", Base: "generic", Decimal: ",", DateOrder: "day-first", Headers: []string{"Klant", "Artikel", "Aantal", "Begin"},
		Map: map[Field]string{FieldAccount: "Klant", FieldProduct: "Artikel", FieldQuantity: "Aantal", FieldStart: "Begin"}}, saved)

	opts, err := saved.Options()
	require.NoError(t, err)
	// Next month's file has no value that decides the style or the date order: the saved
	// choices still read it as the first one was read.
	res, err = Parse("nl.csv", []byte("Klant;Artikel;Aantal;Begin\nAcme;E3;1.000;03/04/2026\n"), opts)
	require.NoError(t, err)
	assert.Equal(t, 1000.0, res.Lines[0].Quantity, "'.' is the thousands separator of a decimal-comma profile")
	assert.Equal(t, "2026-04-03", res.Lines[0].Start)

	name, ok := Detect([]string{"Klant", "Artikel", "Aantal", "Begin"}, []Saved{saved})
	assert.True(t, ok)
	assert.Equal(t, "dutch", name)

	_, err = Parse("nl.csv", []byte("Klant;Product;Aantal\nAcme;E3;1\n"), opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the dutch profile reads product from the column "Artikel", which this file does not have`)
	assert.Contains(t, err.Error(), `the file's columns are "Klant", "Product", "Aantal"`)
	assert.Contains(t, err.Error(), "--map product=")
	assert.Contains(t, err.Error(), "--save-profile dutch")
}

func TestDetectReadyProfiles(t *testing.T) {
	name, ok := Detect([]string{"TENANT NAME", "STOCK CODE", "QTY"}, nil)
	assert.True(t, ok)
	assert.Equal(t, "dicker", name)
	name, ok = Detect([]string{"Customer", "Product", "Seats"}, nil)
	assert.True(t, ok)
	assert.Equal(t, "generic", name)
	_, ok = Detect([]string{"Klant", "Artikel"}, nil)
	assert.False(t, ok)
}

func TestCheckProfileName(t *testing.T) {
	_, err := CheckProfileName("Dicker")
	assert.ErrorContains(t, err, "ready profile")
	_, err = CheckProfileName(" ")
	assert.Error(t, err)
	n, err := CheckProfileName(" ingram ")
	require.NoError(t, err)
	assert.Equal(t, "ingram", n)
}

func TestForcedSheetAndDateOrder(t *testing.T) {
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Summary"}))
	_, err := f.NewSheet("Lines")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("Lines", "A1", &[]any{"Customer", "Product", "Qty", "Start"}))
	require.NoError(t, f.SetSheetRow("Lines", "A2", &[]any{"Acme", "E3", 2, "02/03/2026"}))
	var buf strings.Builder
	_, err = f.WriteTo(&buf)
	require.NoError(t, err)

	res, err := Parse("x.xlsx", []byte(buf.String()), Options{Sheet: "lines", DateOrder: MonthFirst, ForceDateOrder: true})
	require.NoError(t, err)
	assert.Equal(t, "Lines", res.Sheet)
	assert.Equal(t, "2026-02-03", res.Lines[0].Start)
	assert.Contains(t, res.DateNote, "as chosen")

	_, err = Parse("x.xlsx", []byte(buf.String()), Options{Sheet: "Details"})
	assert.ErrorContains(t, err, `no sheet "Details"; its sheets are "Sheet1", "Lines"`)
}
