package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DiskError is an operation that failed because the data folder cannot take the write:
// the disk is full, or the folder (or its file system) is read-only. SQLite rolls the
// transaction back in both cases, so nothing written before is lost or half-changed; the
// message says what to fix.
type DiskError struct {
	Dir      string
	Full     bool // the disk is full; otherwise the folder is read-only
	Err      error
	sentence string
}

func (e *DiskError) Error() string { return e.sentence }
func (e *DiskError) Unwrap() error { return e.Err }

// ExplainDiskError wraps err in a *DiskError when it comes from a full disk (ENOSPC,
// EDQUOT, SQLITE_FULL) or a read-only data folder (EROFS, EACCES, EPERM, SQLITE_READONLY);
// any other error, nil, or an error already explained is returned as it is. dir is the
// data folder, which the message names.
func ExplainDiskError(err error, dir string) error {
	if err == nil {
		return nil
	}
	var de *DiskError
	if errors.As(err, &de) {
		return err
	}
	full, readOnly := diskCause(err)
	if !full && !readOnly && cannotOpen(err) {
		// SQLite says only "unable to open database file" when it cannot create the -shm,
		// -wal or output file: ask the folder itself why.
		if probe := probeWritable(dir); probe != nil {
			if full, readOnly = diskCause(probe); full || readOnly {
				err = fmt.Errorf("%w (%w)", err, probe)
			}
		}
	}
	folder, disk := "the data folder "+dir, "the disk holding "+dir
	if dir == "" {
		folder, disk = "the data folder", "the disk holding the data folder"
	}
	switch {
	case full:
		return &DiskError{Dir: dir, Full: true, Err: err,
			sentence: fmt.Sprintf("%s is full: free space and try again (nothing was changed: %v)", disk, err)}
	case readOnly:
		return &DiskError{Dir: dir, Err: err,
			sentence: fmt.Sprintf("%s is read-only: make it writable for your user (or choose another folder with --data-dir or TRUEUP_DATA_DIR) and try again (nothing was changed: %v)", folder, err)}
	}
	return err
}

func cannotOpen(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_CANTOPEN || se.Code()&0xff == sqlite3.SQLITE_IOERR)
}

// probeWritable creates and removes a file in dir: the error says why dir takes no files.
func probeWritable(dir string) error {
	if dir == "" {
		return nil
	}
	f, err := os.CreateTemp(dir, ".trueup-write-test-*")
	if err != nil {
		return err
	}
	name := f.Name()
	_, err = f.Write([]byte("x"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	_ = os.Remove(name)
	return err
}

func diskCause(err error) (full, readOnly bool) {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return true, false
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return false, true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false, false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return true, false
	case sqlite3.SQLITE_READONLY:
		return false, true
	}
	return false, false
}
