//go:build !windows

package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// restrictFiles keeps the cache private to the user before SQLite opens it: the data folder
// becomes 0700 when the user owns it (a warning says so when not), and the database file
// 0600. SQLite gives its -wal and -shm files the mode of the database file, so a new
// database is created 0600 here first, and files an older TrueUp left 0644 are tightened.
func restrictFiles(dbPath string) (warnings []string, err error) {
	dir := filepath.Dir(dbPath)
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read the data folder %s: %w", dir, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		if ownedByMe(fi) {
			if err := os.Chmod(dir, 0o700); err != nil {
				return nil, fmt.Errorf("make the data folder %s private (chmod 700): %w", dir, err)
			}
		} else {
			warnings = append(warnings, fmt.Sprintf("the data folder %s belongs to another user and others can open it (mode %04o), so TrueUp left it as it is: "+
				"use a folder of your own (--data-dir or TRUEUP_DATA_DIR), or have its owner run `chmod 700` on it", dir, perm))
		}
	}
	f, err := os.OpenFile(dbPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("create the database %s: %w", dbPath, err)
		}
	case !errors.Is(err, fs.ErrExist):
		return nil, fmt.Errorf("create the database %s: %w", dbPath, err)
	}
	for _, name := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
		fi, err := os.Stat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if fi.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(name, 0o600); err != nil {
			warnings = append(warnings, fmt.Sprintf("others can read %s (mode %04o) and TrueUp could not change that (%v): have its owner run `chmod 600` on it", name, fi.Mode().Perm(), err))
		}
	}
	return warnings, nil
}

func ownedByMe(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}
