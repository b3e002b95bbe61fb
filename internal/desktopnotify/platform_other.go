//go:build !linux && !windows && !darwin

package desktopnotify

import (
	"sync"

	"github.com/gen2brain/beeep"
)

// setName sets beeep's application name (a package variable) once.
var setName sync.Once

// platform shows notifications through beeep (the BSDs' notification daemon). beeep reports
// no clicks, so a Ref opens nothing here: the notice waits in the inbox.
type platform struct{ icon []byte }

func newPlatform(icon []byte, _ func(string)) *platform {
	setName.Do(func() { beeep.AppName = appName })
	return &platform{icon: icon}
}

func (p *platform) show(n Notification) error {
	var icon any = ""
	if len(p.icon) > 0 {
		icon = p.icon
	}
	return beeep.Notify(n.Title, n.Body, icon)
}

func (p *platform) close() error { return nil }
