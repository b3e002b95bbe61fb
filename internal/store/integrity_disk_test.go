package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyFS mounts a tmpfs of size bytes for the test. Mounting needs root (CAP_SYS_ADMIN):
// elsewhere the test is skipped, and TestExplainDiskError still covers the messages.
func tinyFS(t *testing.T, size int) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("a real full or read-only file system needs a tmpfs mount, which needs root on Linux")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0700", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s): a real full or read-only file system needs one", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

func remountReadOnly(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput()
	require.NoError(t, err, string(out))
}

// fillDisk writes a file until the disk is full and returns its name.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	require.NoError(t, err)
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			require.ErrorIs(t, err, syscall.ENOSPC)
			return name
		}
	}
}

func TestFullDiskFailsTheWriteAndCorruptsNothing(t *testing.T) {
	ctx := context.Background()
	dir := tinyFS(t, 2<<20)
	path := filepath.Join(dir, "data", "trueup.db")
	s, err := Open(ctx, path)
	require.NoError(t, err)
	newIntegration(t, s, "Before")
	filler := fillDisk(t, dir)

	var failed error
	big := string(make([]byte, 64<<10))
	written := 0
	for ; failed == nil && written < 200; written++ { // the -wal file may have room for a few pages
		failed = s.SetSettings(ctx, map[string]string{fmt.Sprintf("after-%d", written): big})
	}
	var de *DiskError
	require.ErrorAs(t, failed, &de)
	assert.True(t, de.Full)
	assert.Contains(t, failed.Error(), "the disk holding "+filepath.Dir(path)+" is full: free space and try again")

	_, err = s.Backup(ctx, KindManual)
	require.ErrorAs(t, err, &de, "a backup on a full disk fails with the same message")
	assert.Contains(t, err.Error(), "is full: free space")
	backups, _ := os.ReadDir(BackupsDir(path))
	assert.Empty(t, backups, "no partial backup is left behind")
	require.NoError(t, s.Close())

	require.NoError(t, os.Remove(filler))
	_, err = CheckFile(ctx, path, true)
	require.NoError(t, err, "the database passes integrity_check")
	assert.Equal(t, []string{"Before"}, integrationNames(t, path), "what was written before is still there")
	s, err = Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	settings, err := s.Settings(ctx)
	require.NoError(t, err)
	assert.Len(t, settings, written-1, "the failed write left nothing half-done: every earlier one is whole, the failed one absent")
	for _, v := range settings {
		assert.Len(t, v, len(big))
	}
}

func TestReadOnlyDataFolderFailsWithAClearMessage(t *testing.T) {
	ctx := context.Background()
	t.Run("opening", func(t *testing.T) {
		dir := tinyFS(t, 4<<20)
		path := filepath.Join(dir, "data", "trueup.db")
		s, err := Open(ctx, path)
		require.NoError(t, err)
		newIntegration(t, s, "Kept")
		require.NoError(t, s.Close())
		remountReadOnly(t, dir)

		_, err = Open(ctx, path)
		var de *DiskError
		require.ErrorAs(t, err, &de)
		assert.False(t, de.Full)
		assert.Contains(t, err.Error(), "the data folder "+filepath.Dir(path)+" is read-only")
	})
	t.Run("a read-only backups folder", func(t *testing.T) {
		path := populated(t, "Kept")
		backups := BackupsDir(path)
		require.NoError(t, os.MkdirAll(backups, 0o700))
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", backups).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a read-only tmpfs here (%v: %s)", err, out)
		}
		t.Cleanup(func() { _ = exec.Command("umount", "-l", backups).Run() })
		s, err := Open(ctx, path)
		require.NoError(t, err)
		defer s.Close()

		_, err = s.Backup(ctx, KindManual)
		var de *DiskError
		require.ErrorAs(t, err, &de)
		assert.Contains(t, err.Error(), "the data folder "+backups+" is read-only")
		require.NoError(t, s.SetSettings(ctx, map[string]string{"still": "writable"}), "the database itself is untouched")
	})
}

func TestExplainDiskError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string // "" means returned as it is
	}{
		{"ENOSPC", &fs.PathError{Op: "write", Path: "/x/trueup.db", Err: syscall.ENOSPC}, "the disk holding /x is full: free space and try again"},
		{"EROFS", &fs.PathError{Op: "open", Path: "/x/trueup.db", Err: syscall.EROFS}, "the data folder /x is read-only"},
		{"EACCES", fmt.Errorf("create: %w", syscall.EACCES), "the data folder /x is read-only"},
		{"another error", errors.New("boom"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExplainDiskError(tt.err, "/x")
			if tt.want == "" {
				assert.Same(t, tt.err, got)
				return
			}
			assert.Contains(t, got.Error(), tt.want)
			assert.ErrorIs(t, got, tt.err, "the cause stays in the chain")
			assert.Same(t, got, ExplainDiskError(got, "/y"), "explained once")
		})
	}
	assert.NoError(t, ExplainDiskError(nil, "/x"))
}
