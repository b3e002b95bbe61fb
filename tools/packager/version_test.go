package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNumericVersion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"0.1.0", "0.1.0.0", true},
		{"1.2.3-rc.1", "1.2.3.0", true},
		{"v2.10.4+abc", "2.10.4.0", true},
		{"1.2.3.4", "1.2.3.4", true},
		{"3", "3.0.0.0", true},
		{"1.2.3.4.5", "", false},
		{"1.x.3", "", false},
		{"70000.0.0", "", false},
		{"", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, _, err := numericVersion(tc.in)
			if !tc.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// The VERSION file is the version's one source; wails.json's productVersion (what a
// `wails build` would stamp) must not tell another story.
func TestVersionFileAndWailsJSONAgree(t *testing.T) {
	raw, err := os.ReadFile(repoFile("VERSION"))
	require.NoError(t, err)
	version := strings.TrimSpace(string(raw))
	_, _, err = numericVersion(version)
	require.NoError(t, err, "VERSION holds a usable version")

	var wails struct {
		Info struct {
			ProductVersion string `json:"productVersion"`
			Copyright      string `json:"copyright"`
		} `json:"info"`
	}
	raw, err = os.ReadFile(repoFile("wails.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &wails))
	assert.Equal(t, version, wails.Info.ProductVersion)
	assert.Equal(t, copyright, wails.Info.Copyright)
}
