package reconcile

import (
	"fmt"
	"time"
)

// Date is a calendar day without a time zone. Billing happens on calendar days in the MSP's
// own time zone, so comparing instants would move a change made late on the last evening of
// the month into the next cycle for an MSP west of UTC.
type Date struct {
	Y int
	M time.Month
	D int
}

const dateLayout = "2006-01-02"

// ParseDate reads YYYY-MM-DD and rejects days that do not exist (2026-02-30).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not a calendar day: use YYYY-MM-DD: %w", s, err)
	}
	return DateOf(t), nil
}

// DateOf is the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today is the calendar day it is now in loc (the MSP's time zone).
func Today(now time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return DateOf(now.In(loc))
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// String is YYYY-MM-DD; the zero Date formats as "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D)
}

// MarshalText makes Date a YYYY-MM-DD string in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; an empty string is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// time is midnight UTC of d: the carrier for calendar arithmetic, never an instant.
func (d Date) time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC) }

// MidnightUTC is d as the ISO-8601 UTC timestamp the PSA expects for a date field
// ("2027-01-01T00:00:00Z").
func (d Date) MidnightUTC() string { return d.time().Format(time.RFC3339) }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int { return d.time().Compare(o.time()) }

// Before reports d < o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports d > o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddDays moves d by n days (n may be negative).
func (d Date) AddDays(n int) Date { return DateOf(d.time().AddDate(0, 0, n)) }

// AddMonths moves d by n months, clamping to the last day of the target month (Jan 31 + 1
// month = Feb 28), the way billing anniversaries move; time.AddDate would overflow into March.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Y, d.M+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := d.D
	if day > last {
		day = last
	}
	return Date{first.Year(), first.Month(), day}
}

// FirstOfNextMonth is the first day of the month after d's.
func (d Date) FirstOfNextMonth() Date {
	return Date{d.Y, d.M, 1}.AddMonths(1)
}

// Cycle is a billing cycle: one calendar month in the MSP's time zone.
type Cycle struct {
	Y int
	M time.Month
}

// CycleOf is the cycle d falls in.
func CycleOf(d Date) Cycle { return Cycle{d.Y, d.M} }

// ParseCycle reads YYYY-MM.
func ParseCycle(s string) (Cycle, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Cycle{}, fmt.Errorf("billing cycle %q is not a month: use YYYY-MM: %w", s, err)
	}
	return Cycle{t.Year(), t.Month()}, nil
}

// String is YYYY-MM.
func (c Cycle) String() string { return fmt.Sprintf("%04d-%02d", c.Y, c.M) }

// MarshalText makes Cycle a YYYY-MM string in JSON.
func (c Cycle) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads YYYY-MM.
func (c *Cycle) UnmarshalText(b []byte) error {
	p, err := ParseCycle(string(b))
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// Start is the cycle's first day.
func (c Cycle) Start() Date { return Date{c.Y, c.M, 1} }

// End is the cycle's last day.
func (c Cycle) End() Date { return c.Start().AddMonths(1).AddDays(-1) }

// Next is the following cycle.
func (c Cycle) Next() Cycle { return CycleOf(c.Start().AddMonths(1)) }

// Contains reports whether d falls in c.
func (c Cycle) Contains(d Date) bool { return d.Y == c.Y && d.M == c.M }
