//go:build linux && cgo && (desktop || dev)

package windowpicture

/*
#cgo pkg-config: gtk+-3.0
#include <stdlib.h>
#include "picture.h"
*/
import "C"

import (
	"context"
	"errors"
	"runtime/cgo"
	"time"
	"unsafe"
)

// Show paints png (taken at scale, dark or light) over the window from its first frame,
// for at most maxWait. Call it before the window opens; it waits for the window itself.
func Show(s Shot, maxWait time.Duration) {
	if len(s.PNG) == 0 {
		return
	}
	p := C.CBytes(s.PNG)
	defer C.free(p)
	dark := 0
	if s.Dark {
		dark = 1
	}
	C.trueup_picture_show((*C.uchar)(p), C.int(len(s.PNG)), C.int(s.Scale), C.int(dark), C.int(maxWait.Milliseconds()))
}

// Hide drops the picture (the page has painted the screen itself). Safe to call any time.
func Hide() { C.trueup_picture_hide() }

type captureResult struct {
	shot Shot
	err  error
}

// Capture takes a picture of the web view as the window shows it now.
func Capture(ctx context.Context) (Shot, error) {
	done := make(chan captureResult, 1)
	h := cgo.NewHandle(done)
	C.trueup_picture_capture(C.uintptr_t(h))
	select {
	case r := <-done:
		return r.shot, r.err
	case <-ctx.Done():
		return Shot{}, ctx.Err()
	}
}

//export trueupPictureCaptured
func trueupPictureCaptured(handle C.uintptr_t, png *C.uchar, n C.int, scale C.int, dark C.int, msg *C.char) {
	h := cgo.Handle(handle)
	done := h.Value().(chan captureResult)
	h.Delete()
	if msg != nil {
		done <- captureResult{err: errors.New("take the startup picture: " + C.GoString(msg))}
		return
	}
	done <- captureResult{shot: Shot{PNG: C.GoBytes(unsafe.Pointer(png), n), Scale: int(scale), Dark: dark != 0}}
}
