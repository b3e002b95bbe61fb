package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/startupview"
	"github.com/trueup/trueup/internal/workspace"
)

// The build renders the demo's first screen from this file (frontend/scripts/first-screen.mjs).
var firstScreenFixture = filepath.Join("..", "frontend", "src", "app", "firstScreen", "demoReads.json")

// firstLaunch opens the demo as a first launch does (its simulators running, in a new data
// folder), with the clock at now, and returns what its first screen reads.
func firstLaunch(t *testing.T, now time.Time, version string) *FirstScreen {
	t.Helper()
	dataDir, own := t.TempDir(), t.TempDir()
	shell := NewShell(func(ctx context.Context, target Target) (*workspace.Workspace, error) {
		require.True(t, target.Demo, "a first launch opens the demo")
		return demo.Open(ctx, dataDir, connectors.Registry(), target.PSA, 0, func(o *workspace.Options) {
			o.Now = func() time.Time { return now }
		})
	}, ownProbe(own))
	shell.emit = func(context.Context, string, ...any) {}
	shell.Startup(context.Background())
	t.Cleanup(func() { shell.Shutdown(context.Background()) })
	return NewFirstScreen(shell, NewWorkspaceService(shell, version), NewSyncService(shell), NewMonthService(shell),
		NewInboxService(shell), NewMappingService(shell), NewBackupService(shell, own))
}

// Two first launches at other times, on other ports, in other folders, of other builds make
// one template: what differs is either a slot or not on the screen. (A field added to a
// first-screen read that differs per launch fails here; the build's first screen would
// otherwise never be shown.)
func TestEveryFirstLaunchOfTheDemoMakesOneTemplate(t *testing.T) {
	december := time.Date(2026, 12, 4, 2, 30, 0, 0, time.UTC)
	march := time.Date(2027, 3, 15, 18, 5, 0, 0, time.UTC)
	readsA, err := firstLaunch(t, december, "1.4.0").Reads()
	require.NoError(t, err)
	readsB, err := firstLaunch(t, march, "1.5.0-beta").Reads()
	require.NoError(t, err)
	assert.NotEqual(t, string(readsA["app.SyncService.Status[]"]), string(readsB["app.SyncService.Status[]"]),
		"the launches' own answers differ (ports, times)")

	tplA, slotsA, err := startupview.Template(readsA)
	require.NoError(t, err)
	tplB, slotsB, err := startupview.Template(readsB)
	require.NoError(t, err)
	assert.Equal(t, string(tplA), string(tplB))
	require.Len(t, slotsB, len(slotsA))

	byKey := func(slots []startupview.Slot) map[string][]string {
		out := map[string][]string{}
		for _, s := range slots {
			out[s.Key] = append(out[s.Key], s.Value)
		}
		return out
	}
	a, b := byKey(slotsA), byKey(slotsB)
	assert.Equal(t, []string{"1.4.0"}, a["version"])
	assert.Equal(t, []string{"1.5.0-beta"}, b["version"])
	assert.Equal(t, []string{"2026-12"}, a["cycle"])
	assert.Equal(t, []string{"2027-03"}, b["cycle"])
	require.Len(t, a["next_run_label"], 3, "one per integration on the screen")
	assert.NotEqual(t, a["next_run_label"], b["next_run_label"])
}

// The file the build renders the first screen from is what a first launch's reads make
// (UPDATE_FIRST_SCREEN=1 writes it again; then run make frontend).
func TestTheDemosFirstScreenReadsAreTheOnesTheBuildRenders(t *testing.T) {
	reads, err := firstLaunch(t, time.Now(), "dev").Reads()
	require.NoError(t, err)
	tpl, _, err := startupview.Template(reads)
	require.NoError(t, err)
	if os.Getenv("UPDATE_FIRST_SCREEN") == "1" {
		require.NoError(t, os.WriteFile(firstScreenFixture, tpl, 0o644))
	}
	kept, err := os.ReadFile(firstScreenFixture)
	require.NoError(t, err)
	assert.Equal(t, string(kept), string(tpl),
		"the demo's first screen changed: UPDATE_FIRST_SCREEN=1 go test ./app -run FirstScreen, then make frontend")
}

// A window on the own workspace reads nothing for the build's first screen (it is the
// demo's), and says so at once: before Startup has opened anything, the page is not held
// up waiting for it, and an own workspace's thousands of mappings are not read twice.
func TestTheOwnWorkspaceGetsNoFirstScreenReads(t *testing.T) {
	own := t.TempDir()
	addOwnIntegration(t, own)
	opened := make(chan Target, 1)
	shell := NewShell(func(ctx context.Context, target Target) (*workspace.Workspace, error) {
		opened <- target
		return workspace.Open(ctx, workspace.Options{DataDir: own, Registry: connectors.Registry(), Secrets: secrets.NewMemory()})
	}, ownProbe(own))
	shell.emit = func(context.Context, string, ...any) {}
	fs := NewFirstScreen(shell, NewWorkspaceService(shell, "1.4.0"), NewSyncService(shell), NewMonthService(shell),
		NewInboxService(shell), NewMappingService(shell), NewBackupService(shell, own))

	done := make(chan error, 1)
	go func() { _, err := fs.Reads(); done <- err }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, ErrNotTheDemo)
	case <-time.After(2 * time.Second): // Workspace() would wait startupWait (longer) for Startup
		t.Fatal("the reads waited for a workspace that Startup has not opened")
	}

	shell.Startup(context.Background())
	t.Cleanup(func() { shell.Shutdown(context.Background()) })
	assert.False(t, (<-opened).Demo)
	_, err := fs.Reads()
	assert.ErrorIs(t, err, ErrNotTheDemo, "and once it is open")
}
