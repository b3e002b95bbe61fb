package reconcile

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string
	}{
		{"2026-12-01", Date{2026, 12, 1}, ""},
		{"2028-02-29", Date{2028, 2, 29}, ""},
		{"2026-02-29", Date{}, "not a calendar day"},
		{"2026-13-01", Date{}, "YYYY-MM-DD"},
		{"12/01/2026", Date{}, "YYYY-MM-DD"},
		{"", Date{}, "YYYY-MM-DD"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String(), "format round-trips")
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name string
		got  Date
		want string
	}{
		{"add days across a year", Date{2026, 12, 31}.AddDays(1), "2027-01-01"},
		{"subtract days across a leap day", Date{2028, 3, 1}.AddDays(-1), "2028-02-29"},
		{"add a month clamps to the month's end", Date{2027, 1, 31}.AddMonths(1), "2027-02-28"},
		{"add a month in a leap year", Date{2028, 1, 31}.AddMonths(1), "2028-02-29"},
		{"add twelve months", Date{2026, 5, 15}.AddMonths(12), "2027-05-15"},
		{"subtract a month", Date{2026, 3, 31}.AddMonths(-1), "2026-02-28"},
		{"first of next month mid-month", Date{2026, 12, 14}.FirstOfNextMonth(), "2027-01-01"},
		{"first of next month on the 1st", Date{2026, 11, 1}.FirstOfNextMonth(), "2026-12-01"},
		{"first of next month on the 31st", Date{2027, 1, 31}.FirstOfNextMonth(), "2027-02-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.got.String()) })
	}
}

func TestDateCompare(t *testing.T) {
	a, b := Date{2026, 12, 1}, Date{2026, 12, 2}
	assert.True(t, a.Before(b))
	assert.True(t, b.After(a))
	assert.Equal(t, 0, a.Compare(Date{2026, 12, 1}))
	assert.Equal(t, -1, Date{2026, 11, 30}.Compare(a))
	assert.False(t, a.After(a))
}

func TestTodayInLocation(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	require.NoError(t, err)
	// 2027-01-01 05:30 UTC is still New Year's Eve in California: the change belongs to
	// December's cycle there.
	now := time.Date(2027, 1, 1, 5, 30, 0, 0, time.UTC)
	assert.Equal(t, "2026-12-31", Today(now, la).String())
	assert.Equal(t, "2027-01-01", Today(now, time.UTC).String())
	assert.Equal(t, "2027-01-01", Today(now, nil).String(), "no location is UTC")
	assert.Equal(t, Cycle{2026, 12}, CycleOf(Today(now, la)))
}

func TestCycle(t *testing.T) {
	c, err := ParseCycle("2028-02")
	require.NoError(t, err)
	assert.Equal(t, "2028-02", c.String())
	assert.Equal(t, "2028-02-01", c.Start().String())
	assert.Equal(t, "2028-02-29", c.End().String())
	assert.Equal(t, "2028-03", c.Next().String())
	assert.Equal(t, "2027-01", Cycle{2026, 12}.Next().String())
	assert.True(t, c.Contains(Date{2028, 2, 29}))
	assert.False(t, c.Contains(Date{2028, 3, 1}))
	_, err = ParseCycle("2028-2-1")
	assert.ErrorContains(t, err, "YYYY-MM")
}

func TestDateAndCycleJSON(t *testing.T) {
	type row struct {
		D Date  `json:"d"`
		C Cycle `json:"c"`
		Z Date  `json:"z"`
	}
	b, err := json.Marshal(row{D: Date{2027, 1, 1}, C: Cycle{2026, 12}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"d":"2027-01-01","c":"2026-12","z":""}`, string(b))
	var back row
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, Date{2027, 1, 1}, back.D)
	assert.Equal(t, Cycle{2026, 12}, back.C)
	assert.True(t, back.Z.IsZero())
	assert.Equal(t, "2027-01-01T00:00:00Z", Date{2027, 1, 1}.MidnightUTC())
}
