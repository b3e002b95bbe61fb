package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLabelAcrossDST(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		require.NoError(t, err)
		return loc
	}
	london, newYork, sydney := zone("Europe/London"), zone("America/New_York"), zone("Australia/Sydney")
	tests := []struct {
		name string
		due  string
		loc  *time.Location
		want string
	}{
		{"London winter (GMT)", "2026-12-08T07:00:00Z", london, "Tue 8 Dec 07:00 (07:00 UTC)"},
		{"London the Saturday before summer time", "2027-03-27T07:00:00Z", london, "Sat 27 Mar 07:00 (07:00 UTC)"},
		{"London the Sunday summer time starts (01:00 UTC)", "2027-03-28T07:00:00Z", london, "Sun 28 Mar 08:00 (07:00 UTC)"},
		{"London the Sunday summer time ends", "2027-10-31T07:00:00Z", london, "Sun 31 Oct 07:00 (07:00 UTC)"},
		{"New York winter (EST)", "2026-12-08T07:00:00Z", newYork, "Tue 8 Dec 02:00 (07:00 UTC)"},
		{"New York the Sunday DST starts (07:00 UTC is after 02:00 EST)", "2027-03-14T07:00:00Z", newYork, "Sun 14 Mar 03:00 (07:00 UTC)"},
		{"New York the Saturday before DST", "2027-03-13T07:00:00Z", newYork, "Sat 13 Mar 02:00 (07:00 UTC)"},
		{"New York the Sunday DST ends (06:00 UTC)", "2027-11-07T07:00:00Z", newYork, "Sun 7 Nov 02:00 (07:00 UTC)"},
		{"Sydney summer (AEDT)", "2026-12-08T07:00:00Z", sydney, "Tue 8 Dec 18:00 (07:00 UTC)"},
		{"Sydney the Sunday DST ends (16:00 UTC Saturday)", "2027-04-04T07:00:00Z", sydney, "Sun 4 Apr 17:00 (07:00 UTC)"},
		{"Sydney the Sunday DST starts (16:00 UTC Saturday)", "2027-10-03T07:00:00Z", sydney, "Sun 3 Oct 18:00 (07:00 UTC)"},
		{"UTC shows the time once", "2026-12-08T07:00:00Z", time.UTC, "Tue 8 Dec 07:00 UTC"},
		{"nil zone is UTC", "2026-12-08T07:00:00Z", nil, "Tue 8 Dec 07:00 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Label(at(tt.due), tt.loc))
		})
	}
	assert.Empty(t, Label(time.Time{}, london))
}

func TestLabelLocalDayDiffers(t *testing.T) {
	honolulu, err := time.LoadLocation("Pacific/Honolulu")
	require.NoError(t, err)
	assert.Equal(t, "Mon 7 Dec 21:00 (07:00 UTC)", Label(at("2026-12-08T07:00:00Z"), honolulu),
		"07:00 UTC on Tuesday is Monday evening in Honolulu: the local day is shown")
}

func TestCatchUpNote(t *testing.T) {
	assert.Equal(t, "missed Tuesday 07:00 UTC: ran at launch", CatchUpNote(at("2026-12-08T07:00:00Z"), "at launch"))
	assert.Equal(t, "missed Tuesday 07:00 UTC: ran at launch",
		CatchUpNote(at("2026-12-08T08:00:00+01:00"), "at launch"), "worded in UTC")
}

func TestRecommendation(t *testing.T) {
	assert.Contains(t, Recommendation(true), "5th or 6th")
	assert.Contains(t, Recommendation(true), "Pax8")
	assert.Empty(t, Recommendation(false))
}
