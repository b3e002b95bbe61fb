package fileimport

import (
	"fmt"
	"strconv"
	"strings"
)

// NumberStyle is how a file writes numbers: "1.234,56" (decimal comma, '.' thousands) or
// "1,234.56" (decimal point, ',' thousands).
type NumberStyle int

const (
	// DecimalPoint is 1,234.56.
	DecimalPoint NumberStyle = iota
	// DecimalComma is 1.234,56.
	DecimalComma
)

func (s NumberStyle) String() string {
	if s == DecimalComma {
		return "decimal comma (1.234,56)"
	}
	return "decimal point (1,234.56)"
}

// ParseDecimalFlag reads --decimal: "," or "." (empty: detect).
func ParseDecimalFlag(v string) (style NumberStyle, forced bool, err error) {
	switch strings.TrimSpace(v) {
	case "":
		return DecimalPoint, false, nil
	case ",":
		return DecimalComma, true, nil
	case ".":
		return DecimalPoint, true, nil
	}
	return DecimalPoint, false, fmt.Errorf("--decimal must be , or . (the character before the cents), not %q", v)
}

// DetectStyle guesses a file's number style from its numeric cells: a value whose last
// separator is followed by other than three digits ("12,5", "3.75") or that uses both
// (the later one is the decimal mark) decides; a file whose every value is ambiguous
// ("1,000") keeps the decimal point, and decided says so.
func DetectStyle(values []string) (style NumberStyle, decided bool) {
	comma, point := 0, 0
	for _, v := range values {
		v = cleanNumber(v)
		ci, pi := strings.LastIndexByte(v, ','), strings.LastIndexByte(v, '.')
		switch {
		case ci >= 0 && pi >= 0:
			if ci > pi {
				comma++
			} else {
				point++
			}
		case ci >= 0 && len(v)-ci-1 != 3:
			comma++
		case pi >= 0 && len(v)-pi-1 != 3:
			point++
		}
	}
	switch {
	case comma > point:
		return DecimalComma, true
	case point > 0:
		return DecimalPoint, true
	}
	return DecimalPoint, false
}

// cleanNumber drops what exports put around a number: spaces (also as thousands
// separators), currency signs and a trailing or leading sign in parentheses.
func cleanNumber(v string) string {
	v = strings.TrimSpace(v)
	v = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '$', '€', '£', '\'':
			return -1
		}
		return r
	}, v)
	return v
}

// ParseNumber reads a number in style; "(12.50)" is negative, as accountants write it.
func ParseNumber(v string, style NumberStyle) (float64, error) {
	raw := v
	v = cleanNumber(v)
	neg := false
	if strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
		neg, v = true, v[1:len(v)-1]
	}
	thousands, decimal := ",", "."
	if style == DecimalComma {
		thousands, decimal = ".", ","
	}
	v = strings.ReplaceAll(v, thousands, "")
	v = strings.Replace(v, decimal, ".", 1)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || v == "" {
		return 0, fmt.Errorf("%q is not a number in the file's %s style", strings.TrimSpace(raw), style)
	}
	if neg {
		f = -f
	}
	return f, nil
}
