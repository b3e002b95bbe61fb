package workspace_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// promptingKeys is a keychain whose unlock prompt the test opens and closes, the way
// secrets.Keyring reports the Secret Service's prompt.
type promptingKeys struct {
	*secrets.Memory
	mu       sync.Mutex
	state    secrets.PromptState
	watchers []func(secrets.PromptState)
}

func (p *promptingKeys) Prompts() secrets.PromptState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

func (p *promptingKeys) WatchPrompts(f func(secrets.PromptState)) func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.watchers = append(p.watchers, f)
	i := len(p.watchers) - 1
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.watchers[i] = nil
	}
}

func (p *promptingKeys) set(waiting bool) {
	p.mu.Lock()
	p.state = secrets.PromptState{Seq: p.state.Seq + 1, Waiting: waiting}
	st, ws := p.state, append([]func(secrets.PromptState){}, p.watchers...)
	p.mu.Unlock()
	for _, f := range ws {
		if f != nil {
			f(st)
		}
	}
}

func TestKeychainStateFollowsTheUnlockPrompt(t *testing.T) {
	keys := &promptingKeys{Memory: secrets.NewMemory()}
	ws, _ := open(t, keys)
	assert.Equal(t, workspace.KeychainState{}, ws.KeychainState())

	var got []workspace.KeychainState
	stop := ws.SubscribeKeychain(func(s workspace.KeychainState) { got = append(got, s) })
	keys.set(true)
	waiting := workspace.KeychainState{Seq: 1, Waiting: true,
		Message: "Waiting for your keychain to be unlocked: enter your login password in its prompt (it may be behind the TrueUp window)."}
	assert.Equal(t, waiting, ws.KeychainState())
	keys.set(false)
	assert.Equal(t, workspace.KeychainState{Seq: 2}, ws.KeychainState())
	stop()
	keys.set(true)
	assert.Equal(t, []workspace.KeychainState{waiting, {Seq: 2}}, got, "no event after unsubscribing")

	plain, _ := open(t, secrets.NewMemory())
	assert.Equal(t, workspace.KeychainState{}, plain.KeychainState(), "a store without prompts never waits")
	plain.SubscribeKeychain(func(workspace.KeychainState) { t.Error("no events") })()
}

func TestWorkspaceInfoSaysWhereSecretsLive(t *testing.T) {
	tests := []struct {
		name      string
		opts      workspace.Options
		wantStore string
		wantNote  string
	}{
		{name: "keychain by default", wantStore: "keychain", wantNote: "Credentials are kept in the OS keychain, never in TrueUp's data folder."},
		{name: "memory", opts: workspace.Options{SecretsStore: workspace.SecretsMemory}, wantStore: "memory",
			wantNote: "Credentials are kept in memory and are gone when TrueUp closes."},
		{name: "the opener's own note", opts: workspace.Options{SecretsStore: workspace.SecretsMemory, SecretsNote: "Dev build."},
			wantStore: "memory", wantNote: "Dev build."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.DataDir, opts.Secrets, opts.Registry = t.TempDir(), secrets.NewMemory(), connectors.Registry()
			ws, err := workspace.Open(context.Background(), opts)
			require.NoError(t, err)
			t.Cleanup(ws.Close)
			info := ws.Info()
			assert.Equal(t, tt.wantStore, info.SecretsStore)
			assert.Equal(t, tt.wantNote, info.SecretsNote)
		})
	}
	_, err := workspace.Open(context.Background(), workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), SecretsStore: "file"})
	assert.ErrorContains(t, err, "unknown secrets store")
}

// lockedKeys fails like secrets.Keyring on a locked keychain.
type lockedKeys struct{ *secrets.Memory }

func (lockedKeys) Get(_ context.Context, k secrets.Key) (string, error) {
	return "", &secrets.UnavailableError{Op: "get", Key: k, Reason: "the keychain is locked: unlock it, then try again",
		Cause: "org.freedesktop.Secret.Error.IsLocked"}
}

// Issue 5: the user saw a chain of wrapped errors with internal ids; now they see one
// sentence and the ids go to the log.
func TestKeychainFailureIsOneSentenceAndTheDetailIsLogged(t *testing.T) {
	ctx := context.Background()
	var logged bytes.Buffer
	keys := lockedKeys{secrets.NewMemory()}
	ws, err := workspace.Open(ctx, workspace.Options{DataDir: t.TempDir(), Secrets: keys, Registry: connectors.Registry(),
		Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	_, url := pax8Sim(t)
	in := addPax8(t, ws, url)

	res := ws.Integrations().Test(ctx, in.ID)
	assert.False(t, res.OK)
	assert.Equal(t, "the keychain is locked: unlock it, then try again", res.Message)
	assert.Contains(t, logged.String(), "IsLocked")
	assert.Contains(t, logged.String(), "client_id secret of integration ", "the item's id is in the log")
}
