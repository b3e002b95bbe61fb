package startupview

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h))))
	return buf.Bytes()
}

// served is a store whose page has been served this launch (the build is known).
func served(t *testing.T, dir string) *Store {
	t.Helper()
	s := NewStore(dir)
	code, _ := get(t, s.Middleware("linux")(page(index)), "/")
	require.Equal(t, http.StatusOK, code)
	return s
}

func TestAPictureGoesWithTheViewOfItsBuild(t *testing.T) {
	dir := t.TempDir()
	build := BuildOf([]byte(index))
	s := served(t, dir)
	require.ErrorContains(t, s.SavePicture(Picture{PNG: pngOf(t, 8, 5), Scale: 1}), "no startup view",
		"a picture alone would show a screen the page does not paint")

	require.NoError(t, s.Save("<p>rows</p>"))
	require.NoError(t, s.SavePicture(Picture{PNG: pngOf(t, 8, 5), Scale: 2, Dark: true}))
	pic, ok := NewStore(dir).LoadPicture(build)
	require.True(t, ok)
	assert.Equal(t, Picture{PNG: pngOf(t, 8, 5), Scale: 2, Dark: true}, pic)
	for _, f := range []string{PictureFile, pictureMetaFile} {
		info, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), f)
	}

	_, ok = NewStore(dir).LoadPicture("another build")
	assert.False(t, ok, "a new build's page is another screen")

	// A new view forgets the old picture at once: the two always show one screen.
	require.NoError(t, s.Save("<p>newer rows</p>"))
	_, ok = s.LoadPicture(build)
	assert.False(t, ok)
	assert.NoFileExists(t, filepath.Join(dir, PictureFile))

	require.NoError(t, s.SavePicture(Picture{PNG: pngOf(t, 8, 5), Scale: 1}))
	require.NoError(t, s.Clear())
	_, ok = s.LoadPicture(build)
	assert.False(t, ok, "a switch of workspace forgets the picture too")
	assert.NoFileExists(t, filepath.Join(dir, PictureFile))
	assert.NoFileExists(t, filepath.Join(dir, pictureMetaFile))
}

func TestABadPictureIsRefusedOrNotShown(t *testing.T) {
	dir := t.TempDir()
	build := BuildOf([]byte(index))
	s := served(t, dir)
	require.NoError(t, s.Save("<p>rows</p>"))
	assert.ErrorContains(t, s.SavePicture(Picture{PNG: []byte("GIF89a not a png"), Scale: 1}), "not a PNG")
	assert.ErrorContains(t, s.SavePicture(Picture{PNG: make([]byte, MaxPictureBytes+1), Scale: 1}), "over the limit")

	require.NoError(t, s.SavePicture(Picture{PNG: pngOf(t, 8, 5), Scale: 1}))
	// Replaced behind TrueUp's back by another picture than the one described: not shown.
	require.NoError(t, os.WriteFile(filepath.Join(dir, PictureFile), pngOf(t, 9, 5), 0o600))
	_, ok := s.LoadPicture(build)
	assert.False(t, ok)
	require.NoError(t, os.WriteFile(filepath.Join(dir, PictureFile), []byte("garbage"), 0o600))
	_, ok = s.LoadPicture(build)
	assert.False(t, ok)
	require.NoError(t, os.WriteFile(filepath.Join(dir, pictureMetaFile), []byte("{"), 0o600))
	_, ok = s.LoadPicture(build)
	assert.False(t, ok)
}
