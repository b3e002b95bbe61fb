package secrets

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

// DefaultTimeout bounds every keychain call. A locked keychain can wait for a prompt
// forever, and a missing Secret Service can take long to fail.
const DefaultTimeout = 5 * time.Second

// backend is the part of go-keyring that Keyring uses; tests replace it.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (goKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// Keyring is the Store backed by the OS keychain through go-keyring.
type Keyring struct {
	service string
	timeout time.Duration
	os      string
	backend backend
}

// Option configures a Keyring.
type Option func(*Keyring)

// WithService sets the keychain service name (default "TrueUp"). Tests use a unique name
// so they never touch the user's items.
func WithService(name string) Option { return func(k *Keyring) { k.service = name } }

// WithTimeout bounds each keychain call (default 5 s). Values <= 0 keep the default.
func WithTimeout(d time.Duration) Option {
	return func(k *Keyring) {
		if d > 0 {
			k.timeout = d
		}
	}
}

// NewKeyring returns a Store over the OS keychain.
func NewKeyring(opts ...Option) *Keyring {
	k := &Keyring{service: DefaultService, timeout: DefaultTimeout, os: runtime.GOOS, backend: goKeyring{}}
	for _, o := range opts {
		o(k)
	}
	if k.service == "" {
		k.service = DefaultService
	}
	return k
}

// Service is the keychain service name in use.
func (k *Keyring) Service() string { return k.service }

// Get implements Store.
func (k *Keyring) Get(ctx context.Context, key Key) (string, error) {
	if err := key.Validate(); err != nil {
		return "", fmt.Errorf("get secret: %w", err)
	}
	var value string
	err := k.call(ctx, func() error {
		v, err := k.backend.Get(k.service, key.Account())
		value = v
		return err
	})
	if err != nil {
		return "", k.translate("get", key, value, err)
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
	err := k.call(ctx, func() error { return k.backend.Set(k.service, key.Account(), value) })
	if err != nil {
		return k.translate("set", key, value, err)
	}
	return nil
}

// Delete implements Store.
func (k *Keyring) Delete(ctx context.Context, key Key) error {
	if err := key.Validate(); err != nil {
		return fmt.Errorf("delete secret: %w", err)
	}
	err := k.call(ctx, func() error { return k.backend.Delete(k.service, key.Account()) })
	if err != nil {
		return k.translate("delete", key, "", err)
	}
	return nil
}

// errTimeout marks a call that did not answer in time; translate turns it into ErrUnavailable.
var errTimeout = errors.New("no answer")

// call runs f in a goroutine, because go-keyring takes no context, and returns when f
// returns, ctx is done or the timeout passes. A call that times out keeps running in the
// background (its result is dropped), as in cli/cli's keyring wrapper; a Set that times
// out may therefore still land later.
func (k *Keyring) call(ctx context.Context, f func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan error, 1) // buffered: the goroutine never blocks after we gave up
	go func() { done <- f() }()
	t := time.NewTimer(k.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return fmt.Errorf("%w within %s", errTimeout, k.timeout)
	}
}

// translate maps go-keyring errors to this package's errors. The text of the underlying
// error is kept (for support) with the value scrubbed from it, but the error itself is not
// wrapped, so nothing can print the raw text later.
func (k *Keyring) translate(op string, key Key, value string, err error) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s %s: %w", op, key, err)
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%s %s: %w", op, key, ErrNotFound)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("%s %s: %w: the keychain refused %d bytes", op, key, ErrTooLarge, len(value))
	}
	return fmt.Errorf("%s %s: %w: %s (%s)", op, key, ErrUnavailable, unavailableHint(k.os), scrub(err.Error(), value))
}

// unavailableHint tells the user what to do when the keychain cannot be reached.
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
