//go:build !linux && !windows

package desktopnotify

import (
	"sync"

	"github.com/gen2brain/beeep"
)

// setName sets beeep's application name (a package variable) once.
var setName sync.Once

// beeepShow shows n through beeep, which reports no clicks: macOS outside an app bundle, and
// the platforms with no client of their own.
func beeepShow(icon []byte, n Notification) error {
	setName.Do(func() { beeep.AppName = appName })
	var i any = ""
	if len(icon) > 0 {
		i = icon
	}
	return beeep.Notify(n.Title, n.Body, i)
}
