package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tc-hib/winres"
)

func TestWriteIconsMakesEveryPlatformsIcon(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, writeIcons(repoFile("build", "appicon.png"), out))

	for _, s := range hicolorSizes {
		f, err := os.Open(filepath.Join(out, "hicolor", fmt.Sprintf("%dx%d", s, s), "apps", "trueup.png"))
		require.NoError(t, err, "%dpx", s)
		cfg, err := png.DecodeConfig(f)
		f.Close()
		require.NoError(t, err)
		assert.Equal(t, [2]int{s, s}, [2]int{cfg.Width, cfg.Height})
	}

	raw, err := os.ReadFile(filepath.Join(out, "TrueUp.ico"))
	require.NoError(t, err)
	_, err = winres.LoadICO(bytes.NewReader(raw))
	require.NoError(t, err, "the installer's icon is a valid .ico")
	// ICONDIR: reserved 0, type 1 (icon), then the image count.
	assert.Equal(t, []byte{0, 0, 1, 0}, raw[:4])
	assert.Equal(t, len(icoSizes), int(binary.LittleEndian.Uint16(raw[4:6])))

	require.NoError(t, checkICNSFile(filepath.Join(out, "TrueUp.icns")))
}
