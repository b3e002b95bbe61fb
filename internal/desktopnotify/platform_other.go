//go:build !linux && !windows && !darwin

package desktopnotify

// platform shows notifications through beeep (the BSDs' notification daemon). beeep reports
// no clicks, so a Ref opens nothing here: the notice waits in the inbox.
type platform struct{ icon []byte }

func newPlatform(icon []byte, _ func(string)) *platform { return &platform{icon: icon} }

func (p *platform) show(n Notification) error { return beeepShow(p.icon, n) }

func (p *platform) close() error { return nil }
