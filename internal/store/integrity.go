package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DamagedError says a database file cannot be used as it is: it is not a SQLite file, it
// was truncated, garbage was written into it, or it fails SQLite's own check. Open returns
// it before migrating anything, so a damaged cache is never written to.
type DamagedError struct {
	Path   string
	Reason string // what SQLite or the file says, e.g. "database disk image is malformed"
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the database %s is damaged (%s)", e.Path, e.Reason)
}

// checkOpen runs PRAGMA quick_check on the database that db opened (the file at path).
// quick_check reads every page, so it finds truncation and overwritten pages, but skips
// the index-against-table comparison that makes integrity_check slow on a big cache.
func checkOpen(ctx context.Context, db *sql.DB, path string, created bool) error {
	if !created {
		if err := emptyButBackedUp(path); err != nil {
			return err
		}
	}
	return runCheck(ctx, db, path, "quick_check")
}

// emptyButBackedUp reports an empty database file in a folder that has backups as damaged:
// SQLite reads an empty file as a new, empty database, so a cache truncated to zero bytes
// would otherwise be migrated into an empty one without a word. It is not asked about a file
// Open has just created (after a damaged one was moved aside, backups exist); in WAL mode
// the content may still be in the -wal file, which quick_check then reads.
func emptyButBackedUp(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() > 0 {
		return nil // Open created the file; a vanished one is SQLite's to report
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return nil
	}
	files, _ := backupFiles(filepath.Join(filepath.Dir(path), BackupsFolder))
	if len(files) == 0 {
		return nil
	}
	return &DamagedError{Path: path, Reason: "the file is empty, though backups of it exist: it was truncated"}
}

// runCheck runs quick_check or integrity_check and turns what says "damaged" into a
// *DamagedError; other errors (a busy or unreadable file) are returned as they are.
func runCheck(ctx context.Context, db *sql.DB, path, pragma string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma)
	if err != nil {
		return damagedOr(err, path)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return damagedOr(err, path)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return damagedOr(err, path)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], fmt.Sprintf("and %d more problems", len(problems)-3))
		}
		return &DamagedError{Path: path, Reason: strings.Join(problems, "; ")}
	}
	return nil
}

// damagedOr returns a *DamagedError when SQLite says the file is corrupt or not a database,
// and err (with the file named) otherwise.
func damagedOr(err error, path string) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary code: extended codes add detail in the high bits
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return &DamagedError{Path: path, Reason: sqliteMessage(se)}
		}
	}
	return fmt.Errorf("check the database %s: %w", path, err)
}

// sqliteMessage is SQLite's sentence without the driver's " (11)" code suffix.
func sqliteMessage(se *sqlite.Error) string {
	msg := se.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		return msg[:i]
	}
	return msg
}

// CheckFile checks a database file without changing it (read-only; no -wal or -shm file is
// created for a backup, which is in rollback mode) and returns its schema version. full runs
// integrity_check (before a restore), otherwise quick_check (listing backups). A damaged file
// gives a *DamagedError; an empty one is damaged too, as a backup is never empty.
func CheckFile(ctx context.Context, path string, full bool) (version int, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	if fi.Size() == 0 {
		return 0, &DamagedError{Path: path, Reason: "the file is empty"}
	}
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("_pragma", "busy_timeout(2000)")
	db, err := sql.Open("sqlite", databaseURI(path, q))
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	pragma := "quick_check"
	if full {
		pragma = "integrity_check"
	}
	if err := runCheck(ctx, db, path, pragma); err != nil {
		return 0, err
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, damagedOr(err, path)
	}
	var isTrueUp bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'integrations')`).Scan(&isTrueUp); err != nil {
		return 0, damagedOr(err, path)
	}
	if !isTrueUp || version == 0 {
		return version, &DamagedError{Path: path, Reason: "it is a SQLite file, but not a TrueUp database"}
	}
	return version, nil
}

// DamagedPrefix starts the name a damaged database is moved aside to.
const DamagedPrefix = "trueup-damaged-"

// MoveAside renames a damaged database, with its -wal and -shm files (they belong to it:
// a -wal file left beside a new database would be replayed into it), to
// trueup-damaged-<time>.db in the same folder, and returns the new name. Nothing is
// deleted: the file may still hold what someone can recover by hand.
func MoveAside(path string, now time.Time) (string, error) {
	dir := filepath.Dir(path)
	var to string
	for t := now.UTC(); ; t = t.Add(time.Second) {
		to = filepath.Join(dir, DamagedPrefix+t.Format(nameTimeFormat)+".db")
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	// The -wal and -shm files go first: if a rename fails half-way the database still has
	// its name, so the next start finds it damaged again instead of finding it gone.
	for _, suffix := range []string{"-wal", "-shm"} {
		err := os.Rename(path+suffix, to+suffix)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", ExplainDiskError(fmt.Errorf("move the damaged database's %s file aside: %w", suffix, err), dir)
		}
	}
	if err := os.Rename(path, to); err != nil {
		return "", ExplainDiskError(fmt.Errorf("move the damaged database aside: %w", err), dir)
	}
	syncDir(dir)
	return to, nil
}

// syncDir makes renames in dir durable where the OS allows it (not on Windows, where a
// directory cannot be opened for syncing; NTFS journals renames itself).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
