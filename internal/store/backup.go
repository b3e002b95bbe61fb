package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// BackupsFolder is the folder in the data folder that holds the database's backups.
const BackupsFolder = "backups"

// Backup kinds. Daily and weekly backups are the automatic ones that the rotation keeps
// (RotateBackups); the others are kept until the user deletes them: a pre-migration backup
// is the way back to the older TrueUp, a before-restore one undoes a restore, and a manual
// one was asked for.
const (
	KindDaily         = "daily"
	KindWeekly        = "weekly"
	KindPreMigration  = "pre-migration"
	KindManual        = "manual"
	KindBeforeRestore = "before-restore"
)

// A backup's file name says what it is, so the folder reads well in a file manager:
// trueup-2026-12-02T030000Z-daily.db, trueup-2026-12-02T030000Z-before-v7.db.
const (
	backupPrefix   = "trueup-"
	backupSuffix   = ".db"
	nameTimeFormat = "2006-01-02T150405Z"
	partialSuffix  = ".partial"
)

// BackupFile is what a backup's name says about it.
type BackupFile struct {
	Name string
	Time time.Time // when it was taken (UTC, to the second)
	Kind string
	// ToVersion is the schema version the migration after a pre-migration backup went to.
	ToVersion int
}

// BackupName is the file name of a backup taken at t; toVersion only names pre-migration
// backups.
func BackupName(t time.Time, kind string, toVersion int) string {
	label := kind
	if kind == KindPreMigration {
		label = "before-v" + strconv.Itoa(toVersion)
	}
	return backupPrefix + t.UTC().Format(nameTimeFormat) + "-" + label + backupSuffix
}

// ParseBackupName reads a backup's file name; ok is false for any other file.
func ParseBackupName(name string) (BackupFile, bool) {
	rest, ok := strings.CutPrefix(name, backupPrefix)
	if !ok {
		return BackupFile{}, false
	}
	rest, ok = strings.CutSuffix(rest, backupSuffix)
	if !ok || len(rest) < len(nameTimeFormat)+2 || rest[len(nameTimeFormat)] != '-' {
		return BackupFile{}, false
	}
	t, err := time.Parse(nameTimeFormat, rest[:len(nameTimeFormat)])
	if err != nil {
		return BackupFile{}, false
	}
	f := BackupFile{Name: name, Time: t.UTC()}
	switch label := rest[len(nameTimeFormat)+1:]; label {
	case KindDaily, KindWeekly, KindManual, KindBeforeRestore:
		f.Kind = label
	default:
		v, ok := strings.CutPrefix(label, "before-v")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || n <= 0 {
			return BackupFile{}, false
		}
		f.Kind, f.ToVersion = KindPreMigration, n
	}
	return f, true
}

// backupFiles lists the backups in dir by their names, newest first; a missing folder
// holds none.
func backupFiles(dir string) ([]BackupFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the backups folder %s: %w", dir, err)
	}
	var out []BackupFile
	for _, e := range entries {
		if f, ok := ParseBackupName(e.Name()); ok && e.Type().IsRegular() {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		return out[i].Name > out[j].Name
	})
	return out, nil
}

// BackupsDir is the backups folder of the database at dbPath.
func BackupsDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), BackupsFolder) }

// Backup writes a consistent copy of the open database into the backups folder with
// VACUUM INTO (an online backup: it reads one snapshot, so syncs and decisions go on
// meanwhile, and it leaves out free pages) and returns its path. The copy is written under
// a temporary name, synced and then renamed, so a full disk or a crash never leaves a
// half-written file that looks like a backup. The database holds no secrets (they live in
// the OS keychain), so neither does a backup.
func (s *Store) Backup(ctx context.Context, kind string) (string, error) {
	return s.backup(ctx, kind, 0)
}

func (s *Store) backup(ctx context.Context, kind string, toVersion int) (string, error) {
	dir := BackupsDir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", ExplainDiskError(fmt.Errorf("create the backups folder %s: %w", dir, err), filepath.Dir(s.path))
	}
	var name string
	for t := s.now().UTC().Truncate(time.Second); ; t = t.Add(time.Second) {
		name = filepath.Join(dir, BackupName(t, kind, toVersion))
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	tmp := name + partialSuffix
	_ = os.Remove(tmp) // VACUUM INTO refuses an existing file; a crash may have left one
	if err := s.vacuumInto(ctx, tmp); err != nil {
		_ = os.Remove(tmp)
		if full, readOnly := diskCause(err); !full && !readOnly && cannotOpen(err) {
			err = ExplainDiskError(err, dir) // the backups folder itself may be the read-only one
		}
		return "", ExplainDiskError(fmt.Errorf("back up the database to %s: %w", dir, err), filepath.Dir(s.path))
	}
	if err := os.Rename(tmp, name); err != nil {
		_ = os.Remove(tmp)
		return "", ExplainDiskError(fmt.Errorf("back up the database to %s: %w", dir, err), filepath.Dir(s.path))
	}
	syncDir(dir)
	return name, nil
}

// vacuumInto writes the copy to path and makes it durable and private to the user (SQLite
// creates it with its default mode, 0644).
func (s *Store) vacuumInto(ctx context.Context, path string) error {
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BackupInfo is one backup as `trueup backup list` and Settings show it.
type BackupInfo struct {
	BackupFile
	Path          string
	Size          int64
	SchemaVersion int
	OK            bool   // passes quick_check and is a TrueUp database this build can open
	Problem       string // why not, when !OK
}

// ListBackups lists the backups of the database at dbPath, newest first, each checked
// (quick_check, schema version). It never opens the database itself, so it works while
// the database is damaged.
func ListBackups(ctx context.Context, dbPath string) ([]BackupInfo, error) {
	dir := BackupsDir(dbPath)
	files, err := backupFiles(dir)
	if err != nil {
		return nil, err
	}
	latest, err := LatestSchemaVersion()
	if err != nil {
		return nil, err
	}
	out := make([]BackupInfo, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		info := BackupInfo{BackupFile: f, Path: filepath.Join(dir, f.Name)}
		if fi, err := os.Stat(info.Path); err == nil {
			info.Size = fi.Size()
		}
		v, err := CheckFile(ctx, info.Path, false)
		info.SchemaVersion = v
		switch {
		case err != nil:
			info.Problem = err.Error()
			var de *DamagedError
			if errors.As(err, &de) {
				info.Problem = de.Reason
			}
		case v > latest:
			info.Problem = fmt.Sprintf("written by a newer TrueUp (schema %d, this build knows %d)", v, latest)
		default:
			info.OK = true
		}
		out = append(out, info)
	}
	return out, nil
}

// LatestGoodBackup is the newest backup that passes its check, ok false when there is none.
func LatestGoodBackup(ctx context.Context, dbPath string) (BackupInfo, bool, error) {
	list, err := ListBackups(ctx, dbPath)
	if err != nil {
		return BackupInfo{}, false, err
	}
	for _, b := range list {
		if b.OK {
			return b, true, nil
		}
	}
	return BackupInfo{}, false, nil
}

// LatestSchemaVersion is the schema version this build migrates to.
func LatestSchemaVersion() (int, error) {
	migs, err := migrations()
	if err != nil {
		return 0, err
	}
	if len(migs) == 0 {
		return 0, nil
	}
	return migs[len(migs)-1].version, nil
}
