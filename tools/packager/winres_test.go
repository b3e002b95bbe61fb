package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// windowsExe cross-compiles a tiny Windows program: a real PE file without resources, as
// `go build` makes TrueUp.exe.
func windowsExe(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() { println(\"hi\") }\n"), 0o644))
	exe := filepath.Join(dir, "hello.exe")
	cmd := exec.Command("go", "build", "-ldflags", "-s -w", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return exe
}

func TestEmbedResourcesThenCheckThem(t *testing.T) {
	exe := windowsExe(t)
	assert.ErrorContains(t, checkResources(exe, "1.2.3"), "has no resources", "a plain go build has none")

	img, err := loadPNG(testIcon(t))
	require.NoError(t, err)
	require.NoError(t, embedResources(exeInfo{Path: exe, Description: "Hello", Version: "1.2.3-rc.1", Copyright: copyright}, img))

	require.NoError(t, checkResources(exe, "1.2.3-rc.1"))
	assert.ErrorContains(t, checkResources(exe, "1.2.4"), "want 1.2.4.0", "another version is told apart")

	// Embedding again (make windows twice on the same binary) replaces, not stacks.
	require.NoError(t, embedResources(exeInfo{Path: exe, Description: "Hello", Version: "2.0.0", Copyright: copyright}, img))
	require.NoError(t, checkResources(exe, "2.0.0"))
	_, err = os.Stat(exe + ".tmp")
	assert.True(t, os.IsNotExist(err), "no temporary file is left")
}

func TestEmbedResourcesRefusesABadVersion(t *testing.T) {
	img, err := loadPNG(testIcon(t))
	require.NoError(t, err)
	err = embedResources(exeInfo{Path: filepath.Join(t.TempDir(), "none.exe"), Version: "one.two"}, img)
	assert.ErrorContains(t, err, "fix the VERSION file")
}
