package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Restored says what Restore did.
type Restored struct {
	From string // the backup restored
	// KeptAs is where the database that was replaced went: a before-restore backup (so
	// the restore can be undone by restoring it), or a trueup-damaged-... file when it
	// could not be opened. Empty when there was no database.
	KeptAs string
	// KeptDamaged says KeptAs is a damaged file moved aside rather than a backup.
	KeptDamaged bool
}

// Restore replaces the database at dbPath with the backup at from. The caller holds the
// data folder's lock and has no Store open on dbPath: nothing else may have the file open.
//
// Nothing is swapped before the copy is verified (integrity_check, a TrueUp database, a
// schema version this build can open). The database being replaced is kept first: a healthy
// one as a before-restore backup, a damaged one moved aside. The copy is written beside the
// database, synced, and renamed over it, so a crash leaves either the old database or the
// restored one, never a mix; the old -wal file is emptied or moved first, since SQLite
// would replay it into the restored file.
func Restore(ctx context.Context, dbPath, from string, now time.Time) (Restored, error) {
	dir := filepath.Dir(dbPath)
	res := Restored{From: from}
	version, err := CheckFile(ctx, from, true)
	if err != nil {
		var de *DamagedError
		if errors.As(err, &de) {
			return res, fmt.Errorf("the backup %s cannot be restored: it is damaged (%s): choose another one (`trueup backup list`)", from, de.Reason)
		}
		return res, err
	}
	latest, err := LatestSchemaVersion()
	if err != nil {
		return res, err
	}
	if version > latest {
		return res, fmt.Errorf("the backup %s was written by a newer TrueUp (schema %d, this build knows %d): update TrueUp to restore it", from, version, latest)
	}
	staged := dbPath + ".restoring"
	if err := copyFileSynced(from, staged); err != nil {
		_ = os.Remove(staged)
		return res, ExplainDiskError(fmt.Errorf("copy the backup %s into the data folder: %w", from, err), dir)
	}
	defer os.Remove(staged) // gone after the rename; left only when something failed
	if err := keepCurrent(ctx, dbPath, now, &res); err != nil {
		return res, err
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return res, ExplainDiskError(fmt.Errorf("put the restored database in place: %w", err), dir)
	}
	syncDir(dir)
	return res, nil
}

// keepCurrent keeps the database about to be replaced and leaves no -wal or -shm file
// of it behind.
func keepCurrent(ctx context.Context, dbPath string, now time.Time, res *Restored) error {
	dir := filepath.Dir(dbPath)
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) {
		// No database, but maybe a stray -wal: it must not meet the restored file.
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return ExplainDiskError(fmt.Errorf("remove %s: %w", dbPath+suffix, err), dir)
			}
		}
		return nil
	}
	kept, err := backupAndCheckpoint(ctx, dbPath, now)
	var de *DamagedError
	switch {
	case errors.As(err, &de):
		moved, err := MoveAside(dbPath, now)
		if err != nil {
			return err
		}
		res.KeptAs, res.KeptDamaged = moved, true
		return nil
	case err != nil:
		return err
	}
	res.KeptAs = kept
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return ExplainDiskError(fmt.Errorf("remove %s: %w", dbPath+suffix, err), dir)
		}
	}
	return nil
}

// backupAndCheckpoint backs the database up as a before-restore backup and then moves
// everything in its -wal file into the database file (wal_checkpoint(TRUNCATE)), so the
// -wal file holds nothing the database needs when it is removed.
func backupAndCheckpoint(ctx context.Context, dbPath string, now time.Time) (string, error) {
	s, err := Open(ctx, dbPath, WithClock(func() time.Time { return now }))
	if err != nil {
		return "", err
	}
	defer s.Close()
	kept, err := s.Backup(ctx, KindBeforeRestore)
	if err != nil {
		return "", fmt.Errorf("keep the current database before restoring (nothing was restored): %w", err)
	}
	var busy, logFrames, checkpointed int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &checkpointed); err != nil {
		return "", ExplainDiskError(fmt.Errorf("write the current database's log into it before restoring: %w", err), filepath.Dir(dbPath))
	}
	if busy != 0 {
		return "", errors.New("another program is using the database: close every TrueUp window and command on this data folder, then restore again")
	}
	return kept, nil
}

// copyFileSynced copies from to a new file to and syncs it, mode 0600.
func copyFileSynced(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
