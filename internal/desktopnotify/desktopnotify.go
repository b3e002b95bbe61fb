// Package desktopnotify shows TrueUp's notices as OS desktop notifications and tells the
// app when the user clicks one, so that the click opens what the notice is about (its run
// log, the cards, Settings), as the notice does in the inbox:
//
//   - Linux: org.freedesktop.Notifications over the session bus through
//     github.com/esiqveland/notify (pure Go, on godbus), with a "default" action whose
//     ActionInvoked signal is the click. The bus is found as the keychain finds it, never
//     started (internal/secrets.SessionBusAddress).
//   - Windows: a toast through git.sr.ht/~jackmordaunt/go-toast, whose COM activation
//     callback is the click while TrueUp runs (after it quits, a click in the Action Centre
//     does nothing: TrueUp does not register itself to be started by one).
//   - macOS: the app bundle's notification centre (NSUserNotificationCenter) through
//     github.com/ebitengine/purego's Objective-C runtime (no cgo), with TrueUp as its
//     delegate: userNotificationCenter:didActivateNotification: is the click, the Ref rides
//     in the notification's userInfo. Outside a bundle (the CLI) beeep shows it, no click.
//   - the rest: github.com/gen2brain/beeep, which has no click callback: the inbox holds
//     the notice.
//
// Which notice was clicked travels as a Ref, an opaque string the app chooses (which
// workspace, which notice).
package desktopnotify

import (
	"fmt"
	"strings"
	"sync"
)

// appName is the application name the notifications carry.
const appName = "TrueUp"

// Notification is one desktop notification.
type Notification struct {
	Title, Body string
	// Ref comes back to the Opener when the user clicks the notification; empty for a
	// notification that opens nothing.
	Ref string
}

// Opener is called, on a goroutine of its own, with the Ref of a clicked notification.
type Opener func(ref string)

// Notifier shows desktop notifications with TrueUp's name and icon.
type Notifier struct {
	icon []byte // PNG; nil for the platform's default

	mu   sync.Mutex
	open Opener
	os   *platform // the platform's client, made on the first notification
}

// New returns a notifier showing icon (PNG bytes; nil for the platform's default).
func New(icon []byte) *Notifier { return &Notifier{icon: icon} }

// OnOpen sets what a click on a notification calls (the app sets it once its window
// exists); until then clicks are ignored.
func (n *Notifier) OnOpen(f Opener) {
	n.mu.Lock()
	n.open = f
	n.mu.Unlock()
}

// opened passes a click on.
func (n *Notifier) opened(ref string) {
	n.mu.Lock()
	f := n.open
	n.mu.Unlock()
	if f != nil && ref != "" {
		go f(ref)
	}
}

// Notify shows one notification.
func (n *Notifier) Notify(note Notification) error {
	n.mu.Lock()
	if n.os == nil {
		n.os = newPlatform(n.icon, n.opened)
	}
	p := n.os
	n.mu.Unlock()
	if err := p.show(note); err != nil {
		return fmt.Errorf("show a desktop notification (the notice is in the inbox; turn desktop notifications off there if the desktop cannot show them): %w", err)
	}
	return nil
}

// Close lets go of the platform's client (the session bus connection on Linux).
func (n *Notifier) Close() error {
	n.mu.Lock()
	p := n.os
	n.os = nil
	n.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.close()
}

// refPrefix marks the activation arguments TrueUp wrote (Windows hands any toast's
// arguments to the callback it registered).
const refPrefix = "trueup-notice:"

// activationArgs is what a notification carries to say which Ref it opens.
func activationArgs(ref string) string { return refPrefix + ref }

// refFromArgs reads the Ref back from activation arguments; false when they are not
// TrueUp's.
func refFromArgs(args string) (string, bool) {
	ref, ok := strings.CutPrefix(args, refPrefix)
	if !ok || ref == "" {
		return "", false
	}
	return ref, true
}
