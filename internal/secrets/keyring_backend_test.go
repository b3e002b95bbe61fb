package secrets

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"
)

// fakeBackend stands in for go-keyring, to test error translation and timeouts without
// an OS keychain. The tests against the real keychain are in keyring_test.go.
type fakeBackend struct {
	err   error         // returned by every call
	block chan struct{} // if set, calls wait for it to close
	calls atomic.Int32
	user  atomic.Value
}

var _ contextless = (*fakeBackend)(nil)

func (f *fakeBackend) do(user string) error {
	f.calls.Add(1)
	f.user.Store(user)
	if f.block != nil {
		<-f.block
	}
	return f.err
}

func (f *fakeBackend) Get(_, user string) (string, error) { return "stored", f.do(user) }
func (f *fakeBackend) Set(_, user, _ string) error        { return f.do(user) }
func (f *fakeBackend) Delete(_, user string) error        { return f.do(user) }

// newFake is a Keyring over b as on macOS and Windows: in a goroutine bounded by the
// timeout. It returns the detached runner too, so tests can wait for abandoned calls.
func newFake(b *fakeBackend, goos string, opts ...Option) (*Keyring, *detached) {
	k := NewKeyring(opts...)
	d := newDetached(b, k.timeout)
	k.backend = d
	k.os = goos
	return k, d
}

func TestNewKeyringOptions(t *testing.T) {
	k := NewKeyring()
	assert.Equal(t, "TrueUp", k.Service())
	assert.Equal(t, DefaultTimeout, k.timeout)
	assert.Equal(t, DefaultPromptTimeout, k.promptTimeout)
	k = NewKeyring(WithService("TrueUp-test"), WithTimeout(time.Second), WithPromptTimeout(time.Minute))
	assert.Equal(t, "TrueUp-test", k.Service())
	assert.Equal(t, time.Second, k.timeout)
	assert.Equal(t, time.Minute, k.promptTimeout)
	k = NewKeyring(WithService(""), WithTimeout(-1), WithPromptTimeout(0))
	assert.Equal(t, "TrueUp", k.Service())
	assert.Equal(t, DefaultTimeout, k.timeout)
	assert.Equal(t, DefaultPromptTimeout, k.promptTimeout)
}

func TestKeyringTranslatesErrors(t *testing.T) {
	const value = "hunter2-super-secret"
	key := Key{Integration: "42", Field: "private_key"}
	tests := []struct {
		name    string
		goos    string
		err     error
		wantErr error
		wantMsg string   // the whole message, for an unusable keychain
		wantIn  []string // parts of the message otherwise
		detail  []string // parts of UnavailableError.Detail (the log)
		onlySet bool     // the case only makes sense for Set
	}{
		{name: "not found", goos: "linux", err: keyring.ErrNotFound, wantErr: ErrNotFound, wantIn: []string{"the private_key secret of integration 42"}},
		{name: "too big", goos: "darwin", err: keyring.ErrSetDataTooBig, wantErr: ErrTooLarge, onlySet: true},
		{
			name: "linux no secret service", goos: "linux",
			err:     errors.New("The name org.freedesktop.secrets was not provided by any .service files"),
			wantErr: ErrUnavailable,
			wantMsg: "no Secret Service is running or it is locked: install and unlock gnome-keyring (or KWallet), then try again",
			detail:  []string{"the private_key secret of integration 42", "org.freedesktop.secrets was not provided"},
		},
		{name: "macOS", goos: "darwin", err: errors.New("exit status 36"), wantErr: ErrUnavailable,
			wantMsg: "unlock the login keychain (Keychain Access) and allow TrueUp to use it, then try again", detail: []string{"exit status 36"}},
		{name: "windows", goos: "windows", err: errors.New("Element not found."), wantErr: ErrUnavailable,
			wantMsg: "Windows Credential Manager did not answer: sign in to Windows with your own account, then try again"},
		{name: "other OS", goos: "plan9", err: errors.New("unsupported platform"), wantErr: ErrUnavailable,
			wantMsg: "make sure the OS keychain is installed, running and unlocked, then try again"},
		{
			name: "a known reason is the whole message", goos: "linux",
			err:     &reasonError{reason: "the keychain is locked: unlock it", err: errors.New("org.freedesktop.Secret.Error.IsLocked at /org/freedesktop/secrets/collection/login")},
			wantErr: ErrUnavailable,
			wantMsg: "the keychain is locked: unlock it",
			detail:  []string{"IsLocked at /org/freedesktop/secrets/collection/login"},
		},
		{
			name: "backend echoes the value", goos: "linux",
			err:     errors.New("cannot store " + value + " now"),
			wantErr: ErrUnavailable,
			detail:  []string{"cannot store [redacted] now"},
			onlySet: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			b := &fakeBackend{err: tt.err}
			k, _ := newFake(b, tt.goos)

			setErr := k.Set(ctx, key, value)
			_, getErr := k.Get(ctx, key)
			delErr := k.Delete(ctx, key)
			for _, err := range []error{setErr, getErr, delErr} {
				if tt.onlySet && err != setErr {
					continue
				}
				require.ErrorIs(t, err, tt.wantErr)
				assert.NotContains(t, err.Error(), value)
				if tt.wantMsg != "" {
					assert.Equal(t, tt.wantMsg, err.Error(), "one sentence, no ids or chains")
				}
				for _, m := range tt.wantIn {
					assert.Contains(t, err.Error(), m)
				}
				var ue *UnavailableError
				if errors.As(err, &ue) {
					assert.NotContains(t, ue.Detail(), value)
					for _, m := range tt.detail {
						assert.Contains(t, ue.Detail(), m)
					}
				}
			}
			assert.Equal(t, "integration/42/private_key", b.user.Load())
		})
	}
}

func TestKeyringRefusesBeforeCallingKeychain(t *testing.T) {
	ctx := context.Background()
	b := &fakeBackend{}
	k, _ := newFake(b, "linux")
	value := strings.Repeat("é", 1300) // 2,600 bytes, 1,300 characters

	err := k.Set(ctx, Key{Integration: "42", Field: "private_key"}, value)
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "set the private_key secret of integration 42: secret is too long for the OS keychain: it is 2600 bytes, the limit is 2500 bytes (Windows Credential Manager stores at most 2,560)", err.Error())

	require.ErrorIs(t, k.Set(ctx, Key{Integration: "42", Field: "x"}, ""), ErrEmptyValue)
	require.ErrorIs(t, k.Set(ctx, Key{Integration: "", Field: "x"}, "v"), ErrInvalidKey)
	_, err = k.Get(ctx, Key{Integration: "42"})
	require.ErrorIs(t, err, ErrInvalidKey)
	require.ErrorIs(t, k.Delete(ctx, Key{Field: "x"}), ErrInvalidKey)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.ErrorIs(t, k.Set(cancelled, Key{Integration: "42", Field: "x"}, "v"), context.Canceled)

	assert.Zero(t, b.calls.Load(), "the keychain must not be called")
}

func TestKeyringTimeout(t *testing.T) {
	b := &fakeBackend{block: make(chan struct{})}
	defer close(b.block)
	k, _ := newFake(b, "linux", WithTimeout(50*time.Millisecond))
	_, err := k.Get(context.Background(), Key{Integration: "42", Field: "token"})
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Equal(t, "the OS keychain did not answer: no Secret Service is running or it is locked: install and unlock gnome-keyring (or KWallet), then try again", err.Error())
	var ue *UnavailableError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, ue.Detail(), "no answer within 50ms")
}

// A Get that times out leaves its goroutine running; when the keychain answers later,
// that goroutine must not write anything the caller reads (it did: issue 18). The
// keychain is released by a timer, not by the test, so nothing orders the caller's reads
// before the late answer; run with -race.
func TestKeyringLateAnswerAfterTimeoutIsNoRace(t *testing.T) {
	b := &fakeBackend{block: make(chan struct{})}
	k, d := newFake(b, "linux", WithTimeout(time.Millisecond))
	release := time.AfterFunc(20*time.Millisecond, func() { close(b.block) })
	defer release.Stop()
	v, err := k.Get(context.Background(), Key{Integration: "42", Field: "token"})
	require.ErrorIs(t, err, ErrUnavailable)
	assert.Empty(t, v)
	assert.NotContains(t, err.Error(), "stored")
	d.running.Wait() // the abandoned call answers "stored" now
	assert.Empty(t, v)
}

func TestKeyringContextCancelled(t *testing.T) {
	b := &fakeBackend{block: make(chan struct{})}
	defer close(b.block)
	k, _ := newFake(b, "linux", WithTimeout(time.Minute))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	err := k.Set(ctx, Key{Integration: "42", Field: "token"}, "v")
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrUnavailable)
	assert.Less(t, time.Since(start), 2*time.Second)
}
