package workspace

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/trueup/trueup/internal/schedule"
	"github.com/trueup/trueup/internal/store"
)

func TestWeeklyNotice(t *testing.T) {
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		facts     weeklyFacts
		target    string
		ref       string
		bodyLines []string
	}{
		{"unmapped items come first", weeklyFacts{Monday: monday, UnmappedAccounts: 2, UnmappedProducts: 1, NewRevenue: 3,
			NewRevenueImpact: "$120.00", Pushes: 4, Overdue: []string{"Pax8 (never synced)"}}, store.NoticeTargetMapping, "", []string{
			"Waiting for a mapping: 2 accounts and 1 product.",
			"New Revenue found: 3 cards worth $120.00 a month.",
			"Pushes made last week (16 Nov to 22 Nov): 4.",
			"Not synced for over a week: Pax8 (never synced).",
		}},
		{"then New Revenue", weeklyFacts{Monday: monday, NewRevenue: 1, NewRevenueImpact: "$10.00"}, store.NoticeTargetCards, "new_revenue", []string{
			"Every vendor account and product is mapped.",
			"New Revenue found: 1 card worth $10.00 a month.",
			"Pushes made last week (16 Nov to 22 Nov): 0.",
		}},
		{"then stale data", weeklyFacts{Monday: monday, Overdue: []string{"CW (last synced Mon 9 Nov)", "Pax8 (never synced)"}}, store.NoticeTargetSync, "", []string{
			"Every vendor account and product is mapped.",
			"No New Revenue waiting.",
			"Pushes made last week (16 Nov to 22 Nov): 0.",
			"Not synced for over a week: CW (last synced Mon 9 Nov), Pax8 (never synced).",
		}},
		{"a quiet week opens the ledger", weeklyFacts{Monday: monday, Pushes: 1}, store.NoticeTargetLedger, "", []string{
			"Every vendor account and product is mapped.",
			"No New Revenue waiting.",
			"Pushes made last week (16 Nov to 22 Nov): 1.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := weeklyNotice(tt.facts)
			assert.Equal(t, NoticeWeekly, n.Kind)
			assert.Equal(t, "Weekly summary, week of 23 Nov 2026", n.Title)
			assert.Equal(t, tt.target, n.Target)
			assert.Equal(t, tt.ref, n.TargetRef)
			assert.Equal(t, tt.bodyLines, strings.Split(n.Body, "\n"))
		})
	}
}

func TestSyncOverdue(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) // a Monday
	weekly := schedule.Schedule{Cadence: schedule.Weekly, Weekday: time.Tuesday, Mode: schedule.Quick}
	nightly := schedule.Schedule{Cadence: schedule.Nightly, Mode: schedule.Quick}
	off := schedule.Schedule{Cadence: schedule.Off, Mode: schedule.Quick}
	tests := []struct {
		name  string
		sched schedule.Schedule
		last  time.Time
		want  bool
	}{
		{"never synced", weekly, time.Time{}, true},
		{"never synced, schedule off", off, time.Time{}, true},
		{"weekly: synced after last Tuesday's run", weekly, time.Date(2026, 11, 17, 7, 2, 0, 0, time.UTC), false},
		{"weekly: last sync before last Tuesday 07:00", weekly, time.Date(2026, 11, 17, 6, 0, 0, 0, time.UTC), true},
		{"nightly: this morning's run is over an hour ago, the last sync older", nightly, time.Date(2026, 11, 22, 7, 5, 0, 0, time.UTC), true},
		{"nightly: synced this morning", nightly, time.Date(2026, 11, 23, 7, 3, 0, 0, time.UTC), false},
		{"nightly: due 07:00 today, within the hour's grace at 07:30", nightly, time.Date(2026, 11, 22, 7, 5, 0, 0, time.UTC), false},
		{"schedule off: a month-old sync is not overdue", off, now.AddDate(0, -1, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := now
			if strings.Contains(tt.name, "07:30") {
				at = time.Date(2026, 11, 23, 7, 30, 0, 0, time.UTC)
			}
			assert.Equal(t, tt.want, syncOverdue(store.Integration{LastSuccessAt: tt.last}, tt.sched, at))
		})
	}
}
