package workspace_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/workspace"
)

func TestReconcileSettings(t *testing.T) {
	ctx := context.Background()
	tu := newTrueup(t)
	pax := strconv.FormatInt(tu.paxID, 10)
	s, err := tu.ws.Cards().Settings(ctx)
	require.NoError(t, err)
	assert.Equal(t, workspace.ReconcileSettings{LargeChangeUnits: 10, LargeChangePercent: 20, LargeNewRevenueUnits: 10,
		Billing: map[string]string{pax: "next_period"}}, s, "the defaults, with every vendor's policy")

	good := workspace.ReconcileSettings{LargeChangeUnits: 3, LargeChangePercent: 50, LargeNewRevenueUnits: 25,
		Billing: map[string]string{pax: "detected"}, BulkWarningSeen: true}
	tests := []struct {
		name  string
		edit  func(*workspace.ReconcileSettings)
		field string
	}{
		{"units below 1", func(s *workspace.ReconcileSettings) { s.LargeChangeUnits = 0 }, "large_change_units"},
		{"percent 0", func(s *workspace.ReconcileSettings) { s.LargeChangePercent = 0 }, "large_change_percent"},
		{"percent over 100", func(s *workspace.ReconcileSettings) { s.LargeChangePercent = 101 }, "large_change_percent"},
		{"new revenue units below 1", func(s *workspace.ReconcileSettings) { s.LargeNewRevenueUnits = -2 }, "large_new_revenue_units"},
		{"unknown policy", func(s *workspace.ReconcileSettings) { s.Billing = map[string]string{pax: "prorate"} }, "billing"},
		{"no such vendor", func(s *workspace.ReconcileSettings) { s.Billing = map[string]string{"999": "detected"} }, "billing"},
		{"the PSA has no billing policy", func(s *workspace.ReconcileSettings) {
			s.Billing = map[string]string{strconv.FormatInt(tu.cwID, 10): "detected"}
		}, "billing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := good
			tt.edit(&bad)
			_, err := tu.ws.Cards().SetSettings(ctx, bad)
			var ie *workspace.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tt.field, ie.Field)
			got, err := tu.ws.Cards().Settings(ctx)
			require.NoError(t, err)
			assert.Equal(t, s, got, "a refused change stores nothing")
		})
	}

	got, err := tu.ws.Cards().SetSettings(ctx, good)
	require.NoError(t, err)
	assert.Equal(t, good, got)

	// The thresholds decide which cards are large: at 3 units or 50 %, Bayside's 10 -> 12 is
	// no longer large, nor are Copperline's 17 New Revenue seats at 25.
	l := list(t, tu, workspace.CardQuery{})
	assert.NotContains(t, card(t, l, bayside, premium).Flags, "large_change")
	assert.NotContains(t, card(t, l, copperline, standard).Flags, "large_change")
	got, err = tu.ws.Cards().SetSettings(ctx, workspace.ReconcileSettings{LargeChangeUnits: 2, LargeChangePercent: 100, LargeNewRevenueUnits: 10})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{pax: "detected"}, got.Billing, "policies not given are kept")
	assert.False(t, got.BulkWarningSeen)
	assert.Contains(t, card(t, list(t, tu, workspace.CardQuery{}), bayside, premium).Flags, "large_change", "2 units")
}
