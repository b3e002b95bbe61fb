package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"
)

// loadPNG reads the app icon (build/appicon.png, 512x512 RGBA), the one source every
// platform's icon is generated from.
func loadPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the app icon (build/appicon.png is the source of every icon): %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("read the app icon %s as PNG: %w", path, err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() {
		return nil, fmt.Errorf("the app icon %s is %dx%d: make it square (512x512)", path, b.Dx(), b.Dy())
	}
	return img, nil
}

// scaled is img resized to size x size. Catmull-Rom keeps the edges of a downscaled logo
// sharp where bilinear would blur them at 16 and 32 pixels.
func scaled(img image.Image, size int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
	return dst
}

// pngBytes encodes img as PNG at the best compression (icons are shipped in every package).
func pngBytes(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode a %dx%d icon as PNG: %w", img.Bounds().Dx(), img.Bounds().Dy(), err)
	}
	return buf.Bytes(), nil
}

// hicolorSizes are the freedesktop icon theme sizes the .deb installs (the desktop picks
// the nearest for menus, docks and the window switcher).
var hicolorSizes = []int{16, 24, 32, 48, 64, 128, 256, 512}

// writeIcons generates every platform's icon from src into outDir: the hicolor tree the
// .deb installs, TrueUp.ico for the Windows installer and TrueUp.icns for the macOS bundle.
func writeIcons(src, outDir string) error {
	img, err := loadPNG(src)
	if err != nil {
		return err
	}
	for _, s := range hicolorSizes {
		dir := filepath.Join(outDir, "hicolor", fmt.Sprintf("%dx%d", s, s), "apps")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
		data, err := pngBytes(scaled(img, s))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "trueup.png"), data, 0o644); err != nil {
			return fmt.Errorf("write the %dpx icon: %w", s, err)
		}
	}
	if err := writeICO(filepath.Join(outDir, "TrueUp.ico"), img); err != nil {
		return err
	}
	icns, err := writeICNS(img)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, "TrueUp.icns"), icns, 0o644)
}
