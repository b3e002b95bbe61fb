package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goreleaser/nfpm/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The repository's package description: the WebKitGTK runtime is a dependency, and the
// binary, desktop entry, icons and copyright go where Debian expects them.
func TestTheDebDescription(t *testing.T) {
	cfg, err := nfpm.ParseFileWithEnvMapping(repoFile("build", "linux", "nfpm.yaml"), func(k string) string {
		if k == "VERSION" {
			return "1.2.3"
		}
		return ""
	})
	require.NoError(t, err)
	info, err := cfg.Get("deb")
	require.NoError(t, err)
	assert.Equal(t, "trueup", info.Name)
	assert.Equal(t, "1.2.3", info.Version)
	deps := strings.Join(info.Depends, ", ")
	for _, d := range []string{"libwebkit2gtk-4.1-0", "libgtk-3-0", "libjavascriptcoregtk-4.1-0", "libsoup-3.0-0", "libc6"} {
		assert.Contains(t, deps, d)
	}
	dsts := map[string]string{}
	for _, c := range info.Contents {
		dsts[c.Destination] = c.Source
	}
	for _, dst := range []string{"/usr/bin/trueup", "/usr/share/applications/trueup.desktop", "/usr/share/icons/hicolor", "/usr/share/doc/trueup/copyright"} {
		assert.Contains(t, dsts, dst)
	}
}

func TestBuildDeb(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "trueup")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\necho trueup\n"), 0o755))
	icons := filepath.Join(dir, "icons")
	require.NoError(t, writeIcons(testIcon(t), icons))
	config := filepath.Join(dir, "nfpm.yaml")
	require.NoError(t, os.WriteFile(config, []byte(`name: trueup
arch: amd64
version: ${VERSION}
maintainer: TrueUp <support@trueup.app>
description: test
depends: [libgtk-3-0]
contents:
  - src: `+bin+`
    dst: /usr/bin/trueup
    file_info: {mode: 0755}
  - src: `+filepath.Join(icons, "hicolor")+`
    dst: /usr/share/icons/hicolor
    type: tree
`), 0o644))

	out := filepath.Join(dir, "release")
	path, err := buildDeb(config, "1.2.3-rc.1", out)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(out, "trueup_1.2.3~rc.1_amd64.deb"), path, "Debian orders ~rc before the release")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "!<arch>\ndebian-binary"), "a .deb is an ar archive starting with debian-binary")

	if _, err := exec.LookPath("dpkg-deb"); err == nil {
		field, err := exec.Command("dpkg-deb", "--field", path, "Version", "Depends").Output()
		require.NoError(t, err)
		assert.Equal(t, "Version: 1.2.3~rc.1\nDepends: libgtk-3-0\n", string(field))
		list, err := exec.Command("dpkg-deb", "--contents", path).Output()
		require.NoError(t, err)
		assert.Contains(t, string(list), "./usr/bin/trueup")
		assert.Contains(t, string(list), "./usr/share/icons/hicolor/256x256/apps/trueup.png")
	}

	require.NoError(t, os.Remove(bin))
	_, err = buildDeb(config, "1.2.4", out)
	assert.ErrorContains(t, err, "file does not exist", "a missing binary is named")
	_, err = os.Stat(filepath.Join(out, "trueup_1.2.4_amd64.deb"))
	assert.True(t, os.IsNotExist(err), "no partial package is left")
}
