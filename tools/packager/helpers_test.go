package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// testIcon writes a 512x512 PNG with a coloured square on transparency (like the app icon:
// alpha matters) and returns its path.
func testIcon(t *testing.T) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 512, 512))
	for y := 96; y < 416; y++ {
		for x := 96; x < 416; x++ {
			img.Set(x, y, color.NRGBA{R: 20, G: 90, B: 200, A: 255})
		}
	}
	path := filepath.Join(t.TempDir(), "icon.png")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
	return path
}

// repoFile is a path in the repository this module lives in (tools/packager).
func repoFile(parts ...string) string {
	return filepath.Join(append([]string{"..", ".."}, parts...)...)
}
