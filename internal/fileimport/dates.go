package fileimport

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateOrder is how a file writes slashed dates: 02/11/2025 is 2 November (day first) or
// 11 February (month first).
type DateOrder int

const (
	DayFirst DateOrder = iota
	MonthFirst
)

func (o DateOrder) String() string {
	if o == MonthFirst {
		return "month first (mm/dd/yyyy)"
	}
	return "day first (dd/mm/yyyy)"
}

// unambiguous layouts, tried before the slashed ones.
var layouts = []string{
	"2006-01-02", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05",
	"02-Jan-2006", "2-Jan-2006", "02-Jan-06", "2-Jan-06", "02 Jan 2006", "2 Jan 2006",
	"02-January-2006", "2 January 2006", "Jan 2, 2006", "2006/01/02",
}

// DetectDateOrder decides the slashed-date order from values: a first part above 12 means
// day first, a second part above 12 month first. Without such a value it keeps day first
// (Dicker Data and most non-US exports) and decided says so.
func DetectDateOrder(values []string) (order DateOrder, decided bool) {
	for _, v := range values {
		a, b, ok := slashed(v)
		switch {
		case !ok:
		case a > 12 && b <= 12:
			return DayFirst, true
		case b > 12 && a <= 12:
			return MonthFirst, true
		}
	}
	return DayFirst, false
}

func slashed(v string) (a, b int, ok bool) {
	words := strings.Fields(v)
	if len(words) == 0 {
		return 0, 0, false
	}
	parts := strings.Split(words[0], "/")
	if len(parts) != 3 || len(parts[0]) > 2 {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	return a, b, err1 == nil && err2 == nil
}

// ParseDate reads a date in the common export formats and returns it as a civil date
// ("2025-11-01"); empty input is an empty date.
func ParseDate(v string, order DateOrder) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	if _, _, ok := slashed(v); ok {
		day := strings.Fields(v)[0]
		l := "2/1/2006"
		if order == MonthFirst {
			l = "1/2/2006"
		}
		if len(strings.Split(day, "/")[2]) == 2 {
			l = strings.Replace(l, "2006", "06", 1)
		}
		if t, err := time.Parse(l, day); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%q is not a date TrueUp reads (use 2025-11-01, 01-Nov-2025 or 01/11/2025)", v)
}
