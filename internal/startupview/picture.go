package startupview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/trueup/trueup/internal/atomicfile"
)

// PictureFile and pictureMetaFile hold a picture of the window as it showed the saved view
// (internal/windowpicture paints it before the page's first frame). Save forgets the
// picture of the view it replaces: a picture is always of the view beside it.
const (
	PictureFile     = "startup-view.png"
	pictureMetaFile = "startup-view-picture.json"
)

// MaxPictureBytes bounds a picture: a 4K window's screen compresses to well under this.
const MaxPictureBytes = 16 << 20

// Picture is a PNG of the window at a scale factor, taken with a dark or a light theme.
type Picture struct {
	PNG   []byte
	Scale int
	Dark  bool
}

type pictureMeta struct {
	Build  string `json:"build"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Scale  int    `json:"scale"`
	Dark   bool   `json:"dark"`
}

func (s *Store) picturePaths() (picture, meta string) {
	dir := filepath.Dir(s.path)
	return filepath.Join(dir, PictureFile), filepath.Join(dir, pictureMetaFile)
}

// SavePicture keeps p beside the view saved this launch. It refuses a picture without a
// view of this build to go with it, and anything that is not a PNG.
func (s *Store) SavePicture(p Picture) error {
	build := s.servedBuild()
	if build == "" {
		return errors.New("the page has not been served yet: nothing to tie the startup picture to")
	}
	if _, ok := s.Load(build); !ok {
		return errors.New("no startup view of this build is kept: a picture goes only with one")
	}
	if len(p.PNG) > MaxPictureBytes {
		return fmt.Errorf("the startup picture is %d bytes, over the limit of %d", len(p.PNG), MaxPictureBytes)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(p.PNG))
	if err != nil {
		return fmt.Errorf("the startup picture is not a PNG: %w", err)
	}
	if p.Scale < 1 {
		p.Scale = 1
	}
	meta, err := json.Marshal(pictureMeta{Build: build, Width: cfg.Width, Height: cfg.Height, Scale: p.Scale, Dark: p.Dark})
	if err != nil {
		return err
	}
	pic, metaPath := s.picturePaths()
	// The picture first, its description last: a picture without one is never shown.
	if err := atomicfile.Write(pic, p.PNG, 0o600); err != nil {
		return fmt.Errorf("keep the startup picture: %w", err)
	}
	if err := atomicfile.Write(metaPath, meta, 0o600); err != nil {
		return fmt.Errorf("keep the startup picture: %w", err)
	}
	return nil
}

// LoadPicture returns the picture kept with the view of build, when both are there and the
// picture is the PNG its description says.
func (s *Store) LoadPicture(build string) (Picture, bool) {
	if _, ok := s.Load(build); !ok {
		return Picture{}, false
	}
	pic, metaPath := s.picturePaths()
	raw, err := os.ReadFile(metaPath)
	if err != nil {
		return Picture{}, false
	}
	var m pictureMeta
	if json.Unmarshal(raw, &m) != nil || m.Build != build || m.Scale < 1 {
		return Picture{}, false
	}
	info, err := os.Stat(pic)
	if err != nil || info.Size() > MaxPictureBytes {
		return Picture{}, false
	}
	b, err := os.ReadFile(pic)
	if err != nil {
		return Picture{}, false
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != m.Width || cfg.Height != m.Height {
		return Picture{}, false
	}
	return Picture{PNG: b, Scale: m.Scale, Dark: m.Dark}, true
}

// forgetPicture removes the picture and its description (the description first).
func (s *Store) forgetPicture() error {
	pic, meta := s.picturePaths()
	for _, p := range []string{meta, pic} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("forget the startup picture: %w", err)
		}
	}
	return nil
}
