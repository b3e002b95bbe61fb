package demo

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// forEachPSA runs f for every PSA this build's demo offers, so a PSA added to PSAs gets
// every test of the demo.
func forEachPSA(t *testing.T, f func(t *testing.T, psa PSA)) {
	t.Helper()
	for _, psa := range PSAs() {
		t.Run(string(psa.Kind()), func(t *testing.T) { f(t, psa) })
	}
}

// goldenPath is a golden file of the demo on psa: ConnectWise's keeps the name it had
// before the demo offered a choice of PSA.
func goldenPath(name string, psa PSA) string {
	if psa.Kind() == connector.KindConnectWise {
		return filepath.Join("testdata", name+".golden")
	}
	return filepath.Join("testdata", name+"_"+string(psa.Kind())+".golden")
}

// The demo tenant synced through the real connectors, as reconciliation sees it, on a fixed
// day. The golden file lists every line with the visibility verdict and its reason, so a
// change in the rules, the connectors' mapping or the demo data shows up in review.
func TestDemoLinesGolden(t *testing.T) {
	forEachPSA(t, testDemoLinesGolden)
}

func testDemoLinesGolden(t *testing.T, psa PSA) {
	ctx := context.Background()
	today := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	sims, err := Start(psa.Kind(), today, 0)
	require.NoError(t, err)
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: func() time.Time { return today }, Location: time.UTC, OnClose: sims.Close})
	require.NoError(t, err)
	defer ws.Close()
	_, err = sims.Provision(ctx, ws)
	require.NoError(t, err)
	again, err := sims.Provision(ctx, ws)
	require.NoError(t, err)
	assert.Empty(t, again, "provisioning again (a restart) updates, never duplicates")

	runs, err := ws.Sync().Scope(ctx, "all", "full", "")
	require.NoError(t, err)
	ids := []int64{}
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	require.NoError(t, ws.Sync().Wait(ctx, ids...))

	list, err := ws.Integrations().List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 3, "the PSA, Pax8 and Microsoft")
	var b strings.Builder
	for _, in := range list {
		run, err := ws.Sync().Run(ctx, runs[indexOf(runs, in.ID)].ID)
		require.NoError(t, err)
		require.Equal(t, "succeeded", run.Status, run.Error)
		res, err := ws.Data().Lines(ctx, in.ID, true)
		require.NoError(t, err)
		fmt.Fprintf(&b, "# %s (%s): %d visible, %d hidden\n", in.Name, res.Role, res.Visible, res.Hidden)
		for _, l := range res.Lines {
			verdict := "visible"
			if !l.Visible {
				verdict = "hidden: " + l.HiddenReason
			}
			fmt.Fprintf(&b, "%s | %s | %s | %g | %s\n", l.AccountName, l.AgreementName, l.ServiceName, l.Quantity, verdict)
		}
		b.WriteString("\n")
	}
	got := b.String()
	path := goldenPath("demo_lines", psa)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./internal/demo -update` to create the golden file")
	assert.Equal(t, string(want), got, "run `go test ./internal/demo -update` and review the diff if the change is intended")
}

func indexOf(runs []workspace.Run, integrationID int64) int {
	for i, r := range runs {
		if r.IntegrationID == integrationID {
			return i
		}
	}
	return -1
}

// Issue 5: the demo said "Credentials stored in the OS keychain" while its secrets live in
// memory; its workspace now says what is true.
func TestDemoSaysItsCredentialsAreInMemory(t *testing.T) {
	forEachPSA(t, testDemoSaysItsCredentialsAreInMemory)
}

func testDemoSaysItsCredentialsAreInMemory(t *testing.T, psa PSA) {
	ws, err := Open(context.Background(), t.TempDir(), connectors.Registry(), psa.Kind(), 0)
	require.NoError(t, err)
	defer ws.Close()
	info := ws.Info()
	assert.Equal(t, workspace.SecretsMemory, info.SecretsStore)
	assert.Equal(t, "Demo credentials are kept in memory and are gone when TrueUp closes.", info.SecretsNote)
	list, err := ws.Integrations().List(context.Background())
	require.NoError(t, err)
	require.Len(t, list, 3)
	for _, in := range list {
		assert.True(t, in.SecretsSet, "%s has its demo keys", in.Name)
	}
}

// A second TrueUp on a demo folder another one holds leaves it alone: it does not point the
// folder's integrations at its own simulators (which end with it), so the first window's
// syncs still reach its simulators.
func TestASecondDemoOnTheSameFolderLeavesItToItsOwner(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, err := Open(ctx, dir, connectors.Registry(), connector.KindConnectWise, 0)
	require.NoError(t, err)
	defer first.Close()
	before, err := first.Integrations().List(ctx)
	require.NoError(t, err)

	_, err = Open(ctx, dir, connectors.Registry(), connector.KindConnectWise, 0)
	require.ErrorContains(t, err, "the demo workspace is open in another TrueUp window")

	after, err := first.Integrations().List(ctx)
	require.NoError(t, err)
	require.Len(t, after, len(before))
	for i := range before {
		assert.Equal(t, before[i].BaseURL, after[i].BaseURL, "%s still points at the first window's simulator", before[i].Name)
	}
	runs, err := first.Sync().Scope(ctx, "all", "quick", "")
	require.NoError(t, err)
	var ids []int64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	require.NoError(t, first.Sync().Wait(ctx, ids...))
	for _, r := range runs {
		run, err := first.Sync().Run(ctx, r.ID)
		require.NoError(t, err)
		assert.Equal(t, "succeeded", run.Status, run.Error)
	}
}
