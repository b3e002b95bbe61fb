package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestNext(t *testing.T) {
	monthly := func(d int) Schedule { return Schedule{Cadence: Monthly, Day: d, Mode: Quick} }
	weekly := func(d time.Weekday) Schedule { return Schedule{Cadence: Weekly, Weekday: d, Mode: Quick} }
	nightly := Schedule{Cadence: Nightly, Mode: Quick}
	tests := []struct {
		name  string
		s     Schedule
		after string
		want  string
	}{
		{"nightly before 07:00 is today", nightly, "2026-12-08T06:59:59Z", "2026-12-08T07:00:00Z"},
		{"nightly at 07:00 is tomorrow", nightly, "2026-12-08T07:00:00Z", "2026-12-09T07:00:00Z"},
		{"nightly across the year", nightly, "2026-12-31T08:00:00Z", "2027-01-01T07:00:00Z"},
		{"weekly on the same weekday before 07:00", weekly(time.Tuesday), "2026-12-08T03:00:00Z", "2026-12-08T07:00:00Z"},
		{"weekly on the same weekday after 07:00 is a week on", weekly(time.Tuesday), "2026-12-08T07:00:01Z", "2026-12-15T07:00:00Z"},
		{"weekly sunday", weekly(time.Sunday), "2026-12-08T12:00:00Z", "2026-12-13T07:00:00Z"},
		{"monthly 5th", monthly(5), "2026-12-02T10:00:00Z", "2026-12-05T07:00:00Z"},
		{"monthly 5th passed goes to next month", monthly(5), "2026-12-05T07:00:00Z", "2027-01-05T07:00:00Z"},
		{"30th in February (common year) is the 28th", monthly(30), "2027-02-01T00:00:00Z", "2027-02-28T07:00:00Z"},
		{"30th in February (leap year) is the 29th", monthly(30), "2028-02-01T00:00:00Z", "2028-02-29T07:00:00Z"},
		{"29th in leap February is the 29th", monthly(29), "2028-02-28T08:00:00Z", "2028-02-29T07:00:00Z"},
		{"29th in common February is the 28th", monthly(29), "2027-02-27T08:00:00Z", "2027-02-28T07:00:00Z"},
		{"31st in April is the 30th", monthly(31), "2027-04-01T00:00:00Z", "2027-04-30T07:00:00Z"},
		{"31st after the short month's last day is next month's 31st", monthly(31), "2027-04-30T07:00:00Z", "2027-05-31T07:00:00Z"},
		{"31st in a 31-day month", monthly(31), "2027-01-30T00:00:00Z", "2027-01-31T07:00:00Z"},
		{"1st", monthly(1), "2027-01-01T07:00:00Z", "2027-02-01T07:00:00Z"},
		{"after given in another zone is compared in UTC", nightly,
			"2026-12-08T07:30:00+01:00", "2026-12-08T07:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, at(tt.want), tt.s.Next(at(tt.after)))
		})
	}
}

func TestNextOffAndInvalid(t *testing.T) {
	now := at("2026-12-08T00:00:00Z")
	assert.True(t, Schedule{Cadence: Off, Mode: Quick}.Next(now).IsZero())
	assert.True(t, Schedule{Cadence: Monthly, Day: 0, Mode: Quick}.Next(now).IsZero())
	assert.Empty(t, Schedule{Cadence: Off, Mode: Quick}.NextN(now, 3))
}

func TestDueTimesOverAYear(t *testing.T) {
	s := Schedule{Cadence: Monthly, Day: 31, Mode: Quick}
	got := s.DueTimes(at("2027-12-31T07:00:00Z"), at("2028-12-31T07:00:00Z"))
	var days []string
	for _, d := range got {
		days = append(days, d.Format("01-02"))
	}
	assert.Equal(t, []string{"01-31", "02-29", "03-31", "04-30", "05-31", "06-30",
		"07-31", "08-31", "09-30", "10-31", "11-30", "12-31"}, days,
		"each month once, on its last day when it lacks the 31st; the range is (from, to]")
	assert.Len(t, Schedule{Cadence: Weekly, Weekday: time.Monday, Mode: Quick}.
		DueTimes(at("2027-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z")), 52)
	assert.Len(t, Schedule{Cadence: Nightly, Mode: Quick}.
		DueTimes(at("2028-01-01T00:00:00Z"), at("2029-01-01T00:00:00Z")), 366, "leap year")
}

func TestMissed(t *testing.T) {
	weekly := Schedule{Cadence: Weekly, Weekday: time.Tuesday, Mode: Quick}
	tests := []struct {
		name       string
		last, now  string
		wantMissed []string
	}{
		{"ran at the last due time, none since", "2026-12-08T07:00:00Z", "2026-12-14T12:00:00Z", nil},
		{"one due time passed", "2026-12-08T07:00:00Z", "2026-12-15T09:00:00Z", []string{"2026-12-15T07:00:00Z"}},
		{"exactly at the due time it is due", "2026-12-08T07:00:00Z", "2026-12-15T07:00:00Z", []string{"2026-12-15T07:00:00Z"}},
		{"clock moved forward three weeks: three missed, catch-up runs the latest",
			"2026-12-08T07:00:00Z", "2026-12-29T08:00:00Z",
			[]string{"2026-12-15T07:00:00Z", "2026-12-22T07:00:00Z", "2026-12-29T07:00:00Z"}},
		{"clock moved back before the last run: nothing re-runs", "2026-12-15T07:00:00Z", "2026-12-09T07:30:00Z", nil},
		{"clock moved back to exactly the last run", "2026-12-15T07:00:00Z", "2026-12-15T07:00:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := weekly.Missed(at(tt.last), at(tt.now))
			var want []time.Time
			for _, w := range tt.wantMissed {
				want = append(want, at(w))
			}
			assert.Equal(t, want, got)
			if len(want) > 0 {
				assert.Equal(t, want[len(want)-1], Latest(got))
			} else {
				assert.True(t, Latest(got).IsZero())
			}
		})
	}
}

func TestModeAt(t *testing.T) {
	nightly := Schedule{Cadence: Nightly, Mode: Quick, FullFirstOfMonth: true}
	tests := []struct {
		name     string
		s        Schedule
		due      string
		previous string
		want     Mode
	}{
		{"first due of the month is full", nightly, "2027-03-01T07:00:00Z", "2027-02-28T07:00:00Z", Full},
		{"second due of the month is quick", nightly, "2027-03-02T07:00:00Z", "2027-03-01T07:00:00Z", Quick},
		{"first run of the month after missed ones is full", nightly, "2027-03-04T07:00:00Z", "2027-02-27T07:00:00Z", Full},
		{"first run ever is full", nightly, "2027-03-04T07:00:00Z", "", Full},
		{"across a year: same month number, other year", nightly, "2028-03-01T07:00:00Z", "2027-03-31T07:00:00Z", Full},
		{"without the option the mode stays", Schedule{Cadence: Nightly, Mode: Quick}, "2027-03-01T07:00:00Z", "", Quick},
		{"full mode is always full", Schedule{Cadence: Nightly, Mode: Full}, "2027-03-02T07:00:00Z", "2027-03-01T07:00:00Z", Full},
		{"monthly with the option: every run is the month's first", Schedule{Cadence: Monthly, Day: 5, Mode: Quick, FullFirstOfMonth: true},
			"2027-04-05T07:00:00Z", "2027-03-05T07:00:00Z", Full},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var prev time.Time
			if tt.previous != "" {
				prev = at(tt.previous)
			}
			assert.Equal(t, tt.want, tt.s.ModeAt(at(tt.due), prev))
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		s       Schedule
		wantErr string
	}{
		{Schedule{Cadence: Monthly, Day: 31, Mode: Quick}, ""},
		{Schedule{Cadence: Monthly, Day: 32, Mode: Quick}, "from 1 to 31"},
		{Schedule{Cadence: Monthly, Day: 0, Mode: Quick}, "from 1 to 31"},
		{Schedule{Cadence: Weekly, Weekday: 7, Mode: Quick}, "weekday"},
		{Schedule{Cadence: "hourly", Mode: Quick}, "use weekly, monthly, nightly or off"},
		{Schedule{Cadence: Nightly, Mode: "since"}, "use quick or full"},
		{Schedule{Cadence: Off, Mode: Full}, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.s.Cadence)+tt.wantErr, func(t *testing.T) {
			err := tt.s.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestDefaultWeekly(t *testing.T) {
	sydney, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	// Monday 22:00 UTC is already Tuesday in Sydney: the user set it up on their Tuesday.
	created := at("2026-12-07T22:00:00Z")
	assert.Equal(t, time.Tuesday, DefaultWeekly(created, sydney).Weekday)
	assert.Equal(t, time.Monday, DefaultWeekly(created, time.UTC).Weekday)
	assert.Equal(t, Weekly, DefaultWeekly(created, nil).Cadence)
	assert.Equal(t, Quick, DefaultWeekly(created, nil).Mode)
}

func TestParseWeekday(t *testing.T) {
	for in, want := range map[string]time.Weekday{"mon": time.Monday, "Tuesday": time.Tuesday,
		"WED": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday} {
		got, err := ParseWeekday(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "mo", "monday2", "noon"} {
		_, err := ParseWeekday(bad)
		assert.Error(t, err, bad)
	}
}

func TestWording(t *testing.T) {
	assert.Equal(t, "weekly on Tuesday at 07:00 UTC, quick",
		Schedule{Cadence: Weekly, Weekday: time.Tuesday, Mode: Quick}.String())
	assert.Equal(t, "monthly on the 2nd at 07:00 UTC, quick, full on the first run of each month",
		Schedule{Cadence: Monthly, Day: 2, Mode: Quick, FullFirstOfMonth: true}.String())
	assert.Equal(t, "monthly on the 11th at 07:00 UTC, full",
		Schedule{Cadence: Monthly, Day: 11, Mode: Full}.String())
	assert.Equal(t, "off", Schedule{Cadence: Off}.String())
	assert.Equal(t, "weekly tue", Schedule{Cadence: Weekly, Weekday: time.Tuesday}.CadenceText())
	assert.Equal(t, "monthly 31", Schedule{Cadence: Monthly, Day: 31}.CadenceText())
	assert.Equal(t, "nightly", Schedule{Cadence: Nightly}.CadenceText())
}
