package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// demoShell is a shell on a first launch (no own integration) whose Opener records what it
// opens, each target in its own folder as main's does (demo.Dir), without simulators.
type demoShell struct {
	shell *Shell
	svc   *WorkspaceService
	mu    sync.Mutex
	opens []Target
}

func newDemoShell(t *testing.T) *demoShell {
	t.Helper()
	own, dataDir := t.TempDir(), t.TempDir()
	d := &demoShell{}
	d.shell = NewShell(func(ctx context.Context, target Target) (*workspace.Workspace, error) {
		d.mu.Lock()
		d.opens = append(d.opens, target)
		d.mu.Unlock()
		dir := own
		if target.Demo {
			dir = demo.Dir(dataDir, target.PSA)
		}
		return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	}, ownProbe(own))
	d.shell.emit = func(context.Context, string, ...any) {}
	d.shell.Startup(context.Background())
	t.Cleanup(func() { d.shell.Shutdown(context.Background()) })
	d.svc = NewWorkspaceService(d.shell, "test")
	return d
}

func (d *demoShell) opened() []Target {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Target(nil), d.opens...)
}

func offeredPSAs() []workspace.DemoPSAOption {
	var out []workspace.DemoPSAOption
	for _, p := range demo.PSAs() {
		out = append(out, workspace.DemoPSAOption{Kind: string(p.Kind()), Name: p.Name()})
	}
	return out
}

// A first launch opens the demo on the default PSA, and Info says which and what else the
// build's demo offers (the GUI's "Demo PSA" choice lists exactly those).
func TestInfoNamesTheDemosPSAAndTheOffered(t *testing.T) {
	d := newDemoShell(t)
	assert.Equal(t, []Target{{Demo: true, PSA: connector.KindConnectWise}}, d.opened())
	info, err := d.svc.Info()
	require.NoError(t, err)
	assert.True(t, info.Demo)
	assert.Equal(t, string(connector.KindConnectWise), info.DemoPSA)
	assert.Equal(t, offeredPSAs(), info.DemoPSAs)

	info, err = d.svc.UseOwn()
	require.NoError(t, err)
	assert.False(t, info.Demo)
	assert.Empty(t, info.DemoPSA, "the own workspace has no demo PSA")
	assert.Equal(t, offeredPSAs(), info.DemoPSAs, "the choice is offered from the own workspace too")
}

// Choosing a PSA re-opens the demo on it in place (its own folder), without a restart;
// choosing the open one opens nothing, and "open the demo" from the own workspace comes
// back to the PSA chosen last.
func TestUseDemoPSASwitchesInPlace(t *testing.T) {
	d := newDemoShell(t)
	want := d.opened()
	for _, p := range demo.PSAs() {
		info, err := d.svc.UseDemoPSA(string(p.Kind()))
		require.NoError(t, err)
		assert.True(t, info.Demo)
		assert.Equal(t, string(p.Kind()), info.DemoPSA)
		if p.Kind() != want[len(want)-1].PSA {
			want = append(want, Target{Demo: true, PSA: p.Kind()})
		}
		assert.Equal(t, want, d.opened(), "%s: opened once, the open demo not again", p.Kind())

		// Choosing it again, in any spelling, keeps the open workspace.
		info, err = d.svc.UseDemoPSA(strings.ToUpper(string(p.Kind())))
		require.NoError(t, err)
		assert.Equal(t, string(p.Kind()), info.DemoPSA)
		assert.Equal(t, want, d.opened())
	}
	last := demo.PSAs()[len(demo.PSAs())-1].Kind()
	_, err := d.svc.UseOwn()
	require.NoError(t, err)
	info, err := d.svc.UseDemo()
	require.NoError(t, err)
	assert.Equal(t, string(last), info.DemoPSA, "the demo opens on the PSA chosen last")
	assert.Equal(t, append(want, Target{}, Target{Demo: true, PSA: last}), d.opened())
}

// A PSA the build's demo does not offer is refused with the ones it does, and the open
// workspace stays open.
func TestUseDemoPSARefusesWhatTheBuildDoesNotShip(t *testing.T) {
	d := newDemoShell(t)
	for _, kind := range []string{"zoho", ""} {
		_, err := d.svc.UseDemoPSA(kind)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "one of "+demoKinds())
	}
	assert.Len(t, d.opened(), 1, "nothing else was opened")
	info, err := d.svc.Info()
	require.NoError(t, err)
	assert.True(t, info.Demo)
	assert.Equal(t, string(connector.KindConnectWise), info.DemoPSA)
}

// Two choices at once (a double click) open one workspace: the second finds it open. Opened
// twice, the demo folder's lock would refuse the second open.
func TestConcurrentChoicesOpenOnce(t *testing.T) {
	d := newDemoShell(t)
	_, err := d.svc.UseOwn()
	require.NoError(t, err)
	kind := string(demo.DefaultPSA().Kind())
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = d.svc.UseDemoPSA(kind)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Len(t, d.opened(), 3, "first launch, own, then the demo once")
}
