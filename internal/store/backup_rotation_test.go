package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackupNames(t *testing.T) {
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	tests := []struct {
		kind      string
		toVersion int
		want      string
	}{
		{KindDaily, 0, "trueup-2026-12-02T030000Z-daily.db"},
		{KindWeekly, 0, "trueup-2026-12-02T030000Z-weekly.db"},
		{KindManual, 0, "trueup-2026-12-02T030000Z-manual.db"},
		{KindBeforeRestore, 0, "trueup-2026-12-02T030000Z-before-restore.db"},
		{KindPreMigration, 7, "trueup-2026-12-02T030000Z-before-v7.db"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			name := BackupName(at.In(time.FixedZone("CET", 3600)), tt.kind, tt.toVersion)
			assert.Equal(t, tt.want, name, "names are in UTC whatever the zone")
			f, ok := ParseBackupName(name)
			require.True(t, ok)
			assert.Equal(t, BackupFile{Name: name, Time: at, Kind: tt.kind, ToVersion: tt.toVersion}, f)
		})
	}
	for _, other := range []string{"trueup.db", "trueup-damaged-2026-12-02T030000Z.db", "trueup-2026-12-02T030000Z-daily.db.partial",
		"trueup-2026-12-02T030000Z-hourly.db", "trueup-2026-12-02T030000Z-before-v0.db", "trueup-2026-13-02T030000Z-daily.db", "notes.txt"} {
		_, ok := ParseBackupName(other)
		assert.False(t, ok, other)
	}
}

// daily returns one automatic backup per day at 03:00 UTC from first to last (inclusive).
func daily(first, last string) []BackupFile {
	from, _ := time.Parse("2006-01-02", first)
	to, _ := time.Parse("2006-01-02", last)
	var out []BackupFile
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		at := d.Add(3 * time.Hour)
		out = append(out, BackupFile{Name: BackupName(at, KindDaily, 0), Time: at, Kind: KindDaily})
	}
	return out
}

func dates(files []BackupFile, kind string) []string {
	var out []string
	for _, f := range files {
		if kind == "" || f.Kind == kind {
			out = append(out, f.Time.Format("2006-01-02"))
		}
	}
	return out
}

func TestRotate(t *testing.T) {
	tests := []struct {
		name        string
		files       []BackupFile
		loc         *time.Location
		wantDaily   []string // newest first
		wantWeekly  []string
		wantRemoved int
	}{
		{
			name:      "fewer than a week: all kept as daily",
			files:     daily("2026-12-01", "2026-12-04"),
			wantDaily: []string{"2026-12-04", "2026-12-03", "2026-12-02", "2026-12-01"},
		},
		{
			// 2026-11-23 is a Monday: ISO weeks 48 (Nov 23-29) and 49 (Nov 30-Dec 6).
			name:        "across a month end: the week of Nov 30 spans it",
			files:       daily("2026-11-16", "2026-12-09"),
			wantDaily:   []string{"2026-12-09", "2026-12-08", "2026-12-07", "2026-12-06", "2026-12-05", "2026-12-04", "2026-12-03"},
			wantWeekly:  []string{"2026-11-30", "2026-11-23", "2026-11-16"},
			wantRemoved: 24 - 7 - 3,
		},
		{
			// 2026 has 53 ISO weeks: week 53 is Dec 28 2026 - Jan 3 2027.
			name:        "across a year end: ISO week 53 of 2026 holds Jan 1-3 2027",
			files:       daily("2026-11-20", "2027-01-12"),
			wantDaily:   []string{"2027-01-12", "2027-01-11", "2027-01-10", "2027-01-09", "2027-01-08", "2027-01-07", "2027-01-06"},
			wantWeekly:  []string{"2027-01-04", "2026-12-28", "2026-12-21", "2026-12-14"},
			wantRemoved: 54 - 7 - 4,
		},
		{
			name: "several a day: the newest of each day is its daily copy",
			files: append(daily("2026-12-01", "2026-12-02"),
				BackupFile{Name: "b", Time: time.Date(2026, 12, 2, 22, 0, 0, 0, time.UTC), Kind: KindDaily}),
			wantDaily:   []string{"2026-12-02", "2026-12-01"},
			wantRemoved: 1,
		},
		{
			// 23:30 UTC on Nov 30 is already Dec 1 in Berlin, so the day and the week move.
			name:  "days and weeks are the MSP's calendar",
			loc:   mustZone(t, "Europe/Berlin"),
			files: []BackupFile{{Name: "late", Time: time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), Kind: KindDaily}, {Name: "next", Time: time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC), Kind: KindDaily}},
			// both on Nov 30 in Berlin: one daily copy (the newer), the other is removed
			wantDaily:   []string{"2026-11-30"},
			wantRemoved: 1,
		},
		{
			name: "gaps: the last seven days that have a backup, not the last seven calendar days",
			files: append(append(daily("2026-10-01", "2026-10-03"), daily("2026-11-10", "2026-11-11")...),
				daily("2026-12-20", "2026-12-21")...),
			wantDaily:  []string{"2026-12-21", "2026-12-20", "2026-11-11", "2026-11-10", "2026-10-03", "2026-10-02", "2026-10-01"},
			wantWeekly: nil,
		},
		{
			name: "a weekly copy stays weekly; other kinds are not rotated",
			files: append(daily("2026-12-01", "2026-12-10"),
				BackupFile{Name: "w", Time: time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC), Kind: KindWeekly},
				BackupFile{Name: "m", Time: time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC), Kind: KindManual},
				BackupFile{Name: "p", Time: time.Date(2026, 1, 3, 3, 0, 0, 0, time.UTC), Kind: KindPreMigration, ToVersion: 6}),
			wantDaily:   []string{"2026-12-10", "2026-12-09", "2026-12-08", "2026-12-07", "2026-12-06", "2026-12-05", "2026-12-04"},
			wantWeekly:  []string{"2026-12-01", "2026-11-02"},
			wantRemoved: 2, // Dec 2 and 3: week 49's copy is its oldest one left, Dec 1
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tt.loc
			if loc == nil {
				loc = time.UTC
			}
			r := Rotate(tt.files, loc)
			assert.Equal(t, tt.wantDaily, dates(r.Keep, KindDaily))
			assert.Equal(t, tt.wantWeekly, dates(r.Keep, KindWeekly))
			assert.Len(t, r.Remove, tt.wantRemoved)
			for _, f := range append(r.Keep, r.Remove...) {
				assert.Contains(t, []string{KindDaily, KindWeekly}, f.Kind, "only automatic backups are rotated")
			}
			assert.LessOrEqual(t, len(dates(r.Keep, KindDaily)), KeepDaily)
			assert.LessOrEqual(t, len(dates(r.Keep, KindWeekly)), KeepWeekly)
			assert.Equal(t, r, Rotate(tt.files, loc), "a pure function")
		})
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}
