// Package schedule says when a scheduled sync is due. It is pure: no store, no clock of its
// own. Every due time is at 07:00 UTC (as the Gradient seed's automatic syncs are), on the
// days a Schedule's cadence names; the workspace keeps which due times were handled and
// runs the scheduler loop.
package schedule

import (
	"fmt"
	"strings"
	"time"
)

// Hour is the UTC hour every scheduled sync is due at.
const Hour = 7

// Cadence is how often a schedule is due.
type Cadence string

// The cadences. Off keeps a schedule that never runs: an integration set to off does not
// fall back to its stream's schedule.
const (
	Off     Cadence = "off"
	Nightly Cadence = "nightly"
	Weekly  Cadence = "weekly"
	Monthly Cadence = "monthly"
)

// Mode is the sync mode a due time runs.
type Mode string

// The modes, worded as the sync command's --mode.
const (
	Quick Mode = "quick"
	Full  Mode = "full"
)

// Schedule is one schedule: of one integration or of a stream (PSA, vendors).
type Schedule struct {
	Cadence Cadence
	// Weekday is the day a weekly schedule is due on.
	Weekday time.Weekday
	// Day is the day of the month (1..31) a monthly schedule is due on; a month without
	// that day runs on its last day (the 30th in February runs on the 28th or 29th).
	Day  int
	Mode Mode
	// FullFirstOfMonth makes the first run of each calendar month (UTC) a Full Sync, so
	// edits and deletions a QuickSync cannot see (ConnectWise additions) are caught.
	FullFirstOfMonth bool
}

// Validate says what is wrong with s, worded for the person who set it.
func (s Schedule) Validate() error {
	switch s.Cadence {
	case Off, Nightly:
	case Weekly:
		if s.Weekday < time.Sunday || s.Weekday > time.Saturday {
			return fmt.Errorf("weekly schedule needs a weekday (mon..sun), not %d", s.Weekday)
		}
	case Monthly:
		if s.Day < 1 || s.Day > 31 {
			return fmt.Errorf("monthly schedule needs a day of the month from 1 to 31, not %d", s.Day)
		}
	default:
		return fmt.Errorf("unknown cadence %q: use weekly, monthly, nightly or off", s.Cadence)
	}
	if s.Mode != Quick && s.Mode != Full {
		return fmt.Errorf("unknown mode %q: use quick or full", s.Mode)
	}
	return nil
}

// DefaultWeekly is the default schedule of an integration: weekly, on the weekday (in the
// MSP's time zone loc) it was set up, QuickSync.
func DefaultWeekly(createdAt time.Time, loc *time.Location) Schedule {
	if loc == nil {
		loc = time.UTC
	}
	return Schedule{Cadence: Weekly, Weekday: createdAt.In(loc).Weekday(), Mode: Quick}
}

// Next is the first due time strictly after after; zero when s is off or invalid.
func (s Schedule) Next(after time.Time) time.Time {
	if s.Validate() != nil || s.Cadence == Off {
		return time.Time{}
	}
	after = after.UTC()
	// Start at the due time of after's own day; a day at a time finds the next one within
	// 31 days for monthly, 7 for weekly.
	day := time.Date(after.Year(), after.Month(), after.Day(), Hour, 0, 0, 0, time.UTC)
	for i := 0; i < 64; i++ {
		d := day.AddDate(0, 0, i)
		if d.After(after) && s.dueOn(d) {
			return d
		}
	}
	return time.Time{}
}

// dueOn says whether s is due on d's (UTC) date.
func (s Schedule) dueOn(d time.Time) bool {
	switch s.Cadence {
	case Nightly:
		return true
	case Weekly:
		return d.Weekday() == s.Weekday
	case Monthly:
		return d.Day() == min(s.Day, daysIn(d.Year(), d.Month()))
	}
	return false
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DueTimes are the due times in (from, to], oldest first.
func (s Schedule) DueTimes(from, to time.Time) []time.Time {
	var out []time.Time
	for t := s.Next(from); !t.IsZero() && !t.After(to); t = s.Next(t) {
		out = append(out, t)
	}
	return out
}

// NextN are the next n due times after after.
func (s Schedule) NextN(after time.Time, n int) []time.Time {
	out := []time.Time{}
	for t := s.Next(after); !t.IsZero() && len(out) < n; t = s.Next(t) {
		out = append(out, t)
	}
	return out
}

// Missed are the due times that passed without a run: those after lastRunAt (the latest
// due time already handled, or when the schedule was set when none was) up to now. A clock
// moved back before lastRunAt misses nothing, so a due time already run is never run
// again; a clock moved forward misses the due times it jumped over. The catch-up runs only
// the latest of them, once (Latest).
func (s Schedule) Missed(lastRunAt, now time.Time) []time.Time {
	if !now.After(lastRunAt) {
		return nil
	}
	return s.DueTimes(lastRunAt, now)
}

// Latest is the newest of due times (zero when there are none): the one catch-up runs.
func Latest(due []time.Time) time.Time {
	if len(due) == 0 {
		return time.Time{}
	}
	return due[len(due)-1]
}

// ModeAt is the mode the run for due runs, given previous, the due time of the run before
// it (zero: none). With FullFirstOfMonth the first run of a calendar month (UTC) is a Full
// Sync: the first due time of the month, or a later one when the month's earlier ones were
// missed and not caught up (catch-up runs only the latest missed one).
func (s Schedule) ModeAt(due, previous time.Time) Mode {
	if s.FullFirstOfMonth && !sameMonth(due, previous) {
		return Full
	}
	if s.Mode == "" {
		return Quick
	}
	return s.Mode
}

func sameMonth(a, b time.Time) bool {
	if b.IsZero() {
		return false
	}
	a, b = a.UTC(), b.UTC()
	return a.Year() == b.Year() && a.Month() == b.Month()
}

// String words s for lists: "weekly on Tuesday, quick", "monthly on the 5th, quick, full on
// the first run of each month", "off".
func (s Schedule) String() string {
	var b strings.Builder
	switch s.Cadence {
	case Weekly:
		fmt.Fprintf(&b, "weekly on %s", s.Weekday)
	case Monthly:
		fmt.Fprintf(&b, "monthly on the %s", ordinal(s.Day))
	case Nightly:
		b.WriteString("nightly")
	default:
		return "off"
	}
	fmt.Fprintf(&b, " at %02d:00 UTC, %s", Hour, s.Mode)
	if s.FullFirstOfMonth && s.Mode != Full {
		b.WriteString(", full on the first run of each month")
	}
	return b.String()
}

// CadenceText words s's cadence as the CLI's flags take it: "weekly tue", "monthly 5",
// "nightly", "off".
func (s Schedule) CadenceText() string {
	switch s.Cadence {
	case Weekly:
		return "weekly " + strings.ToLower(s.Weekday.String()[:3])
	case Monthly:
		return fmt.Sprintf("monthly %d", s.Day)
	case Nightly:
		return "nightly"
	}
	return "off"
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// ParseWeekday reads a weekday as the CLI takes it: mon, Tuesday, WED.
func ParseWeekday(s string) (time.Weekday, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if len(v) >= 3 {
		for d := time.Sunday; d <= time.Saturday; d++ {
			name := strings.ToLower(d.String())
			if strings.HasPrefix(name, v) {
				return d, nil
			}
		}
	}
	return 0, fmt.Errorf("unknown weekday %q: use mon, tue, wed, thu, fri, sat or sun", s)
}
