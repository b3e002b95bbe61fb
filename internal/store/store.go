// Package store is TrueUp's local SQLite cache: integrations (non-secret settings), sync
// runs with their logs, and the cached source records per integration. It uses
// database/sql with modernc.org/sqlite (no cgo), WAL, foreign keys and a busy timeout, and
// applies numbered embedded migrations in one transaction each.
//
// Cached records of every entity live in one table, records (migration 004), one row per
// connector.Record envelope and generation: the columns are what staging, commit and
// readers need whatever the entity (entity, ext_id, parent_id for scopes, account_id, the
// source stamp, a content hash, the run that wrote it, pushed_at), and the typed view is
// kept as JSON in fields beside the source's own JSON in raw. So a new entity needs no
// migration, no statement and no staging code: a connector.Entity, its typed view, and the
// connector code that reads it. A record is identified by (integration, entity, ext_id),
// which is what mappings, decisions and outbox rows refer to, never a cache row or a name.
//
// A Full Sync builds generation N+1 beside N and swaps it in; a QuickSync stages a delta
// that Commit applies to N (see Staging). UpdateCachedRecord writes a record TrueUp pushed
// to the source into N at once, and commits never put an older copy back over it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a row asked for by ID or name does not exist.
var ErrNotFound = errors.New("not found")

// Store is the open database.
type Store struct {
	db       *sql.DB
	path     string
	now      func() time.Time
	warnings []string
}

// Option tunes Open.
type Option func(*Store)

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open opens (creating if needed) the database file at path and migrates it. The folder
// and files are made private to the user first (see restrictFiles); what could not be
// made private is in Warnings.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, ExplainDiskError(fmt.Errorf("create data folder: %w", err), dir)
	}
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, fs.ErrNotExist) // restrictFiles creates it, empty
	warnings, err := restrictFiles(path)
	if err != nil {
		return nil, ExplainDiskError(err, dir)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", databaseURI(path, q))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	s := &Store{db: db, path: path, now: time.Now, warnings: warnings}
	for _, o := range opts {
		o(s)
	}
	// Check before migrating: a damaged file is never written to (the caller moves it
	// aside and offers a backup, see DamagedError).
	if err := checkOpen(ctx, db, path, created); err != nil {
		db.Close()
		return nil, ExplainDiskError(err, dir)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, ExplainDiskError(fmt.Errorf("migrate database %s: %w", path, err), dir)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Warnings are the problems Open found but could not fix (e.g. a data folder others can
// read that belongs to another user), each saying what the user can do.
func (s *Store) Warnings() []string { return s.warnings }

type migration struct {
	version int
	name    string
}

// migrations are the embedded migrations in version order.
func migrations() ([]migration, error) {
	entries, err := migrationFS.ReadDir("migrations")
	if err != nil {
		return nil, err
	}
	var migs []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		migs = append(migs, migration{v, e.Name()})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	return migs, nil
}

// migrate applies every embedded migration above the stored user_version, each in its own
// transaction together with the version bump, then checks foreign keys. A database that
// has data (a version above 0) is backed up first, so a migration that goes wrong, or a
// step back to the older TrueUp, has the copy from just before it.
func (s *Store) migrate(ctx context.Context) error {
	migs, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return err
	}
	if len(migs) > 0 && current > migs[len(migs)-1].version {
		return fmt.Errorf("the database was written by a newer TrueUp (schema %d, this build knows %d): update TrueUp", current, migs[len(migs)-1].version)
	}
	if latest := len(migs); latest > 0 && current > 0 && current < migs[latest-1].version {
		if _, err := s.backup(ctx, KindPreMigration, migs[latest-1].version); err != nil {
			return fmt.Errorf("back up before migrating (nothing was migrated): %w", err)
		}
	}
	for _, m := range migs {
		if m.version <= current {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			// Two TrueUp processes may open an old database at once: re-read the version
			// under the write lock (the transaction is IMMEDIATE) so only one applies m.
			var now int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
				return err
			}
			if now >= m.version {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		}); err != nil {
			return err
		}
	}
	rows, err := s.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign key check failed after migration")
	}
	return rows.Err()
}

// SchemaVersion is the applied migration number.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ExplainDiskError(err, filepath.Dir(s.path))
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return ExplainDiskError(err, filepath.Dir(s.path))
	}
	return ExplainDiskError(tx.Commit(), filepath.Dir(s.path))
}

// Times are stored as RFC 3339 text in UTC with nanoseconds, so they sort as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func fmtTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}

func parseTime(ns sql.NullString) time.Time {
	if !ns.Valid || ns.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, ns.String)
	if err != nil {
		return time.Time{}
	}
	return t
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
