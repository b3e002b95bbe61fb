package secrets

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
)

// DefaultTimeout bounds every keychain call that does not wait for the user: a missing
// or hung keychain fails within it.
const DefaultTimeout = 5 * time.Second

// DefaultPromptTimeout bounds how long a call waits while the OS shows the keychain's own
// prompt (e.g. gnome-keyring's unlock dialog): long enough to find the window and type a
// password, short enough that a forgotten dialog does not hold a sync forever.
const DefaultPromptTimeout = 2 * time.Minute

// backend is the OS keychain seen by Keyring: the Secret Service client on Linux and the
// BSDs, go-keyring (in a bounded goroutine) on macOS and Windows; tests replace it.
// Errors are ErrNotFound, ErrTooLarge, context errors, or anything else (the keychain is
// unusable); a *reasonError says why in words.
type backend interface {
	Get(ctx context.Context, service, user string) (string, error)
	Set(ctx context.Context, service, user, password string) error
	Delete(ctx context.Context, service, user string) error
}

// reasonError is a backend failure whose cause is known well enough to tell the user
// what to do; translate puts reason in front of the user and the rest in the log.
type reasonError struct {
	reason string
	err    error
}

func (e *reasonError) Error() string { return e.reason + ": " + e.err.Error() }
func (e *reasonError) Unwrap() error { return e.err }

// Keyring is the Store backed by the OS keychain.
type Keyring struct {
	service       string
	timeout       time.Duration
	promptTimeout time.Duration
	os            string
	backend       backend
	prompts       *promptTracker
}

// Option configures a Keyring.
type Option func(*Keyring)

// WithService sets the keychain service name (default "TrueUp"). Tests use a unique name
// so they never touch the user's items.
func WithService(name string) Option { return func(k *Keyring) { k.service = name } }

// WithTimeout bounds each keychain call that does not wait for a prompt (default 5 s).
// Values <= 0 keep the default.
func WithTimeout(d time.Duration) Option {
	return func(k *Keyring) {
		if d > 0 {
			k.timeout = d
		}
	}
}

// WithPromptTimeout bounds the wait for an OS keychain prompt (default 2 minutes). Values
// <= 0 keep the default.
func WithPromptTimeout(d time.Duration) Option {
	return func(k *Keyring) {
		if d > 0 {
			k.promptTimeout = d
		}
	}
}

// NewKeyring returns a Store over the OS keychain.
func NewKeyring(opts ...Option) *Keyring {
	k := &Keyring{service: DefaultService, timeout: DefaultTimeout, promptTimeout: DefaultPromptTimeout,
		os: runtime.GOOS, prompts: newPromptTracker()}
	for _, o := range opts {
		o(k)
	}
	if k.service == "" {
		k.service = DefaultService
	}
	k.backend = platformBackend(k)
	return k
}

// Service is the keychain service name in use.
func (k *Keyring) Service() string { return k.service }

// Prompts says whether a call is waiting for the user to answer a keychain prompt now.
func (k *Keyring) Prompts() PromptState { return k.prompts.state() }

// WatchPrompts calls f whenever waiting for a keychain prompt starts or ends, until stop
// is called. f runs on the goroutine of the keychain call: keep it short.
func (k *Keyring) WatchPrompts(f func(PromptState)) (stop func()) { return k.prompts.watch(f) }

// Get implements Store.
func (k *Keyring) Get(ctx context.Context, key Key) (string, error) {
	if err := key.Validate(); err != nil {
		return "", fmt.Errorf("get secret: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("get %s: %w", key, err)
	}
	value, err := k.backend.Get(ctx, k.service, key.Account())
	if err != nil {
		// value is not scrubbed from a failed Get's error: it is unknown (never returned).
		return "", k.translate("get", key, "", err)
	}
	return value, nil
}

// Set implements Store. Values longer than MaxValueBytes are refused before the keychain
// is called.
func (k *Keyring) Set(ctx context.Context, key Key, value string) error {
	if err := key.Validate(); err != nil {
		return fmt.Errorf("set secret: %w", err)
	}
	if err := checkValue(key, value); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	if err := k.backend.Set(ctx, k.service, key.Account(), value); err != nil {
		return k.translate("set", key, value, err)
	}
	return nil
}

// Delete implements Store.
func (k *Keyring) Delete(ctx context.Context, key Key) error {
	if err := key.Validate(); err != nil {
		return fmt.Errorf("delete secret: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	if err := k.backend.Delete(ctx, k.service, key.Account()); err != nil {
		return k.translate("delete", key, "", err)
	}
	return nil
}

// errTimeout marks a call that did not answer in time.
var errTimeout = errors.New("no answer")

// translate maps backend errors to this package's errors. An unusable keychain becomes an
// *UnavailableError: one sentence for the user, the backend's text (value scrubbed) for
// the log. The backend error itself is not wrapped, so nothing can print its raw text.
func (k *Keyring) translate(op string, key Key, value string, err error) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s %s: %w", op, key, err)
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("%s %s: %w", op, key, ErrNotFound)
	case errors.Is(err, ErrTooLarge):
		return fmt.Errorf("%s %s: %w: the keychain refused %d bytes", op, key, ErrTooLarge, len(value))
	}
	reason := unavailableHint(k.os)
	var re *reasonError
	if errors.As(err, &re) {
		reason = re.reason
	} else if errors.Is(err, errTimeout) {
		reason = "the OS keychain did not answer: " + reason
	}
	return &UnavailableError{Op: op, Key: key, Reason: reason, Cause: scrub(err.Error(), value)}
}

// unavailableHint tells the user what to do when the keychain cannot be used and nothing
// more precise is known.
func unavailableHint(goos string) string {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return "no Secret Service is running or it is locked: install and unlock gnome-keyring (or KWallet), then try again"
	case "darwin":
		return "unlock the login keychain (Keychain Access) and allow TrueUp to use it, then try again"
	case "windows":
		return "Windows Credential Manager did not answer: sign in to Windows with your own account, then try again"
	}
	return "make sure the OS keychain is installed, running and unlocked, then try again"
}

// scrub removes value from s, so an error can never echo a secret.
func scrub(s, value string) string {
	if value == "" {
		return s
	}
	return strings.ReplaceAll(s, value, "[redacted]")
}
