// Package desktopnotify shows TrueUp's notices as OS desktop notifications through
// github.com/gen2brain/beeep: a Windows toast, the macOS notification centre, and on Linux
// org.freedesktop.Notifications over D-Bus (pure Go, through godbus; no cgo, no GTK), with
// notify-send or kdialog as beeep's fallbacks. beeep offers no click callback on any
// platform, so clicking a desktop notification does not open its target: the notice in
// the app's inbox does.
package desktopnotify

import (
	"fmt"
	"sync"

	"github.com/gen2brain/beeep"
)

// appName is the application name the notifications carry (beeep keeps it in a package
// variable; it is set once, before the first notification).
const appName = "TrueUp"

var setName sync.Once

// Notifier shows desktop notifications with TrueUp's name and icon.
type Notifier struct {
	icon []byte // PNG
}

// New returns a notifier showing icon (PNG bytes; nil for the platform's default).
func New(icon []byte) *Notifier {
	setName.Do(func() { beeep.AppName = appName })
	return &Notifier{icon: icon}
}

// Notify shows one notification.
func (n *Notifier) Notify(title, body string) error {
	var icon any = ""
	if len(n.icon) > 0 {
		icon = n.icon
	}
	if err := beeep.Notify(title, body, icon); err != nil {
		return fmt.Errorf("show a desktop notification (the notice is in the inbox; turn desktop notifications off there if the desktop cannot show them): %w", err)
	}
	return nil
}
