package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
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
	shell := NewShell(func(ctx context.Context, demo bool) (*workspace.Workspace, error) {
		keys := &promptingKeys{Memory: secrets.NewMemory(), watchers: map[int]func(secrets.PromptState){}}
		opened = append(opened, keys)
		return workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: keys, Registry: connectors.Registry()})
	})
	var mu sync.Mutex
	var events []event
	shell.emit = func(_ context.Context, name string, data ...any) {
		mu.Lock()
		defer mu.Unlock()
		if name == EventKeychainChanged {
			events = append(events, event{name, data[0]})
		}
	}
	shell.Startup(context.Background()) // no integration: the own workspace closes, the demo one opens
	t.Cleanup(func() { shell.Shutdown(context.Background()) })
	require.Len(t, opened, 2)
	svc := NewWorkspaceService(shell, "test")

	current := opened[1]
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

// The window can call before OnStartup has opened the workspace: the call waits for it
// rather than failing (the UI would retry only a second later, delaying the first paint).
func TestCallsWaitForStartup(t *testing.T) {
	shell := NewShell(nil)
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
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(), Registry: connectors.Registry()})
	require.NoError(t, err)
	shell.install(ws, false)
	shell.markStarted()
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Status did not return after Startup")
	}
}
