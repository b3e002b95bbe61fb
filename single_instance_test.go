package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSingleInstanceIDIsPerDataFolder(t *testing.T) {
	dir := t.TempDir()
	a := singleInstanceID(dir)
	assert.Equal(t, a, singleInstanceID(dir+string(filepath.Separator)), "the same folder, however it is written")
	assert.Equal(t, a, singleInstanceID(filepath.Join(dir, "x", "..")))
	assert.NotEqual(t, a, singleInstanceID(filepath.Join(dir, "other")), "another folder gets its own window")
	assert.Regexp(t, `^com\.trueup\.app\.[0-9a-f]{12}$`, a, "a D-Bus and mutex friendly name")
}
