//go:build darwin

package desktopnotify

import (
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"
)

// On macOS a notification goes to the notification centre (NSUserNotificationCenter, the API
// beeep uses too), through purego's Objective-C runtime: pure Go, no cgo of its own. TrueUp
// is the centre's delegate, so a click arrives as
// userNotificationCenter:didActivateNotification: with the notification's userInfo, which
// carries the Ref. The centre belongs to an app bundle: TrueUp.app has one; the CLI binary
// or a wails dev build does not, and there beeep shows the notice (as Terminal) with no
// click.
//
// Apple's pages:
// https://developer.apple.com/documentation/foundation/nsusernotificationcenter
// https://developer.apple.com/documentation/foundation/nsusernotificationcenterdelegate/usernotificationcenter(_:didactivate:)

// refKey is the userInfo key a notification's Ref travels under.
const refKey = "trueup-ref"

var (
	selNew                           = objc.RegisterName("new")
	selDrain                         = objc.RegisterName("drain")
	selRelease                       = objc.RegisterName("release")
	selMainBundle                    = objc.RegisterName("mainBundle")
	selBundleIdentifier              = objc.RegisterName("bundleIdentifier")
	selDefaultUserNotificationCenter = objc.RegisterName("defaultUserNotificationCenter")
	selSetDelegate                   = objc.RegisterName("setDelegate:")
	selDeliverNotification           = objc.RegisterName("deliverNotification:")
	selSetIdentifier                 = objc.RegisterName("setIdentifier:")
	selSetTitle                      = objc.RegisterName("setTitle:")
	selSetInformativeText            = objc.RegisterName("setInformativeText:")
	selSetUserInfo                   = objc.RegisterName("setUserInfo:")
	selUserInfo                      = objc.RegisterName("userInfo")
	selObjectForKey                  = objc.RegisterName("objectForKey:")
	selDictionaryWithObjectForKey    = objc.RegisterName("dictionaryWithObject:forKey:")
	selStringWithUTF8String          = objc.RegisterName("stringWithUTF8String:")
	selUTF8String                    = objc.RegisterName("UTF8String")
	selDidActivate                   = objc.RegisterName("userNotificationCenter:didActivateNotification:")
)

// The Objective-C runtime is process-wide: one delegate class, one delegate, one centre. A
// click goes to the Notifier that made the latest platform (the app makes one).
var (
	centreOnce sync.Once
	centre     objc.ID // 0: no bundle or no AppKit, beeep shows the notices
	clicked    atomic.Pointer[func(string)]
)

// platform posts to the bundle's notification centre, or through beeep outside a bundle.
type platform struct {
	icon []byte
	mu   sync.Mutex // one delivery at a time, on a locked OS thread
}

func newPlatform(icon []byte, opened func(string)) *platform {
	clicked.Store(&opened)
	return &platform{icon: icon}
}

func (p *platform) show(n Notification) error {
	c := bundleCentre()
	if c == 0 {
		return beeepShow(p.icon, n)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pool := objc.ID(objc.GetClass("NSAutoreleasePool")).Send(selNew)
	defer pool.Send(selDrain)

	note := objc.ID(objc.GetClass("NSUserNotification")).Send(selNew)
	if note == 0 {
		return errors.New("the notification centre is not available")
	}
	defer note.Send(selRelease)
	// A unique identifier: the centre replaces a notification with the same one.
	note.Send(selSetIdentifier, nsString("trueup-"+strconv.FormatInt(time.Now().UnixNano(), 10)))
	note.Send(selSetTitle, nsString(n.Title))
	note.Send(selSetInformativeText, nsString(n.Body))
	if n.Ref != "" {
		info := objc.ID(objc.GetClass("NSDictionary")).Send(selDictionaryWithObjectForKey, nsString(n.Ref), nsString(refKey))
		note.Send(selSetUserInfo, info)
	}
	// The app's icon is the bundle's: the centre shows it without being sent one.
	c.Send(selDeliverNotification, note)
	return nil
}

func (p *platform) close() error { return nil }

// bundleCentre is the app bundle's notification centre with TrueUp as its delegate, made
// once; 0 outside a bundle or without AppKit.
func bundleCentre() objc.ID {
	centreOnce.Do(func() {
		if _, err := purego.Dlopen("/System/Library/Frameworks/AppKit.framework/AppKit", purego.RTLD_GLOBAL|purego.RTLD_LAZY); err != nil {
			return
		}
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		bundle := objc.ID(objc.GetClass("NSBundle")).Send(selMainBundle)
		if bundle == 0 || bundle.Send(selBundleIdentifier) == 0 {
			return
		}
		c := objc.ID(objc.GetClass("NSUserNotificationCenter")).Send(selDefaultUserNotificationCenter)
		if c == 0 {
			return
		}
		if d := newDelegate(); d != 0 {
			c.Send(selSetDelegate, d) // the centre holds it weakly: d is never released
		}
		centre = c
	})
	return centre
}

// newDelegate registers the delegate class and makes its one instance; 0 when the runtime
// refuses (then notices still show, and a click brings TrueUp forward only).
func newDelegate() objc.ID {
	var protocols []*objc.Protocol
	if p := objc.GetProtocol("NSUserNotificationCenterDelegate"); p != nil {
		protocols = append(protocols, p)
	}
	class, err := objc.RegisterClass("TrueUpNotificationDelegate", objc.GetClass("NSObject"), protocols, nil, []objc.MethodDef{{
		Cmd: selDidActivate,
		Fn:  didActivate,
	}})
	if err != nil {
		return 0
	}
	return objc.ID(class).Send(selNew)
}

// didActivate is the centre's call on a click: the Ref in the notification's userInfo goes
// to the Notifier (which hands it on on a goroutine of its own, off the main thread).
func didActivate(_ objc.ID, _ objc.SEL, _ objc.ID, note objc.ID) {
	info := note.Send(selUserInfo)
	if info == 0 {
		return
	}
	ref := info.Send(selObjectForKey, nsString(refKey))
	if ref == 0 {
		return
	}
	if f := clicked.Load(); f != nil && *f != nil {
		(*f)(objc.Send[string](ref, selUTF8String))
	}
}

func nsString(s string) objc.ID {
	return objc.ID(objc.GetClass("NSString")).Send(selStringWithUTF8String, s)
}
