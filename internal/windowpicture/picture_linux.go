//go:build linux && cgo && (desktop || dev)

package windowpicture

/*
#cgo pkg-config: gtk+-3.0
#include <stdlib.h>
#include "picture.h"
*/
import "C"

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"runtime/cgo"
	"time"
	"unsafe"

	"github.com/trueup/trueup/internal/startupview"
)

// Show paints png (taken at scale, dark or light) over the window from its first frame,
// for at most maxWait. Call it before the window opens; it waits for the window itself.
func Show(s startupview.Picture, maxWait time.Duration) {
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

type captured struct {
	pixels        []byte // cairo's RGB24: a 32-bit word a pixel, blue in its lowest byte
	width, height int
	stride        int
	scale         int
	dark          bool
	err           error
}

// Capture takes a picture of the web view as the window shows it now. GTK's thread only
// copies the pixels; the PNG is encoded here.
func Capture(ctx context.Context) (startupview.Picture, error) {
	done := make(chan captured, 1)
	h := cgo.NewHandle(done)
	C.trueup_picture_capture(C.uintptr_t(h))
	var c captured
	select {
	case c = <-done:
	case <-ctx.Done():
		return startupview.Picture{}, ctx.Err()
	}
	if c.err != nil {
		return startupview.Picture{}, c.err
	}
	img := image.NewRGBA(image.Rect(0, 0, c.width, c.height))
	for y := 0; y < c.height; y++ {
		row := c.pixels[y*c.stride:]
		out := img.Pix[y*img.Stride:]
		for x := 0; x < c.width; x++ {
			// Little-endian words: B, G, R, unused.
			out[4*x], out[4*x+1], out[4*x+2], out[4*x+3] = row[4*x+2], row[4*x+1], row[4*x], 0xff
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return startupview.Picture{}, errors.New("take the startup picture: " + err.Error())
	}
	return startupview.Picture{PNG: buf.Bytes(), Scale: c.scale, Dark: c.dark}, nil
}

//export trueupPictureCaptured
func trueupPictureCaptured(handle C.uintptr_t, pixels *C.uchar, width, height, stride, scale, dark C.int, msg *C.char) {
	h := cgo.Handle(handle)
	done := h.Value().(chan captured)
	h.Delete()
	if msg != nil {
		done <- captured{err: errors.New("take the startup picture: " + C.GoString(msg))}
		return
	}
	done <- captured{pixels: C.GoBytes(unsafe.Pointer(pixels), height*stride), width: int(width), height: int(height),
		stride: int(stride), scale: int(scale), dark: dark != 0}
}
