//go:build linux

package secrets

import (
	"context"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionBusAddress(t *testing.T) {
	withSocket := t.TempDir()
	sock := filepath.Join(withSocket, "bus")
	l, err := net.Listen("unix", sock)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	plainFile := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(plainFile, "bus"), nil, 0o600))

	tests := []struct {
		name string
		env  map[string]string
		want string // "" means errNoSession
	}{
		{name: "address given", env: map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/x"}, want: "unix:path=/tmp/x"},
		{name: "runtime dir socket", env: map[string]string{"XDG_RUNTIME_DIR": withSocket}, want: "unix:path=" + dbus.EscapeBusAddressValue(sock)},
		{name: "autolaunch means none", env: map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:", "XDG_RUNTIME_DIR": withSocket}, want: "unix:path=" + dbus.EscapeBusAddressValue(sock)},
		{name: "nothing", env: map[string]string{}},
		{name: "runtime dir without a bus", env: map[string]string{"XDG_RUNTIME_DIR": t.TempDir()}},
		{name: "a plain file is not a bus", env: map[string]string{"XDG_RUNTIME_DIR": plainFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// uid -1: no /run/user folder can match, whatever this machine has.
			got, err := sessionBusAddress(func(k string) string { return tt.env[k] }, -1)
			if tt.want == "" {
				require.ErrorIs(t, err, errNoSession)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// fakeSecretService serves the parts of the Secret Service API TrueUp uses, under its own
// bus name on the private session bus of scripts/with-keyring.sh. Its login collection is
// locked: unlocking it needs a prompt the test answers (or not), like a real locked
// gnome-keyring whose unlock dialog is open.
type fakeSecretService struct {
	conn *dbus.Conn
	name string

	mu        sync.Mutex
	locked    bool
	items     map[dbus.ObjectPath]ssSecret
	shown     chan struct{} // closed when the client shows the prompt
	dismissed chan struct{} // closed when the client dismisses the prompt
}

const (
	fakePrompt = dbus.ObjectPath("/org/freedesktop/secrets/prompt/p1")
	fakeItem   = dbus.ObjectPath("/org/freedesktop/secrets/collection/login/1")
)

func newFakeSecretService(t *testing.T) *fakeSecretService {
	t.Helper()
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if os.Getenv("TRUEUP_KEYRING_TESTS") == "" || addr == "" {
		t.Skip("TRUEUP_KEYRING_TESTS is not set: run through scripts/with-keyring.sh (the fake needs a private session bus)")
	}
	conn, err := dbus.Connect(addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	f := &fakeSecretService{conn: conn, name: "org.trueup.test.secrets.x" + strings.ToLower(rand.Text()), locked: true,
		items: map[dbus.ObjectPath]ssSecret{fakeItem: {Value: []byte("the-secret")}},
		shown: make(chan struct{}), dismissed: make(chan struct{})}
	require.NoError(t, conn.Export(fakeService{f}, ssPath, ssServiceIface))
	require.NoError(t, conn.Export(fakeProps{}, ssPath, "org.freedesktop.DBus.Properties"))
	require.NoError(t, conn.Export(fakeCollection{f}, ssLoginCollection, ssCollectionIface))
	require.NoError(t, conn.Export(fakeItemObj{f}, fakeItem, ssItemIface))
	require.NoError(t, conn.Export(fakePromptObj{f}, fakePrompt, ssPromptIface))
	reply, err := conn.RequestName(f.name, dbus.NameFlagDoNotQueue)
	require.NoError(t, err)
	require.Equal(t, dbus.RequestNameReplyPrimaryOwner, reply)
	return f
}

// complete answers the open prompt as the user would: unlocked, or dismissed.
func (f *fakeSecretService) complete(dismissed bool) error {
	result := dbus.MakeVariant([]dbus.ObjectPath{ssLoginCollection})
	if dismissed {
		result = dbus.MakeVariant("")
	} else {
		f.mu.Lock()
		f.locked = false
		f.mu.Unlock()
	}
	return f.conn.Emit(fakePrompt, ssPromptIface+".Completed", dismissed, result)
}

type fakeService struct{ f *fakeSecretService }

func (s fakeService) OpenSession(string, dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	return dbus.MakeVariant(""), "/org/freedesktop/secrets/session/s1", nil
}

func (s fakeService) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.f.locked {
		return []dbus.ObjectPath{}, fakePrompt, nil
	}
	return objects, noPrompt, nil
}

type fakeProps struct{}

func (fakeProps) Get(iface, prop string) (dbus.Variant, *dbus.Error) {
	if iface == ssServiceIface && prop == "Collections" {
		return dbus.MakeVariant([]dbus.ObjectPath{ssLoginCollection}), nil
	}
	return dbus.Variant{}, dbus.MakeFailedError(os.ErrNotExist)
}

type fakeCollection struct{ f *fakeSecretService }

func (c fakeCollection) SearchItems(map[string]string) ([]dbus.ObjectPath, *dbus.Error) {
	return []dbus.ObjectPath{fakeItem}, nil
}

type fakeItemObj struct{ f *fakeSecretService }

func (i fakeItemObj) GetSecret(session dbus.ObjectPath) (ssSecret, *dbus.Error) {
	i.f.mu.Lock()
	defer i.f.mu.Unlock()
	if i.f.locked {
		return ssSecret{}, dbus.NewError("org.freedesktop.Secret.Error.IsLocked", []any{"locked"})
	}
	s := i.f.items[fakeItem]
	s.Session, s.Parameters, s.ContentType = session, []byte{}, "text/plain"
	return s, nil
}

type fakePromptObj struct{ f *fakeSecretService }

func (p fakePromptObj) Prompt(string) *dbus.Error {
	close(p.f.shown)
	return nil
}

func (p fakePromptObj) Dismiss() *dbus.Error {
	close(p.f.dismissed)
	return nil
}

// keyringOnFake is a Keyring whose calls go to f, with a short per-call timeout: the test
// shows that a call waiting for an open prompt outlives it.
func keyringOnFake(f *fakeSecretService, promptTimeout time.Duration) *Keyring {
	k := NewKeyring(WithTimeout(50*time.Millisecond), WithPromptTimeout(promptTimeout))
	ss := platformBackend(k).(*secretService)
	ss.busName = f.name
	k.backend = ss
	return k
}

type getResult struct {
	value string
	err   error
}

func startGet(k *Keyring) <-chan getResult {
	done := make(chan getResult, 1)
	go func() {
		v, err := k.Get(context.Background(), Key{Integration: "42", Field: "token"})
		done <- getResult{v, err}
	}()
	return done
}

// Issue 5: a locked keyring showed its unlock prompt and TrueUp gave up after 5 s while it
// was still open. Now the call waits while the prompt is open and says so.
func TestSecretServiceWaitsForTheUnlockPrompt(t *testing.T) {
	f := newFakeSecretService(t)
	k := keyringOnFake(f, time.Minute)
	var mu sync.Mutex
	var states []PromptState
	stop := k.WatchPrompts(func(s PromptState) {
		mu.Lock()
		states = append(states, s)
		mu.Unlock()
	})
	defer stop()

	done := startGet(k)
	<-f.shown
	require.True(t, k.Prompts().Waiting, "the GUI can show that TrueUp waits for the keychain")
	// Several per-call timeouts (50 ms) pass while the user types the password.
	time.Sleep(300 * time.Millisecond)
	select {
	case r := <-done:
		t.Fatalf("gave up while the prompt was open: %v", r.err)
	default:
	}
	require.NoError(t, f.complete(false))
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, "the-secret", r.value)
	assert.False(t, k.Prompts().Waiting)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []PromptState{{Seq: 1, Waiting: true}, {Seq: 2, Waiting: false}}, states)
}

func TestSecretServicePromptEnds(t *testing.T) {
	tests := []struct {
		name          string
		promptTimeout time.Duration
		answer        func(f *fakeSecretService, cancel context.CancelFunc) error
		wantMsg       string
		wantCancel    bool
		wantDismiss   bool // TrueUp closed the dialog it stopped waiting for
	}{
		{
			name: "the user closes the prompt", promptTimeout: time.Minute,
			answer:  func(f *fakeSecretService, _ context.CancelFunc) error { return f.complete(true) },
			wantMsg: dismissedReason,
		},
		{
			name: "nobody answers within the bound", promptTimeout: 200 * time.Millisecond,
			answer:      func(*fakeSecretService, context.CancelFunc) error { return nil },
			wantMsg:     "the keychain was not unlocked within 200ms: try again and enter your login password when its prompt appears",
			wantDismiss: true,
		},
		{
			name: "the caller gives up", promptTimeout: time.Minute,
			answer:      func(_ *fakeSecretService, cancel context.CancelFunc) error { cancel(); return nil },
			wantCancel:  true,
			wantDismiss: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSecretService(t)
			k := keyringOnFake(f, tt.promptTimeout)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := k.Get(ctx, Key{Integration: "42", Field: "token"})
				done <- err
			}()
			<-f.shown
			require.NoError(t, tt.answer(f, cancel))
			err := <-done
			require.Error(t, err)
			if tt.wantCancel {
				require.ErrorIs(t, err, context.Canceled)
			} else {
				require.ErrorIs(t, err, ErrUnavailable)
				assert.Equal(t, tt.wantMsg, err.Error(), "one sentence: what to do")
				var ue *UnavailableError
				require.ErrorAs(t, err, &ue)
				assert.Contains(t, ue.Detail(), string(fakePrompt), "the ids go to the log")
			}
			if tt.wantDismiss {
				select {
				case <-f.dismissed:
				case <-time.After(5 * time.Second):
					t.Fatal("the prompt was left open")
				}
			}
			assert.False(t, k.Prompts().Waiting)
		})
	}
}
