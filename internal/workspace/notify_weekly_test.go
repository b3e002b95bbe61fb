package workspace

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

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
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	w := &Workspace{}
	tests := []struct {
		name string
		last time.Time
		want bool
	}{
		{"never synced", time.Time{}, true},
		{"yesterday", now.Add(-24 * time.Hour), false},
		{"exactly a week", now.Add(-7 * 24 * time.Hour), false},
		{"over a week", now.Add(-7*24*time.Hour - time.Minute), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, w.syncOverdue(store.Integration{LastSuccessAt: tt.last}, now))
		})
	}
}
