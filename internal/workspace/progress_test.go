package workspace

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/trueup/trueup/internal/store"
)

func sections(names ...string) []store.Section {
	out := make([]store.Section, len(names))
	for i, n := range names {
		out[i] = store.Section{Name: n, Status: "ok"}
	}
	return out
}

func TestOverallPercentWeighsSections(t *testing.T) {
	running := func(section string, done, total int, seen ...string) store.Run {
		return store.Run{Status: store.StatusRunning, Section: section, ProgressDone: done, ProgressTotal: total, Sections: sections(seen...)}
	}
	tests := []struct {
		name string
		kind string
		run  store.Run
		want int
	}{
		{"nothing read yet", "connectwise", running("", 0, 0), 0},
		{"companies paging, total unknown", "connectwise", running("companies", 50, 0, "types", "companies"), 6},
		{"halfway through the additions", "connectwise", running("additions", 150, 300, "types", "companies", "agreements", "additions"), 60},
		{"last addition read: not 100 before the end", "connectwise", running("additions", 300, 300, "types", "companies", "agreements", "additions"), 99},
		{"pax8 subscriptions", "pax8", running("subscriptions", 10, 20, "companies", "subscriptions"), 47},
		{"a kind without weights", "csv", running("lines", 1, 2, "lines"), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, overallPercent(tt.kind, tt.run))
		})
	}
}

func TestProgressNeverMovesBackwards(t *testing.T) {
	var p progressTracker
	// ConnectWise reads companies and agreements at once: they take turns being current.
	agreements := store.Run{ID: 1, Status: store.StatusRunning, Section: "agreements", Sections: sections("types", "companies", "agreements")}
	companies := agreements
	companies.Section = "companies"
	first := p.percent("connectwise", companies)
	assert.Equal(t, 16, first)
	assert.Equal(t, 15, overallPercent("connectwise", agreements), "the estimate alone would move back")
	assert.Equal(t, first, p.percent("connectwise", agreements), "a turn of the other section does not move the bar back")

	done := agreements
	done.Status = store.StatusSucceeded
	assert.Equal(t, 100, p.percent("connectwise", done))
	assert.Empty(t, p.best, "ended runs are forgotten")

	failed := agreements
	failed.Status = store.StatusFailed
	assert.Equal(t, 0, p.percent("connectwise", failed))
}
