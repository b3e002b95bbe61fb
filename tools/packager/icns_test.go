package main

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteICNSHoldsEveryPNGSize(t *testing.T) {
	img, err := loadPNG(testIcon(t))
	require.NoError(t, err)
	b, err := writeICNS(img)
	require.NoError(t, err)

	assert.Equal(t, "icns", string(b[:4]))
	assert.Equal(t, uint32(len(b)), binary.BigEndian.Uint32(b[4:8]), "the header states the file's length")
	entries, err := readICNS(b)
	require.NoError(t, err)
	require.Len(t, entries, len(icnsTypes))
	for i, e := range entries {
		assert.Equal(t, icnsTypes[i].OSType, e.OSType)
		cfg, err := png.DecodeConfig(bytes.NewReader(e.Data))
		require.NoError(t, err, e.OSType)
		assert.Equal(t, icnsTypes[i].Size, cfg.Width, e.OSType)
		assert.Equal(t, icnsTypes[i].Size, cfg.Height, e.OSType)
	}

	path := filepath.Join(t.TempDir(), "TrueUp.icns")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	require.NoError(t, checkICNSFile(path))
}

func TestReadICNSRefusesBrokenFiles(t *testing.T) {
	img, err := loadPNG(testIcon(t))
	require.NoError(t, err)
	good, err := writeICNS(img)
	require.NoError(t, err)

	wrongLength := bytes.Clone(good)
	binary.BigEndian.PutUint32(wrongLength[4:8], uint32(len(good)+1))
	entryPastEnd := bytes.Clone(good)
	binary.BigEndian.PutUint32(entryPastEnd[12:16], uint32(len(good)))
	for name, b := range map[string][]byte{
		"not icns":         append([]byte("PNG!"), good[4:]...),
		"header length":    wrongLength,
		"entry past end":   entryPastEnd,
		"truncated":        good[:len(good)-10],
		"shorter than one": good[:6],
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readICNS(b)
			assert.Error(t, err)
		})
	}
}

func TestLoadPNGRefusesANonSquareIcon(t *testing.T) {
	_, err := loadPNG(repoFile("build", "darwin", "Info.plist.tmpl"))
	assert.ErrorContains(t, err, "as PNG")
}
