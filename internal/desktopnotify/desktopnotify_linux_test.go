//go:build linux

package desktopnotify

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notificationServer is the org.freedesktop.Notifications service as a notification daemon
// serves it on the session bus: enough of it for a client to send a notification.
type notificationServer struct {
	mu   sync.Mutex
	got  []received
	next uint32
}

type received struct {
	AppName, Summary, Body string
	HasImage               bool
}

func (s *notificationServer) Notify(appName string, replacesID uint32, appIcon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, img := hints["image-data"]
	s.got = append(s.got, received{AppName: appName, Summary: summary, Body: body, HasImage: img})
	s.next++
	return s.next, nil
}

func (s *notificationServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body"}, nil
}

func (s *notificationServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "trueup-test", "trueup", "1", "1.2", nil
}

func (s *notificationServer) CloseNotification(uint32) *dbus.Error { return nil }

func (s *notificationServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received{}, s.got...)
}

// A 1x1 PNG.
var pixel = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00,
	0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff,
	0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

// TestNotifyOverTheSessionBus sends notifications the way the app does, over a real D-Bus
// session bus, to a service that owns org.freedesktop.Notifications there. No notification
// daemon is installed on the build machines (and one needs a display), so the test serves
// the interface itself; it runs where a session bus is (scripts/with-keyring.sh starts one).
func TestNotifyOverTheSessionBus(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("no D-Bus session bus: run under scripts/with-keyring.sh (dbus-run-session)")
	}
	conn, err := dbus.ConnectSessionBus()
	require.NoError(t, err)
	defer conn.Close()
	srv := &notificationServer{}
	require.NoError(t, conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"))
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	require.NoError(t, err)
	if reply != dbus.RequestNameReplyPrimaryOwner {
		t.Skip("another notification service owns the name on this bus")
	}

	require.NoError(t, New(pixel).Notify("Pax8 sync failed", "Scheduled sync failed. Store the credentials again."))
	require.NoError(t, New(nil).Notify("Weekly summary", "Every vendor account and product is mapped."))
	require.Eventually(t, func() bool { return len(srv.received()) == 2 }, 5*time.Second, 10*time.Millisecond)
	got := srv.received()
	assert.Equal(t, received{AppName: "TrueUp", Summary: "Pax8 sync failed", Body: "Scheduled sync failed. Store the credentials again.", HasImage: true}, got[0])
	assert.Equal(t, received{AppName: "TrueUp", Summary: "Weekly summary", Body: "Every vendor account and product is mapped."}, got[1])
}
