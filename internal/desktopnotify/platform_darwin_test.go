//go:build darwin

package desktopnotify

import (
	"testing"
	"time"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"
	"github.com/stretchr/testify/require"
)

// These run on a Mac (go test ./internal/desktopnotify/); the Linux CI compiles them
// (go vet with GOOS=darwin) but cannot run them.

func loadAppKit(t *testing.T) {
	t.Helper()
	_, err := purego.Dlopen("/System/Library/Frameworks/AppKit.framework/AppKit", purego.RTLD_GLOBAL|purego.RTLD_LAZY)
	require.NoError(t, err)
}

// clicks makes the platform with a Notifier whose clicks arrive on the channel.
func clicks(t *testing.T) <-chan string {
	t.Helper()
	loadAppKit(t)
	got := make(chan string, 1)
	n := New(nil)
	n.OnOpen(func(ref string) { got <- ref })
	newPlatform(nil, n.opened)
	return got
}

func TestDelegateAnswersTheCentresClick(t *testing.T) {
	loadAppKit(t)
	d := newDelegate()
	require.NotZero(t, d, "the delegate class registers")
	require.True(t, objc.Send[bool](d, objc.RegisterName("respondsToSelector:"), selDidActivate))
}

func TestClickOpensTheNotificationsRef(t *testing.T) {
	got := clicks(t)
	note := objc.ID(objc.GetClass("NSUserNotification")).Send(selNew)
	require.NotZero(t, note)
	defer note.Send(selRelease)
	note.Send(selSetUserInfo, objc.ID(objc.GetClass("NSDictionary")).Send(selDictionaryWithObjectForKey, nsString("own:42"), nsString(refKey)))
	didActivate(0, 0, 0, note)

	select {
	case ref := <-got:
		require.Equal(t, "own:42", ref)
	case <-time.After(5 * time.Second):
		t.Fatal("the click did not reach the opener")
	}
}

func TestClickWithoutARefOpensNothing(t *testing.T) {
	got := clicks(t)
	note := objc.ID(objc.GetClass("NSUserNotification")).Send(selNew)
	defer note.Send(selRelease)
	didActivate(0, 0, 0, note)

	select {
	case ref := <-got:
		t.Fatalf("opened %q", ref)
	case <-time.After(200 * time.Millisecond):
	}
}

// A test binary has no bundle: the notices go through beeep, and bundleCentre says so.
func TestOutsideABundleThereIsNoCentre(t *testing.T) {
	require.Zero(t, bundleCentre())
}
