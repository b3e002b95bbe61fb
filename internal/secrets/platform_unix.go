//go:build linux || freebsd || openbsd || netbsd || dragonfly

package secrets

import "os"

// platformBackend is TrueUp's own Secret Service client rather than go-keyring's: that one
// connects through godbus's shared session bus, which starts dbus-launch (a dbus-daemon
// and a gnome-keyring-daemon that outlive the process) when no session bus is set, and it
// waits for an unlock prompt without a bound or a way to tell the GUI.
func platformBackend(k *Keyring) backend {
	return &secretService{
		busName: secretServiceName, callTimeout: k.timeout, promptTimeout: k.promptTimeout,
		prompts: k.prompts, getenv: os.Getenv, uid: os.Getuid(),
	}
}
