//go:build linux

package main

import (
	"os"

	"github.com/trueup/trueup/internal/secrets"
)

// singleInstanceBus says whether the single-instance lock can be used: Wails holds it as a
// name on the D-Bus session bus, and its D-Bus client starts a bus (dbus-launch) when it
// finds none in DBUS_SESSION_BUS_ADDRESS, which TrueUp never does. The bus is looked up as
// the keychain looks it up (the login session's socket too) and, when found only as a
// socket, named in the variable so that Wails connects to it; without a bus the lock is
// skipped and the folder lock still keeps a second window from syncing.
func singleInstanceBus() bool {
	addr, err := secrets.SessionBusAddress(os.Getenv)
	if err != nil {
		return false
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		_ = os.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	}
	return true
}
