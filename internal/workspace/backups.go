package workspace

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/store"
)

// BackupInfo is one backup of a data folder's database (backups/ in the folder), as
// `trueup backup list` and Settings show it.
type BackupInfo struct {
	Name string `json:"name"`
	Path string `json:"path"`
	At   string `json:"at"` // when it was taken, RFC 3339 UTC
	// Kind: daily, weekly, pre-migration, manual or before-restore.
	Kind          string `json:"kind"`
	Size          int64  `json:"size"`
	SchemaVersion int    `json:"schema_version"`
	// OK: it passes SQLite's quick_check and this TrueUp can open it; Problem says why not.
	OK      bool   `json:"integrity_ok"`
	Problem string `json:"problem,omitempty"`
}

func backupInfo(b store.BackupInfo) BackupInfo {
	return BackupInfo{Name: b.Name, Path: b.Path, At: fmtTime(b.Time), Kind: b.Kind, Size: b.Size,
		SchemaVersion: b.SchemaVersion, OK: b.OK, Problem: b.Problem}
}

// RestoreResult says what a restore did.
type RestoreResult struct {
	From BackupInfo `json:"from"`
	// KeptAs is where the replaced database went: a before-restore backup (restore it to
	// undo this restore) or, when it was damaged, a trueup-damaged-... file beside it.
	KeptAs      string `json:"kept_as,omitempty"`
	KeptDamaged bool   `json:"kept_damaged"`
}

// Backups takes and lists the database's backups while the workspace is open.
type Backups struct{ w *Workspace }

// Backups returns the backup service.
func (w *Workspace) Backups() *Backups { return &Backups{w: w} }

// List lists the data folder's backups, newest first.
func (b *Backups) List(ctx context.Context) ([]BackupInfo, error) {
	return ListBackups(ctx, b.w.opts.DataDir)
}

// Now takes a backup at once (kind manual); the rotation never deletes it.
func (b *Backups) Now(ctx context.Context) (BackupInfo, error) {
	path, err := b.w.store.Backup(ctx, store.KindManual)
	if err != nil {
		return BackupInfo{}, err
	}
	return b.find(ctx, path)
}

func (b *Backups) find(ctx context.Context, path string) (BackupInfo, error) {
	list, err := b.List(ctx)
	if err != nil {
		return BackupInfo{}, err
	}
	for _, info := range list {
		if info.Path == path {
			return info, nil
		}
	}
	return BackupInfo{}, fmt.Errorf("the backup %s is gone: look into %s", path, filepath.Dir(path))
}

// EnsureDaily takes the day's automatic backup when none was taken on this calendar day
// (the MSP's, Options.Location) and rotates the automatic backups (7 daily, 4 weekly).
// Only the folder's sync owner does this, so two TrueUp processes never both take it;
// created is false when there was nothing to do.
func (b *Backups) EnsureDaily(ctx context.Context) (created bool, err error) {
	w := b.w
	if !w.isOwner() {
		return false, nil
	}
	// One at a time: the first backup after open and a caller's may meet.
	w.dailyMu.Lock()
	defer w.dailyMu.Unlock()
	dbPath := filepath.Join(w.opts.DataDir, DatabaseFile)
	has, err := store.HasAutomaticBackupOn(dbPath, w.opts.Now(), w.opts.Location)
	if err != nil || has {
		return false, err
	}
	if _, err := w.store.Backup(ctx, store.KindDaily); err != nil {
		return false, fmt.Errorf("take the daily backup: %w", err)
	}
	if err := store.RotateBackups(dbPath, w.opts.Location); err != nil {
		return true, err
	}
	return true, nil
}

// dailyBackups takes the day's backup as soon as this workspace owns the folder (at open,
// or when it takes the folder over), then runs EnsureDaily every BackupCheckEvery, so an
// app left open for days still takes one a day. It runs beside the window's first calls
// instead of before them; the first backup is not cancelled by Close, which waits for it,
// so a short `trueup sync` still leaves the day's backup behind. A backup that fails (a
// full disk) leaves everything else working: Warnings and the log say what to fix.
func (w *Workspace) dailyBackups() {
	defer w.background.Done()
	w.ensureDaily(context.WithoutCancel(w.life))
	t := time.NewTicker(w.opts.BackupCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-w.life.Done():
			return
		case <-t.C:
		}
		w.ensureDaily(w.life)
	}
}

func (w *Workspace) ensureDaily(ctx context.Context) {
	created, err := w.Backups().EnsureDaily(ctx)
	if created {
		w.log().Info("took the day's backup")
	}
	if err == nil || ctx.Err() != nil {
		return
	}
	w.log().Warn("the day's backup failed", "error", err.Error())
	w.mu.Lock()
	w.warnings = append(w.warnings, err.Error())
	w.mu.Unlock()
	if w.opts.Logger != nil {
		w.opts.Logger.Warn("daily backup", "err", err)
	}
}

// ListBackups lists the backups of the data folder's database, newest first. It does not
// open the database, so it works while the database is damaged or another process has it.
func ListBackups(ctx context.Context, dataDir string) ([]BackupInfo, error) {
	list, err := store.ListBackups(ctx, filepath.Join(dataDir, DatabaseFile))
	if err != nil {
		return nil, err
	}
	out := make([]BackupInfo, 0, len(list))
	for _, b := range list {
		out = append(out, backupInfo(b))
	}
	return out, nil
}

// ErrFolderInUse is returned when a restore needs the data folder to itself while another
// TrueUp process (the app, a scheduled sync) holds it.
var ErrFolderInUse = errors.New("TrueUp is open on this data folder (the app, or a running `trueup sync`): close it, then restore again")

// RestoreBackup replaces the data folder's database with one of its backups: name is a
// file name from ListBackups or a path to a backup elsewhere; "" means the newest good
// backup. No workspace may be open on the folder in this process; another process holding
// the folder gives ErrFolderInUse. See store.Restore for how it verifies and swaps.
func RestoreBackup(ctx context.Context, dataDir, name string, now time.Time) (RestoreResult, error) {
	from, err := resolveBackup(ctx, dataDir, name)
	if err != nil {
		return RestoreResult{}, err
	}
	lock := newFolderLock(filepath.Join(dataDir, LockFile))
	ok, err := lock.tryLock()
	if err != nil {
		return RestoreResult{}, err
	}
	if !ok {
		return RestoreResult{}, ErrFolderInUse
	}
	defer lock.unlock()
	res, err := store.Restore(ctx, filepath.Join(dataDir, DatabaseFile), from.Path, now)
	if err != nil {
		return RestoreResult{}, err
	}
	return RestoreResult{From: from, KeptAs: res.KeptAs, KeptDamaged: res.KeptDamaged}, nil
}

// resolveBackup finds the backup name means (see RestoreBackup).
func resolveBackup(ctx context.Context, dataDir, name string) (BackupInfo, error) {
	list, err := ListBackups(ctx, dataDir)
	if err != nil {
		return BackupInfo{}, err
	}
	if name == "" {
		for _, b := range list {
			if b.OK {
				return b, nil
			}
		}
		return BackupInfo{}, fmt.Errorf("there is no good backup in %s to restore", filepath.Join(dataDir, store.BackupsFolder))
	}
	if !strings.ContainsAny(name, `/\`) {
		for _, b := range list {
			if b.Name == name {
				return b, nil
			}
		}
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return BackupInfo{}, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("no backup %q: give a name from `trueup backup list` or the path of a backup file: %w", name, err)
	}
	info := BackupInfo{Name: filepath.Base(abs), Path: abs, Size: fi.Size(), At: fmtTime(fi.ModTime())}
	if f, ok := store.ParseBackupName(info.Name); ok {
		info.At, info.Kind = fmtTime(f.Time), f.Kind
	}
	return info, nil
}
