package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderPlistFromTheTemplate(t *testing.T) {
	b, err := renderPlist(repoFile("build", "darwin", "Info.plist.tmpl"), "1.4.2-rc.1", "Copyright © 2026 Trüe & Up <x>")
	require.NoError(t, err)
	d, err := parsePlist(b)
	require.NoError(t, err)
	for k, want := range map[string]string{
		"CFBundleIdentifier":         "app.trueup.TrueUp",
		"CFBundleExecutable":         "TrueUp",
		"CFBundleIconFile":           "TrueUp",
		"CFBundlePackageType":        "APPL",
		"CFBundleVersion":            "1.4.2-rc.1",
		"CFBundleShortVersionString": "1.4.2",
		"LSMinimumSystemVersion":     "12.0",
		"NSHighResolutionCapable":    "true",
		"NSHumanReadableCopyright":   "Copyright © 2026 Trüe & Up <x>",
	} {
		assert.Equal(t, want, d[k], k)
	}
}

func TestRenderPlistRefusesABrokenTemplate(t *testing.T) {
	good, err := os.ReadFile(repoFile("build", "darwin", "Info.plist.tmpl"))
	require.NoError(t, err)
	for name, body := range map[string]string{
		"unknown field":     `<plist version="1.0"><dict><key>CFBundleVersion</key><string>{{.Build}}</string></dict></plist>`,
		"not XML":           `<plist version="1.0"><dict><key>CFBundleVersion</key><string>{{.Version}}</dict></plist>`,
		"missing key":       `<plist version="1.0"><dict><key>CFBundleVersion</key><string>{{.Version}}</string></dict></plist>`,
		"key without value": string(good[:len(good)-len("</dict>\n</plist>\n")]) + "<key>X</key></dict></plist>",
		"duplicate key":     `<plist version="1.0"><dict><key>A</key><string>1</string><key>A</key><string>2</string></dict></plist>`,
		"nested array":      `<plist version="1.0"><dict><key>A</key><array/></dict></plist>`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Info.plist.tmpl")
			require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
			_, err := renderPlist(path, "1.0.0", copyright)
			assert.Error(t, err)
		})
	}
}
