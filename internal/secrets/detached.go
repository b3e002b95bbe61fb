package secrets

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// contextless is a keychain API that takes no context and may block: go-keyring.
type contextless interface {
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

// detached runs a contextless keychain in a goroutine and returns when it answers, ctx is
// done or the timeout passes. A call that times out keeps running in the background (its
// result is dropped), as in cli/cli's keyring wrapper; a Set that times out may therefore
// still land later. Results travel only over the call's channel, so an abandoned call
// never writes anything its caller reads.
type detached struct {
	inner   contextless
	timeout time.Duration
	// running counts calls still in flight, including abandoned ones (tests wait on it).
	running sync.WaitGroup
}

func newDetached(inner contextless, timeout time.Duration) *detached {
	return &detached{inner: inner, timeout: timeout}
}

func (d *detached) Get(ctx context.Context, service, user string) (string, error) {
	return d.call(ctx, func() (string, error) { return d.inner.Get(service, user) })
}

func (d *detached) Set(ctx context.Context, service, user, password string) error {
	_, err := d.call(ctx, func() (string, error) { return "", d.inner.Set(service, user, password) })
	return err
}

func (d *detached) Delete(ctx context.Context, service, user string) error {
	_, err := d.call(ctx, func() (string, error) { return "", d.inner.Delete(service, user) })
	return err
}

type result struct {
	value string
	err   error
}

func (d *detached) call(ctx context.Context, f func() (string, error)) (string, error) {
	done := make(chan result, 1) // buffered: the goroutine never blocks after we gave up
	d.running.Add(1)
	go func() {
		defer d.running.Done()
		v, err := f()
		done <- result{value: v, err: goKeyringErr(err)}
	}()
	t := time.NewTimer(d.timeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r.value, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	case <-t.C:
		return "", fmt.Errorf("%w within %s", errTimeout, d.timeout)
	}
}

// goKeyringErr maps go-keyring's sentinel errors to this package's.
func goKeyringErr(err error) error {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrTooLarge
	}
	return err
}
