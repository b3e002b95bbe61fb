package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// promptingKeys is a keychain whose unlock prompt the test opens, the way secrets.Keyring
// reports the Secret Service's prompt.
type promptingKeys struct {
	*secrets.Memory
	mu       sync.Mutex
	seq      int64
	watchers map[int]func(secrets.PromptState)
}

func (p *promptingKeys) Prompts() secrets.PromptState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return secrets.PromptState{Seq: p.seq, Waiting: p.seq%2 == 1}
}

func (p *promptingKeys) WatchPrompts(f func(secrets.PromptState)) func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := len(p.watchers)
	p.watchers[id] = f
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.watchers, id)
	}
}

// toggle opens the prompt, or closes it when it is open.
func (p *promptingKeys) toggle() {
	p.mu.Lock()
	p.seq++
	st := secrets.PromptState{Seq: p.seq, Waiting: p.seq%2 == 1}
	var ws []func(secrets.PromptState)
	for _, f := range p.watchers {
		ws = append(ws, f)
	}
	p.mu.Unlock()
	for _, f := range ws {
		f(st)
	}
}

type event struct {
	name string
	data any
}

func TestShellForwardsKeychainState(t *testing.T) {
	var opened []*promptingKeys
	own, demoDir := t.TempDir(), t.TempDir()
	shell := NewShell(func(ctx context.Context, target Target) (*workspace.Workspace, error) {
		keys := &promptingKeys{Memory: secrets.NewMemory(), watchers: map[int]func(secrets.PromptState){}}
		opened = append(opened, keys)
		dir := own
		if target.Demo {
			dir = demoDir
		}
		return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: keys, Registry: connectors.Registry()})
	}, ownProbe(own))
	var mu sync.Mutex
	var events []event
	shell.emit = func(_ context.Context, name string, data ...any) {
		mu.Lock()
		defer mu.Unlock()
		if name == EventKeychainChanged {
			events = append(events, event{name, data[0]})
		}
	}
	shell.Startup(context.Background()) // no integration: the demo workspace opens
	t.Cleanup(func() { shell.Shutdown(context.Background()) })
	require.Len(t, opened, 1)
	svc := NewWorkspaceService(shell, "test")

	current := opened[0]
	current.toggle()
	st, err := svc.KeychainState()
	require.NoError(t, err)
	assert.True(t, st.Waiting)
	assert.NotEmpty(t, st.Message)
	mu.Lock()
	assert.Equal(t, []event{{EventKeychainChanged, st}}, events)
	mu.Unlock()

	_, err = svc.UseOwn()
	require.NoError(t, err)
	current.toggle() // the closed workspace's keychain says nothing any more
	mu.Lock()
	assert.Len(t, events, 1)
	mu.Unlock()
}

// ownProbe is what main wires: the own folder's database, read without opening the workspace.
func ownProbe(dir string) OwnProbe {
	return func(ctx context.Context) (bool, error) {
		return store.HasIntegrations(ctx, filepath.Join(dir, workspace.DatabaseFile))
	}
}

// Startup opens exactly one workspace: the window's first calls wait for it, and opening
// the own one only to close it and open the demo (a first launch) delayed the first paint.
func TestStartupOpensOneWorkspace(t *testing.T) {
	ctx := context.Background()
	brokenProbe := func(context.Context) (bool, error) { return false, errors.New("disk on fire") }
	tests := []struct {
		name      string
		prepare   func(t *testing.T, own string) // the own data folder before the launch
		probe     func(own string) OwnProbe
		wantOpens []bool // the demo argument of each call to the Opener
		wantWarn  bool
	}{
		{name: "first launch: empty own folder", prepare: func(*testing.T, string) {}, probe: ownProbe,
			wantOpens: []bool{true}},
		{name: "own folder whose integrations were all removed", prepare: func(t *testing.T, own string) {
			st, err := store.Open(ctx, filepath.Join(own, workspace.DatabaseFile))
			require.NoError(t, err)
			require.NoError(t, st.Close())
		}, probe: ownProbe, wantOpens: []bool{true}},
		{name: "own folder with an integration", prepare: addOwnIntegration, probe: ownProbe,
			wantOpens: []bool{false}},
		{name: "the probe fails: the own workspace opens and says what is wrong", prepare: addOwnIntegration,
			probe: func(string) OwnProbe { return brokenProbe }, wantOpens: []bool{false}, wantWarn: true},
		{name: "no probe: the own workspace", prepare: func(*testing.T, string) {},
			probe: func(string) OwnProbe { return nil }, wantOpens: []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			own, demoDir := t.TempDir(), t.TempDir()
			tt.prepare(t, own)
			var opens []bool
			shell := NewShell(func(ctx context.Context, target Target) (*workspace.Workspace, error) {
				opens = append(opens, target.Demo)
				dir := own
				if target.Demo {
					dir = demoDir
				}
				return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
			}, tt.probe(own))
			var changed []any
			shell.emit = func(_ context.Context, name string, data ...any) {
				if name == EventWorkspaceChanged {
					changed = append(changed, data[0])
				}
			}
			var warnings []string
			shell.warnf = func(_ context.Context, format string, args ...any) {
				warnings = append(warnings, fmt.Sprintf(format, args...))
			}
			shell.Startup(ctx)
			t.Cleanup(func() { shell.Shutdown(ctx) })

			assert.Equal(t, tt.wantOpens, opens)
			assert.Equal(t, []any{tt.wantOpens[0]}, changed, "one workspace:changed, for the one opened")
			assert.Equal(t, tt.wantWarn, len(warnings) > 0, "warnings: %v", warnings)
			info, err := NewWorkspaceService(shell, "test").Info()
			require.NoError(t, err)
			assert.Equal(t, tt.wantOpens[0], info.Demo)
		})
	}
}

func addOwnIntegration(t *testing.T, own string) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(own, workspace.DatabaseFile))
	require.NoError(t, err)
	_, err = st.CreateIntegration(context.Background(), store.Integration{Name: "CW", Kind: "connectwise",
		BaseURL: "https://cw.example.test/v4_6_release/apis/3.0", Settings: map[string]string{"company": "acme"}})
	require.NoError(t, err)
	require.NoError(t, st.Close())
}

// The window can call before OnStartup has opened the workspace: the call waits for it
// rather than failing (the UI would retry only a second later, delaying the first paint).
func TestCallsWaitForStartup(t *testing.T) {
	// The folder first: cleanups run last-registered first, so the workspace in it is shut
	// (its database and WAL closed) before the folder is removed.
	dir := t.TempDir()
	shell := NewShell(nil, nil)
	t.Cleanup(func() { shell.Shutdown(context.Background()) })

	got := make(chan error, 1)
	go func() {
		_, err := NewSyncService(shell).Status()
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("Status returned before the workspace was open: %v", err)
	case <-time.After(50 * time.Millisecond):
	}

	// What Startup does, without the Wails context (its runtime calls need a real window).
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	require.NoError(t, err)
	shell.install(ws, Target{})
	shell.markStarted()
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Status did not return after Startup")
	}
}
