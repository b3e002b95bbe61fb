//go:build linux

package desktopnotify

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"os"
	"sync"

	"github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
	"golang.org/x/image/draw"

	"github.com/trueup/trueup/internal/secrets"
)

// iconSize is the side of the image sent with each notification: notification daemons show
// it at 48-64 px (128 for HiDPI), and the full 512 px icon would be 1 MiB per message.
const iconSize = 128

// platform is a client of the desktop's notification daemon on the session bus. It keeps
// its connection, so the daemon's ActionInvoked signal (the user clicked a notification) is
// heard, and the ids of the notifications it showed, to map a click to its Ref.
type platform struct {
	image  *image.RGBA // nil: no icon
	opened func(ref string)
	getenv func(string) string

	mu       sync.Mutex
	conn     *dbus.Conn
	notifier notify.Notifier
	refs     map[uint32]string // notification id -> Ref, until the daemon closes it
}

func newPlatform(icon []byte, opened func(string)) *platform {
	return &platform{image: scaledIcon(icon), opened: opened, getenv: os.Getenv, refs: map[uint32]string{}}
}

// scaledIcon decodes the PNG icon at iconSize; nil when there is none or it does not decode
// (the daemon then shows its default).
func scaledIcon(icon []byte) *image.RGBA {
	if len(icon) == 0 {
		return nil
	}
	src, err := png.Decode(bytes.NewReader(icon))
	if err != nil {
		return nil
	}
	dst := image.NewRGBA(image.Rect(0, 0, iconSize, iconSize))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
}

func (p *platform) show(n Notification) error {
	nf, err := p.client()
	if err != nil {
		return err
	}
	note := notify.Notification{AppName: appName, Summary: n.Title, Body: n.Body,
		ExpireTimeout: notify.ExpireTimeoutSetByNotificationServer}
	if p.image != nil {
		note.AddHint(notify.HintImageDataRGBA(p.image))
	}
	if n.Ref != "" {
		// "default" is the action a click on the notification's body invokes.
		note.Actions = []notify.Action{notify.NewDefaultAction("Open in TrueUp")}
	}
	// The id is recorded under the lock the signal handler takes, so a click that arrives
	// before SendNotification returns still finds its Ref.
	p.mu.Lock()
	defer p.mu.Unlock()
	id, err := nf.SendNotification(note)
	if err != nil {
		p.dropLocked() // the next notification connects again (the bus or daemon restarted)
		return fmt.Errorf("send it to the desktop's notification service: %w", err)
	}
	if n.Ref != "" {
		p.refs[id] = n.Ref
	}
	return nil
}

// client connects to the session bus on first use. It never starts a bus: without one
// there is no desktop to show notifications on.
func (p *platform) client() (notify.Notifier, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.notifier != nil {
		return p.notifier, nil
	}
	addr, err := secrets.SessionBusAddress(p.getenv)
	if err != nil {
		return nil, fmt.Errorf("no desktop session: %w", err)
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		return nil, fmt.Errorf("connect to the session bus: %w", err)
	}
	nf, err := notify.New(conn,
		notify.WithOnAction(p.actionInvoked),
		notify.WithOnClosed(p.closed),
		notify.WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("listen for clicks on notifications: %w", err)
	}
	p.conn, p.notifier = conn, nf
	return nf, nil
}

func (p *platform) actionInvoked(s *notify.ActionInvokedSignal) {
	p.mu.Lock()
	ref, ok := p.refs[s.ID]
	p.mu.Unlock()
	if ok && s.ActionKey == "default" {
		p.opened(ref)
	}
}

// closed forgets a notification the daemon closed (clicked, dismissed or expired; a click
// sends ActionInvoked first).
func (p *platform) closed(s *notify.NotificationClosedSignal) {
	p.mu.Lock()
	delete(p.refs, s.ID)
	p.mu.Unlock()
}

func (p *platform) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dropLocked()
}

func (p *platform) dropLocked() error {
	if p.notifier == nil {
		return nil
	}
	err := errors.Join(p.notifier.Close(), p.conn.Close())
	p.notifier, p.conn = nil, nil
	return err
}
