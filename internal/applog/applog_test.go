package applog

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogWritesLinesAndMasksCredentialAttributes(t *testing.T) {
	dir := t.TempDir()
	var also bytes.Buffer
	l, err := Open(dir, &also)
	require.NoError(t, err)
	l.Info("sync finished", "integration", "CW", "status", "succeeded")
	l.Warn("keychain", "client_secret", "s3cret-value", "Authorization", "Basic abc", "refresh_token", "rt-value-1", "apiKey", "ak-value-2")
	require.NoError(t, l.Close())

	raw, err := os.ReadFile(filepath.Join(dir, Folder, File))
	require.NoError(t, err)
	for _, text := range []string{string(raw), also.String()} {
		assert.Contains(t, text, `msg="sync finished" integration=CW status=succeeded`)
		for _, secret := range []string{"s3cret-value", "Basic abc", "rt-value-1", "ak-value-2"} {
			assert.NotContains(t, text, secret)
		}
		assert.Contains(t, text, "client_secret="+Mask)
	}
	info, err := os.Stat(filepath.Join(dir, Folder))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "the log folder is the user's only")
}

func TestFilesListsTheCurrentLogFirst(t *testing.T) {
	dir := t.TempDir()
	files, err := Files(dir)
	require.NoError(t, err)
	assert.Empty(t, files, "no log yet")

	l, err := Open(dir, nil)
	require.NoError(t, err)
	l.Info("one")
	require.NoError(t, l.w.Rotate())
	l.Info("two")
	require.NoError(t, l.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, Folder, "notes.txt"), nil, 0o600))

	files, err = Files(dir)
	require.NoError(t, err)
	require.Len(t, files, 2, "the current log and the rotated one, nothing else")
	assert.Equal(t, filepath.Join(dir, Folder, File), files[0])
	assert.Regexp(t, `trueup-.*\.log$`, files[1])
}
