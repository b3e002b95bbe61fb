package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Run statuses.
const (
	StatusQueued    = "queued"
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusPartial   = "partial"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Section is how one section of a run ended.
type Section struct {
	Name   string `json:"name"`
	Status string `json:"status"` // "ok" or "failed"
	Error  string `json:"error,omitempty"`
}

// Run is one sync run as stored.
type Run struct {
	ID            int64
	IntegrationID int64
	Mode          string
	Since         string
	Status        string
	QueuedAt      time.Time
	StartedAt     time.Time
	FinishedAt    time.Time
	ProgressAt    time.Time
	Section       string
	ProgressDone  int
	ProgressTotal int
	Added         int
	Updated       int
	Removed       int
	Requests      int64
	Error         string
	Sections      []Section
}

// Active reports whether the run is queued or running.
func (r Run) Active() bool { return r.Status == StatusQueued || r.Status == StatusRunning }

const runCols = `id, integration_id, mode, since, status, queued_at, started_at, finished_at, progress_at,
	section, progress_done, progress_total, added, updated, removed, requests, error, sections`

func scanRun(row rowScanner) (Run, error) {
	var r Run
	var queued, started, finished, progress sql.NullString
	var sections string
	if err := row.Scan(&r.ID, &r.IntegrationID, &r.Mode, &r.Since, &r.Status, &queued, &started, &finished, &progress,
		&r.Section, &r.ProgressDone, &r.ProgressTotal, &r.Added, &r.Updated, &r.Removed, &r.Requests, &r.Error, &sections); err != nil {
		return Run{}, err
	}
	r.QueuedAt, r.StartedAt, r.FinishedAt, r.ProgressAt = parseTime(queued), parseTime(started), parseTime(finished), parseTime(progress)
	if err := json.Unmarshal([]byte(sections), &r.Sections); err != nil {
		return Run{}, fmt.Errorf("run %d sections: %w", r.ID, err)
	}
	return r, nil
}

// CreateRun queues a run for an integration.
func (s *Store) CreateRun(ctx context.Context, integrationID int64, mode, since string) (Run, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO sync_runs (integration_id, mode, since, status, queued_at) VALUES (?, ?, ?, ?, ?)`,
		integrationID, mode, since, StatusQueued, fmtTime(s.now()))
	if err != nil {
		return Run{}, fmt.Errorf("queue run: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Run{}, err
	}
	return s.Run(ctx, id)
}

// SaveRun writes the mutable fields of r.
func (s *Store) SaveRun(ctx context.Context, r Run) error {
	sections, err := json.Marshal(nonNilSections(r.Sections))
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE sync_runs SET mode = ?, status = ?, started_at = ?, finished_at = ?, progress_at = ?,
		section = ?, progress_done = ?, progress_total = ?, added = ?, updated = ?, removed = ?, requests = ?, error = ?, sections = ?
		WHERE id = ?`, r.Mode, r.Status, fmtTime(r.StartedAt), fmtTime(r.FinishedAt), fmtTime(r.ProgressAt), r.Section,
		r.ProgressDone, r.ProgressTotal, r.Added, r.Updated, r.Removed, r.Requests, r.Error, string(sections), r.ID)
	if err != nil {
		return fmt.Errorf("save run %d: %w", r.ID, err)
	}
	return nil
}

// Run returns one run.
func (s *Store) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM sync_runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fmt.Errorf("sync run %d: %w", id, ErrNotFound)
	}
	return r, err
}

// RecentRuns returns the newest runs first, at most limit.
func (s *Store) RecentRuns(ctx context.Context, limit int) ([]Run, error) {
	return s.queryRuns(ctx, `SELECT `+runCols+` FROM sync_runs ORDER BY id DESC LIMIT ?`, limit)
}

// LatestRuns returns the newest run of every integration that has one, by integration.
func (s *Store) LatestRuns(ctx context.Context) (map[int64]Run, error) {
	runs, err := s.queryRuns(ctx, `SELECT `+runCols+` FROM sync_runs WHERE id IN (SELECT MAX(id) FROM sync_runs GROUP BY integration_id)`)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Run, len(runs))
	for _, r := range runs {
		out[r.IntegrationID] = r
	}
	return out, nil
}

// ActiveRuns returns queued and running runs, oldest first.
func (s *Store) ActiveRuns(ctx context.Context) ([]Run, error) {
	return s.queryRuns(ctx, `SELECT `+runCols+` FROM sync_runs WHERE status IN (?, ?) ORDER BY id`, StatusQueued, StatusRunning)
}

func (s *Store) queryRuns(ctx context.Context, q string, args ...any) ([]Run, error) {
	return queryAll(ctx, s, "runs", q, scanRun, args...)
}

// LogLine is one line of a run's log.
type LogLine struct {
	At      time.Time
	Level   string
	Section string
	Message string
}

// AppendLog adds lines to a run's log.
func (s *Store) AppendLog(ctx context.Context, runID int64, lines ...LogLine) error {
	if len(lines) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO run_logs (run_id, at, level, section, message) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, l := range lines {
			if _, err := stmt.ExecContext(ctx, runID, fmtTime(l.At), l.Level, l.Section, l.Message); err != nil {
				return fmt.Errorf("append log of run %d: %w", runID, err)
			}
		}
		return nil
	})
}

// RunLog returns a run's log in order.
func (s *Store) RunLog(ctx context.Context, runID int64) ([]LogLine, error) {
	return s.RunLogPage(ctx, runID, 0, -1)
}

// RunLogPage returns up to limit lines of a run's log (all with a negative limit), starting
// after the first offset lines. A log only grows, so offset is a stable cursor: the GUI
// shows the first page at once and reads the rest, and a live log's new lines, after it.
func (s *Store) RunLogPage(ctx context.Context, runID int64, offset, limit int) ([]LogLine, error) {
	return queryAll(ctx, s, fmt.Sprintf("the log of run %d", runID), `SELECT at, level, section, message FROM run_logs WHERE run_id = ? ORDER BY id LIMIT ? OFFSET ?`,
		func(r rowScanner) (LogLine, error) {
			var l LogLine
			var at sql.NullString
			err := r.Scan(&at, &l.Level, &l.Section, &l.Message)
			l.At = parseTime(at)
			return l, err
		}, runID, limit, max(0, offset))
}

func nonNilSections(s []Section) []Section {
	if s == nil {
		return []Section{}
	}
	return s
}

// PruneRuns deletes the oldest ended runs of an integration, with their logs, so that at
// most keep runs remain. Queued and running runs are never deleted. It returns how many
// runs it deleted.
func (s *Store) PruneRuns(ctx context.Context, integrationID int64, keep int) (int, error) {
	if keep < 0 {
		keep = 0
	}
	// The logs go with their runs (run_logs references sync_runs ON DELETE CASCADE).
	res, err := s.db.ExecContext(ctx, `DELETE FROM sync_runs WHERE integration_id = ?1 AND status NOT IN (?3, ?4)
		AND id NOT IN (SELECT id FROM sync_runs WHERE integration_id = ?1 ORDER BY id DESC LIMIT ?2)`,
		integrationID, keep, StatusQueued, StatusRunning)
	if err != nil {
		return 0, fmt.Errorf("prune the sync history of integration %d: %w", integrationID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
