//go:build linux

package desktopnotify

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/desktopnotify/notifytest"
)

// serveNotifications runs a notification daemon on the test's session bus; the test runs
// where a session bus is (scripts/with-keyring.sh starts one).
func serveNotifications(t *testing.T) *notifytest.Server {
	t.Helper()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("no D-Bus session bus: run under scripts/with-keyring.sh (dbus-run-session)")
	}
	conn, err := dbus.ConnectSessionBus()
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	srv, err := notifytest.Serve(conn)
	if errors.Is(err, notifytest.ErrNameTaken) {
		t.Skip(err.Error())
	}
	require.NoError(t, err)
	return srv
}

// A 1x1 PNG.
var pixel = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00,
	0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff,
	0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

// opens records the Refs the notifier reports as clicked.
type opens struct {
	mu   sync.Mutex
	refs []string
}

func (o *opens) add(ref string) {
	o.mu.Lock()
	o.refs = append(o.refs, ref)
	o.mu.Unlock()
}

func (o *opens) list() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string{}, o.refs...)
}

// TestNotifyOverTheSessionBus sends notifications the way the app does, over a real D-Bus
// session bus, and clicks them as a daemon reports clicks: only a click on the default
// action of a notification that carries a Ref opens it, once.
func TestNotifyOverTheSessionBus(t *testing.T) {
	srv := serveNotifications(t)
	n := New(pixel)
	t.Cleanup(func() { n.Close() })
	var got opens
	n.OnOpen(got.add)

	require.NoError(t, n.Notify(Notification{Title: "Pax8 sync failed", Body: "Store the credentials again.", Ref: "own:7"}))
	require.NoError(t, n.Notify(Notification{Title: "Weekly summary", Body: "Every vendor account and product is mapped."}))
	require.NoError(t, n.Notify(Notification{Title: "Automatic true-up of Pax8", Body: "3 changes pushed.", Ref: "own:9"}))
	rec := srv.Received()
	require.Len(t, rec, 3)
	assert.Equal(t, notifytest.Notification{ID: 1, AppName: "TrueUp", Summary: "Pax8 sync failed", Body: "Store the credentials again.",
		Actions: []string{"default", "Open in TrueUp"}, ImageWidth: iconSize}, rec[0])
	assert.Empty(t, rec[1].Actions, "a notice that opens nothing offers no action")

	require.NoError(t, srv.Click(rec[2].ID))
	require.Eventually(t, func() bool { return len(got.list()) == 1 }, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, []string{"own:9"}, got.list())

	// Another program's notification (an id TrueUp did not get), a notification without a
	// Ref, one the user dismissed, another action's key, and a second signal for a clicked
	// one open nothing.
	require.NoError(t, srv.Invoke(99, "default"))
	require.NoError(t, srv.Click(rec[1].ID))
	require.NoError(t, srv.Dismiss(rec[0].ID))
	require.NoError(t, srv.Invoke(rec[0].ID, "default"))
	require.NoError(t, srv.Invoke(rec[2].ID, "default"))
	require.NoError(t, n.Notify(Notification{Title: "Pax8: 2 changes", Ref: "own:11"}))
	require.NoError(t, srv.Invoke(srv.Received()[3].ID, "snooze"))
	// A marker: once its click arrives, every signal before it was handled.
	require.NoError(t, n.Notify(Notification{Title: "marker", Ref: "own:12"}))
	require.NoError(t, srv.Click(srv.Received()[4].ID))
	require.Eventually(t, func() bool { return len(got.list()) == 2 }, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, []string{"own:9", "own:12"}, got.list())
}

// TestNotifyWithoutADesktopSession fails at once, saying why, and starts no bus.
func TestNotifyWithoutADesktopSession(t *testing.T) {
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		t.Skip("this machine has a login session bus, which the notifier would use")
	}
	p := newPlatform(nil, func(string) { t.Error("nothing was clicked") })
	p.getenv = func(string) string { return "" }
	err := p.show(Notification{Title: "x"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no desktop session")
}

// TestNotifyAfterTheBusWentAway connects again on the next notification.
func TestNotifyAfterTheBusWentAway(t *testing.T) {
	srv := serveNotifications(t)
	n := New(nil)
	t.Cleanup(func() { n.Close() })
	require.NoError(t, n.Notify(Notification{Title: "first"}))
	n.mu.Lock()
	p := n.os
	n.mu.Unlock()
	p.mu.Lock()
	p.conn.Close() // the bus dropped the connection
	p.mu.Unlock()
	require.Error(t, n.Notify(Notification{Title: "lost"}))
	require.NoError(t, n.Notify(Notification{Title: "second"}))
	rec := srv.Received()
	require.Len(t, rec, 2)
	assert.Equal(t, "second", rec[1].Summary)
}
