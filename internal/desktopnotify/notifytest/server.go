//go:build linux

// Package notifytest is a notification daemon for tests: it serves
// org.freedesktop.Notifications on a D-Bus session bus as a desktop's daemon does, records
// what it is asked to show, and does what a user does to a notification (click it, close
// it) by emitting the signals a daemon emits then. No daemon is installed on the build
// machines (and a real one needs a display); the unit tests and the end-to-end test
// (fakenotifyd, over HTTP) use this one.
package notifytest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/godbus/dbus/v5"
)

const (
	path  = dbus.ObjectPath("/org/freedesktop/Notifications")
	iface = "org.freedesktop.Notifications"
)

// ErrNameTaken is another notification service on the bus.
var ErrNameTaken = errors.New("another notification service owns org.freedesktop.Notifications on this bus")

// Notification is what the daemon was asked to show.
type Notification struct {
	ID      uint32   `json:"id"`
	AppName string   `json:"app_name"`
	Summary string   `json:"summary"`
	Body    string   `json:"body"`
	Actions []string `json:"actions"` // key, label, key, label...
	// ImageWidth is the width of the image-data hint's image, 0 without one.
	ImageWidth int32 `json:"image_width"`
}

// Server is the daemon.
type Server struct {
	conn *dbus.Conn

	mu   sync.Mutex
	got  []Notification
	next uint32
}

// Serve owns the notification service's name on conn's bus and serves it there.
func Serve(conn *dbus.Conn) (*Server, error) {
	s := &Server{conn: conn}
	if err := conn.Export(daemon{s}, path, iface); err != nil {
		return nil, fmt.Errorf("export the notification service: %w", err)
	}
	reply, err := conn.RequestName(iface, dbus.NameFlagDoNotQueue)
	if err != nil {
		return nil, fmt.Errorf("own the notification service's name: %w", err)
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return nil, ErrNameTaken
	}
	return s, nil
}

// Received lists the notifications shown so far, oldest first.
func (s *Server) Received() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Notification{}, s.got...)
}

// Click is the user clicking a notification's body: the daemon invokes its default
// action, then closes it (reason 2: dismissed by the user).
func (s *Server) Click(id uint32) error {
	if err := s.Invoke(id, "default"); err != nil {
		return err
	}
	return s.Dismiss(id)
}

// Invoke emits ActionInvoked for the action key of notification id.
func (s *Server) Invoke(id uint32, key string) error {
	return s.conn.Emit(path, iface+".ActionInvoked", id, key)
}

// Dismiss emits NotificationClosed for notification id, closed by the user.
func (s *Server) Dismiss(id uint32) error {
	return s.conn.Emit(path, iface+".NotificationClosed", id, uint32(2))
}

// Handler serves the daemon over HTTP for a test in another process:
// GET /notifications lists them (JSON), POST /click?id=N clicks one.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /notifications", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Received())
	})
	mux.HandleFunc("POST /click", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseUint(r.URL.Query().Get("id"), 10, 32)
		if err != nil {
			http.Error(w, "give the id of a notification: /click?id=N", http.StatusBadRequest)
			return
		}
		if err := s.Click(uint32(id)); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

// daemon holds the methods exported on the bus (and only those).
type daemon struct{ s *Server }

func (d daemon) Notify(appName string, _ uint32, _, summary, body string, actions []string,
	hints map[string]dbus.Variant, _ int32) (uint32, *dbus.Error) {
	s := d.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	n := Notification{ID: s.next, AppName: appName, Summary: summary, Body: body, Actions: actions}
	if v, ok := hints["image-data"]; ok {
		// (iiibiiay): width first.
		if fields, ok := v.Value().([]any); ok && len(fields) == 7 {
			n.ImageWidth, _ = fields[0].(int32)
		}
	}
	if n.Actions == nil {
		n.Actions = []string{}
	}
	s.got = append(s.got, n)
	return s.next, nil
}

func (daemon) GetCapabilities() ([]string, *dbus.Error) { return []string{"body", "actions"}, nil }

func (daemon) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "trueup-notifytest", "trueup", "1", "1.2", nil
}

func (daemon) CloseNotification(uint32) *dbus.Error { return nil }
