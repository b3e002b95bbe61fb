package workspace

import (
	"context"
	"errors"
	"log/slog"

	"github.com/trueup/trueup/internal/secrets"
)

// Where a workspace keeps its integrations' secrets (WorkspaceInfo.SecretsStore).
const (
	SecretsKeychain = "keychain" // the OS keychain: the user's own workspace
	SecretsMemory   = "memory"   // this process only: the demo workspace, dev builds
)

const keychainWaitingMessage = "Waiting for your keychain to be unlocked: enter your login password in its prompt " +
	"(it may be behind the TrueUp window)."

// defaultSecretsNote is what the UI says about where credentials live, unless the opener
// of the workspace says something more precise (Options.SecretsNote).
func defaultSecretsNote(store string) string {
	if store == SecretsMemory {
		return "Credentials are kept in memory and are gone when TrueUp closes."
	}
	return "Credentials are kept in the OS keychain, never in TrueUp's data folder."
}

// promptWatcher is what a secrets store offers when its calls can wait for the user to
// answer an OS keychain prompt (secrets.Keyring: the Secret Service's unlock dialog).
type promptWatcher interface {
	Prompts() secrets.PromptState
	WatchPrompts(func(secrets.PromptState)) (stop func())
}

func keychainState(p secrets.PromptState) KeychainState {
	st := KeychainState{Seq: p.Seq, Waiting: p.Waiting}
	if p.Waiting {
		st.Message = keychainWaitingMessage
	}
	return st
}

// KeychainState says whether a keychain call waits for the user to unlock the keychain.
func (w *Workspace) KeychainState() KeychainState {
	if w.prompts == nil {
		return KeychainState{}
	}
	return keychainState(w.prompts.Prompts())
}

// SubscribeKeychain calls f whenever waiting for the keychain starts or ends, until the
// returned function is called. f runs on the goroutine of the keychain call.
func (w *Workspace) SubscribeKeychain(f func(KeychainState)) (unsubscribe func()) {
	if w.prompts == nil {
		return func() {}
	}
	return w.prompts.WatchPrompts(func(p secrets.PromptState) { f(keychainState(p)) })
}

// loggedStore writes the technical detail of keychain failures (which item, what the
// keychain said) to the log; the user sees the error's one sentence only.
type loggedStore struct {
	secrets.Store
	log *slog.Logger
}

func (s loggedStore) Get(ctx context.Context, key secrets.Key) (string, error) {
	v, err := s.Store.Get(ctx, key)
	s.note(err)
	return v, err
}

func (s loggedStore) Set(ctx context.Context, key secrets.Key, value string) error {
	err := s.Store.Set(ctx, key, value)
	s.note(err)
	return err
}

func (s loggedStore) Delete(ctx context.Context, key secrets.Key) error {
	err := s.Store.Delete(ctx, key)
	s.note(err)
	return err
}

func (s loggedStore) note(err error) {
	var ue *secrets.UnavailableError
	if errors.As(err, &ue) {
		s.log.Warn("the OS keychain could not be used", "detail", ue.Detail())
	}
}
