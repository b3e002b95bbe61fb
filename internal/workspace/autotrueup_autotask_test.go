package workspace_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/workspace"
)

// Against the Autotask simulator, in arrears: the dry run's adjustments, dated the 1st of the
// sync's month, are exactly what Autotask then receives; a second run sends nothing.
func TestAutoTrueUpAutotaskArrears(t *testing.T) {
	ctx := context.Background()
	tu := newAutotaskTrueup(t)
	_, err := tu.ws.AutoTrueUp().Enable(ctx, workspace.AutoTrueUpEnable{IntegrationID: tu.paxID, BillingStyle: "arrears"})
	require.NoError(t, err)
	dry, err := tu.ws.AutoTrueUp().DryRun(ctx, tu.paxID, "")
	require.NoError(t, err)
	want := planWrites(dry)
	require.NotEmpty(t, want)
	for _, it := range dry.Items {
		if len(it.Writes) > 0 {
			assert.Equal(t, "2026-11-01", it.EffectiveDate, "%s, %s: in arrears, from the period's 1st", it.AccountName, it.ProductName)
		}
	}
	assert.Empty(t, tu.at.Writes(), "a dry run writes nothing")

	run, err := tu.ws.AutoTrueUp().ApprovePlan(ctx, tu.paxID)
	require.NoError(t, err)
	assert.Equal(t, len(want), run.Pushed)
	var got []sent
	for _, w := range tu.at.Writes() {
		if w.Applied {
			got = append(got, sent{w.Method, w.Path, w.Body})
		}
	}
	require.Len(t, got, len(want))
	for i := range want {
		want[i].Path = strings.ToLower(want[i].Path)
	}
	for i := range got {
		got[i].Path = strings.TrimPrefix(got[i].Path, "/v1.0") // the zone's API version root
	}
	assert.ElementsMatch(t, want, got, "Autotask received exactly the dry run's adjustments")

	n := len(tu.at.Writes())
	again, err := tu.ws.AutoTrueUp().RunNow(ctx, tu.paxID, "")
	require.NoError(t, err)
	assert.Zero(t, again.Pushed)
	assert.Len(t, tu.at.Writes(), n, "re-running sends nothing")
}
