//go:build windows

package desktopnotify

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	toast "git.sr.ht/~jackmordaunt/go-toast"
)

// activatorGUID is the COM class Windows calls when the user clicks one of TrueUp's toasts
// (the app's own, so another go-toast program's activator is never called for ours).
const activatorGUID = "{7E3B4A5C-2D1F-4C8B-9A6E-5F0D3C2B1A94}"

// platform shows toasts through the Windows Runtime (go-toast falls back to PowerShell,
// where clicks are not reported). While TrueUp runs, go-toast's in-process COM activator
// hears the click and hands over the toast's activation arguments: the Ref.
type platform struct {
	icon   []byte
	opened func(ref string)

	once     sync.Once
	iconPath string
	setupErr error
}

func newPlatform(icon []byte, opened func(string)) *platform {
	return &platform{icon: icon, opened: opened}
}

// setup registers TrueUp as the toasts' sender (its name and icon in the registry under
// HKCU, as every toast-sending app does) and the click callback, once.
func (p *platform) setup() error {
	p.once.Do(func() {
		if len(p.icon) > 0 {
			dir, err := os.UserCacheDir()
			if err == nil {
				path := filepath.Join(dir, "TrueUp", "notification-icon.png")
				if err = os.MkdirAll(filepath.Dir(path), 0o700); err == nil {
					err = os.WriteFile(path, p.icon, 0o600)
				}
				if err == nil {
					p.iconPath = path
				}
			}
		}
		p.setupErr = toast.SetAppData(toast.AppData{AppID: appName, GUID: activatorGUID, IconPath: p.iconPath})
		toast.SetActivationCallback(func(args string, _ []toast.UserData) {
			if ref, ok := refFromArgs(args); ok {
				p.opened(ref)
			}
		})
	})
	return p.setupErr
}

func (p *platform) show(n Notification) error {
	if err := p.setup(); err != nil {
		return fmt.Errorf("register TrueUp as a notification sender: %w", err)
	}
	t := toast.Notification{AppID: appName, Title: n.Title, Body: n.Body, Icon: p.iconPath,
		ActivationType: toast.Foreground}
	if n.Ref != "" {
		t.ActivationArguments = activationArgs(n.Ref)
	}
	return t.Push()
}

func (p *platform) close() error { return nil }
