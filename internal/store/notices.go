package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Notice targets: what opening a notice shows.
const (
	NoticeTargetNone     = ""
	NoticeTargetRun      = "run"      // TargetRef is the run's id: its log
	NoticeTargetCards    = "cards"    // TargetRef is a card state ("" every open card)
	NoticeTargetLedger   = "ledger"   // the push ledger
	NoticeTargetMapping  = "mapping"  // the Mapping page
	NoticeTargetSync     = "sync"     // Sync Status
	NoticeTargetSettings = "settings" // Settings, where an automatic true-up's dry run is approved
)

// Notice is one entry of the in-app inbox.
type Notice struct {
	ID        int64
	CreatedAt time.Time
	Kind      string
	Title     string
	Body      string
	Target    string
	TargetRef string
	ReadAt    time.Time // zero while unread
	DedupeKey string
}

// ErrNoticeNotFound is a notice id the inbox does not hold (deleted, or never there).
var ErrNoticeNotFound = errors.New("no such notice")

const noticeCols = `id, created_at, kind, title, body, target, target_ref, read_at, dedupe_key`

func scanNotice(row rowScanner) (Notice, error) {
	var n Notice
	var created, read sql.NullString
	if err := row.Scan(&n.ID, &created, &n.Kind, &n.Title, &n.Body, &n.Target, &n.TargetRef, &read, &n.DedupeKey); err != nil {
		return Notice{}, err
	}
	n.CreatedAt, n.ReadAt = parseTime(created), parseTime(read)
	return n, nil
}

// PostNotice stores n unless a notice with its dedupe key exists. It returns the stored
// notice and whether it was new; a repeated key returns the first one unchanged.
func (s *Store) PostNotice(ctx context.Context, n Notice) (Notice, bool, error) {
	if n.DedupeKey == "" || n.Kind == "" || n.Title == "" {
		return Notice{}, false, errors.New("a notice needs a kind, a title and a dedupe key")
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = s.now()
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO notices (created_at, kind, title, body, target, target_ref, dedupe_key)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		fmtTime(n.CreatedAt), n.Kind, n.Title, n.Body, n.Target, n.TargetRef, n.DedupeKey)
	if err != nil {
		return Notice{}, false, fmt.Errorf("post the notice %q: %w", n.Title, err)
	}
	added, _ := res.RowsAffected()
	got, err := scanNotice(s.db.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE dedupe_key = ?`, n.DedupeKey))
	if err != nil {
		return Notice{}, false, fmt.Errorf("read the notice %q back: %w", n.Title, err)
	}
	return got, added == 1, nil
}

// NoticeExists reports whether a notice with the dedupe key was ever posted (and not yet
// pruned).
func (s *Store) NoticeExists(ctx context.Context, dedupeKey string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notices WHERE dedupe_key = ?`, dedupeKey).Scan(&n); err != nil {
		return false, fmt.Errorf("look for the notice %s: %w", dedupeKey, err)
	}
	return n > 0, nil
}

// Notices lists up to limit notices after the first offset: unread ones first, newest
// first within each; unreadOnly leaves the read ones out.
func (s *Store) Notices(ctx context.Context, unreadOnly bool, offset, limit int) ([]Notice, error) {
	where := ""
	if unreadOnly {
		where = `WHERE read_at IS NULL`
	}
	return queryAll(ctx, s, "notices", `SELECT `+noticeCols+` FROM notices `+where+`
		ORDER BY read_at IS NOT NULL, created_at DESC, id DESC LIMIT ? OFFSET ?`, scanNotice, limit, offset)
}

// Notice reads one notice; ErrNoticeNotFound when the inbox does not hold it.
func (s *Store) Notice(ctx context.Context, id int64) (Notice, error) {
	n, err := scanNotice(s.db.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Notice{}, fmt.Errorf("notice %d: %w", id, ErrNoticeNotFound)
	}
	if err != nil {
		return Notice{}, fmt.Errorf("read notice %d: %w", id, err)
	}
	return n, nil
}

// NoticesAfter lists the notices with an id above id, oldest first: what other processes
// (a scheduled `trueup sync`) posted since a reader last looked.
func (s *Store) NoticesAfter(ctx context.Context, id int64) ([]Notice, error) {
	return queryAll(ctx, s, "new notices", `SELECT `+noticeCols+` FROM notices WHERE id > ? ORDER BY id`, scanNotice, id)
}

// NoticeCounts are how many notices the inbox holds, and how many of them are unread.
func (s *Store) NoticeCounts(ctx context.Context) (total, unread int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE read_at IS NULL) FROM notices`).Scan(&total, &unread)
	if err != nil {
		return 0, 0, fmt.Errorf("count the notices: %w", err)
	}
	return total, unread, nil
}

// LastNoticeID is the highest notice id (0 when the inbox is empty).
func (s *Store) LastNoticeID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM notices`).Scan(&id); err != nil {
		return 0, fmt.Errorf("read the newest notice: %w", err)
	}
	return id, nil
}

// MarkNoticeRead marks one notice read (a read one keeps its first read time).
func (s *Store) MarkNoticeRead(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE notices SET read_at = COALESCE(read_at, ?) WHERE id = ?`, fmtTime(s.now()), id)
	if err != nil {
		return fmt.Errorf("mark notice %d read: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("notice %d: %w", id, ErrNoticeNotFound)
	}
	return nil
}

// MarkAllNoticesRead marks every unread notice read and says how many there were.
func (s *Store) MarkAllNoticesRead(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE notices SET read_at = ? WHERE read_at IS NULL`, fmtTime(s.now()))
	if err != nil {
		return 0, fmt.Errorf("mark every notice read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// DeleteNoticesBefore removes the notices created before t and says how many. Their dedupe
// keys go with them: callers keep the window longer than any event can be posted again.
func (s *Store) DeleteNoticesBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM notices WHERE created_at < ?`, fmtTime(t))
	if err != nil {
		return 0, fmt.Errorf("delete old notices: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
