package fileimport

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Saved is a profile the user saved from one file: a ready profile (generic or dicker)
// underneath, the columns they chose for each field, and the number style, date order
// and sheet that file needed. Its JSON is how it is stored.
type Saved struct {
	Name string `json:"name"`
	// Base is the ready profile whose synonyms fill the fields Map leaves out.
	Base string           `json:"base"`
	Map  map[Field]string `json:"map"`
	// Decimal is "," or "." (forced), or "" (detected per file).
	Decimal string `json:"decimal"`
	// DateOrder is "day-first" or "month-first" (forced), or "" (detected per file).
	DateOrder string `json:"date_order"`
	// Sheet is the XLSX sheet to read ("": the base profile's choice).
	Sheet string `json:"sheet"`
	// Headers are the columns of the file it was saved from, to say what changed when a
	// later file no longer matches.
	Headers []string `json:"headers"`
}

// CheckProfileName validates a name for a saved profile: the ready profiles' names are
// taken.
func CheckProfileName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", fmt.Errorf("give the profile a name, e.g. --save-profile ingram")
	case utf8.RuneCountInString(name) > 60 || strings.ContainsAny(name, "\n\r\t"):
		return "", fmt.Errorf("profile name %q: use one line of at most 60 characters", name)
	}
	if _, ok := Builtin(name); ok {
		return "", fmt.Errorf("%q is a ready profile: save yours under another name", name)
	}
	return name, nil
}

// Options are the import choices the saved profile makes.
func (s Saved) Options() (Options, error) {
	base, ok := Builtin(s.Base)
	if !ok {
		return Options{}, fmt.Errorf("the saved profile %q is based on the unknown profile %q: save it again", s.Name, s.Base)
	}
	base.Name = s.Name
	base.Columns = s.Map
	if s.Sheet != "" {
		base.Sheets = append([]string{s.Sheet}, base.Sheets...)
	}
	opts := Options{Profile: base}
	var err error
	if opts.Decimal, opts.ForceDecimal, err = ParseDecimalFlag(s.Decimal); err != nil {
		return Options{}, fmt.Errorf("the saved profile %q: %w", s.Name, err)
	}
	if opts.DateOrder, opts.ForceDateOrder, err = ParseDateOrderFlag(s.DateOrder); err != nil {
		return Options{}, fmt.Errorf("the saved profile %q: %w", s.Name, err)
	}
	return opts, nil
}

// SaveFrom is what saving res (read with opts) as a profile named name keeps: every
// column the file was read with, the number style and date order chosen (forced from now
// on, so the next month's file reads the same even when it has no deciding value), and
// the sheet.
func SaveFrom(name string, opts Options, res Result) Saved {
	s := Saved{Name: name, Base: baseOf(opts.Profile), Map: map[Field]string{}, Sheet: res.Sheet, Headers: res.Headers}
	for f, i := range res.Columns {
		if i < len(res.Headers) {
			s.Map[f] = res.Headers[i]
		}
	}
	s.Decimal = "."
	if res.Style == DecimalComma {
		s.Decimal = ","
	}
	s.DateOrder = res.DateOrder.Flag()
	return s
}

// baseOf is the ready profile under p: its stock-code handling is what a saved Dicker
// profile must keep.
func baseOf(p Profile) string {
	if p.StockCodes {
		return "dicker"
	}
	return "generic"
}

// Flag is the order as --dates takes it.
func (o DateOrder) Flag() string {
	if o == MonthFirst {
		return "month-first"
	}
	return "day-first"
}

// ParseDateOrderFlag reads --dates: day-first or month-first (empty: detect).
func ParseDateOrderFlag(v string) (order DateOrder, forced bool, err error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return DayFirst, false, nil
	case "day-first", "dmy":
		return DayFirst, true, nil
	case "month-first", "mdy":
		return MonthFirst, true, nil
	}
	return DayFirst, false, fmt.Errorf("--dates must be day-first (31/01/2026) or month-first (01/31/2026), not %q", v)
}

// Detect picks the profile that reads headers: the first of saved whose columns are all
// in the file, else dicker when the file has a stock-code column the Dicker profile reads,
// else generic. ok is false when none finds the required columns.
func Detect(headers []string, saved []Saved) (name string, ok bool) {
	for _, s := range saved {
		opts, err := s.Options()
		if err != nil {
			continue
		}
		if _, err := Resolve(headers, opts.Profile, nil); err == nil {
			return s.Name, true
		}
	}
	if cols, err := Resolve(headers, Dicker(), nil); err == nil {
		if _, sku := cols[FieldSKU]; sku {
			return "dicker", true
		}
	}
	_, err := Resolve(headers, Generic(), nil)
	return "generic", err == nil
}
