package ostask

import (
	"context"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dueTimes are the UTC due times of t from 'from' for 'days' days, computed independently
// of the renderers: every day for nightly, the weekday, or min(day, month length).
func dueTimes(s Spec, t Trigger, from time.Time, days int) []time.Time {
	var out []time.Time
	for i := 0; i < days; i++ {
		d := from.AddDate(0, 0, i)
		due := time.Date(d.Year(), d.Month(), d.Day(), s.Hour, s.Minute, 0, 0, time.UTC)
		last := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		switch {
		case t.Cadence == Nightly,
			t.Cadence == Weekly && d.Weekday() == t.Weekday,
			t.Cadence == Monthly && d.Day() == min(t.Day, last):
			out = append(out, due)
		}
	}
	return out
}

func (e calendarEntry) matches(l time.Time) bool {
	wd := int(l.Weekday())
	if wd == 0 {
		wd = 7
	}
	return (e.Month == 0 || e.Month == int(l.Month())) && (e.Day == 0 || e.Day == l.Day()) &&
		(e.Weekday == 0 || e.Weekday == wd) && e.Hour == l.Hour() && e.Minute == l.Minute()
}

// TestLaunchdEntriesWakeAtEveryDueTime: whatever the zone (summer time, half-hour offsets,
// a due time on the previous local day), some calendar entry fires at each due instant of
// two years, leap day included.
func TestLaunchdEntriesWakeAtEveryDueTime(t *testing.T) {
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	triggers := []Trigger{{Cadence: Nightly}, {Cadence: Weekly, Weekday: time.Sunday}, {Cadence: Weekly, Weekday: time.Tuesday},
		{Cadence: Monthly, Day: 1}, {Cadence: Monthly, Day: 5}, {Cadence: Monthly, Day: 29}, {Cadence: Monthly, Day: 30}, {Cadence: Monthly, Day: 31}}
	for _, zone := range []string{"UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Honolulu", "Australia/Lord_Howe"} {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		for _, tr := range triggers {
			s := Spec{Executable: "/x", Hour: 7, Triggers: []Trigger{tr}}
			entries := launchdEntries(s, loc, now)
			// 2027-2028: 2028 is a leap year.
			for _, due := range dueTimes(s, tr, now, 731) {
				local := due.In(loc)
				assert.True(t, slices.ContainsFunc(entries, func(e calendarEntry) bool { return e.matches(local) }),
					"%s %+v: nothing fires at %s (local %s)", zone, tr, due, local)
			}
		}
	}
}

// TestSystemdCalendarElapsesAreTheDueTimes asks the real systemd-analyze (where it is
// installed) when the timer's OnCalendar lines elapse, and compares that with the due
// times of the schedules: the same instants, none missing, none extra.
func TestSystemdCalendarElapsesAreTheDueTimes(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze is not installed: the OnCalendar lines are checked by the golden files only")
	}
	from := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	const days = 800 // into 2029, past the leap day of 2028
	for _, tr := range []Trigger{{Cadence: Nightly}, {Cadence: Weekly, Weekday: time.Tuesday},
		{Cadence: Monthly, Day: 1}, {Cadence: Monthly, Day: 28}, {Cadence: Monthly, Day: 29}, {Cadence: Monthly, Day: 30}, {Cadence: Monthly, Day: 31}} {
		s := Spec{Executable: "/x", Hour: 7, Triggers: []Trigger{tr}}
		want := dueTimes(s, tr, from, days)
		var got []time.Time
		for _, line := range onCalendar(s) {
			got = append(got, systemdElapses(t, line, from, len(want)+1)...)
		}
		slices.SortFunc(got, func(a, b time.Time) int { return a.Compare(b) })
		got = slices.Compact(got)
		end := from.AddDate(0, 0, days)
		got = slices.DeleteFunc(got, func(x time.Time) bool { return !x.Before(end) })
		assert.Equal(t, want, got, "%+v: %v", tr, onCalendar(s))
	}
}

var elapseLine = regexp.MustCompile(`(?m)^\s*(?:Next elapse|Iter\. #\d+): \w{3} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$`)

func systemdElapses(t *testing.T, expr string, from time.Time, n int) []time.Time {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), "systemd-analyze", "calendar",
		"--base-time="+from.Add(-time.Second).Format("2006-01-02 15:04:05")+" UTC", "--iterations="+strconv.Itoa(n), expr)
	cmd.Env = append(cmd.Environ(), "TZ=UTC", "SYSTEMD_COLORS=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "systemd-analyze calendar %q: %s", expr, out)
	var ts []time.Time
	for _, m := range elapseLine.FindAllStringSubmatch(string(out), -1) {
		x, err := time.Parse("2006-01-02 15:04:05", m[1])
		require.NoError(t, err)
		ts = append(ts, x)
	}
	require.NotEmpty(t, ts, "no elapses in: %s", strings.TrimSpace(string(out)))
	return ts
}
