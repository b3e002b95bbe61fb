package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/startupview"
)

// magentaShare reads Xvfb's screen file (XWD, 32 bits a pixel) and returns the share of the
// pixels in the middle of the screen that are pure magenta.
func magentaShare(t *testing.T, path string) float64 {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 100 {
		return 0
	}
	u32 := func(i int) int { return int(binary.BigEndian.Uint32(b[i*4:])) }
	size, width, height, bpl, colours := u32(0), u32(4), u32(5), u32(12), u32(19)
	off := size + colours*12
	n, hits := 0, 0
	for y := height / 3; y < 2*height/3; y += 7 {
		for x := width / 3; x < 2*width/3; x += 7 {
			i := off + y*bpl + x*4
			if i+3 > len(b) {
				return 0
			}
			n++
			if b[i] > 240 && b[i+1] < 15 && b[i+2] > 240 { // B, G, R
				hits++
			}
		}
	}
	return float64(hits) / float64(n)
}

// A launch after the first paints the kept screen's picture over the window before the page
// has painted, and drops it once the page has (internal/windowpicture). The first launch
// takes the picture of its own window; the test then swaps it for a magenta one of the same
// size, so the screen shows which of the two it is. Needs WebKitGTK and Xvfb.
func TestALaterLaunchShowsTheKeptPictureUntilThePageHasPainted(t *testing.T) {
	xvfb := needsDesktop(t)
	bin := buildTrueUp(t, "desktop,production,webkit2_41")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a safety net, not a target
	defer cancel()
	dataDir := t.TempDir()
	launch := func(display string) (*exec.Cmd, *bytes.Buffer) {
		app := exec.CommandContext(ctx, bin, "--data-dir", dataDir)
		app.Env = append(withoutDisplay(t), "DISPLAY="+display, "XDG_RUNTIME_DIR="+t.TempDir())
		var out bytes.Buffer
		app.Stdout, app.Stderr = &out, &out
		require.NoError(t, app.Start())
		return app, &out
	}
	stop := func(app *exec.Cmd) {
		require.NoError(t, app.Process.Signal(syscall.SIGTERM))
		_ = app.Wait()
	}

	first, out := launch(startXvfb(ctx, t, xvfb, ""))
	meta := filepath.Join(dataDir, "startup-view-picture.json")
	require.Eventually(t, func() bool { _, err := os.Stat(meta); return err == nil }, 2*time.Minute, 100*time.Millisecond,
		"the first launch kept no picture of its window: %s", out)
	stop(first)
	shot, err := os.ReadFile(filepath.Join(dataDir, startupview.PictureFile))
	require.NoError(t, err)
	cfg, err := png.DecodeConfig(bytes.NewReader(shot))
	require.NoError(t, err)
	assert.Equal(t, [2]int{1280, 800}, [2]int{cfg.Width, cfg.Height}, "a picture of the window as fitted to the screen")

	img := image.NewRGBA(image.Rect(0, 0, cfg.Width, cfg.Height))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = 255, 0, 255, 255
	}
	var magenta bytes.Buffer
	require.NoError(t, png.Encode(&magenta, img))
	require.NoError(t, os.WriteFile(filepath.Join(dataDir, startupview.PictureFile), magenta.Bytes(), 0o600))

	fbdir := t.TempDir()
	second, out := launch(startXvfb(ctx, t, xvfb, fbdir))
	defer stop(second)
	screen := filepath.Join(fbdir, "Xvfb_screen0")
	require.Eventually(t, func() bool { return magentaShare(t, screen) > 0.9 }, time.Minute, 5*time.Millisecond,
		"the window never showed the kept picture: %s", out)
	require.Eventually(t, func() bool { return magentaShare(t, screen) == 0 }, time.Minute, 20*time.Millisecond,
		"the picture stayed over the page: %s", out)
}
