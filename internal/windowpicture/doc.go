// Package windowpicture paints a picture of the window's last screen over the window from
// its first frame until the page has painted that screen itself, and takes that picture.
//
// On Linux the window is mapped about 0.75 s after launch, but WebKitGTK's web process paints
// the page's first frame 0.3 s later (it starts, loads, lays out, composites; the web view
// is black meanwhile). internal/startupview puts the kept screen into the page, so the first
// frame of the page is that screen; this package makes the window show a picture of it
// from the window's first frame on, and drops the picture as soon as the page says it has
// painted it (Hide), on any key or click, when the window changes size, or after a few
// seconds at most. The picture is taken of the web view (Capture) when the view is kept,
// so the two match.
//
// The picture is internal/startupview's Picture: the PNG, the window's scale factor and
// whether the desktop preferred a dark theme when it was taken (a picture of the other
// theme is not shown).
//
// Only the Linux desktop builds have it (cgo, GTK 3, WebKitGTK); elsewhere Show and Hide do
// nothing and Capture reports ErrUnsupported.
package windowpicture

import "errors"

// ErrUnsupported is Capture's error where the window has no picture.
var ErrUnsupported = errors.New("this build's window takes no startup picture")
