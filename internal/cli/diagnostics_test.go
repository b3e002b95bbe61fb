package cli

import (
	"archive/zip"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiagnosticsWritesAZip(t *testing.T) {
	h := newHarness(t)
	h.setup()
	out := filepath.Join(t.TempDir(), "diag.zip")
	r := h.run("", "diagnostics", "--out", out)
	require.Equal(t, ExitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Wrote "+out)
	assert.Contains(t, r.stdout, "integrations.json")
	z, err := zip.OpenReader(out)
	require.NoError(t, err)
	defer z.Close()
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	assert.Contains(t, names, "about.json")

	r = h.run("", "diagnostics")
	assert.Equal(t, ExitFailed, r.code)
	assert.Contains(t, r.stderr, "--out FILE is required")
}
